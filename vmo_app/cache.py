"""One cache for every heavy core call the app makes, shared by every session.

An answer is keyed by what it depends on and nothing else: the portfolio's version (the
store and its newest snapshot), the scenario's changes (JSON, sorted keys) and the
call's own parameters. Two sessions that ask the same question share one answer, worked
out once: while one session computes it, the other waits for it rather than repeating it.
Keyword parameters whose names start with `_` are passed to the core but are no part of
the key, as in Streamlit's own caches: progress callbacks, or the bytes a digest stands for.

Every answer lives in the same place under the same rule (`KEEP`, `FRESH_FOR`): a keyed
slot in one `st.cache_resource`, filled by the core call outside any Streamlit-cached
function. That is on purpose. Streamlit records what a cached function draws and replays
it when the answer comes from the cache, so a progress bar drawn by the optimiser's or the
forecast's callback would be replayed in another session on a bar that does not exist
there (CacheReplayClosureError). Filling slots instead lets a page draw progress freely,
and ask whether an answer exists without computing it (`.known`): the best order is found
by the first page that needs it, with a progress bar there, and then serves every page
and session (the interventions' re-sequence is that order, never a search of its own).

The heavy ones (the forecast and the best order) are worked out in their turn (`vmo_app.turns`):
one at a time in the process, the least served first, each giving its turn back at its progress
reports; `_queued(ahead)` hears how many are before it while it waits. A forecast is bounded to
`MAX_RUNS` runs a request.

The store is the one resource here that is no answer: opened once for the app's life.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import streamlit as st

import vmo_core
from vmo_app import turns as _turns
from vmo_core.decisions import as_written as _as_written
from vmo_core.decisions import benefits as _benefits
from vmo_core.decisions import best as _best
from vmo_core.decisions import constraints as _constraints
from vmo_core.decisions import delay as _delay
from vmo_core.decisions import intake as _intake
from vmo_core.decisions import interventions as _interventions
from vmo_core.decisions import load as _load
from vmo_core.decisions import orders as _orders
from vmo_core.decisions import review as _review
from vmo_core.decisions import slips as _slips
from vmo_core.decisions import stopping as _stopping
from vmo_core.decisions import waiting as _waiting
from vmo_core.decisions.slip_results import Changes, IntakeRecord, JudgedDecision
from vmo_core.engine import evaluation as _evaluation
from vmo_core.engine.results import Comparison, ScheduleResult
from vmo_core.errors import VmoError
from vmo_core.forecast import montecarlo as _montecarlo
from vmo_core.io import uploads as _uploads
from vmo_core.io.loading import build_portfolio
from vmo_core.present import charts as _charts
from vmo_core.service.history import SAMPLE_HISTORY, fill_history
from vmo_core.store.records import Decision, PortfolioStore, Snapshot
from vmo_core.store.stores import label, open_seeded, store_target

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"

KEEP = 256  # answers kept, all kinds together, the least recently used dropped first
FRESH_FOR = dt.timedelta(hours=12)  # and none kept longer: an old portfolio version's answers go
MAX_RUNS = 10_000  # a forecast's runs, at most, in one request (the core's own limit is 20,000)


# ---------------------------------------------------------------- the store and its version


def db_path() -> str | Path:
    """The app's store: VMO_DB (a .duckdb file or a PostgreSQL URL), or var/vmo.duckdb in the project."""
    return store_target(os.environ["VMO_DB"]) if os.environ.get("VMO_DB") else ROOT / "var" / "vmo.duckdb"


def sample_path() -> Path:
    """What a new database starts with: VMO_SAMPLE (one snapshot), or else the bundled sample
    with its history of reviews (data/history, ending with data/sample)."""
    return Path(os.environ["VMO_SAMPLE"]) if os.environ.get("VMO_SAMPLE") else SAMPLE_HISTORY


def store() -> PortfolioStore:
    """One store for the whole app: a DuckDB file's one connection (threads take cursors), or a
    PostgreSQL database's pool of connections (shared with other replicas and the command line)."""
    return _store(str(db_path()), str(sample_path()))


