"""Benefits: each business case's promise against today's forecast, in money and dates."""

import streamlit as st

from vmo_app import cache, state
from vmo_app import widgets as ui
from vmo_core.present import charts
from vmo_core.present.sentences import describe_benefits

RAG_WORDS = {"green": "Green: on track", "amber": "Amber: short", "red": "Red: well short"}

pf, changes = ui.decision_page("Benefits")
report = cache.benefits(changes)
lines = list(report.projects)
if not lines:
    ui.nothing_to_show("No project carries a business-case promise (a promised finish date) to track.")

# ---------------------------------------------------------------- the headline
risk, red, amber, green = st.columns(4)
ui.money_metric(
    risk,
    "Promised value at risk",
    report.value_at_risk,
    then=": promised value not now forecast, over every case that falls short.",
)
for column, colour in ((red, "red"), (amber, "amber"), (green, "green")):
    ui.metric(column, RAG_WORDS[colour], sum(1 for b in lines if b.rag == colour))
ui.say(describe_benefits(report, pf.currency))

if report.value_at_risk > 0:
    ui.subheader("Where promised value is at risk")
    ui.chart(charts.benefit_gaps(report, pf.currency), key="benefits.gaps")
ui.subheader("Promised against forecast value, every business case")
ui.chart(charts.benefit_bars(report, pf.currency), key="benefits.bars")
ui.note(
    "Green: forecast within 5% of the promise; amber: within 20%; red: further short, or no longer deliverable. "
    f"Each value is counted to {ui.day(pf.settings.horizon_weeks)}, the promise at its promised date and value a week."
)

# ---------------------------------------------------------------- the table
if not state.presenting():
    rows = sorted(lines, key=lambda b: -b.value_shortfall)
    ui.table(
        [
            {
                "Project": f"{b.id}  {b.name}",
                "RAG": b.rag.capitalize(),
                "Promised for": ui.day(b.promised_finish_week),
                "Forecast": ui.day(b.forecast_finish_week),
                "Slip (weeks)": b.slip_weeks,
                "Promised value": ui.cash_full(b.promised_value),
                "Forecast value": ui.cash_full(b.forecast_value),
                "Shortfall": ui.cash_full(b.value_shortfall),
            }
            for b in rows
        ],
        hide_index=True,
        width="stretch",
    )
