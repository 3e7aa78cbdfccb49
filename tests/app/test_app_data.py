"""The Data and Scenarios pages under AppTest: the portfolio shown and replaced, and saved
scenarios compared, opened and deleted.

File uploads and the data editor cannot be driven by AppTest; the work behind them is
tested directly in test_uploads.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import vmo_core
from tests.app.support import headline, metrics, on
from vmo_core.present import charts
from vmo_core.present.format import money, money_short

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
SAMPLE_DIR = ROOT / "data" / "sample"
SAMPLE = vmo_core.load(SAMPLE_DIR)
ATLAS = [{"op": "add", "project": "ATLAS"}]
STOP_CRM = [{"op": "stop", "project": "CRM"}]


@pytest.fixture
def ui(tmp_path, monkeypatch):
    """vmo_app.cache on a database of this test's own: VMO_DB is read on every call, answers are keyed by it."""
    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))
    from vmo_app import cache

    return cache


@pytest.fixture
def app(ui):
    return AppTest.from_file(APP, default_timeout=120).run()


# ---------------------------------------------------------------- the Data page


def test_the_data_page_shows_the_portfolio_loaded(app):
    on(app, "data.py")
    shown = headline(app)
    assert shown["Projects"] == str(len(SAMPLE.projects))
    assert shown["Teams (pools)"] == str(len(SAMPLE.pools))
    assert shown["Currency"] == "GBP"
    assert {"data.save", "data.pools_save"} <= {b.key for b in app.button}


def test_saving_without_edits_saves_nothing(app, ui):
    before = ui.version()
    on(app, "data.py").button(key="data.save").click().run()
    assert not app.exception
    assert any("nothing to save" in i.value for i in app.info)
    assert ui.version() == before


def test_the_data_page_follows_a_replaced_portfolio(app, ui):
    on(app, "data.py")
    smaller = vmo_core.Portfolio(
        settings=SAMPLE.settings,
        pools=SAMPLE.pools,
        projects=SAMPLE.projects,
        demands=SAMPLE.demands,
        capacity_changes=SAMPLE.capacity_changes,
    )
    ui.store().add_snapshot(smaller, source="test")
    app.run()
    assert not app.exception
    assert any("Loaded from test" in c.value for c in app.caption)


def test_presentation_mode_shows_the_summary_only(app):
    app.toggle(key="vmo.presenting_toggle").set_value(True).run()
    on(app, "data.py")
    assert list(headline(app)) == ["Projects", "Teams (pools)", "As of", "Currency"]
    assert not [b for b in app.button if b.key.startswith("data.")]


def test_a_portfolio_that_cannot_be_opened_can_still_be_replaced(ui):
    with ui.store().transaction() as cur:  # damage the stored portfolio behind the app's back
        cur.execute("UPDATE projects SET duration_weeks = -1 WHERE id = 'CRM'")
    app = AppTest.from_file(APP, default_timeout=120).run()
    on(app, "data.py")
    assert any("cannot be opened" in e.value and "duration" in e.value for e in app.error)
    assert not app.metric  # no summary of a portfolio that is not there
    assert not [b for b in app.button if b.key == "data.save"]  # nothing to edit, but the upload is offered


# ---------------------------------------------------------------- the Scenarios page


def test_the_scenarios_page_without_saved_scenarios(app):
    on(app, "scenarios.py")
    assert any("No scenarios are saved yet" in i.value for i in app.info)


def test_two_saved_scenarios_side_by_side(app, ui):
    ui.store().save_scenario("Accept Atlas", ATLAS)
    ui.store().save_scenario("Stop CRM", STOP_CRM)
    on(app, "scenarios.py")
    assert sorted(app.multiselect(key="scenarios.pick").value) == ["Accept Atlas", "Stop CRM"]
    listing = app.dataframe[0].value
    assert set(listing["Scenario"]) == {"Accept Atlas", "Stop CRM"}
    assert set(listing["Changes"]) == {1}

    shown = metrics(app)
    for changes in (ATLAS, STOP_CRM):
        diff = vmo_core.compare(SAMPLE, {"changes": changes})
        assert ("Value lost to delays", money_short(diff.value_lost_to_delays, "GBP")) in shown
        assert ("Value brought forward", money_short(diff.value_gained_sooner, "GBP")) in shown
        assert ("Net value change", money_short(diff.net_value_change, "GBP", signed=True)) in shown

    table = app.dataframe[1].value
    assert list(table.columns) == ["The plan as it stands", *app.multiselect(key="scenarios.pick").value]
    atlas = vmo_core.compare(SAMPLE, {"changes": ATLAS})
    assert table.loc["Value over the horizon", "Accept Atlas"] == money(atlas.scenario.total_value, "GBP")
    assert table.loc["Projects stopped", "Stop CRM"] == "CRM"

    figure = json.loads([e for e in app.main if type(e).__name__ == "UnknownElement"][-1].proto.spec)
    names = [trace["name"] for trace in figure["data"]]
    assert names[0] == "Baseline" and sorted(names[1:]) == ["Accept Atlas", "Stop CRM"]


