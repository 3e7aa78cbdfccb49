"""Portfolio: the economics at a glance."""

import streamlit as st

import vmo_ui as ui
from vmo_core.engine.evaluation import cost_of_delay_per_week
from vmo_core.present import charts
from vmo_core.present.sentences import describe_constraint

pf = ui.guard()
plan = ui.baseline()
cod = cost_of_delay_per_week(plan)
report = ui.decision("constraints")
promises = ui.decision("benefits")

st.title("Portfolio")
st.caption(f"As of {ui.day(0)}; value counted over {pf.settings.horizon_weeks} weeks, to {ui.day(pf.settings.horizon_weeks)}.")

value, delay, constraint, risk = st.columns(4)
value.metric(
    "Value delivered over the horizon",
    ui.cash(plan.total_value),
    help=f"Exactly {ui.cash_full(plan.total_value)}, for {ui.cash_full(plan.total_cost)} of spend.",
)
delay.metric(
    "Cost of delay, per week", ui.cash(sum(cod.values())), help="What one more week of waiting on every project would cost."
)
if report.binding:
    pool = report.pool(report.constraint)
    constraint.metric(f"The constraint: {pool.name}", ui.cash(pool.shadow_price), help="One more FTE there, over the horizon.")
else:
    constraint.metric("The constraint", "None")
risk.metric("Value at risk against business cases", ui.cash(promises.value_at_risk))

st.text(describe_constraint(report, pf.currency))

left, right = st.columns([3, 2])
with left:
    rows = 40  # more than a projector can show
    scheduled = sum(1 for p in plan.projects if p.scheduled)
    st.subheader("The plan" if scheduled <= rows else f"The plan: the first {rows} of {scheduled} projects")
    ui.chart(charts.gantt(plan, limit=rows), key="portfolio.gantt")
with right:
    st.subheader("Where a week of delay costs most")
    costly = sorted(cod.items(), key=lambda item: -item[1])[:8]
    by_id = plan.by_id
    st.dataframe(
        [{"Project": by_id[p].name, "Delivered": ui.day(by_id[p].finish_week), "A week later": ui.cash(c)} for p, c in costly],
        hide_index=True,
        width="stretch",
    )
    unschedulable = plan.unschedulable
    if unschedulable:
        st.subheader("Cannot be scheduled")
        st.dataframe([{"Project": p.name, "Why": p.reason} for p in unschedulable], hide_index=True, width="stretch")
