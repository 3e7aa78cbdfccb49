"""Presentation mode, built for the room: no sidebar, the headline figures half as large again,
one sentence, and a compact bar of the changes to make (stop, add, accelerate, capacity, the best
order, a saved scenario or the plan again, undo, make it the plan) on every page (under the
What-if's headline, so that a control's popover never hides the figures it moves), so the meeting
never leaves it.

app.py draws this frame before the page when the session presents (`state.presenting()`,
kept in the session and in the address as ?present=1, so a change of page or a reload keeps
it). The look is fixed CSS written here, the one piece of HTML the app sends: no user text is
ever part of it.
"""

from __future__ import annotations

import logging

import streamlit as st

from vmo_app import address, adopting, cache, controls, ordering, scenario_bar, state
from vmo_app import widgets as ui
from vmo_core.present.format import join_words, money_short
from vmo_core.present.sentences import comparison_parts, describe_changes

log = logging.getLogger("vmo_app")

HEADLINE_SCALE = 1.6  # the metric figures, against their size outside presentation mode (at least 1.5)
# Streamlit's metric value is 2.25rem; the sidebar and its opener go, the page uses the room's width.
STYLE = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stSidebarCollapseButton"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 4.2rem 1.5rem 1rem 1.5rem; max-width: 100%; }
[data-testid="stMetricValue"] { font-size: 3.6rem !important; line-height: 1.15; }
[data-testid="stMetricValue"] > div { overflow: visible !important; }
[data-testid="stMetricLabel"] p { font-size: 1.05rem; }
.st-key-present-bar { border-bottom: 1px solid #D5DCE3; padding-bottom: 0.5rem; margin-bottom: 0.3rem; }
.st-key-present-bar button { padding-left: 0.6rem; padding-right: 0.6rem; }
[class*="st-key-room-move-"] { padding-top: 0.35rem; padding-bottom: 0.35rem; }
</style>"""


# Once out of the room's mode, the page keeps its margins: the page in front of the room does not jump.
AFTER = """<style>
[data-testid="stMainBlockContainer"] { padding: 4.2rem 1.5rem 1rem 1.5rem; max-width: 100%; }
</style>"""


def afterwards() -> None:
    """A session that has presented keeps the room's margins (its sidebar stays folded: app.py)."""
    st.html(AFTER)


def frame(*, with_bar: bool = True) -> None:
    """The room's frame: the style, then (unless the page draws it under its headline) the bar."""
    st.html(STYLE)
    if with_bar:
        bar()


def bar() -> None:
    """Stop, add, accelerate, capacity, the best order, a scenario, undo, make it the plan, and the way
    out; each change applies as it is made."""
    with st.container(key="present-bar", horizontal=True, vertical_alignment="bottom", gap="small"):  # one row at 1280 px
        try:
            _bar()
        except Exception:  # noqa: BLE001 - the bar is no page: the page below says what is wrong
            log.exception("The presentation bar could not be drawn")
        st.button("Leave presentation", key="present.leave", on_click=state.set_presenting, args=(False,))
    ui.refusal()


def _bar() -> None:
    pf, problem = cache.try_portfolio()
    if pf is None:
        return
    address.restore()  # drawn before the page: a reloaded session's scenario first
    diff, _ = cache.try_comparison(state.current_changes())
    if diff is None:
        return
    names = {**{p.id: p.label for p in pf.projects}, **{p.id: p.name for p in diff.scenario.projects}}
    listed = [p.id for p in diff.scenario.projects]

    def name_of(project_id: str) -> str:
        return names.get(project_id, project_id)

    with ui.popover(st, "Stop", icon=":material/block:"):
        controls.stop_picker(st, listed, name_of)
    with ui.popover(st, "Add", icon=":material/add:"):
        waiting = cache.proposals(state.current_changes())
        controls.add_picker(st, list(waiting.ids), name_of, last_place=waiting.last_place)
    with ui.popover(st, "Accelerate", icon=":material/fast_forward:"):
        controls.accelerate_controls(st, listed, name_of)
    with ui.popover(st, "Capacity", icon=":material/groups:"):
        pools = ordering.teams_first(pf)  # the constraint first, then the busiest teams
        pool = ui.select(st, "Team", list(pools), format_func=pools.get, key="present.capacity.pool")
        controls.capacity_slider(st, diff, pool, pools[pool])
    with ui.popover(st, "Best order", icon=":material/low_priority:"):
        best_order_offer(state.current_changes())
    with ui.popover(st, "Scenario", icon=":material/folder_open:"):
        scenario_bar.menu()
    controls.undo_button(st, key="present.undo", width="content")
    adopting.offer_in_room(state.current_changes())


def best_order_offer(changes: list[dict]) -> None:
    """The Interventions page's re-sequence: the work in the best order found (the Sequencing page's),
    what it adds when some page has found it already (it is found on the click otherwise)."""
    best = cache.best_order.known(changes)
    if best is not None:
        ui.note(
            f"The best order found adds {ui.cash(best.value_unlocked, signed=True)} of value."
            if best.value_unlocked > 0
            else "The work is in the best order found already."
        )
    st.button(
        "Put the work in the best order",
        key="present.best_order",
        disabled=best is not None and best.value_unlocked <= 0,
        on_click=put_in_best_order,
    )


def put_in_best_order() -> None:
    """The same change as the Interventions page's re-sequence, on top of the session's scenario."""
    best = cache.best_order(state.current_changes())
    if best.value_unlocked <= 0:
        state.refuse("The work is in the best order found already: no order tried adds value.")
        return
    state.push_change({"op": "sequence", "order": list(best.order)})


def one_sentence(diff, pf, changes: list[dict]) -> str:
    """The room's one sentence: what the scenario does, what that costs and gains, and the net."""
    effects = join_words(comparison_parts(diff, pf.currency))
    net = money_short(diff.net_value_change, pf.currency, signed=True)
    return f"{describe_changes(changes, pf)}: {effects}; net value change {net} over the planning period."
