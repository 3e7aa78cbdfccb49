"""The app's one cache: every heavy core call answered once for every session with the same
portfolio version, scenario and parameters; and pages that go through it for everything."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import vmo_core
from tests.app.support import headline, on
from vmo_core.present.format import money_short

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
SAMPLE = vmo_core.load(ROOT / "data" / "sample")
STOP_DQ = [{"op": "stop", "project": "DQ"}]


@pytest.fixture
def db(tmp_path, monkeypatch):
    """A database of this test's own, so the cache's answers (keyed by its version) start empty."""
    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))


def counted(monkeypatch, module, name: str) -> list:
    """Replace module.name with a wrapper that records each call; the list of calls."""
    calls, real = [], getattr(module, name)

    def wrapper(*args, **kwargs):
        calls.append(kwargs.get("scenario"))
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


def test_two_sessions_on_the_constraint_page_price_the_constraint_once(db, monkeypatch):
    import vmo_core.decisions.constraints as module

    price = money_short(module.constraints(SAMPLE).pools[0].shadow_price, "GBP")
    calls = counted(monkeypatch, module, "constraints")
    first = on(AppTest.from_file(APP, default_timeout=120).run(), "constraint.py")
    second = on(AppTest.from_file(APP, default_timeout=120).run(), "constraint.py")
    assert calls == [None]  # the Portfolio page asked first; the Constraint page, twice, found the answer
    for app in (first, second):
        assert headline(app)["One more FTE there is worth"] == price

    # another scenario is another question: priced once more, then shared again
    for _ in range(2):
        other = AppTest.from_file(APP, default_timeout=120)
        other.session_state["vmo.changes"] = STOP_DQ
        on(other.run(), "constraint.py")
    assert calls == [None, {"changes": STOP_DQ}]


def test_the_best_order_is_found_once_for_every_page_and_session(db, monkeypatch):
    import vmo_core.decisions.best as module

    calls = counted(monkeypatch, module, "best_order")
    first = on(AppTest.from_file(APP, default_timeout=120).run(), "sequencing.py")  # found on opening, with progress
    shown = headline(first)
    assert "In the best order" in shown
    assert calls == [None]
    on(first, "interventions.py")  # its re-sequence is the same answer, not a search of its own
    assert calls == [None]

    second = on(AppTest.from_file(APP, default_timeout=120).run(), "sequencing.py")  # no progress bar replayed
    assert headline(second) == shown
    assert calls == [None]


def test_the_forecast_of_a_scenario_is_run_once_for_every_session(db, monkeypatch):
    import vmo_core.forecast.montecarlo as module

    calls = counted(monkeypatch, module, "forecast")
    for _ in range(2):
        app = AppTest.from_file(APP, default_timeout=120)
        app.session_state["vmo.changes"] = STOP_DQ
        on(app.run(), "whatif.py")  # the headline's 200-run range
        on(app, "forecast.py")  # 1,000 runs, with a progress bar the first time only
    # the plan's likely figure (the Portfolio page, 1,000 runs), then the scenario's: once for each
    # distinct number of runs, however many sessions ask
    assert calls == [None, {"changes": STOP_DQ}, {"changes": STOP_DQ}]


def intake_bars(app: AppTest) -> list[float]:
    """The heights of the Intake page's bars, one per place in the list."""
    charts = [json.loads(node.proto.spec) for node in app._tree if getattr(node, "type", "") == "plotly_chart"]
    return charts[-1]["data"][0]["y"]


def test_two_sessions_on_the_intake_page_build_its_chart_once_and_it_is_the_answers(db, monkeypatch):
    import vmo_core.present.charts as module
    from vmo_core.decisions.intake import intake

    calls = counted(monkeypatch, module, "intake_places")
    shown = [intake_bars(on(AppTest.from_file(APP, default_timeout=120).run(), "intake.py")) for _ in range(2)]
    assert len(calls) == 1  # the second session found the chart beside the answer
    proposal = on(AppTest.from_file(APP, default_timeout=120).run(), "intake.py").selectbox(key="intake.proposal").value
    assert shown == [[p.net_value_change for p in intake(SAMPLE, proposal).places]] * 2


def test_the_key_is_the_version_the_changes_as_sorted_json_and_the_parameters(db):
    from vmo_app import cache

    assert cache.constraints.known(STOP_DQ) is None
    report = cache.constraints(STOP_DQ)
    assert cache.constraints.known([{"project": "DQ", "op": "stop"}]) is report  # the same JSON, sorted keys
    assert cache.constraints.known([]) is None  # another scenario
    assert cache.comparison(STOP_DQ) is cache.comparison([{"project": "DQ", "op": "stop"}])
    assert cache.intake(STOP_DQ, proposal="ATLAS", position=None) is not cache.intake(STOP_DQ, proposal="ATLAS", position=1)

    before = cache.version()
    cache.store().add_snapshot(SAMPLE, source="again")  # a new import: a new version, new answers
    assert cache.version() != before
    assert cache.constraints.known(STOP_DQ) is None


def test_a_new_database_starts_with_the_sample_history_and_the_sample_as_the_plan(db):
    from vmo_app import cache

    assert [s.as_of.isoformat() for s in cache.store().snapshots()] == ["2026-10-19", "2026-11-09", "2026-11-09", "2026-11-30"]
    assert len(cache.store().decisions()) == 1
    assert cache.portfolio() == SAMPLE
    before = cache.version()
    cache.store().add_snapshot(SAMPLE, source="upload")  # an upload adds a snapshot; nothing is replaced
    assert cache.version() != before and len(cache.store().snapshots()) == 5


def test_a_progress_callback_is_no_part_of_the_key(db):
    from vmo_app import cache

    heard = []
    first = cache.forecast(STOP_DQ, runs=100, seed=1, _progress=heard.append)
    assert heard and heard[-1] == pytest.approx(1.0)
    again = cache.forecast(STOP_DQ, runs=100, seed=1, _progress=lambda done: pytest.fail("computed twice"))
    assert again is first
