"""The Scenarios page and the sidebar's scenario under AppTest: ranking and the winner, replay,
undo and redo on a loaded scenario, asking before a save replaces another, the "modified" mark,
the whole share link, and saved figures against today's plan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import vmo_core
from tests.app.support import on, presenting, shown
from vmo_core.decisions.workshop import attribute, net_values, replay
from vmo_core.present.format import money, money_short
from vmo_core.present.workshop_sentences import describe_step, describe_winner

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
ATLAS = [{"op": "add", "project": "ATLAS"}]
STOP_CRM = [{"op": "stop", "project": "CRM"}]
FULL = [*ATLAS, {"op": "stop", "project": "BOREALIS"}, {"op": "accelerate", "project": "CRM", "to_front": True, "crash": 1.5}]


@pytest.fixture
def ui(tmp_path, monkeypatch):
    """vmo_app.cache on a database of this test's own: VMO_DB is read on every call, answers are keyed by it."""
    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))
    monkeypatch.delenv("VMO_BASE_URL", raising=False)
    from vmo_app import cache

    return cache


@pytest.fixture
def app(ui):
    return AppTest.from_file(APP, default_timeout=120).run()


@pytest.fixture
def plan(ui):
    """The portfolio the app plans on (the store's newest snapshot)."""
    return ui.portfolio()


def said(app) -> list[str]:
    return [shown(m.value).strip("*") for m in app.markdown]


def table_with(app, column: str):
    """The one table on the page with `column`."""
    (found,) = [d.value for d in app.dataframe if column in d.value.columns]
    return found


def sidebar_texts(app) -> list[str]:
    return [t.value for t in app.sidebar.text]


def saved_three(ui) -> None:
    ui.store().save_scenario("Accept Atlas", ATLAS)
    ui.store().save_scenario("Stop CRM", STOP_CRM)
    ui.store().save_scenario("Atlas, Borealis paused", FULL)


# ---------------------------------------------------------------- ranking and the winner


def test_the_scenarios_page_without_saved_scenarios(app):
    on(app, "scenarios.py")
    assert any("No scenarios are saved yet" in i.value for i in app.info)


def test_the_ranking_is_one_table_highest_net_first_and_names_the_winner_with_its_moves(app, ui, plan):
    saved_three(ui)
    on(app, "scenarios.py")
    nets = {name: vmo_core.compare(plan, {"changes": c}).net_value_change for name, c in
            [("Accept Atlas", ATLAS), ("Stop CRM", STOP_CRM), ("Atlas, Borealis paused", FULL)]}  # fmt: skip
    order = sorted(nets, key=lambda n: -nets[n])
    ranking = app.dataframe[0].value
    assert list(ranking["Scenario"]) == [*order, "The plan as it stands"]  # rows, not columns: a long name wraps in its cell
    assert list(ranking["Net value change"][:3]) == [money(nets[n], "GBP", signed=True) for n in order]
    assert ranking["Behind the winner"][0] == "the winner"
    assert ranking["Behind the winner"][1] == money(nets[order[1]] - nets[order[0]], "GBP", signed=True)

    changes = {"Accept Atlas": ATLAS, "Stop CRM": STOP_CRM, "Atlas, Borealis paused": FULL}
    steps = attribute(changes[order[0]], changes[order[1]], net_values(plan))
    assert sum(s.effect for s in steps) == pytest.approx(nets[order[0]] - nets[order[1]])
    winner = describe_winner(order[0], order[1], steps, plan)
    assert winner in said(app)
    assert winner.startswith(f"{order[0]} wins by {money_short(nets[order[0]] - nets[order[1]], 'GBP')} over {order[1]}: ")

    figure = json.loads([e for e in app.main if type(e).__name__ == "UnknownElement"][-1].proto.spec)
    assert [t["name"] for t in figure["data"]] == ["Baseline", *order]


