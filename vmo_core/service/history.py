"""A store's history: adopting a scenario into a store, and building a history from files.

`adopt_into` is the one way a scenario becomes the plan (the `adopt` command and a history
both use it). `build_history` makes a new store from a manifest (`history.json`) that lists,
in order, the snapshots to import and the decisions to adopt, each with its own date and
author, so the same files always give the same store. The bundled sample's history lives
in data/history/ and ends with data/sample, which stays the newest snapshot (the plan).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from vmo_core.decisions.slips import predict
from vmo_core.engine import evaluation as engine
from vmo_core.engine.adoption import adopt
from vmo_core.engine.results import Comparison
from vmo_core.engine.scenario import Scenario, read_scenario
from vmo_core.errors import StoreError
from vmo_core.io.loading import build_portfolio, load
from vmo_core.store.records import Decision, PortfolioStore, Snapshot, is_url
from vmo_core.store.stores import Target, create_store

SAMPLE_HISTORY = Path(__file__).resolve().parents[2] / "data" / "history"
MANIFEST = "history.json"


def adopt_into(
    db: PortfolioStore, scenario: Scenario, *, by: str = "", note: str = "", at: str | None = None
) -> tuple[Snapshot, Decision, Comparison]:
    """Make the scenario the plan: its adopted portfolio as the newest snapshot, and its decision.

    A change that does not fit the newest snapshot is a ScenarioError naming it, raised
    before anything is written; the snapshot and the decision land in one transaction.
    """
    newest = db.newest_snapshot()
    if newest is None:
        raise StoreError(f"{db.path}: holds no portfolio to adopt a scenario on")
    pf = build_portfolio(db.read_tables(newest.id), source=str(db.path))
    comparison = engine.compare(pf, scenario)
    document = scenario.to_dict()
    snapshot, decision = db.adopt(
        adopt(pf, document),
        name=scenario.name,
        scenario=document,
        predicted=predict(pf, document, comparison=comparison),
        by=by,
        note=note,
        at=at,
        based_on=newest.id,
        check=lambda tables: build_portfolio(tables, source=f"{db.path} (the adopted plan)"),
    )
    return snapshot, decision, comparison


def read_manifest(folder: Path) -> list[dict[str, Any]]:
    path = folder / MANIFEST
    try:
        steps = json.loads(path.read_text(encoding="utf-8"))["steps"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"{path}: cannot read the history's manifest ({exc}); expected {{'steps': [...]}}") from None
    if not isinstance(steps, list) or not all(isinstance(s, dict) and ("import" in s) != ("adopt" in s) for s in steps):
        raise StoreError(f"{path}: each step must be an object with either 'import' (a folder) or 'adopt' (a scenario)")
    return steps


def _replay(db: PortfolioStore, folder: Path, steps: list[dict[str, Any]]) -> list[Snapshot]:
    made = []
    for step in steps:
        who = dict(by=step.get("by", ""), note=step.get("note", ""))
        if "import" in step:
            source = folder / step["import"]
            pf = load(source)
            label = step.get("source", str(Path(step["import"]).name))
            made.append(db.add_snapshot(pf, source=label, imported_at=step.get("at"), **who))
        else:
            snapshot, _, _ = adopt_into(db, read_scenario(folder / step["adopt"]), at=step.get("at"), **who)
            made.append(snapshot)
    return made


def fill_history(db: PortfolioStore, folder: Path = SAMPLE_HISTORY) -> list[Snapshot]:
    """The history the manifest in `folder` describes, added to an open store (a new one's first fill)."""
    return _replay(db, folder, read_manifest(folder))


def build_history(db_path: Target, folder: Path = SAMPLE_HISTORY) -> list[Snapshot]:
    """A new store holding the history the manifest in `folder` describes: whole, or nothing
    (a new file, or an empty PostgreSQL database)."""
    if not is_url(db_path) and Path(db_path).exists():
        raise StoreError(f"{db_path}: already exists; a history is built into a new file (nothing was changed)")
    steps = read_manifest(folder)
    return create_store(db_path, lambda db: _replay(db, folder, steps))