@st.cache_resource(show_spinner=False)
def _store(path: str, sample: str) -> PortfolioStore:
    if Path(path) == ROOT / "var" / "vmo.duckdb":  # the app's own folder is made; a folder VMO_DB names must exist
        Path(path).parent.mkdir(exist_ok=True)
    return open_seeded(store_target(path), lambda db: _seed(db, Path(sample)))


def _seed(db: PortfolioStore, sample: Path) -> None:
    if sample == SAMPLE_HISTORY:
        fill_history(db, sample)
    else:
        db.add_snapshot(vmo_core.load(sample), source=str(sample))


def version() -> str:
    """Which portfolio is loaded: the store and its newest snapshot (the plan). Asked of the store at
    every rerun, so a snapshot written by another process (a replica, the command line) is seen."""
    newest = store().newest_snapshot()
    return f"{label(db_path())}#{newest.id if newest else 0}"


# ---------------------------------------------------------------- the one rule


class _Slot:
    """Where one answer lands: empty until the first asker has computed it."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.filled = False
        self.value: Any = None


@st.cache_resource(show_spinner=False, max_entries=KEEP, ttl=FRESH_FOR)
def _slot(kind: str, version: str, changes: str, params: str) -> _Slot:
    return _Slot()


class _Heavy:
    """A core call answered once per key for every session (see the module's docstring).

    `compute(version, changes, **params)`; called as `call(changes, **params)` for the
    portfolio now loaded, or `call.at(version, changes, **params)` for a given one.
    """

    def __init__(self, compute: Callable[..., Any], *, in_turn: bool = False):
        functools.update_wrapper(self, compute)
        self.compute = compute
        self.kind = compute.__name__
        self.in_turn = in_turn  # worked out in its turn (vmo_app.turns), given `_turn` to tick

    @classmethod
    def in_turns(cls, compute: Callable[..., Any]) -> _Heavy:
        return cls(compute, in_turn=True)

    def _slot(self, at: str, changes: Sequence[dict], params: dict) -> _Slot:
        keyed = {name: value for name, value in params.items() if not name.startswith("_")}
        return _slot(self.kind, at, json.dumps(list(changes), sort_keys=True), json.dumps(keyed, sort_keys=True))

    def at(self, at: str, changes: Sequence[dict] = (), **params: Any) -> Any:
        queued = params.pop("_queued", None)
        slot = self._slot(at, changes, params)
        if not slot.filled:
            with slot.lock:
                if not slot.filled:
                    slot.value = self._computed(at, list(changes), queued, params)
                    slot.filled = True
        return slot.value

    def _computed(self, at: str, changes: list[dict], queued: Callable[[int], None] | None, params: dict) -> Any:
        if not self.in_turn:
            return self.compute(at, changes, **params)
        with _turns.TURNS.turn(_session(), waiting=queued) as turn:
            return self.compute(at, changes, _turn=turn, **params)

    def __call__(self, changes: Sequence[dict] = (), **params: Any) -> Any:
        return self.at(version(), changes, **params)

    def known(self, changes: Sequence[dict] = (), **params: Any) -> Any:
        """The answer if some session has computed it already, else None (nothing is computed)."""
        slot = self._slot(version(), changes, params)
        return slot.value if slot.filled else None


def _session() -> str:
    """Who asks: the Streamlit session running this script ("" outside one: a benchmark, the CLI)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return ctx.session_id if ctx is not None else ""


def _ticking(turn: _turns.Turn, progress: Callable[..., None] | None) -> Callable[..., None]:
    """A progress callback that also offers the turn back at each report."""

    def reported(*args: Any) -> None:
        turn.tick()
        if progress is not None:
            progress(*args)

    return reported


def _scenario(changes: list[dict]) -> dict | None:
    return {"changes": changes} if changes else None


# ---------------------------------------------------------------- the portfolio and its plan


@_Heavy
def portfolio(at: str, changes: list[dict]) -> vmo_core.Portfolio:
    return build_portfolio(store().read_tables(), source=label(db_path()))


@_Heavy
def baseline(at: str, changes: list[dict]) -> ScheduleResult:
    return _evaluation.schedule(portfolio.at(at))


@_Heavy
def plan_as_written(at: str, changes: list[dict]):
    """The plan as written against what capacity allows (None: no project carries a planned start)."""
    return _as_written.plan_as_written(portfolio.at(at), baseline=baseline.at(at))


@_Heavy
def comparison(at: str, changes: list[dict]) -> Comparison:
    """The scenario against the baseline; raises VmoError when it no longer fits the portfolio."""
    return _evaluation.compare(portfolio.at(at), {"name": "What-if", "changes": changes}, baseline=baseline.at(at))


def _schedule_at(at: str, changes: list[dict]):
    return comparison.at(at, changes).scenario if changes else baseline.at(at)


def try_portfolio() -> tuple[vmo_core.Portfolio | None, str]:
    """(the portfolio, "") or (None, why it cannot be opened)."""
    try:
        return portfolio(), ""
    except VmoError as exc:
        return None, str(exc)


def try_comparison(changes: list[dict]) -> tuple[Comparison | None, str]:
    """(comparison, "") for a change list against the baseline, or (None, why it no longer applies)."""
    try:
        return comparison(changes), ""
    except VmoError as exc:
        return None, str(exc)


# ---------------------------------------------------------------- the decisions


@_Heavy
def constraints(at: str, changes: list[dict]):
    return _constraints.constraints(portfolio.at(at), scenario=_scenario(changes))


@_Heavy
def team_load(at: str, changes: list[dict]):
    """Load and capacity per team and week in the scenario's plan, the constraint first."""
    return _load.team_load(_schedule_at(at, changes).plan, constraints.at(at, changes))


@_Heavy
def benefits(at: str, changes: list[dict]):
    return _benefits.benefits(portfolio.at(at), scenario=_scenario(changes))


@_Heavy
def stop_ranking(at: str, changes: list[dict]):
    return _stopping.stop_ranking(portfolio.at(at), scenario=_scenario(changes))


@_Heavy
def delay_costs(at: str, changes: list[dict]):
    """What a week of delay costs, project by project, in the scenario's schedule."""
    return _delay.delay_costs(_schedule_at(at, changes))


@_Heavy
def proposals(at: str, changes: list[dict]):
    """The proposals the scenario's plan does not hold yet, and where CD3 would put each."""
    return _waiting.waiting_proposals(_schedule_at(at, changes).plan)


@_Heavy
def intake(at: str, changes: list[dict], *, proposal: str, position: int | None):
    return _intake.intake(portfolio.at(at), proposal, position=position, scenario=_scenario(changes))


@_Heavy.in_turns
def best_order(at: str, changes: list[dict], *, _turn: _turns.Turn, _progress=None):
    """The best order for the plan and scenario (decisions/best.py): one answer for every page and session."""
    return _best.best_order(portfolio.at(at), scenario=_scenario(changes), progress=_ticking(_turn, _progress))


@_Heavy
def intake_chart(at: str, changes: list[dict], *, proposal: str, position: int | None, title: str):
    """The intake answer's chart, kept beside it: each place's hover names the deadline or window it
    crosses, which on a thousand-project plan takes seconds to find, so it is built once per answer."""
    answer = intake.at(at, changes, proposal=proposal, position=position)
    cliffs = _intake.cliffs_by_place(portfolio.at(at), answer, scenario=_scenario(changes))
    return _charts.intake_places(answer, portfolio.at(at).currency, title=title, cliffs=cliffs)


@_Heavy
def interventions(at: str, changes: list[dict], *, limit: int):
    """The short list; its re-sequence is `best_order`'s answer, found once for the Sequencing page as well."""
    best = best_order.at(at, changes)
    return _interventions.interventions(portfolio.at(at), scenario=_scenario(changes), limit=limit, best=best)


@_Heavy
def sequencing(at: str, changes: list[dict], *, pool: str | None, optimised: list[str] | None, _best=None):
    """Today's order, CD3's and (with `_best`, whose order is `optimised`) the optimiser's, project by project."""
    return _orders.order_comparison(_schedule_at(at, changes).plan, _schedule_at(at, changes), pool=pool, best=_best)


@_Heavy.in_turns
def forecast(at: str, changes: list[dict], *, runs: int, seed: int, _turn: _turns.Turn, _progress=None):
    """The forecast from past delivery, at most MAX_RUNS runs a request."""
    if runs > MAX_RUNS:
        raise VmoError(f"A forecast runs at most {MAX_RUNS:,} times a request; {runs:,} were asked for")
    pf = portfolio.at(at)
    return _montecarlo.forecast(pf, runs=runs, seed=seed, scenario=_scenario(changes), progress=_ticking(_turn, _progress))


# ---------------------------------------------------------------- files brought in


@_Heavy
def upload_check(at: str, changes: list[dict], *, digest: str, _files: dict[str, bytes]):
    """(portfolio, problems) for uploaded files, kept while the same files sit in the uploader."""
    return _uploads.validate_uploads(_files)


# ---------------------------------------------------------------- the loop over time: reviews and decisions
# Snapshots never change once written, but their answers are keyed on the plan's version like the
# rest: an adoption or an import then starts afresh, and a store replaced on disk cannot be misread.


def snapshots() -> list[Snapshot]:
    """Every snapshot in the store, oldest first (one small query, not kept)."""
    return store().snapshots()


@_Heavy
def snapshot_portfolio(at: str, changes: list[dict], *, snapshot: int) -> vmo_core.Portfolio:
    return build_portfolio(store().read_tables(snapshot), source=f"{label(db_path())}@{snapshot}")


@_Heavy
def review(at: str, changes: list[dict], *, before: int, after: int) -> Changes:
    """What moved from one snapshot to another: the slips in money, what entered, left and was re-estimated."""
    return _slips.changes(snapshot_portfolio.at(at, snapshot=before), snapshot_portfolio.at(at, snapshot=after))


@_Heavy
def register(at: str, changes: list[dict]) -> tuple[list[tuple[Decision, JudgedDecision]], IntakeRecord]:
    """Every decision, newest first, judged against the plan; and how the latest intakes land."""
    current, plan = portfolio.at(at), baseline.at(at)
    decisions = store().decisions()
    judged = [(decision, _slips.judge(decision.record(), current, result=plan)) for decision in decisions]
    return judged, _slips.intake_record(_intakes_judged(at, decisions, judged))


def _intakes_judged(at: str, decisions: list[Decision], judged: list[tuple[Decision, JudgedDecision]]) -> list:
    """Each decision judged for how its intakes landed: against the plan up to the next decision (the
    snapshot that one was adopted on), so that a later decision's moves (a re-sequence brings an earlier
    intake forward a year) are not read as the intake's forecast being wrong. A decision with no plan
    after its own before the next (the newest, right after adopting) has nothing to show yet."""
    out = []
    for newer, (decision, verdict) in zip([None, *decisions], judged):
        upto = newer.based_on if newer is not None else None
        if upto == decision.snapshot or (newer is None and decision.snapshot == store().snapshots()[-1].id):
            continue
        out.append(verdict if upto is None else _slips.judge(decision.record(), snapshot_portfolio.at(at, snapshot=upto)))
    return out


def reversals(decisions) -> dict:
    """Each decision a later going back undid -> that decision (`vmo_core.decisions.review.reversals`)."""
    return _review.reversals(decisions)


@_Heavy
def going_back(at: str, changes: list[dict], *, snapshot: int, name: str) -> dict:
    """The decision record's predicted part for making snapshot `snapshot` the plan again."""
    return _review.going_back(portfolio.at(at), snapshot_portfolio.at(at, snapshot=snapshot), name=name)
