"""Interventions: the short list for the steering meeting, ranked by net value, each ready to try."""

import streamlit as st

from vmo_app import adopting, cache, ordering, state
from vmo_app import widgets as ui
from vmo_core.present import charts
from vmo_core.present.sentences import describe_intervention, project_name

LIMIT = 10
ROOM = 5  # moves listed in presentation mode: what a 1280x720 screen shows under the headline


def try_key(item) -> str:
    """A stable key per move: interventions.try.stop.DQ, .accelerate.PAM(.crash), .add_capacity.DATA, .resequence."""
    if item.action == "resequence":
        return "interventions.try.resequence"
    crash = any(float(c.get("crash", 1.0)) != 1.0 for c in item.changes)
    return f"interventions.try.{item.action}.{item.target}" + (".crash" if crash else "")


pf, changes = ui.decision_page("Interventions")
ordering.best_order(changes)  # the re-sequence's order, with its progress bar when it is still to be found
found = ui.computed(
    cache.interventions, changes, waiting="Weighing every stop, acceleration, extra FTE and re-sequencing…", limit=LIMIT
)
items = list(found.interventions)
if not items:
    ui.nothing_to_show("Nothing on the list pays: no single stop, acceleration, extra FTE or re-sequencing raises the net value.")

top = items[0]
best, count, costly = st.columns(3)
ui.money_metric(best, "The single move worth most", top.net_value_change, signed=True, then=" net, over the horizon.")
ui.metric(count, "Moves that pay", len(items), help=f"The best {LIMIT} are listed; each is weighed on its own, not added up.")
ui.metric(costly, "Of them, need money or hires", sum(1 for i in items if i.cost > 0))
ui.say(describe_intervention(top, pf.currency))


def room_list(shown) -> None:
    """The room's list: a line per move, its net and "Try it" (the bar makes it the plan), legible at 1280x720."""
    for rank, item in enumerate(shown, start=1):
        with st.container(border=True, key=f"room-move-{rank}"):  # presentation.STYLE keeps its rows low
            what, net, act = st.columns([6, 2, 1.2], vertical_alignment="center")
            with what:
                ui.strong(f"{rank}. {item.label}")
            with net:
                ui.strong(f"{ui.cash(item.net_value_change, signed=True)} net")
            if act.button("Try it", key=try_key(item), width="stretch"):
                ui.try_in_whatif(item.changes)


def desk_list(shown) -> None:
    """The list with each move's projects, its spend, "Try it" and "Make it the plan"."""
    for rank, item in enumerate(shown, start=1):
        with st.container(border=True, key=f"interventions.item.{rank}"):
            what, net, cost, act = st.columns([4, 3, 2, 2], vertical_alignment="center")  # room for "+£14.3M"
            with what:
                ui.strong(f"{rank}. {item.label}")
                named = [project_name(p, pf) for p in item.moves[:4]]
                moved = ", ".join(named) + (f" and {len(item.moves) - 4} more" if len(item.moves) > 4 else "")
                plural = "s" if len(item.moves) != 1 else ""
                ui.note(f"Moves {len(item.moves)} project{plural}: {moved}." if item.moves else "Moves no project's delivery.")
            ui.metric(net, "Net value change", ui.cash(item.net_value_change, signed=True))
            ui.metric(cost, "Extra spend", ui.cash(item.cost), help="Money or hires it takes; spend saved is in the net.")
            if act.button("Try it", key=try_key(item), width="stretch"):
                ui.try_in_whatif(item.changes)
            adopting.offer_move(item, rank=rank, session=changes, where=act)


if state.presenting():  # the moves first: the room acts on them; the chart below weighs them all
    room_list(items[:ROOM])
ui.chart(
    charts.intervention_bars(items, pf.currency, title="Net value change of each move, on its own"), key="interventions.bars"
)
ui.note(
    "Each figure is net: value sooner, less any spend or hiring it takes. They are alternatives; do not add them up. "
    "The new order is the best order found, the one the Sequencing page shows."
)
if not state.presenting():
    desk_list(items)
