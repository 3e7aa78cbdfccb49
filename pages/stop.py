import streamlit as st

import vmo_ui as ui

pf = ui.guard()
st.title("stop")
st.info("This page is being built.")
