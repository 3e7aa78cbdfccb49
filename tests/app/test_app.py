"""The app under Streamlit's AppTest: every page renders on the sample without an exception,
and the key what-if interactions move the headline figures by exactly what the core says."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import vmo_core
from tests.app.support import SAMPLE, assert_headline, headline, on, presenting, tick
from vmo_core.forecast.montecarlo import forecast
from vmo_core.present.format import money_short

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGES = sorted(p.name for p in (ROOT / "vmo_app" / "views").glob("*.py"))


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))
    return AppTest.from_file(APP, default_timeout=120).run()


def test_the_app_opens_on_the_portfolio_page(app):
    assert not app.exception
    shown = headline(app)
    assert shown["The plan's value"] == money_short(vmo_core.schedule(SAMPLE).total_value, "GBP")
    # the sample has actuals: the likely figure beside the plan, the Forecast page's P50 (the same runs and seed)
    likely = forecast(SAMPLE, runs=1000, seed=0).total_value.p50
    assert shown["Likely value (past delivery)"] == money_short(likely, "GBP")
    assert any("is above even the high end" in box.value for box in app.info)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_sample(app, page):
    on(app, page)
    assert app.title, f"{page} has no title"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_in_presentation_mode(app, page):
    presenting(app)
    on(app, page)


def test_stop(app):
    tick(on(app, "whatif.py"), "Data Quality Programme", Stop=True)
    assert_headline(app, [{"op": "stop", "project": "DQ"}])


def test_add_a_proposal_where_cd3_puts_it(app):
    on(app, "whatif.py").selectbox(key="whatif.add.proposal").set_value("ATLAS").run()
    app.button(key="whatif.add.apply").click().run()
    assert_headline(app, [{"op": "add", "project": "ATLAS"}])


def test_add_a_new_project(app):
    on(app, "whatif.py").radio(key="whatif.add.kind").set_value("A new project").run()
    app.text_input(key="whatif.new.id").input("ORION")
    app.number_input(key="whatif.new.weeks").set_value(6)
    app.number_input(key="whatif.new.value").set_value(50_000)
    app.selectbox(key="whatif.new.pool").set_value("DATA")
    app.number_input(key="whatif.new.fte").set_value(2.0)
    app.button[[b.label for b in app.button].index("Add the new project")].click().run()
    spec = {
        "id": "ORION",
        "name": "",
        "duration_weeks": 6,
        "value_per_week": 50000.0,
        "benefit_type": "revenue",
        "demands": {"DATA": 2.0},
    }
    assert_headline(app, [{"op": "add", "project": spec}])


def test_accelerate_to_the_front_and_crash(app):
    on(app, "whatif.py").selectbox(key="whatif.speed.project").set_value("PAM").run()
    app.toggle(key="whatif.speed.front").set_value(True).run()
    assert_headline(app, [{"op": "accelerate", "project": "PAM", "to_front": True, "crash": 1.0}])
    app.slider(key="whatif.speed.crash").set_value(1.5).run()  # the same change, moved on: no Apply button
    assert_headline(app, [{"op": "accelerate", "project": "PAM", "to_front": True, "crash": 1.5}])


def test_capacity(app):
    on(app, "whatif.py").slider(key="whatif.capacity.DATA").set_value(8.0).run()
    assert_headline(app, [{"op": "capacity", "pool": "DATA", "capacity_fte": 8.0}])


def test_reorder(app):
    tick(on(app, "whatif.py"), "Winter Tariff Bundle Launch", Rank=1)
    assert_headline(app, [{"op": "move", "project": "TARIFF", "position": 1}])


def test_changes_build_up_and_undo_and_reset_take_them_back(app):
    tick(on(app, "whatif.py"), "Data Quality Programme", Stop=True)
    app.selectbox(key="whatif.add.proposal").set_value("ATLAS").run()
    app.button(key="whatif.add.apply").click().run()
    assert_headline(app, [{"op": "stop", "project": "DQ"}, {"op": "add", "project": "ATLAS"}])
    app.button(key="whatif.undo").click().run()
    assert_headline(app, [{"op": "stop", "project": "DQ"}])
    app.button(key="whatif.reset").click().run()
    assert_headline(app, [])


# Sessions that start with a scenario already in place, saved and opened from the sidebar.


def test_a_scenario_saved_and_reopened_gives_the_same_figures(tmp_path, monkeypatch):
    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))
    name = "Stop GIS 'for now' <b>"
    app = AppTest.from_file(APP, default_timeout=120)
    app.session_state["vmo.changes"] = [{"op": "stop", "project": "GIS"}]
    app.run()
    app.text_input(key="vmo.save_name").input(name).run()
    app.button(key="vmo.save").click().run()
    assert app.query_params["scenario"] in (name, [name])
    app.session_state["vmo.changes"] = []
    app.run()
    app.selectbox(key="vmo.open_choice").set_value(name).run()
    app.button(key="vmo.open").click().run()
    on(app, "whatif.py")
    assert_headline(app, [{"op": "stop", "project": "GIS"}])


def test_a_shared_link_opens_the_saved_scenario(tmp_path, monkeypatch):
    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))
    first = AppTest.from_file(APP, default_timeout=120)
    first.session_state["vmo.changes"] = [{"op": "stop", "project": "DQ"}]
    first.run()
    first.text_input(key="vmo.save_name").input("Shared").run()
    first.button(key="vmo.save").click().run()
    # a second person opens the link: a new session on the same database
    other = AppTest.from_file(APP, default_timeout=120)
    other.query_params["scenario"] = "Shared"
    other.run()
    on(other, "whatif.py")
    assert_headline(other, [{"op": "stop", "project": "DQ"}])


def test_two_sessions_saving_at_once_both_keep_theirs(tmp_path, monkeypatch):
    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))
    import threading

    from vmo_app import cache

    AppTest.from_file(APP, default_timeout=120).run()  # creates the database
    store = cache._store(str(tmp_path / "vmo.duckdb"), str(cache.sample_path()))
    names = [f"Session {i}" for i in range(8)]
    threads = [threading.Thread(target=store.save_scenario, args=(n, [{"op": "stop", "project": "DQ"}])) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(s["name"] for s in store.scenarios()) == names


def test_two_sessions_keep_their_own_scenarios(app):
    other = AppTest.from_file(APP, default_timeout=120).run()
    tick(on(app, "whatif.py"), "Data Quality Programme", Stop=True)
    on(other, "whatif.py")
    assert_headline(other, [])
    assert_headline(app, [{"op": "stop", "project": "DQ"}])
