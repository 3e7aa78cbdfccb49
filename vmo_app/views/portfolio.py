"""Portfolio: the economics at a glance."""

import streamlit as st

from vmo_app import cache, likely, review_widgets
from vmo_app import widgets as ui
from vmo_core.present import charts
from vmo_core.present.as_written import describe_plan_as_written
from vmo_core.present.sentences import describe_constraint, describe_week_of_delay

pf = ui.guard()
plan = cache.baseline()
delays = cache.delay_costs()
report = cache.constraints()
promises = cache.benefits()
expected = likely.forecast()

ui.title("Portfolio")
ui.plan_note(pf)
ui.note(f"As of {ui.day(0)}; value counted over {pf.settings.horizon_weeks} weeks, to {ui.day(pf.settings.horizon_weeks)}.")
review_widgets.since_last_review()

# two rows of at most three: a projector's width reads a label of about 30 characters in full
value, expected_value, risk = st.columns(3)
ui.money_metric(
    value,
    "The plan's value",
    plan.total_value,
    then=f" over the horizon, for {ui.cash_full(plan.total_cost)} of spend.",
)
likely.likely_metric(expected_value if expected else risk, expected)
ui.metric(risk if expected else expected_value, "Value at risk (business cases)", ui.cash(promises.value_at_risk))
delay, constraint = st.columns([1, 2])  # the constraint names its team in its label
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

likely.stretch_note(expected)
written = cache.plan_as_written()  # None unless the plan carries its dates: then nothing is said
if written is not None:
    if written.late:
        gap, _ = st.columns([1, 2])
        ui.money_metric(
            gap,
            "Plan as written: value delayed",
            written.value_delayed,
            then=": what the projects the teams cannot start when the plan says lose by starting later.",
        )
    ui.say(describe_plan_as_written(written, pf.currency))
ui.say(" ".join(filter(None, [describe_constraint(report, pf.currency), describe_week_of_delay(delays, pf.currency)])))

rows = 40  # more than a projector can show
scheduled = len(plan.projects) - len(plan.unschedulable)
ui.subheader("The plan" if scheduled <= rows else f"The plan: the first {rows} of {scheduled} projects")
ui.chart(charts.gantt(plan, limit=rows), key="portfolio.gantt")  # the page's width: a timeline needs it
ui.subheader("Where a week of delay costs most")
ui.table(
    [{"Project": p.name, "Delivered": ui.day(p.finish_week), "A week later": ui.cash(p.cost)} for p in delays.costliest(8)],
    hide_index=True,
    width="stretch",
)
if written is not None and written.late:
    ui.subheader("Cannot start when planned")
    ui.table(
        [
            {
                "Project": p.name,
                "Planned start": ui.day(p.written_start_week),
                "Can start": ui.day(p.start_week) if p.start_week is not None else "Cannot be scheduled",
                "Value delayed": ui.cash(p.value_delayed),
            }
            for p in written.late[:rows]
        ],
        hide_index=True,
        width="stretch",
    )
unschedulable = plan.unschedulable
if unschedulable:
    ui.subheader("Cannot be scheduled")
    ui.table([{"Project": p.name, "Why": p.reason} for p in unschedulable], hide_index=True, width="stretch")
