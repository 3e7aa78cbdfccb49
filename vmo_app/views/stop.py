"""Stop or continue: the net value of stopping each project today. The question is about work in
flight, so the page leads with the `active` projects, missed least first; those not started yet
follow, apart."""

import streamlit as st

from vmo_app import cache, state
from vmo_app import widgets as ui
from vmo_core.present import charts
from vmo_core.present.format import plural
from vmo_core.present.sentences import describe_stop

MOST = 15  # bars of the in-flight chart
MOST_NOT_STARTED = 10

pf, changes = ui.decision_page("Stop or continue")
ranking = cache.stop_ranking(changes)
options = list(ranking.projects)
if not options:
    ui.nothing_to_show("No project is scheduled, so there is nothing to stop.")
flying, waiting = list(ranking.in_flight), list(ranking.not_started)
top = ranking.missed_least
paying = [o for o in flying or waiting if o.net_value_change > 0]
kind = "in flight" if flying else "not started yet"

# ---------------------------------------------------------------- the headline: the work in flight
# the project's name on a row of its own: at a projector's size it needs the width
first, _ = st.columns([3, 1])
ui.metric(
    first,
    f"Missed least if stopped, of the projects {kind}",
    top.name or top.id,
    help=f"Its id in the portfolio: {top.id}.",
)
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
    gain,
    "Would pay to stop",  # short: three figures share the row at 1280 px beside the sidebar
    len(paying),
    help=f"Projects {kind} whose stopping today, any one of them, raises the portfolio's net value.",
)
ui.say(describe_stop(top, pf.currency))
if not flying:
    ui.say("No project is in flight: every scheduled project has yet to start.")
elif top.net_value_change <= 0:
    ui.say("No project in flight pays to stop: every one is worth more than its spend and the room it takes.")


def _bars(rows, *, most: int, title: str, key: str) -> None:
    shown = type(ranking)(tuple(rows))
    ui.chart(charts.stop_bars(shown, pf.currency, most=most, title=title), key=key)
    if len(rows) > most:
        where = ui.words(desk="; every one is in the table below")
        ui.note(f"The {most} that would be missed least, of {plural(len(rows), 'project')}{where}.")


if flying:
    _bars(flying, most=MOST, title="In flight: net value change of stopping each today", key="stop.bars")
if waiting:
    ui.subheader("Not started yet")
    _bars(
        waiting,
        most=MOST_NOT_STARTED,
        title="Not started yet: net value change of stopping each today",
        key="stop.bars.not_started",
    )

# ---------------------------------------------------------------- try it, and the table
if not state.presenting():
    listed = flying + waiting
    pick, go = st.columns([3, 1], vertical_alignment="bottom")
    names = {o.id: o.name for o in listed}
    target = ui.select(pick, "Project to stop", [o.id for o in listed], format_func=lambda p: names[p] or p, key="stop.project")
    if go.button("Try stopping it in the What-if", type="primary", key="stop.try", width="stretch"):
        ui.try_in_whatif([{"op": "stop", "project": target}])

    ui.table(
        [
            {
                "Project": o.name or o.id,
                "Status": "In flight" if o.in_flight else "Not started yet",
                "Net if stopped": ui.cash_full(o.net_value_change, signed=True),
                "Its value lost": ui.cash_full(o.value_lost),
                "Spend saved": ui.cash_full(o.spend_saved),
                "Others gain": ui.cash_full(o.others_gain, signed=True),
                "Projects that move": len(o.moves),
            }
            for o in listed
        ],
        hide_index=True,
        width="stretch",
    )
    ui.note("Others gain: value the remaining projects earn by landing sooner once its people are free.")
