"""Stop or continue: the net value of stopping each project today; the top one would be missed least."""

import streamlit as st

from vmo_app import cache, state
from vmo_app import widgets as ui
from vmo_core.present import charts
from vmo_core.present.sentences import describe_stop

MOST = 15

pf, changes = ui.decision_page("Stop or continue")
ranking = cache.stop_ranking(changes)
options = list(ranking.projects)
if not options:
    ui.nothing_to_show("No project is scheduled, so there is nothing to stop.")
top = options[0]
paying = [o for o in options if o.net_value_change > 0]

# ---------------------------------------------------------------- the headline
# the project's name on a row of its own: at a projector's size it needs the width
first, _ = st.columns([3, 1])
ui.metric(first, "Missed least if stopped", top.name or top.id, help=f"Its id in the portfolio: {top.id}.")
net, lost, gain = st.columns(3)
ui.money_metric(
    net,
    "Net value change of stopping it",
    top.net_value_change,
    signed=True,
    then=": spend saved and others sooner, less its own value.",
)
ui.money_metric(lost, "Its own value lost", top.value_lost)
ui.metric(
    gain, "Projects that would pay to stop", len(paying), help="Stopping any one of them today raises the portfolio's net value."
)
ui.say(describe_stop(top, pf.currency))
if top.net_value_change <= 0:
    ui.say("No project pays to stop: every one is worth more than its spend and the room it takes.")

ui.chart(
    charts.stop_bars(ranking, pf.currency, most=MOST, title="Net value change of stopping each project today"),
    key="stop.bars",
)
if len(options) > MOST:
    ui.note(f"The {MOST} projects that would be missed least, of {len(options)}; every one is in the table below.")

# ---------------------------------------------------------------- try it, and the table
if not state.presenting():
    pick, go = st.columns([3, 1], vertical_alignment="bottom")
    names = {o.id: o.name for o in options}
    target = ui.select(
        pick, "Project to stop", [o.id for o in options], format_func=lambda p: f"{p}  {names[p]}", key="stop.project"
    )
    if go.button("Try stopping it in the What-if", type="primary", key="stop.try", width="stretch"):
        ui.try_in_whatif([{"op": "stop", "project": target}])

    ui.table(
        [
            {
                "Project": f"{o.id}  {o.name}",
                "Net if stopped": ui.cash_full(o.net_value_change, signed=True),
                "Its value lost": ui.cash_full(o.value_lost),
                "Spend saved": ui.cash_full(o.spend_saved),
                "Others gain": ui.cash_full(o.others_gain, signed=True),
                "Projects that move": len(o.moves),
            }
            for o in options
        ],
        hide_index=True,
        width="stretch",
    )
    ui.note("Others gain: value the remaining projects earn by landing sooner once its people are free.")
