"""The loop over time on the command line: `snapshots`, `changes`, `adopt`, `decisions`, `sample-history`.

Each reads the store (`--db`), makes its core calls, and prints the JSON of INTERFACES.md
or a readable account in money, dates and names (`loop_text`). Each loads its own core modules
(commands.py says why).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from vmo_core.cli import loop_text
from vmo_core.cli.text import emit
from vmo_core.engine.scenario import read_scenario
from vmo_core.errors import StoreError, VmoError
from vmo_core.io.loading import build_portfolio, load
from vmo_core.model.portfolio import Portfolio
from vmo_core.store.records import PortfolioStore, is_url, split_source, unknown_snapshot
from vmo_core.store.stores import label, open_store
from vmo_core.store.stores import require_existing as _existing

if TYPE_CHECKING:  # the board pack's modules load only for `report` (optimise starts sooner)
    from vmo_core.report.model import History


def _snapshot_portfolio(db: PortfolioStore, snapshot: int | None = None) -> Portfolio:
    label = str(db.path) if snapshot is None else f"{db.path}@{snapshot}"
    return build_portfolio(db.read_tables(snapshot), source=label)


def report_history(source: str) -> History | None:
    """A store's history for the board pack when SOURCE is a store's newest snapshot: the snapshot
    of the last review (the one before the newest) and the decision register; None otherwise."""
    from vmo_core.report.model import History

    path, snapshot = split_source(source)
    a_store = is_url(str(path)) or (Path(path).suffix.lower() in (".duckdb", ".db") and Path(path).is_file())
    if snapshot is not None or not a_store:
        return None
    with open_store(path, read_only=True) as db:
        known = [s.id for s in db.snapshots()]
        previous = _snapshot_portfolio(db, known[-2]) if len(known) >= 2 else None
        return History(previous=previous, decisions=tuple(d.record() for d in db.decisions()))


def cmd_snapshots(args) -> int:
    with open_store(_existing(args.db), read_only=True) as db:
        found = db.snapshots()
    document = {"snapshots": [s.to_dict() for s in found]}
    return emit(args, document, loop_text.snapshots_text(found, label(args.db)))


def _since(db: PortfolioStore, raw: str | None) -> int:
    """The snapshot `changes --db` starts from: --since ID, or the one before the newest."""
    known = [s.id for s in db.snapshots()]
    if raw is None:
        if len(known) < 2:
            raise StoreError(
                f"{db.path}: holds {len(known)} snapshot{'s' if len(known) != 1 else ''}; "
                "changes needs two (import another, or name two sources: changes BEFORE AFTER)"
            )
        return known[-2]
    wanted = raw.strip()
    if not (wanted.isascii() and wanted.isdigit()) or int(wanted) not in known:
        raise unknown_snapshot(f"{db.path} (--since {raw})", wanted, known)
    return int(wanted)


def _pair(args) -> tuple[Portfolio, Portfolio]:
    """(before, after): two SOURCEs, or a store's --since snapshot and its newest."""
    if args.db is not None:
        if args.sources:
            raise VmoError("changes takes either two SOURCEs (BEFORE AFTER) or --db PATH [--since ID], not both")
        with open_store(_existing(args.db), read_only=True) as db:
            return _snapshot_portfolio(db, _since(db, args.since)), _snapshot_portfolio(db)
    if args.since is not None:
        raise VmoError("--since names a snapshot of --db PATH; with two SOURCEs, name each one (PATH.duckdb@ID)")
    if len(args.sources) != 2:
        raise VmoError(f"changes needs two SOURCEs, BEFORE and AFTER, or --db PATH; got {len(args.sources)} source(s)")
    return load(args.sources[0], as_of=args.as_of), load(args.sources[1], as_of=args.as_of)


def cmd_changes(args) -> int:
    from vmo_core.decisions.slips import changes

    before, after = _pair(args)
    found = changes(before, after)
    document = found.to_dict()
    return emit(args, document, loop_text.changes_text(document, before=before, after=after))


def cmd_adopt(args) -> int:
    from vmo_core.service.history import adopt_into

    scenario = read_scenario(args.scenario)  # a bad file fails before the store is opened
    with open_store(_existing(args.db)) as db:
        snapshot, decision, comparison = adopt_into(db, scenario, by=args.by, note=args.note)
    result = {"snapshot": snapshot.id, "decision": decision.id, "net_value_change": comparison.net_value_change}
    return emit(args, result, loop_text.adopted_text(result, scenario.name, comparison.baseline.settings.currency))


def judged_decisions(db: PortfolioStore) -> tuple[list[dict], Portfolio | None]:
    """Every decision, newest first, judged against the newest snapshot (as `decisions --json` prints them)."""
    from vmo_core.decisions.slips import judge

    found = db.decisions()
    if not found:
        return [], None
    current = _snapshot_portfolio(db)
    return [decision.header() | judge(decision.record(), current).to_dict() for decision in found], current


def cmd_decisions(args) -> int:
    with open_store(_existing(args.db), read_only=True) as db:
        judged, current = judged_decisions(db)
    return emit(args, {"decisions": judged}, loop_text.decisions_text(judged, current))


def cmd_sample_history(args) -> int:
    from vmo_core.service.history import SAMPLE_HISTORY, build_history

    made = build_history(args.db, args.history or SAMPLE_HISTORY)
    document = {"db": label(args.db), "snapshots": [s.to_dict() for s in made]}
    return emit(args, document, loop_text.snapshots_text(made, label(args.db)))


COMMANDS = {
    "snapshots": cmd_snapshots,
    "changes": cmd_changes,
    "adopt": cmd_adopt,
    "decisions": cmd_decisions,
    "sample-history": cmd_sample_history,
}
