"""Intake: what accepting a proposal delays and costs, and where in the list it pays best."""

import streamlit as st

import vmo_ui as ui
from vmo_core.decisions.intake import intake
from vmo_core.engine.ranks import cd3_index
from vmo_core.present import charts
from vmo_core.present.format import ordinal
from vmo_core.present.sentences import describe_intake

pf = ui.guard()
st.title("Intake")
scenario = ui.decision_scenario()
plan = ui.scenario_schedule().plan
waiting = [p.id for p in pf.projects if p.status == "proposed" and p.id not in plan.order]
if not waiting:
    st.info("No proposal is waiting for intake: every proposed project is already in this scenario's plan.")
    st.stop()
names = {p.id: p.label for p in pf.projects}

# ---------------------------------------------------------------- inputs
pick, where, place = st.columns([2, 1, 1], vertical_alignment="bottom")
proposal = pick.selectbox("Proposal", waiting, format_func=lambda p: f"{p}  {names.get(p, '')}", key="intake.proposal")
position = None
if not ui.presenting():
    by_cd3 = where.toggle("Where CD3 puts it", value=True, key="intake.by_cd3")
    if not by_cd3:
        position = int(
            place.number_input(
                "Place in the list (1 = first)",
                min_value=1,
                max_value=len(plan.order) + 1,
                value=cd3_index(plan, proposal) + 1,
                key="intake.position",
                help="Projects in flight are scheduled first wherever they sit in the list.",
            )
        )
result = intake(pf, proposal, position=position, scenario=scenario)
chosen, best = result.chosen, result.best

# ---------------------------------------------------------------- the answer
st.caption(f"Accepted {ordinal(chosen.position)} in the list" + (", where CD3 puts it." if result.by_cd3 else "."))
own, delay, net, verdict = st.columns(4)
own.metric("Its own value", ui.cash(chosen.own_value), help=f"Exactly {ui.cash_full(chosen.own_value)} over the horizon.")
delay.metric(
    "Cost of the delays it causes",
    ui.cash(chosen.delay_cost),
    help=f"Exactly {ui.cash_full(chosen.delay_cost)}: value the projects it pushes back lose.",
)
net.metric(
    "Net value change",
    ui.cash(chosen.net_value_change, signed=True),
    help=f"Exactly {ui.cash_full(chosen.net_value_change, signed=True)}: its value, less the delays and its spend "
    f"({ui.cash_full(chosen.own_cost)}).",
)
verdict.metric(
    "Recommendation",
    {"accept": "Accept", "accept_elsewhere": f"Accept {ordinal(best.position)}", "decline": "Decline"}[result.recommendation],
    delta=ui.cash(best.net_value_change, signed=True) + " net" if result.recommendation == "accept_elsewhere" else None,
)
ui.say(describe_intake(result, pf))

ui.chart(
    charts.intake_places(result, pf.currency, title="Net value change, by the place it is accepted"),
    key="intake.places",
)

if not ui.presenting():
    tried, better, _ = st.columns([1, 1, 2])
    if tried.button("Try it in the What-if", type="primary", key="intake.try"):
        change = {"op": "add", "project": proposal}
        if not result.by_cd3:
            change["position"] = chosen.position
        ui.try_in_whatif([change])
    if best is not chosen and better.button(f"Try it {ordinal(best.position)} in the What-if", key="intake.try_best"):
        ui.try_in_whatif([{"op": "add", "project": proposal, "position": best.position}])

    st.subheader("What it delays")
    delayed = chosen.delayed
    if delayed:
        st.dataframe(
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
        st.text("Nothing: every project in the plan is delivered when it was.")