def test_compare_never_starts_with_the_same_scenario_twice(app, ui):
    ui.store().save_scenario("Accept Atlas", ATLAS)
    ui.store().save_scenario("Stop CRM", STOP_CRM)
    on(app, "scenarios.py").selectbox(key="scenarios.choice").set_value("Accept Atlas").run()
    app.button(key="scenarios.open").click().run()  # the session is now "Accept Atlas", as saved
    on(app, "scenarios.py")
    assert sorted(app.multiselect(key="scenarios.pick").options) == ["Accept Atlas", "Stop CRM"]


def test_an_edited_or_unsaved_session_is_ranked_too(app, ui):
    ui.store().save_scenario("Accept Atlas", ATLAS)
    app.session_state["vmo.changes"] = STOP_CRM
    on(app, "scenarios.py")
    assert app.multiselect(key="scenarios.pick").value == ["", "Accept Atlas"]  # "" is this session
    assert "This session: Unsaved scenario" in list(app.dataframe[0].value["Scenario"])


def test_a_scenario_that_no_longer_fits_does_not_break_the_page(app, ui):
    ui.store().save_scenario("Accept Atlas", ATLAS)
    ui.store().save_scenario("Gone", [{"op": "stop", "project": "NOPE"}])
    ui.store().save_scenario("Stop CRM", STOP_CRM)
    on(app, "scenarios.py").multiselect(key="scenarios.pick").set_value(["Gone", "Accept Atlas", "Stop CRM"]).run()
    assert not app.exception
    ranking = app.dataframe[0].value
    assert list(ranking["Net value change"][ranking["Scenario"] == "Gone"]) == ["No longer fits the portfolio"]
    app.selectbox(key="scenarios.choice").set_value("Gone").run()
    assert app.button(key="scenarios.open").disabled
    app.selectbox(key="scenarios.replay_choice").set_value("Gone").run()
    assert any("cannot be replayed" in e.value and "NOPE" in e.value for e in app.error)


def test_presentation_mode_ranks_without_controls(app, ui):
    saved_three(ui)
    presenting(app)
    on(app, "scenarios.py")
    assert any(" wins by " in s for s in said(app))
    assert len(app.dataframe) == 1  # the ranking only
    assert not [b for b in app.button if b.key.startswith("scenarios.")]


# ---------------------------------------------------------------- replay


def test_replay_steps_through_the_changes_with_each_steps_effect(app, ui, plan):
    ui.store().save_scenario("Atlas, Borealis paused", FULL)
    on(app, "scenarios.py")
    steps = replay(FULL, net_values(plan))
    assert app.button(key="scenarios.replay_back").disabled
    app.button(key="scenarios.replay_next").click().run()
    app.button(key="scenarios.replay_next").click().run()
    assert describe_step(2, steps[1], plan, of=3) in said(app)
    table = table_with(app, "This step")
    assert list(table["This step"]) == [money(s.effect, "GBP", signed=True) for s in steps]
    assert list(table["Net so far"]) == [money(s.net_after, "GBP", signed=True) for s in steps]
    assert list(table["Made"]) == ["yes", "yes", "not yet"]
    assert table["Net so far"].iloc[-1] == money(vmo_core.compare(plan, {"changes": FULL}).net_value_change, "GBP", signed=True)
    app.button(key="scenarios.replay_next").click().run()
    assert app.button(key="scenarios.replay_next").disabled  # nothing left to make: never looks as if it would
    app.button(key="scenarios.replay_back").click().run()
    assert list(table_with(app, "Made")["Made"]) == ["yes", "yes", "not yet"]


def test_a_replay_opened_at_a_step_leaves_the_rest_to_redo(app, ui):
    ui.store().save_scenario("Atlas, Borealis paused", FULL)
    on(app, "scenarios.py").button(key="scenarios.replay_next").click().run()
    app.button(key="scenarios.replay_open").click().run()
    assert app.session_state["vmo.changes"] == FULL[:1]
    app.button(key="vmo.bar_redo").click().run()
    assert app.session_state["vmo.changes"] == FULL[:2]


# ---------------------------------------------------------------- undo and redo on a loaded scenario


