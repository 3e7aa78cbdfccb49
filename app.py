"""The Value Management Office: what-ifs for executives, in money.

streamlit run app.py        (or `make run`, which also sets everything up)
"""

import streamlit as st

st.set_page_config(page_title="Value Management Office", page_icon=":material/payments:", layout="wide")

PAGES = [
    st.Page("pages/portfolio.py", title="Portfolio", icon=":material/dashboard:", default=True),
    st.Page("pages/whatif.py", title="What-if", icon=":material/science:"),
    st.Page("pages/sequencing.py", title="Sequencing", icon=":material/low_priority:"),
    st.Page("pages/constraint.py", title="Constraint", icon=":material/filter_alt:"),
    st.Page("pages/intake.py", title="Intake", icon=":material/input:"),
    st.Page("pages/stop.py", title="Stop or continue", icon=":material/block:"),
    st.Page("pages/benefits.py", title="Benefits", icon=":material/trending_up:"),
    st.Page("pages/forecast.py", title="Forecast", icon=":material/stacked_line_chart:"),
    st.Page("pages/interventions.py", title="Interventions", icon=":material/checklist:"),
    st.Page("pages/boardpack.py", title="Board pack", icon=":material/slideshow:"),
    st.Page("pages/scenarios.py", title="Scenarios", icon=":material/compare:"),
    st.Page("pages/data.py", title="Data", icon=":material/table:"),
]

st.navigation(PAGES).run()  # each page draws the shared sidebar itself: see vmo_ui.guard
