"""What Streamlit's "clear cache" message may do: nothing, for a session whose user may not.

Any browser connected to the app can send the `clear_cache` back message (the developer menu's
"Clear cache", or a crafted websocket frame), and Streamlit's runtime then empties every
`st.cache_data` and `st.cache_resource` of the process, for every session: each cached answer
(`vmo_app.cache`) is worked out again, and a signed-out visitor could keep every page slow (on
1,000 projects, 0.5 s a view became 1.5 s). `guard()` lets the message through only for a
session whose user may clear the caches (an editor or an admin; with sign-in off, the local
editor); any other session's message is dropped, and the log says so.

It wraps `AppSession._handle_clear_cache_request` of Streamlit's runtime (streamlit 1.67,
pinned in requirements.txt), reading the session's user from what Streamlit keeps for it;
anything it cannot read counts as a user who may not clear.
"""

from __future__ import annotations

import logging
from typing import Any

from vmo_app import identity

log = logging.getLogger("vmo_app")


def guard() -> None:
    """Wrap the handler once, for every session of the process (app.py and `python -m vmo_app` call it)."""
    from streamlit.runtime.app_session import AppSession

    keep = AppSession._handle_clear_cache_request
    if getattr(keep, "vmo_guarded", False):
        return

    def _handle_clear_cache_request(session: Any) -> None:
        if may_clear(session):
            keep(session)

    _handle_clear_cache_request.vmo_guarded = True  # type: ignore[attr-defined]
    _handle_clear_cache_request.__wrapped__ = keep  # type: ignore[attr-defined]
    AppSession._handle_clear_cache_request = _handle_clear_cache_request  # type: ignore[method-assign]


def may_clear(session: Any) -> bool:
    """Whether the session's user may empty every cache of the app."""
    try:
        user = identity.user_of(dict(session._user_info))
    except Exception:  # noqa: BLE001 - Streamlit's insides moved: refuse rather than clear
        log.exception("A request to clear every cache was refused: the session's user could not be read")
        return False
    if not user.may("clear caches"):
        log.warning("A request to clear every cache was refused: the session's user may not clear them")
        return False
    return True
