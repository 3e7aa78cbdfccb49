"""The loop in the app under AppTest: "Since the last review" and its headline on the landing
page, adopting a scenario (from the What-if, a saved scenario and an intervention) and going
back, and the decision register, each figure as the core gives it on the sample's history."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import vmo_core
from tests.app import hostile
from tests.app.page_text import assert_only_text, seen_text
from tests.app.support import headline, metrics, on, shown, tick
from vmo_app import cache
from vmo_app.widgets import plain
from vmo_core.decisions.slips import changes, intake_record, judge
from vmo_core.io.loading import build_portfolio
from vmo_core.present.format import money_short
from vmo_core.present.review_sentences import intake_record_sentence, since_review
from vmo_core.service.history import build_history
from vmo_core.store.duckdb_store import Store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
STOP_DQ = [{"op": "stop", "project": "DQ"}]


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:
    """The sample's history, built once; each test works on its own copy."""
    path = tmp_path_factory.mktemp("history") / "vmo.duckdb"
    build_history(path)
    return path


@pytest.fixture
def db(history, tmp_path, monkeypatch) -> Path:
    path = tmp_path / "vmo.duckdb"
    path.write_bytes(history.read_bytes())
    monkeypatch.setenv("VMO_DB", str(path))
    return path


@pytest.fixture
def app(db) -> AppTest:
    return AppTest.from_file(APP, default_timeout=120).run()


def app_store() -> Store:
    """The app's own connection to the store (DuckDB lets one process open a file one way only)."""
    return cache.store()


def snapshot(db: Path, number: int | None = None) -> vmo_core.Portfolio:
    return build_portfolio(app_store().read_tables(number), source=str(db))


def held(db: Path) -> tuple[list, list]:
    """(snapshots, decisions) in the store, as the app has written them."""
    return app_store().snapshots(), app_store().decisions()


def texts(app: AppTest) -> list[str]:
    """Every markdown line as the reader sees it (bold marks gone)."""
    return [shown(m.value).strip("*") for m in app.markdown]


def adopt_from(app: AppTest, key: str, *, by: str = "Steering committee", why: str = "Agreed at the review") -> AppTest:
    """Open the confirmation behind the button `key`, say who and why, and confirm."""
    app.button(key=key).click().run()
    assert not app.exception, app.exception
    return adopt_from_open(app, by=by, why=why)


def adopt_from_open(app: AppTest, *, by: str, why: str) -> AppTest:
    """In the open confirmation: say who and why, and confirm."""
    assert app.button(key="adopt.confirm").disabled  # nobody has said who decides yet
    app.text_input(key="adopt.by").input(by)
    app.text_area(key="adopt.why").input(why)
    app.run()
    app.button(key="adopt.confirm").click().run()
    assert not app.exception, app.exception
    return app


# ---------------------------------------------------------------- since the last review


def test_the_landing_page_says_what_was_delayed_since_the_last_review(app, db):
    ids = [s.id for s in app_store().snapshots()]
    expected = since_review(changes(snapshot(db, ids[-2]), snapshot(db, ids[-1])))
    assert expected.startswith("Since the review of 9 Nov 2026: £")
    assert expected in texts(app)


def test_the_review_page_ranks_the_slips_by_cost_and_shows_the_waterfall(app, db):
    moved = changes(snapshot(db, 3), snapshot(db, 4))
    on(app, "review.py")
    assert headline(app)["Value delayed"] == money_short(moved.value_delayed, "GBP")
    assert headline(app)["Projects that slipped"] == str(len(moved.slipped))
    slips = app.dataframe[0].value
    assert (
        list(slips["Project"])[:3]
        == [s.name for s in moved.slipped[:3]]
        == [
            "EV Charging Partnership",
            "Customer CRM Replacement",
            "Predictive Asset Maintenance",
        ]
    )
    assert list(slips["Moved"])[0] == "22 weeks later"
    chart = [e for e in app.main if getattr(e, "type", "") == "plotly_chart"]
    assert chart, "no waterfall"
    assert '"Slips"' in chart[0].proto.spec and '"Re-estimates"' in chart[0].proto.spec


def test_any_two_snapshots_can_be_compared(app, db):
    on(app, "review.py").selectbox(key="review.before").set_value(1).run()
    moved = changes(snapshot(db, 1), snapshot(db, 4))
    assert headline(app)["Value delayed"] == money_short(moved.value_delayed, "GBP")
    assert since_review(moved).startswith("Since the review of 19 Oct 2026")
    assert since_review(moved) in texts(app)
    labels = app.selectbox(key="review.before").options
    assert labels[0].startswith("19 Oct 2026 · October steering review")
    assert labels[-1].endswith("(the plan)")


