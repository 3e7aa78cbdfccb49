import streamlit as st

import vmo_ui as ui

pf = ui.guard()
st.title("constraint")
st.info("This page is being built.")
