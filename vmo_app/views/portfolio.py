"""Portfolio: the economics at a glance."""

import streamlit as st

from vmo_app import cache, review_widgets
from vmo_app import widgets as ui
from vmo_core.present import charts
from vmo_core.present.sentences import describe_constraint

pf = ui.guard()
plan = cache.baseline()
delays = cache.delay_costs()
report = cache.constraints()
promises = cache.benefits()

ui.title("Portfolio")
ui.note(f"As of {ui.day(0)}; value counted over {pf.settings.horizon_weeks} weeks, to {ui.day(pf.settings.horizon_weeks)}.")
review_widgets.since_last_review()

value, delay, constraint, risk = st.columns(4)
ui.money_metric(
    value, "Value delivered over the horizon", plan.total_value, then=f", for {ui.cash_full(plan.total_cost)} of spend."
)
ui.metric(
    delay, "Cost of delay, per week", ui.cash(delays.per_week), help="What one more week of waiting on every project would cost."
)
if report.binding:
    pool = report.pool(report.constraint)
    ui.metric(
        constraint, f"The constraint: {pool.name}", ui.cash(pool.shadow_price), help="One more FTE there, over the horizon."
    )
else:
    ui.metric(constraint, "The constraint", "None")
ui.metric(risk, "Value at risk against business cases", ui.cash(promises.value_at_risk))

ui.text(describe_constraint(report, pf.currency))

left, right = st.columns([3, 2])
with left:
    rows = 40  # more than a projector can show
    scheduled = len(plan.projects) - len(plan.unschedulable)
    ui.subheader("The plan" if scheduled <= rows else f"The plan: the first {rows} of {scheduled} projects")
    ui.chart(charts.gantt(plan, limit=rows), key="portfolio.gantt")
with right:
    ui.subheader("Where a week of delay costs most")
    ui.table(
        [{"Project": p.name, "Delivered": ui.day(p.finish_week), "A week later": ui.cash(p.cost)} for p in delays.costliest(8)],
        hide_index=True,
        width="stretch",
    )
    unschedulable = plan.unschedulable
    if unschedulable:
        ui.subheader("Cannot be scheduled")
        ui.table([{"Project": p.name, "Why": p.reason} for p in unschedulable], hide_index=True, width="stretch")