def test_the_same_snapshot_twice_is_refused_in_words(app):
    on(app, "review.py").selectbox(key="review.before").set_value(4).run()
    assert any("two different snapshots" in shown(i.value) for i in app.info)


# ---------------------------------------------------------------- adopting and going back


def test_adopting_from_the_what_if_writes_a_snapshot_and_a_decision_and_changes_the_plan(app, db):
    before = snapshot(db)
    expected = vmo_core.compare(before, {"changes": STOP_DQ})
    tick(on(app, "whatif.py"), "Data Quality Programme", Stop=True)
    version = cache.version()
    adopt_from(app, "whatif.adopt")
    assert cache.version() != version  # every cached answer is keyed on the plan now in force
    assert any("is now the plan" in shown(s.value) for s in app.success)  # on the register's page
    assert headline(app)["Decisions taken"] == "2"

    found, decisions = held(db)
    assert len(found) == 5 and found[-1].source.startswith("adopted: ")
    assert decisions[0].by == "Steering committee" and decisions[0].note == "Agreed at the review"
    assert decisions[0].predicted["predicted_net_value_change"] == expected.net_value_change
    adopted = vmo_core.schedule(cache.portfolio())
    assert adopted.total_value == expected.scenario.total_value
    assert not app.session_state["vmo.changes"]  # the scenario is now the plan: nothing left to apply
    # every page shows the new plan
    on(app, "portfolio.py")
    assert headline(app)["The plan's value"] == money_short(expected.scenario.total_value, "GBP")
    on(app, "decisions.py")
    assert headline(app)["Decisions taken"] == "2"
    newest_first = [value for label, value in metrics(app) if label == "Net value promised"]
    assert newest_first[0] == money_short(expected.net_value_change, "GBP", signed=True)


def test_going_back_adopts_the_earlier_plan_again_and_loses_nothing(app, db):
    plan = vmo_core.schedule(snapshot(db))
    tick(on(app, "whatif.py"), "Data Quality Programme", Stop=True)
    adopt_from(app, "whatif.adopt")
    on(app, "decisions.py")
    assert app.selectbox(key="decisions.back.choice").value == 4  # the plan before the adoption
    adopt_from(app, "decisions.back.open", by="PMO", why="The committee changed its mind")

    found, decisions = held(db)
    assert [s.id for s in found] == [1, 2, 3, 4, 5, 6]
    assert len(decisions) == 3 and decisions[0].by == "PMO" and decisions[0].snapshot == 6
    back = cache.portfolio()
    assert vmo_core.schedule(back).total_value == plan.total_value
    assert back.project("DQ").status == snapshot(db, 4).project("DQ").status != "stopped"
    assert snapshot(db, 5).project("DQ").status == "stopped"  # the adopted plan is still in the history
    predicted = decisions[0].predicted["predicted_net_value_change"]
    assert predicted == pytest.approx(-decisions[1].predicted["predicted_net_value_change"])
    on(app, "portfolio.py")
    assert headline(app)["The plan's value"] == money_short(plan.total_value, "GBP")


def test_a_saved_scenario_can_be_made_the_plan(app, db):
    app_store().save_scenario("Stop data quality", STOP_DQ)
    on(app, "scenarios.py")
    adopt_from(app, "scenarios.adopt")
    _, decisions = held(db)
    assert decisions[0].name == "Stop data quality"
    assert cache.portfolio().project("DQ").status == "stopped"


def test_an_intervention_can_be_made_the_plan(app, db):
    on(app, "interventions.py")
    adopt_from(app, "interventions.1.adopt")
    found, decisions = held(db)
    assert len(found) == 5 and decisions[0].snapshot == 5


def test_cancelling_writes_nothing(app, db):
    tick(on(app, "whatif.py"), "Data Quality Programme", Stop=True)
    app.button(key="whatif.adopt").click().run()
    app.button(key="adopt.cancel").click().run()
    found, decisions = held(db)
    assert len(found) == 4 and len(decisions) == 1
    assert app.session_state["vmo.changes"] == STOP_DQ  # the scenario is kept to work on


# ---------------------------------------------------------------- the register


