"""Intake: what accepting a proposal delays and costs, and where in the list it pays best."""

import streamlit as st

from vmo_app import cache, state
from vmo_app import widgets as ui
from vmo_app.controls import BY_CD3_HELP
from vmo_core.present.format import ordinal
from vmo_core.present.sentences import describe_intake

pf, changes = ui.decision_page("Intake")
proposals = cache.proposals(changes)
if not proposals.waiting:
    ui.nothing_to_show("No proposal is waiting for intake: every proposed project is already in this scenario's plan.")

# ---------------------------------------------------------------- inputs
pick, where, place = st.columns([2, 1, 1], vertical_alignment="bottom")
proposal = ui.select(pick, "Proposal", proposals.ids, format_func=lambda p: proposals.get(p).name or p, key="intake.proposal")
position = None  # the place control is the room's too: presentation mode keeps it
by_cd3 = where.toggle("At its natural place", value=True, key="intake.by_cd3", help=ui.escaped(BY_CD3_HELP))
if not by_cd3:
    position = int(
        place.number_input(
            "Place in the list (1 = first)",
            min_value=1,
            max_value=proposals.last_place,
            value=proposals.get(proposal).cd3_place,
            key="intake.position",
            help="Projects in flight are scheduled first wherever they sit in the list.",
        )
    )
result = cache.intake(changes, proposal=proposal, position=position)
chosen, best = result.chosen, result.best

# ---------------------------------------------------------------- the answer
ui.note(f"Accepted {ordinal(chosen.position)} in the list" + (", its natural place." if result.by_cd3 else "."))
own, delay, net = st.columns(3)  # at a projector's size, three to a row read in full
ui.money_metric(own, "Its own value", chosen.own_value, then=" over the horizon.")
ui.money_metric(
    delay,
    "Value lost to delays",
    chosen.comparison.value_lost_to_delays,
    then=": what the projects it pushes back lose"
    + (
        f"; it also brings {ui.cash_full(chosen.comparison.value_gained_sooner)} forward."
        if chosen.comparison.value_gained_sooner
        else "."
    ),
)
ui.money_metric(
    net,
    "Net value change",
    chosen.net_value_change,
    signed=True,
    then=f": its value, less the delays and its spend ({ui.cash_full(chosen.own_cost)}).",
)
verdict, _ = st.columns([3, 1])
ui.metric(
    verdict,
    "Recommendation",
    {"accept": "Accept", "accept_elsewhere": f"Accept {ordinal(best.position)}", "decline": "Decline"}[result.recommendation],
    delta=ui.cash(best.net_value_change, signed=True) + " net" if result.recommendation == "accept_elsewhere" else None,
)
ui.say(describe_intake(result, pf))

ui.chart(
    cache.intake_chart(changes, proposal=proposal, position=position, title="Net value change, by the place it is accepted"),
    key="intake.places",
)

tried, better, _ = st.columns([1, 1, 2])
if tried.button("Try it in the What-if", type="primary", key="intake.try"):
    change = {"op": "add", "project": proposal}
    if not result.by_cd3:
        change["position"] = chosen.position
    ui.try_in_whatif([change])
if best is not chosen and better.button(ui.escaped(f"Try it {ordinal(best.position)} in the What-if"), key="intake.try_best"):
    ui.try_in_whatif([{"op": "add", "project": proposal, "position": best.position}])

if not state.presenting():
    ui.subheader("What it delays")
    delayed = chosen.delayed
    if delayed:
        ui.table(
            [
                {
                    "Project": f"{d.id}  {d.name}",
                    "Was delivered": ui.day(d.base_finish_week),
                    "Now delivered": ui.day(d.scenario_finish_week),
                    "Weeks later": d.finish_delta_weeks,
                    "Value lost": ui.cash_full(-d.value_delta),
                }
                for d in delayed
            ],
            hide_index=True,
            width="stretch",
        )
    else:
        ui.text("Nothing: every project in the plan is delivered when it was.")
