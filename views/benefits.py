"""Benefits: each business case's promise against today's forecast, in money and dates."""

import streamlit as st

import vmo_ui as ui
from vmo_core.decisions.benefits import benefits
from vmo_core.present import charts
from vmo_core.present.sentences import describe_benefits

RAG_WORDS = {"green": "Green: on track", "amber": "Amber: short", "red": "Red: well short"}

pf = ui.guard()
st.title("Benefits")
scenario = ui.decision_scenario()
report = benefits(pf, scenario=scenario)
lines = list(report.projects)
if not lines:
    st.info("No project carries a business-case promise (a promised finish date) to track.")
    st.stop()

# ---------------------------------------------------------------- the headline
risk, red, amber, green = st.columns(4)
risk.metric(
    "Promised value at risk",
    ui.cash(report.value_at_risk),
    help=f"Exactly {ui.cash_full(report.value_at_risk)}: promised value not now forecast, over every case that falls short.",
)
for column, colour in ((red, "red"), (amber, "amber"), (green, "green")):
    column.metric(RAG_WORDS[colour], sum(1 for b in lines if b.rag == colour))
ui.say(describe_benefits(report, pf.currency))

if report.value_at_risk > 0:
    st.subheader("Where promised value is at risk")
    ui.chart(charts.benefit_gaps(report, pf.currency), key="benefits.gaps")
st.subheader("Promised against forecast value, every business case")
ui.chart(charts.benefit_bars(report, pf.currency), key="benefits.bars")
ui.note(
    "Green: forecast within 5% of the promise; amber: within 20%; red: further short, or no longer deliverable. "
    "Each value is counted over the horizon, the promise at its promised date and value a week."
)

# ---------------------------------------------------------------- the table
if not ui.presenting():
    rows = sorted(lines, key=lambda b: -b.value_shortfall)
    st.dataframe(
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
