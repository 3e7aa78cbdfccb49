"""The session's scenario in the page's address, so that a reload (F5) or a copied address keeps it.

The address says what the session holds, on every run (`keep`):
- `?scenario=NAME`: the saved scenario NAME, exactly as saved (a shared link);
- `?scenario=NAME&changes=CODE`: NAME edited since, its changes now CODE;
- `?changes=CODE`: an unsaved scenario.
CODE is the change list as compact JSON, compressed and in URL-safe base64: a dozen changes
take about a hundred characters. A fresh session (a reload, a link opened) reads it back once
(`restore`), before the shared link's own opening (`state.open_shared_scenario`), which it
then leaves alone. An address that cannot be read, or whose changes no longer fit the
portfolio, changes nothing: the session starts from the plan, saying why.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import zlib

import streamlit as st

from vmo_app import cache, state

CODE = "changes"  # the query parameter that holds the session's change list
READ = "vmo.address_read"  # this session has read its address
UNREAD = "vmo.address_unread"  # why the address's changes were not taken, said once
MOST_CHARS = 20_000  # of CODE: far above any scenario a meeting makes
MOST_BYTES = 400_000  # of the JSON CODE unpacks to
MOST_CHANGES = 1_000

log = logging.getLogger("vmo_app")


def encode(changes: list[dict]) -> str:
    text = json.dumps(changes, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
    return base64.urlsafe_b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii").rstrip("=")


def decode(code: str) -> list[dict] | None:
    """The change list `code` holds, or None when it is not one (too long, not ours, not a list of changes)."""
    if not isinstance(code, str) or not code or len(code) > MOST_CHARS:
        return None
    try:
        packed = base64.urlsafe_b64decode(code + "=" * (-len(code) % 4))
        unpacker = zlib.decompressobj()
        raw = unpacker.decompress(packed, MOST_BYTES)
        if unpacker.unconsumed_tail or not unpacker.eof:
            return None
        changes = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, zlib.error, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(changes, list) or len(changes) > MOST_CHANGES:
        return None
    if not all(isinstance(c, dict) and isinstance(c.get("op"), str) for c in changes):
        return None
    return changes


def restore() -> None:
    """Once per session: the scenario the address names becomes the session's (see the module)."""
    if st.session_state.get(READ):
        return
    st.session_state[READ] = True
    code = st.query_params.get(CODE)
    if not code:
        return
    changes = decode(code)
    try:
        fits = changes is not None and cache.try_comparison(changes)[0] is not None
    except Exception:  # noqa: BLE001 - crafted changes the core cannot read: no scenario, said
        log.exception("The address's changes could not be worked out")
        fits = False
    if not fits:
        st.session_state[UNREAD] = (
            "The scenario in this page's address could not be read or no longer fits the portfolio, "
            "so the plan as it stands is shown."
        )
        del st.query_params[CODE]
        return
    name = st.query_params.get(state.LINK) or ""
    saved = cache.store().scenario(name) if name else None
    state.set_changes(changes, name=name if saved is not None else "")
    if saved is not None:
        st.session_state[state.AS_SAVED] = list(saved["changes"])
    st.session_state[state.SHARED_LOADED] = name  # the link's own opening would replace these changes


def keep() -> None:
    """The address says what the session holds now (a change of page drops the query parameters)."""
    name, changes = state.scenario_name(), state.current_changes()
    _put(state.LINK, name or None)
    _put(CODE, encode(changes) if changes and (not name or state.modified()) else None)


def take_unread() -> str | None:
    return st.session_state.pop(UNREAD, None)


def _put(key: str, value: str | None) -> None:
    if value is None:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value
