"""The steering meeting (issue 23): the in-flight project we would miss least, in presentation mode
too; no text that points to a table or control the room cannot see."""

import html
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.page_text import figures, frames, markdown_texts, page_texts
from tests.app.support import SAMPLE, assert_headline, headline, on, presenting, shown
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


CONTROLS = {"button", "selectbox", "toggle", "tab", "number_input", "text_input", "slider", "radio", "download_button", "popover"}
SAID = {"body", "text", "captions"}  # the room's sentences (and metric labels); help is a hover away
THE_MODE = "Presentation mode"  # the room's own name: "once out of presentation mode" says how it is left
POINTING = re.compile(r"(?i)\b(?:the|this|that) tables?\b|\b(?:tables?|lists?) below\b|\bbelow this\b|\bsee below\b")


def control_labels(app: AppTest) -> set[str]:
    return {shown(value) for kind, field, value in page_texts(app) if field == "label" and kind in CONTROLS}


def room_words(app: AppTest) -> list[str]:
    markdown = set(markdown_texts(app))
    return [
        shown(value)
        for kind, field, value in page_texts(app)
        if value in markdown and (field in SAID or (field == "label" and kind == "metric"))
    ]


def names(sentence: str, label: str) -> bool:
    """Whether `sentence` names the control `label`: a label of one word as written ("Reset", not "runs")."""
    if " " not in label:
        return re.search(rf"\b{re.escape(label)}\b", sentence) is not None
    return re.search(rf"\b{re.escape(label.lower())}\b", sentence.lower()) is not None


