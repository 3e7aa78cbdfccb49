"""The error boundary around every page: no traceback ever reaches the screen.

A page that fails is replaced by a message saying what to do (check the portfolio on the
Data page, or reset the scenario); the traceback goes to the server's log.
"""

from __future__ import annotations

import logging

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from vmo_app import state
from vmo_app.widgets import DATA, error
from vmo_core.errors import VmoError

FAILED = "This page could not be shown"  # how the boundary's message starts (tests look for it)
log = logging.getLogger("vmo_app")  # to the server's log (stderr), with the traceback of a page that failed


def shown_safely(page) -> None:
    """Run the page chosen by st.navigation; if it fails, its place shows what to do instead.

    No traceback reaches the screen: it goes to the server's log. Streamlit's own control flow
    (st.stop, st.rerun, st.switch_page raise ScriptControlException, a BaseException) passes.
    """
    holder = st.empty()
    try:
        with holder.container():
            page.run()
    except ScriptControlException:
        raise
    except Exception as exc:  # noqa: BLE001 - the boundary: whatever a page raises, the visitor gets a way on
        log.exception("The %s page could not be shown", getattr(page, "title", "?"))
        with holder.container():
            page_failed(exc)


def page_failed(exc: Exception) -> None:
    """What a visitor sees in place of a page that failed: why in a word, and two ways on."""
    why = str(exc) if isinstance(exc, VmoError) and str(exc) else "its figures could not be worked out"
    error(
        f"{FAILED}: {why.rstrip('.')}. The portfolio may hold figures outside what the VMO handles; "
        "check it on the Data page. If this session has a what-if scenario, resetting it may help."
    )
    data, reset, _ = st.columns([1, 1, 2])
    data.page_link(DATA, label="Check the portfolio on the Data page", icon=":material/table:")
    reset.button("Reset the scenario", key="vmo.failed.reset", on_click=state.reset, width="stretch")