def test_the_session_scenario_can_be_compared_too(app, ui):
    ui.store().save_scenario("Accept Atlas", ATLAS)
    app.session_state["vmo.changes"] = STOP_CRM
    on(app, "scenarios.py")
    assert app.multiselect(key="scenarios.pick").value == ["", "Accept Atlas"]  # "" is this session
    assert list(app.dataframe[1].value.columns) == ["The plan as it stands", "This session (unsaved)", "Accept Atlas"]


def test_a_scenario_that_no_longer_fits_does_not_break_the_page(app, ui):
    ui.store().save_scenario("Accept Atlas", ATLAS)
    ui.store().save_scenario("Gone", [{"op": "stop", "project": "NOPE"}])
    on(app, "scenarios.py").multiselect(key="scenarios.pick").set_value(["Gone", "Accept Atlas"]).run()
    assert not app.exception
    assert any("no longer fits" in e.value and "NOPE" in e.value for e in app.error)
    assert app.dataframe[1].value.loc["Value lost to delays", "Gone"] == "No longer fits the portfolio"
    app.selectbox(key="scenarios.choice").set_value("Gone").run()
    assert app.button(key="scenarios.open").disabled


def test_open_puts_the_scenario_in_the_session_and_the_link(app, ui):
    ui.store().save_scenario("Accept Atlas, pause <b>", ATLAS)
    on(app, "scenarios.py")
    assert app.code[0].value == "?scenario=Accept+Atlas%2C+pause+%3Cb%3E"
    app.button(key="scenarios.open").click().run()
    assert app.session_state["vmo.changes"] == ATLAS
    assert app.session_state["vmo.scenario_name"] == "Accept Atlas, pause <b>"
    assert app.query_params["scenario"] == "Accept Atlas, pause <b>"
    assert "Scenarios" not in [t.value for t in app.title]  # on the What-if page now


def test_delete_asks_first(app, ui):
    ui.store().save_scenario("Accept Atlas", ATLAS)
    ui.store().save_scenario("Stop CRM", STOP_CRM)
    on(app, "scenarios.py").selectbox(key="scenarios.choice").set_value("Stop CRM").run()
    app.button(key="scenarios.delete").click().run()
    assert ui.store().scenario("Stop CRM") is not None
    app.button(key="scenarios.delete_cancelled").click().run()
    assert ui.store().scenario("Stop CRM") is not None
    app.button(key="scenarios.delete").click().run()
    app.button(key="scenarios.delete_confirmed").click().run()
    assert not app.exception
    assert ui.store().scenario("Stop CRM") is None
    assert app.multiselect(key="scenarios.pick").value == ["Accept Atlas"]


def test_presentation_mode_compares_without_controls(app, ui):
    ui.store().save_scenario("Accept Atlas", ATLAS)
    ui.store().save_scenario("Stop CRM", STOP_CRM)
    app.toggle(key="vmo.presenting_toggle").set_value(True).run()
    on(app, "scenarios.py")
    # each scenario: lost to delays, brought forward, net, value; and what extra people cost, when it changes capacity
    diffs = [vmo_core.compare(SAMPLE, {"changes": c}) for c in (ATLAS, STOP_CRM)]
    assert len(app.metric) == sum(4 + (d.capacity_cost != 0) for d in diffs)
    assert not [b for b in app.button if b.key.startswith("scenarios.")]


def test_scenario_curves_overlay_every_scenario_on_the_baseline():
    base = vmo_core.schedule(SAMPLE)
    named = {"A <i>": vmo_core.schedule(SAMPLE, {"changes": ATLAS}), "B": vmo_core.schedule(SAMPLE, {"changes": STOP_CRM})}
    figure = charts.scenario_curves(named, base)
    assert [t.name for t in figure.data] == ["Baseline", "A &lt;i&gt;", "B"]
    assert figure.data[0].line.dash == "dash"
    assert len({t.line.dash for t in figure.data}) == 3 and len({t.line.color for t in figure.data}) == 3
    assert figure.layout.template.layout.paper_bgcolor is not None  # an explicit template, not Streamlit's
    assert figure.data[1].y[-1] == pytest.approx(named["A <i>"].total_value)
