"""The Value Management Office: what-ifs for executives, in money.

streamlit run app.py        (or `make run`, which also sets everything up)
"""

import streamlit as st

st.set_page_config(page_title="Value Management Office", page_icon=":material/payments:", layout="wide")

PAGES = [
    st.Page("views/portfolio.py", title="Portfolio", icon=":material/dashboard:", default=True),
    st.Page("views/whatif.py", title="What-if", icon=":material/science:"),
    st.Page("views/sequencing.py", title="Sequencing", icon=":material/low_priority:"),
    st.Page("views/constraint.py", title="Constraint", icon=":material/filter_alt:"),
    st.Page("views/intake.py", title="Intake", icon=":material/input:"),
    st.Page("views/stop.py", title="Stop or continue", icon=":material/block:"),
    st.Page("views/benefits.py", title="Benefits", icon=":material/trending_up:"),
    st.Page("views/forecast.py", title="Forecast", icon=":material/stacked_line_chart:"),
    st.Page("views/interventions.py", title="Interventions", icon=":material/checklist:"),
    st.Page("views/boardpack.py", title="Board pack", icon=":material/slideshow:"),
    st.Page("views/scenarios.py", title="Scenarios", icon=":material/compare:"),
    st.Page("views/data.py", title="Data", icon=":material/table:"),
]

st.navigation(PAGES).run()  # each page draws the shared sidebar itself: see vmo_ui.guard
