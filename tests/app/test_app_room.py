"""The meeting (issue 12): the What-if's controls applied as they move, each one change that Undo
takes back, the priority list's cut-off line; presentation mode's bar, its one sentence, its
address, and its way out."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import vmo_core
from tests.app.support import SAMPLE, assert_headline, on, presenting, shown, tick
from vmo_core.decisions.intake import intake

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
BAR = ["whatif.stop.project", "present.add.proposal", "whatif.speed.project", "present.capacity.pool"]


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))
    return AppTest.from_file(APP, default_timeout=120).run()


def said(app: AppTest) -> list[str]:
    return [shown(m.value) for m in app.main.markdown]


def editor_names(app: AppTest) -> list[list[str]]:
    return [list(editor.value["Project"]) for editor in app.data_editor]


# ---------------------------------------------------------------- the What-if's controls


def test_a_stop_ticked_then_unticked_leaves_the_scenario_as_it_was(app):
    tick(on(app, "whatif.py"), "Data Quality Programme", Stop=True)
    assert_headline(app, [{"op": "stop", "project": "DQ"}])
    assert editor_names(app)[-1][-1] == "Data Quality Programme", "a stopped project is listed last, in its own table"
    tick(app, "Data Quality Programme", Stop=False)
    assert_headline(app, [])
    app.button(key="whatif.undo").click().run()  # each tick was one change
    assert_headline(app, [{"op": "stop", "project": "DQ"}])


def test_a_rank_typed_moves_the_project_there_and_the_list_follows(app):
    tick(on(app, "whatif.py"), "Winter Tariff Bundle Launch", Rank=3)
    listed = editor_names(app)[0]
    assert listed[2] == "Winter Tariff Bundle Launch"
    assert_headline(app, [{"op": "move", "project": "TARIFF", "position": 3}])
    tick(app, "Winter Tariff Bundle Launch", Rank=3)  # where it is already: no change
    assert len(app.session_state["vmo.changes"]) == 1


def test_the_cut_off_line_separates_what_no_longer_lands_within_the_horizon(app):
    on(app, "whatif.py")
    assert len(app.data_editor) == 1, "on the sample everything lands: no line to cut"
    assert any("Everything on the list lands by" in shown(c.value) for c in app.caption)
    app.slider(key="whatif.capacity.DATA").set_value(2.0).run()
    changes = [{"op": "capacity", "pool": "DATA", "capacity_fte": 2.0}]
    assert_headline(app, changes)
    result = vmo_core.compare(SAMPLE, {"changes": changes}).scenario
    horizon = result.settings.horizon_weeks
    landing = [o.finish_week is not None and o.finish_week <= horizon for o in result.projects]
    line = len(landing) - landing[::-1].index(True)  # below the last that lands: nothing under it lands
    assert 0 < line < len(landing)
    above, below = editor_names(app)
    assert above == [o.name for o in result.projects[:line]]
    assert below == [o.name for o in result.projects[line:]]
    assert any("The cut-off: below this line" in shown(m.value) for m in app.markdown)
    assert list(app.data_editor[0].value["Delivered"])[0] == "Cannot be scheduled"  # the Data Lake needs 3 FTE of the 2
    assert all(
        d.endswith("after the planning period") or d == "Cannot be scheduled" for d in app.data_editor[1].value["Delivered"]
    )


def test_a_capacity_slider_moved_twice_is_one_change_and_back_to_the_plan_is_none(app):
    on(app, "whatif.py").slider(key="whatif.capacity.DATA").set_value(7.0).run()
    app.slider(key="whatif.capacity.DATA").set_value(8.0).run()
    assert_headline(app, [{"op": "capacity", "pool": "DATA", "capacity_fte": 8.0}])
    app.button(key="whatif.undo").click().run()
    assert_headline(app, [{"op": "capacity", "pool": "DATA", "capacity_fte": 7.0}])
    assert app.slider(key="whatif.capacity.DATA").value == 7.0, "after Undo the slider stands where the scenario does"
    app.slider(key="whatif.capacity.DATA").set_value(6.0).run()  # the plan's figure
    assert_headline(app, [])


def test_the_crash_slider_applies_as_it_moves_and_one_back_to_1_takes_it_out(app):
    on(app, "whatif.py").selectbox(key="whatif.speed.project").set_value("PAM").run()
    app.slider(key="whatif.speed.crash").set_value(2.0).run()
    assert_headline(app, [{"op": "accelerate", "project": "PAM", "to_front": False, "crash": 2.0}])
    app.slider(key="whatif.speed.crash").set_value(1.0).run()
    assert_headline(app, [])


def test_every_control_on_the_what_if_is_a_table_slider_or_toggle_not_an_apply_button(app):
    on(app, "whatif.py")
    pools = {f"whatif.capacity.{p.id}" for p in SAMPLE.pools}
    assert {s.key for s in app.slider if s.key.startswith("whatif.capacity.")} == pools, "a slider per team"
    assert {b.key for b in app.button} & {"whatif.stop.apply", "whatif.speed.apply", "whatif.capacity.apply"} == set()
    assert list(app.data_editor[0].value.columns) == ["Rank", "Project", "Delivered", "Stop"]


# ---------------------------------------------------------------- presentation mode


def test_presentation_mode_puts_the_changes_in_a_bar_and_drops_the_sidebar(app):
    presenting(on(app, "whatif.py"))
    assert app.query_params["present"] in ("1", ["1"])
    assert not app.sidebar.children, "nothing is drawn in the hidden sidebar"
    assert [k for k in BAR if [s for s in app.selectbox if s.key == k]] == BAR
    assert {"present.undo", "present.leave"} <= {b.key for b in app.button}
    assert not app.data_editor, "the What-if's own controls give way to the bar"
    assert app.metric, "the big numbers stay"


def test_presentation_mode_says_one_sentence_that_names_no_hidden_control(app):
    presenting(on(app, "whatif.py"))
    assert said(app) == ["No changes yet: make one with Stop, Add, Accelerate, Capacity or Best order, or open a saved Scenario."]
    app.selectbox(key="whatif.stop.project").set_value("BOREALIS").run()
    (sentence,) = said(app)
    assert sentence.startswith("Stopping Borealis Network Analytics: work brought forward gains")
    assert sentence.endswith("over the planning period.") and sentence.count(". ") == 0


def test_the_bar_stops_adds_accelerates_moves_capacity_and_undoes(app):
    presenting(on(app, "whatif.py"))
    app.selectbox(key="whatif.stop.project").set_value("DQ").run()
    assert app.selectbox(key="whatif.stop.project").value is None, "cleared for the next stop"
    app.selectbox(key="present.add.proposal").set_value("ATLAS").run()
    app.selectbox(key="whatif.speed.project").set_value("PAM").run()
    app.slider(key="whatif.speed.crash").set_value(1.5).run()
    app.selectbox(key="present.capacity.pool").set_value("DATA").run()
    app.slider(key="whatif.capacity.DATA").set_value(7.0).run()
    made = [{"op": "stop", "project": "DQ"}]
    made += [
        {"op": "add", "project": "ATLAS", "position": intake(SAMPLE, "ATLAS", scenario={"changes": made[:1]}).best.position},
        {"op": "accelerate", "project": "PAM", "to_front": False, "crash": 1.5},
        {"op": "capacity", "pool": "DATA", "capacity_fte": 7.0},
    ]
    assert_headline(app, made)
    app.button(key="present.undo").click().run()
    assert_headline(app, made[:-1])


def test_presentation_mode_survives_a_change_of_page_and_a_reload_and_has_a_way_out(app, tmp_path, monkeypatch):
    presenting(app)
    for page in ("sequencing.py", "constraint.py", "whatif.py"):
        on(app, page)
        assert {"present.undo", "present.leave"} <= {b.key for b in app.button}, page
        assert not app.sidebar.children, page
    reloaded = AppTest.from_file(APP, default_timeout=120)  # the address, opened afresh
    reloaded.query_params["present"] = "1"
    assert "present.leave" in {b.key for b in reloaded.run().button}
    app.button(key="present.leave").click().run()
    assert "present" not in app.query_params
    assert app.toggle(key="vmo.presenting_toggle").value is False
    assert app.data_editor, "the What-if's controls are back"


def test_a_decision_page_in_presentation_mode_names_no_reset_the_room_cannot_see(app):
    presenting(on(app, "whatif.py")).selectbox(key="whatif.stop.project").set_value("DQ").run()
    captions = [shown(c.value) for c in on(app, "constraint.py").caption]
    assert any(c.startswith("Against this session's scenario: stopping Data Quality Programme") for c in captions), captions
    assert not [c for c in captions if "Reset" in c]


# ---------------------------------------------------------------- the whole meeting in the room (issue 23, item 1)


def room_try_keys(app: AppTest) -> list[str]:
    return [b.key for b in app.button if b.key.startswith("interventions.try.")]


def test_the_bar_holds_the_best_order_a_scenario_menu_and_make_it_the_plan(app):
    presenting(on(app, "portfolio.py"))
    keys = {b.key for b in app.button}
    assert {"present.best_order", "present.reset", "present.adopt", "present.undo", "present.leave"} <= keys
    assert "present.open" in {s.key for s in app.selectbox}
    assert app.button(key="present.adopt").disabled, "nothing to adopt yet: greyed out, the bar keeps its shape"
    assert app.button(key="present.reset").disabled


def test_the_bars_best_order_is_the_interventions_re_sequence(app):
    from vmo_core.decisions.best import best_order
    from vmo_core.decisions.interventions import interventions

    best = best_order(SAMPLE)
    (resequence,) = [i for i in interventions(SAMPLE, best=best).interventions if i.action == "resequence"]
    presenting(on(app, "whatif.py")).button(key="present.best_order").click().run()
    assert_headline(app, list(resequence.changes))
    assert app.session_state["vmo.changes"] == [{"op": "sequence", "order": list(best.order)}]


def test_the_scenario_menu_opens_a_saved_scenario_and_goes_back_to_the_plan(app):
    from vmo_app import cache

    cache.store().save_scenario("Stop DQ", [{"op": "stop", "project": "DQ"}])
    presenting(on(app, "whatif.py")).selectbox(key="present.open").set_value("Stop DQ").run()
    assert_headline(app, [{"op": "stop", "project": "DQ"}])
    assert app.session_state["vmo.scenario_name"] == "Stop DQ"
    assert app.query_params["scenario"] in ("Stop DQ", ["Stop DQ"]), "the address opens it too"
    app.button(key="present.reset").click().run()
    assert_headline(app, [])
    assert "scenario" not in app.query_params


def test_the_interventions_list_and_try_it_are_there_in_the_room(app):
    presenting(on(app, "interventions.py"))
    keys = room_try_keys(app)
    assert len(keys) == 5 and keys[0] == "interventions.try.resequence", keys
    assert not [b for b in app.button if b.key.endswith(".adopt") and b.key != "present.adopt"], "the bar adopts"
    app.button(key="interventions.try.resequence").click().run()
    assert app.session_state["vmo.presenting"] is True
    (sequence,) = app.session_state["vmo.changes"]
    assert sequence["op"] == "sequence"
    assert_headline(on(app, "whatif.py"), [sequence])


def test_make_it_the_plan_in_the_room_names_every_change_and_lands_on_the_register(app):
    from vmo_core.present.format import money_short

    presenting(on(app, "whatif.py")).selectbox(key="whatif.stop.project").set_value("DQ").run()
    app.selectbox(key="present.capacity.pool").set_value("DATA").run()
    app.slider(key="whatif.capacity.DATA").set_value(7.0).run()
    made = list(app.session_state["vmo.changes"])
    app.button(key="present.adopt").click().run()
    sentence = " ".join(said(app))
    assert "Data Quality Programme" in sentence and "Data Engineering" in sentence, sentence
    app.text_input(key="adopt.by").input("Steering committee")
    app.run()
    app.button(key="adopt.confirm").click().run()
    assert not app.exception, app.exception
    assert app.session_state["vmo.presenting"] is True, "still in the room"
    assert app.session_state["vmo.changes"] == []
    promised = money_short(vmo_core.compare(SAMPLE, {"changes": made}).net_value_change, "GBP", signed=True)
    assert [shown(m.value) for m in app.metric if shown(m.label) == "Net value promised"][0] == promised


def test_leaving_the_room_keeps_the_sidebar_folded_and_the_rooms_margins(app):
    from vmo_app.presentation import AFTER

    presenting(on(app, "whatif.py")).button(key="present.leave").click().run()
    assert app.session_state["vmo.presented"] is True
    styles = [node.proto.body for node in app._tree if getattr(node, "type", "") == "html"]
    assert AFTER in styles, styles


def test_the_rooms_scenario_menu_and_confirmation_show_a_hostile_name_as_text(app):
    from tests.app.page_text import assert_only_text
    from vmo_app import cache

    name = '[s](http://evil.example/s) <img src=x onerror=alert(1)> :material/home: "q"'
    cache.store().save_scenario(name, [{"op": "stop", "project": "DQ"}])
    presenting(on(app, "interventions.py")).selectbox(key="present.open").set_value(name).run()
    assert_only_text(app)
    app.button(key="present.adopt").click().run()  # the confirmation offers the name as the decision's
    assert not app.exception, app.exception
    assert_only_text(app)
    assert app.text_input(key="adopt.name").value == name


def test_the_rooms_menu_says_why_a_saved_scenario_that_no_longer_fits_is_not_opened(app):
    from vmo_app import cache

    cache.store().save_scenario("Gone", [{"op": "stop", "project": "NO-SUCH-PROJECT"}])
    presenting(on(app, "whatif.py")).selectbox(key="whatif.stop.project").set_value("DQ").run()
    app.selectbox(key="present.open").set_value("Gone").run()
    assert app.session_state["vmo.changes"] == [{"op": "stop", "project": "DQ"}], "the room's scenario is kept"
    assert [shown(e.value) for e in app.error if shown(e.value).startswith("Gone no longer fits the portfolio")]