def test_undo_takes_a_loaded_scenarios_changes_back_one_by_one_and_redo_makes_them_again(app, ui):
    ui.store().save_scenario("Atlas, Borealis paused", FULL)
    on(app, "scenarios.py")
    assert app.button(key="vmo.bar_undo").disabled and app.button(key="vmo.bar_redo").disabled  # nothing to undo yet
    app.button(key="scenarios.open").click().run()
    for count in (2, 1, 0):
        assert not app.button(key="vmo.bar_undo").disabled
        app.button(key="vmo.bar_undo").click().run()
        assert app.session_state["vmo.changes"] == FULL[:count]
    assert app.button(key="vmo.bar_undo").disabled  # back where the session started: Undo would do nothing
    app.button(key="vmo.bar_redo").click().run()
    assert app.session_state["vmo.changes"] == FULL[:1]


# ---------------------------------------------------------------- saving: asking first, the mark, the link, the figures


def test_saving_asks_before_it_replaces_another_scenario(app, ui):
    ui.store().save_scenario("Accept Atlas", ATLAS)
    app.session_state["vmo.changes"] = STOP_CRM
    on(app, "scenarios.py").text_input(key="vmo.save_name").set_value("Accept Atlas").run()
    app.button(key="vmo.save").click().run()
    assert ui.store().scenario("Accept Atlas")["changes"] == ATLAS
    assert any("already called 'Accept Atlas'" in shown(w.value) for w in app.sidebar.warning)
    app.button(key="vmo.overwrite_no").click().run()
    assert ui.store().scenario("Accept Atlas")["changes"] == ATLAS
    assert not app.sidebar.warning
    app.button(key="vmo.save").click().run()
    app.button(key="vmo.overwrite_yes").click().run()
    assert ui.store().scenario("Accept Atlas")["changes"] == STOP_CRM


def test_an_edited_scenario_is_marked_modified(app, ui):
    ui.store().save_scenario("Accept Atlas", ATLAS)
    on(app, "scenarios.py").button(key="scenarios.open").click().run()
    assert "Accept Atlas" in sidebar_texts(app)
    app.session_state["vmo.changes"] = [*ATLAS, *STOP_CRM]
    on(app, "scenarios.py")
    assert "Accept Atlas (modified)" in sidebar_texts(app)
    app.button(key="vmo.save").click().run()  # saved under its own name (it asks first): no longer modified
    app.button(key="vmo.overwrite_yes").click().run()
    assert "Accept Atlas" in sidebar_texts(app)


def test_the_share_link_is_the_whole_address(app, ui, monkeypatch):
    ui.store().save_scenario("Accept Atlas, pause <b>", ATLAS)
    on(app, "scenarios.py")
    assert app.code[0].value == "http://localhost:8501/?scenario=Accept+Atlas%2C+pause+%3Cb%3E"
    monkeypatch.setenv("VMO_BASE_URL", "https://vmo.example.com/app/")
    app.run()
    assert app.code[0].value == "https://vmo.example.com/app/?scenario=Accept+Atlas%2C+pause+%3Cb%3E"


def test_a_saved_scenario_keeps_its_figures_and_says_how_far_todays_plan_moved_it(app, ui, plan):
    app.session_state["vmo.changes"] = ATLAS
    on(app, "scenarios.py").text_input(key="vmo.save_name").set_value("Accept Atlas").run()
    app.button(key="vmo.save").click().run()
    then = vmo_core.compare(plan, {"changes": ATLAS})
    figures = ui.store().scenario("Accept Atlas")["figures"]
    assert figures["net_value_change"] == then.net_value_change  # exact, not rounded
    assert figures["total_value"] == then.scenario.total_value
    on(app, "scenarios.py")
    assert any(s.endswith("the plan has not changed since.") for s in said(app))

    later = vmo_core.adopt(plan, {"changes": [{"op": "stop", "project": "BOREALIS"}]})
    ui.store().add_snapshot(later, source="test")
    now = vmo_core.compare(later, {"changes": ATLAS}).net_value_change
    on(app, "scenarios.py")
    expected = (
        f"on today's plan it is {money_short(now, 'GBP', signed=True)} "
        f"({money_short(now - then.net_value_change, 'GBP', signed=True)})."
    )
    assert any(f"at {money_short(then.net_value_change, 'GBP', signed=True)}; {expected}" in s for s in said(app))