def test_the_register_judges_each_decision_against_the_plan_in_money(app, db):
    current = snapshot(db)
    judged = [judge(d.record(), current) for d in app_store().decisions()]
    on(app, "decisions.py")
    assert headline(app)["Value delayed against it"] == money_short(judged[0].value_delayed, "GBP")
    said = intake_record_sentence(intake_record(judged), "GBP")
    assert said.startswith("The last intake lands 22 weeks later than predicted")
    assert said in texts(app)
    promised = app.dataframe[0].value
    assert list(promised["Against the promise"]) == ["on time"]  # a stop moves only what it frees


def test_an_intake_is_judged_up_to_the_next_decision_not_moved_by_it(app, db):
    """Right after a re-sequence is made the plan, the earlier intake has moved a long way; that is the
    re-sequence's doing, not its forecast's: it is still judged against the plan the re-sequence changed."""
    before = intake_record_sentence(intake_record([judge(d.record(), snapshot(db)) for d in app_store().decisions()]), "GBP")
    on(app, "interventions.py")
    adopt_from(app, "interventions.1.adopt")
    newest = snapshot(db)
    moved = intake_record([judge(d.record(), newest) for d in app_store().decisions()])
    assert intake_record_sentence(moved, "GBP") != before, "the re-sequence moves the earlier intake"
    on(app, "decisions.py")
    assert before.startswith("The last intake lands 22 weeks later than predicted")
    assert before in texts(app)


# ---------------------------------------------------------------- user text is data


def test_what_people_type_into_a_decision_reads_as_typed_and_holds_no_markup(tmp_path, monkeypatch):
    monkeypatch.setenv("VMO_SAMPLE", str(hostile.write_portfolio(tmp_path / "portfolio")))
    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))
    name, by, why = hostile.HOSTILE[0], hostile.HOSTILE[4], hostile.RTL + " " + hostile.HOSTILE[18]
    app = AppTest.from_file(APP, default_timeout=120).run()
    tick(on(app, "whatif.py"), shown(plain(hostile.name_of("DQ"))), Stop=True)
    app.button(key="whatif.adopt").click().run()
    assert_only_text(app)  # the confirmation, with the hostile portfolio's names in it
    app.text_input(key="adopt.name").input(name)
    adopt_from_open(app, by=by, why=why)
    for page in ("review.py", "decisions.py", "portfolio.py"):
        on(app, page)
        assert_only_text(app)
    seen = seen_text(on(app, "decisions.py"))
    assert name in seen and by in seen and plain(why) in seen


# ---------------------------------------------------------------- issue 23: the adoption names every change; a reversal


HIRE = {"op": "capacity", "pool": "DATA", "capacity_fte": 7.0}


def test_the_confirmation_names_every_change_the_hire_included_and_its_name_whole(app, db):
    on(app, "whatif.py").slider(key="whatif.capacity.DATA").set_value(7.0).run()
    tick(app, "Data Quality Programme", Stop=True)
    assert app.session_state["vmo.changes"] == [HIRE, *STOP_DQ]
    app.button(key="whatif.adopt").click().run()
    said = [t for t in texts(app) if t.startswith("Adopting")]
    assert said and "means setting Data Engineering to 7 FTE and stopping Data Quality Programme; it moves" in said[0], said
    field = app.text_input(key="adopt.name")
    assert field.value == "Set Data Engineering to 7 FTE and stop Data Quality Programme"
    assert field.max_chars >= 200, "a name of the most a name may be is not cut"


def test_a_decision_gone_back_on_is_reversed_not_a_promise_broken(app, db):
    tick(on(app, "whatif.py"), "Data Quality Programme", Stop=True)
    adopt_from(app, "whatif.adopt")
    on(app, "decisions.py")
    adopt_from(app, "decisions.back.open", by="PMO", why="The committee changed its mind")
    on(app, "decisions.py")
    assert not [t for t in texts(app) if t.startswith("Not kept")], texts(app)
    assert [t for t in texts(app) if t.startswith("Reversed ") and "Back to the plan of" in t]
    assert ("Against its promise", "Reversed") in metrics(app)


def test_the_landing_page_gives_the_decisions_net_beside_the_value_its_dates_bring_forward(app, db):
    tick(on(app, "whatif.py"), "Data Quality Programme", Stop=True)
    adopt_from(app, "whatif.adopt")
    promised = [value for label, value in metrics(app) if label == "Net value promised"][0]
    on(app, "portfolio.py")
    notes = [shown(c.value) for c in app.caption if "promised at" in shown(c.value)]
    assert notes and f"promised at {promised} net value change" in notes[0], notes
