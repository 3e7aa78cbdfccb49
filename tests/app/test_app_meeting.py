"""The steering meeting (issue 23): the in-flight project we would miss least, in presentation mode
too; no text that points to a table or control the room cannot see."""

import html
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.page_text import figures, frames, markdown_texts
from tests.app.support import SAMPLE, assert_headline, headline, on, shown
from vmo_core.decisions.intake import intake
from vmo_core.decisions.stopping import stop_ranking
from vmo_core.present.format import money_short, ordinal

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGES = [p.name for p in sorted((ROOT / "vmo_app" / "views").glob("*.py"))]


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))
    return AppTest.from_file(APP, default_timeout=120).run()


def presenting(app: AppTest) -> AppTest:
    app.toggle(key="vmo.presenting_toggle").set_value(True).run()
    return app


def in_flight_ranked() -> list[str]:
    """The sample's active projects, missed least first, by the core's ranking of every stop."""
    status = {p.id: p.status for p in SAMPLE.projects}
    return [o.name for o in stop_ranking(SAMPLE).projects if status[o.id] == "active"]


# ---------------------------------------------------------------- item 3: stopping work in flight


@pytest.mark.parametrize("room", [False, True])
def test_stop_or_continue_leads_with_the_in_flight_project_we_would_miss_least(app, room):
    if room:
        presenting(app)
    on(app, "stop.py")
    flying = in_flight_ranked()
    assert headline(app)["Missed least if stopped, of the projects in flight"] == flying[0]
    first = [html.unescape(y) for y in figures(app)[0]["data"][0]["y"][::-1]]  # the chart's rows, top first
    assert first == flying[: len(first)], "the first chart holds only projects in flight"
    assert "Not started yet" in [shown(m.value) for m in app.main.subheader]


def test_the_command_line_and_the_pack_name_the_same_in_flight_project():
    from vmo_core.present.sentences import describe_stop

    ranking = stop_ranking(SAMPLE)
    said = describe_stop(ranking.missed_least, "GBP")
    assert said.startswith(f"Stopping {in_flight_ranked()[0]} would be missed least of the projects in flight")


@pytest.mark.parametrize("page", PAGES)
def test_presentation_mode_refers_to_no_table_or_control_it_hides(app, page):
    presenting(app)
    on(app, page)
    words = [shown(t) for t in markdown_texts(app)]
    if not frames(app):
        assert not [w for w in words if "table below" in w or "the table" in w], page
    hidden = [w for w in words if "sidebar" in w.lower() and "out of presentation mode" not in w]
    assert not hidden, page


# ---------------------------------------------------------------- item 2: the room's Add is Intake's answer


def test_the_bars_add_puts_the_proposal_where_intake_recommends_and_shows_its_figure(app):
    best = intake(SAMPLE, "ATLAS").best
    presenting(on(app, "intake.py")).selectbox(key="intake.proposal").set_value("ATLAS").run()
    assert headline(app)["Recommendation"] == f"Accept {ordinal(best.position)}", "on the sample, not where CD3 puts it"
    app.selectbox(key="present.add.proposal").set_value("ATLAS").run()
    added = [{"op": "add", "project": "ATLAS", "position": best.position}]
    on(app, "whatif.py")
    assert_headline(app, added)
    assert headline(app)["Net value change"] == money_short(best.net_value_change, "GBP", signed=True)


def test_the_bars_place_control_adds_the_proposal_at_the_place_chosen(app):
    presenting(on(app, "whatif.py")).selectbox(key="present.add.place").set_value(3).run()
    app.selectbox(key="present.add.proposal").set_value("ATLAS").run()
    assert_headline(app, [{"op": "add", "project": "ATLAS", "position": 3}])


def test_intakes_place_control_is_there_in_presentation_mode(app):
    presenting(on(app, "intake.py")).toggle(key="intake.by_cd3").set_value(False).run()
    app.number_input(key="intake.position").set_value(2).run()
    assert any(shown(c.value).startswith("Accepted 2nd in the list") for c in app.main.caption)