@pytest.fixture(scope="module")
def hidden_controls(tmp_path_factory) -> set[str]:
    """The labels of the controls some page shows outside presentation mode and no page shows in it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VMO_DB", str(tmp_path_factory.mktemp("db") / "vmo.duckdb"))
        app = AppTest.from_file(APP, default_timeout=120).run()
        desk = set().union(*(control_labels(on(app, page)) for page in PAGES))
        presenting(app)
        room = set().union(*(control_labels(on(app, page)) for page in PAGES))
    return desk - room - {THE_MODE}


@pytest.mark.parametrize("page", PAGES)
def test_presentation_mode_refers_to_no_table_or_control_it_hides(app, page, hidden_controls):
    """The class of issue 23's "its caption points to a table presentation mode hides": no sentence in the room
    names a control that presentation mode hides (on any page), nor points at a table the page does not show."""
    assert {"Reset", "Save scenario", "Try stopping it in the What-if"} <= hidden_controls
    presenting(app).selectbox(key="whatif.stop.project").set_value("BOREALIS").run()  # a scenario: its captions too
    on(app, page)
    words = room_words(app)
    named = [(w, h) for w in words for h in hidden_controls if names(w, h)]
    assert not named, (page, named)
    if not frames(app):
        assert not [w for w in words if POINTING.search(w)], page
    assert not [w for w in words if "sidebar" in w.lower() and "out of presentation mode" not in w], page


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


# ---------------------------------------------------------------- items 4 and 5: a reload and a shared link


def reloaded(app: AppTest) -> AppTest:
    """F5: a new session on the same database, opened at the address the page showed."""
    fresh = AppTest.from_file(APP, default_timeout=120)
    for key, value in app.query_params.items():
        fresh.query_params[key] = value[0] if isinstance(value, list) else value
    return fresh.run()


def test_a_reload_keeps_every_change_of_the_what_if(app):
    on(app, "whatif.py").slider(key="whatif.capacity.DATA").set_value(7.0).run()
    app.selectbox(key="whatif.speed.project").set_value("PAM").run()
    app.slider(key="whatif.speed.crash").set_value(2.0).run()
    made = list(app.session_state["vmo.changes"])
    assert len(made) == 2
    again = on(reloaded(on(app, "intake.py")), "whatif.py")  # a change of page, then F5
    assert_headline(again, made)


def test_a_reload_keeps_a_saved_scenario_and_its_edits_since(app):
    from vmo_app import cache

    cache.store().save_scenario("B", [{"op": "stop", "project": "DQ"}])
    app.query_params["scenario"] = "B"  # the link, opened
    app = on(reloaded(app), "whatif.py")
    assert_headline(app, [{"op": "stop", "project": "DQ"}])
    app.slider(key="whatif.capacity.DATA").set_value(7.0).run()
    made = list(app.session_state["vmo.changes"])
    again = on(reloaded(app), "whatif.py")
    assert_headline(again, made)
    assert again.session_state["vmo.scenario_name"] == "B", "still B, modified"


def test_an_address_that_cannot_be_read_leaves_the_plan_and_says_so(app):
    for code in ("not-a-scenario", "eJzLSM3JyQcABiwCFQ", "x" * 30_000):
        fresh = AppTest.from_file(APP, default_timeout=120)
        fresh.query_params["changes"] = code
        fresh = on(fresh.run(), "whatif.py")
        assert_headline(fresh, [])


@pytest.mark.parametrize("page", ["whatif.py", "scenarios.py"])
def test_a_shared_link_opens_exactly_the_scenario_it_names_on_every_page(app, page):
    from vmo_app import cache

    for name, project in (("B", "DQ"), ("A", "GIS"), ("C", "BOREALIS")):  # the newest first: C, A, then B
        cache.store().save_scenario(name, [{"op": "stop", "project": project}])
    fresh = AppTest.from_file(APP, default_timeout=120)
    fresh.query_params["scenario"] = "B"
    fresh = on(fresh.run(), page)
    assert fresh.session_state["vmo.changes"] == [{"op": "stop", "project": "DQ"}]
    if page == "scenarios.py":
        assert fresh.selectbox(key="scenarios.choice").value == "B", "its details"
        assert fresh.selectbox(key="scenarios.replay_choice").value == "B", "its replay"
        assert fresh.multiselect(key="scenarios.pick").value[0] == "B", "ranked first"
        assert any(shown(t.value).endswith(": Stopping Data Quality Programme.") for t in fresh.text), "its description"


# ---------------------------------------------------------------- item 6: sentences that add up and read well

MONEY = re.compile(r"([+-]?)£([\d,.]+)([Mk]?)")


def amount(text: str) -> float:
    sign, digits, unit = MONEY.fullmatch(text).groups()
    return (-1 if sign == "-" else 1) * float(digits.replace(",", "")) * {"M": 1e6, "k": 1e3, "": 1}[unit]


def strong_lines(app: AppTest) -> list[str]:
    return [shown(m.value).strip("*") for m in app.main.markdown]


def test_replayed_steps_add_up_as_shown_and_one_step_is_one_step(app):
    from vmo_app import cache

    full = [
        {"op": "add", "project": "ATLAS"},
        {"op": "stop", "project": "BOREALIS"},
        {"op": "accelerate", "project": "CRM", "to_front": True, "crash": 1.5},
        {"op": "capacity", "pool": "DATA", "capacity_fte": 7.0},
    ]
    cache.store().save_scenario("One", full[:1])
    cache.store().save_scenario("Four", full)
    on(app, "scenarios.py").selectbox(key="scenarios.replay_choice").set_value("One").run()
    assert "The plan as it stands: 1 step to go. Press Next step to make the first change." in strong_lines(app)
    app.selectbox(key="scenarios.replay_choice").set_value("Four").run()
    assert "The plan as it stands: 4 steps to go. Press Next step to make the first change." in strong_lines(app)
    so_far = 0.0
    for number in range(1, 5):
        app.button(key="scenarios.replay_next").click().run()
        (line,) = [t for t in strong_lines(app) if t.startswith(f"Step {number} of 4")]
        step, total = re.search(r": ([+-]?£[\d,.]+[Mk]?); the scenario so far is ([+-]?£[\d,.]+[Mk]?) against", line).groups()
        assert amount(step) + so_far == pytest.approx(amount(total)), line
        so_far = amount(total)


def test_intakes_sentence_gives_the_delays_the_figure_its_metric_shows(app):
    on(app, "intake.py").selectbox(key="intake.proposal").set_value("ATLAS").run()
    lost = headline(app)["Value lost to delays"]
    (sentence,) = [t for t in strong_lines(app) if t.startswith("Accepting Atlas")]
    assert f"the delays cost {lost}" in sentence, (lost, sentence)


def test_a_count_of_one_reads_in_the_singular():
    from vmo_core.present.format import plural

    assert [plural(n, "step") for n in (0, 1, 2, 1200)] == ["0 steps", "1 step", "2 steps", "1,200 steps"]
    assert plural(1, "business case") == "1 business case" and plural(3, "body", "bodies") == "3 bodies"


# ---------------------------------------------------------------- item 11: an executive's words, the term a hover away

JARGON = re.compile(r"(?i:\bCD3\b|\bP\d\d\b|\b\d[\d,]* runs\b|FTE-week|\bhorizon\b|\bcrash|re-sequenc|value window)|\bNone\b")
LABELS = {"label", "placeholder"}  # a widget's or a metric's own words; `help` is where the precise term goes


def labels_and_captions(app: AppTest) -> list[str]:
    """The app's own words on the page: labels, placeholders, captions and table headers (not the
    core's sentences, nor the help a hover shows)."""
    said = [shown(value) for kind, field, value in page_texts(app) if field in LABELS]
    said += [shown(c.value) for c in app.main.caption]
    said += [str(column) for frame in frames(app, edited=False) for column in frame.columns]
    return said


@pytest.mark.parametrize("page", PAGES)
def test_labels_captions_and_headers_use_plain_words(app, page):
    on(app, page)
    if page in ("intake.py", "whatif.py"):  # the controls that show only with a proposal or a project chosen
        on(app, page)
    assert not [w for w in labels_and_captions(app) if JARGON.search(w)], page


def test_the_interventions_and_a_scenarios_words_are_plain(app):
    on(app, "interventions.py")
    titles = [shown(m.value).strip("*") for m in app.main.markdown if shown(m.value).startswith("**")]
    assert titles and not [t for t in titles if JARGON.search(t)], titles
    from vmo_core.present.sentences import describe_changes

    said = describe_changes([{"op": "sequence", "order": []}, {"op": "accelerate", "project": "CRM", "crash": 1.5}], SAMPLE)
    assert not JARGON.search(said), said


def test_intakes_answer_names_no_cd3_and_no_value_window(app):
    on(app, "intake.py").selectbox(key="intake.proposal").set_value("ATLAS").run()
    (sentence,) = [t for t in strong_lines(app) if t.startswith("Accepting Atlas")]
    assert sentence.startswith("Accepting Atlas Digital Twin at its natural place (9th)")
    assert not re.search(r"CD3|value window", sentence), sentence
