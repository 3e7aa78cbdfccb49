"""The Value Management Office: what-ifs for executives, in money.

streamlit run app.py        (or `make run`, which also sets everything up)
"""

import streamlit as st

from vmo_app import auth, boundary, clearing, presentation, state, uploading

# No traceback on the screen even for an error the page boundary does not see (a widget's
# callback, say): Streamlit says only that something went wrong, the details go to the log.
# .streamlit/config.toml says the same for `streamlit run` from here; this covers any start.
st.set_option("client.showErrorDetails", "none")
# A table's own "download as CSV" writes a name such as =HYPERLINK(...) as it is, and Excel
# runs it; the Data page's downloads neutralise such cells, so the tables' export is off.
st.set_option("client.disableDataExport", True)
PRESENTING = state.presenting()  # for the room: no sidebar, the pages along the top (vmo_app.presentation)
st.set_page_config(
    page_title="Value Management Office",
    page_icon="💷",
    layout="wide",
    # Folded after the room too: leaving presentation mode must not reflow the page in front of it.
    initial_sidebar_state="collapsed" if state.has_presented() else "auto",
)

uploading.guard()  # Streamlit's upload endpoint keeps nothing for a visitor who may not upload
clearing.guard()  # and its "clear cache" message clears nothing for a visitor who may not clear
auth.gate()  # sign-in (when on) before any page: signed out, no portfolio data and no page runs

PAGES = [
    st.Page("vmo_app/views/portfolio.py", title="Portfolio", icon=":material/dashboard:", default=True),
    st.Page("vmo_app/views/review.py", title="Since the last review", icon=":material/history:"),
    st.Page("vmo_app/views/whatif.py", title="What-if", icon=":material/science:"),
    st.Page("vmo_app/views/sequencing.py", title="Sequencing", icon=":material/low_priority:"),
    st.Page("vmo_app/views/constraint.py", title="Constraint", icon=":material/filter_alt:"),
    st.Page("vmo_app/views/intake.py", title="Intake", icon=":material/input:"),
    st.Page("vmo_app/views/stop.py", title="Stop or continue", icon=":material/block:"),
    st.Page("vmo_app/views/benefits.py", title="Benefits", icon=":material/trending_up:"),
    st.Page("vmo_app/views/forecast.py", title="Forecast", icon=":material/stacked_line_chart:"),
    st.Page("vmo_app/views/interventions.py", title="Interventions", icon=":material/checklist:"),
    st.Page("vmo_app/views/boardpack.py", title="Board pack", icon=":material/slideshow:"),
    st.Page("vmo_app/views/scenarios.py", title="Scenarios", icon=":material/compare:"),
    st.Page("vmo_app/views/decisions.py", title="Decisions", icon=":material/gavel:"),
    st.Page("vmo_app/views/data.py", title="Data", icon=":material/table:"),
]

# Each page draws the shared sidebar itself (vmo_app.widgets.guard); a page that fails shows
# what to do instead, its traceback in the server's log (vmo_app.boundary.shown_safely).
page = st.navigation(PAGES, position="top" if PRESENTING else "sidebar", expanded=True)  # none behind "View more"
state.keep_presenting_link()
if PRESENTING:  # the What-if draws the bar under its headline itself
    presentation.frame(with_bar=page.url_path != "whatif")
elif state.has_presented():
    presentation.afterwards()
boundary.shown_safely(page)
