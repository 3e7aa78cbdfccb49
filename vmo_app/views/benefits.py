"""Benefits: each business case's promise against the plan's forecast, in money and dates.

The plan by default, said in a label over the figures; when this session has a scenario open,
its figure stands beside the plan's, labelled, and a choice shows its business cases instead.
A stopped project's business case stays listed, as stopped, with the benefit forgone."""

import streamlit as st

from vmo_app import cache, state
from vmo_app import widgets as ui
from vmo_core.present import charts
from vmo_core.present.format import day, plural
from vmo_core.present.sentences import describe_benefits, describe_changes

RAG_WORDS = {"green": "Green: on track", "amber": "Amber: short", "red": "Red: well short"}
PLAN, SCENARIO = "The plan", "This session's scenario"


def scenario_words(changes: list[dict]) -> str:
    said = describe_changes(changes, pf)
    return said[:1].lower() + said[1:]


def late_by(weeks: int | None) -> str:
    """'6 weeks', 'on time', 'early', or 'not delivered' for a project the plan cannot schedule."""
    if weeks is None:
        return "not delivered"
    return plural(weeks, "week") if weeks > 0 else "on time" if weeks == 0 else "early"


pf = ui.guard()
ui.title("Benefits")
ui.plan_note(pf)
changes = state.current_changes()
if changes and ui.comparison(changes) is None:
    st.stop()
plan_report = cache.benefits([])
scenario_report = cache.benefits(changes) if changes else None
shown = PLAN
if scenario_report is not None:
    shown = ui.choose(st, "Show", [PLAN, SCENARIO], horizontal=True, key="benefits.view")
report = scenario_report if shown == SCENARIO else plan_report
lines = list(report.projects)
if not lines and not report.stopped:
    ui.nothing_to_show("No project carries a business-case promise (a promised finish date) to track.")

# ---------------------------------------------------------------- the headline, plan or scenario said
ui.strong(
    "Against the plan as it stands."
    if shown == PLAN
    else "Against this session's scenario (not yet the plan): " + scenario_words(changes) + "."
)
at_risk = ": promised value not now forecast, over every case that falls short."
if scenario_report is None:
    risk, red, amber, green = st.columns([4, 3, 3, 3])  # the money's label reads whole at 1280 px
    ui.money_metric(risk, "Promised value at risk", report.value_at_risk, then=at_risk)
else:
    risk, risk_scenario, _ = st.columns(3)
    ui.money_metric(risk, "At risk in the plan", plan_report.value_at_risk, then=at_risk)
    ui.money_metric(
        risk_scenario,
        "At risk in the scenario",
        scenario_report.value_at_risk,
        then=at_risk,
        delta=ui.cash(scenario_report.value_at_risk - plan_report.value_at_risk, signed=True),
    )
    red, amber, green = st.columns(3)
for column, colour in ((red, "red"), (amber, "amber"), (green, "green")):
    ui.metric(column, RAG_WORDS[colour], sum(1 for b in lines if b.rag == colour))
ui.say(describe_benefits(report, pf.currency))

if report.value_at_risk > 0:
    ui.subheader("Where promised value is at risk")
    ui.chart(charts.benefit_gaps(report, pf.currency), key="benefits.gaps")
if lines:
    ui.subheader("Promised against forecast value")
    ui.chart(charts.benefit_bars(report, pf.currency), key="benefits.bars")
    ui.note(
        "Green: forecast within 5% of the promise; amber: within 20%; red: further short, or no longer deliverable. "
        f"Each value is counted to {ui.day(pf.settings.horizon_weeks)}, the promise at its promised date and value a week."
    )

# ---------------------------------------------------------------- stopped: the business case stays, as forgone
if report.stopped:
    ui.subheader("Stopped: benefit forgone")
    ui.table(
        [
            {
                "Project": b.name or b.id,
                "Status": "Stopped",
                "Promised for": day(b.promised_finish),
                "Benefit forgone": ui.cash_full(b.promised_value),
            }
            for b in report.stopped
        ],
        hide_index=True,
        width="stretch",
    )

# ---------------------------------------------------------------- the table
if not state.presenting() and lines:
    rows = sorted(lines, key=lambda b: -b.value_shortfall)
    ui.table(
        [
            {
                "Project": b.name or b.id,
                "RAG": b.rag.capitalize(),
                "Promised for": day(b.promised_finish),  # the date promised, as written
                "Forecast": ui.day(b.forecast_finish_week),
                "Late by": late_by(b.slip_weeks),
                "Promised value": ui.cash_full(b.promised_value),
                "Forecast value": ui.cash_full(b.forecast_value),
                "Shortfall": ui.cash_full(b.value_shortfall),
            }
            for b in rows
        ],
        hide_index=True,
        width="stretch",
    )
