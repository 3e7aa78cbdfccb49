"""The session's scenario: its changes, undo, its name, saving it and opening a shared link.

Everything a session remembers lives in `st.session_state` under the keys below; pages
read and change it through these functions only. Nothing here draws a page (what is to be
said is kept or returned for `vmo_app.widgets` to say, escaped), so each function is safe
inside a widget callback (a click then costs one run of the page).
"""

from __future__ import annotations

import logging
import os
import urllib.parse
from collections.abc import Callable

import streamlit as st

from vmo_app import cache, writes
from vmo_core.errors import VmoError

CHANGES = "vmo.changes"  # the session's scenario: a list of change dicts
HISTORY = "vmo.history"  # earlier change lists, for undo
FUTURE = "vmo.future"  # change lists undone, for redo
AS_SAVED = "vmo.as_saved"  # the changes of the named scenario as the store holds them: edited since is "modified"
OVERWRITE = "vmo.overwrite"  # a name the sidebar's save would replace, waiting for a yes
NAME = "vmo.scenario_name"
PRESENTING = "vmo.presenting"
PRESENTED = "vmo.presented"  # the session has presented: leaving keeps the room's layout (`has_presented`)
PRESENT_LINK = "present"  # the query parameter that keeps presentation mode across pages and reloads
SHARED_LOADED = "vmo.shared_loaded"  # the ?scenario= of the URL has been opened in this session
REFUSED = "vmo.refused"  # why the last change asked for could not be made
SAVE_NAME = "vmo.save_name"  # the sidebar's "Save as" field
SAVED = "vmo.saved"  # what the sidebar says after a save
SAVE_REFUSED = "vmo.save_refused"  # why the sidebar's save was refused (a viewer's role)
LINK = "scenario"  # the query parameter of a shared link
UNWORKABLE = (
    "That change could not be worked out on this portfolio, so the scenario is as it was. "
    "The portfolio may hold figures outside what the VMO handles; check it on the Data page."
)

log = logging.getLogger("vmo_app")


# ---------------------------------------------------------------- the scenario


def current_changes() -> list[dict]:
    return st.session_state.setdefault(CHANGES, [])


def set_changes(changes: list[dict], *, name: str | None = None) -> None:
    if list(changes) != current_changes():  # a change to nothing is no step for Undo
        st.session_state.setdefault(HISTORY, []).append(list(current_changes()))
        st.session_state[FUTURE] = []
    st.session_state[CHANGES] = list(changes)
    if name is not None:
        st.session_state[NAME] = name


def push_change(change: dict) -> bool:
    """Add a change if the scenario still applies with it; otherwise keep why, for `refusal()`."""
    return _tried(current_changes() + [change])


def set_change(change: dict | None, *, replacing: Callable[[dict], bool]) -> bool:
    """A control's own change: `change` takes the place of the change `replacing` picks (or is
    added last); None takes that change out. One step for Undo, as `push_change` is.

    A slider moved three times, or a stop ticked and unticked, is one change in the scenario,
    not three: the scenario reads as the controls stand, and a crash of 1.5 then 2 stays 2.
    """
    trial = list(current_changes())
    index = next((i for i, made in enumerate(trial) if replacing(made)), None)
    if index is None and change is None:
        return True
    if index is None:
        trial.append(change)
    elif change is None:
        del trial[index]
    else:
        trial[index] = change
    return _tried(trial)


def _tried(trial: list[dict]) -> bool:
    """Make `trial` the scenario if it can be worked out; otherwise keep why, for `refusal()`."""
    try:
        cache.comparison(trial)
    except VmoError as exc:
        refuse(str(exc))
        return False
    except Exception:  # noqa: BLE001 - a callback runs outside the page's boundary (boundary.shown_safely)
        log.exception("A change could not be worked out: %r", trial[-1:])
        refuse(UNWORKABLE)
        return False
    st.session_state.pop(REFUSED, None)
    set_changes(trial)
    return True


def refuse(message: str) -> None:
    """Keep why a change asked for was not made, to be said once (`widgets.refusal`)."""
    st.session_state[REFUSED] = message


def take_refusal() -> str | None:
    return st.session_state.pop(REFUSED, None)


def can_undo() -> bool:
    """True only when Undo would change the scenario."""
    return any(earlier != current_changes() for earlier in st.session_state.get(HISTORY, []))


def undo() -> None:
    _step(st.session_state.setdefault(HISTORY, []), st.session_state.setdefault(FUTURE, []))


def can_redo() -> bool:
    return any(later != current_changes() for later in st.session_state.get(FUTURE, []))


def redo() -> None:
    _step(st.session_state.setdefault(FUTURE, []), st.session_state.setdefault(HISTORY, []))


def _step(source: list[list[dict]], other: list[list[dict]]) -> None:
    """Undo (source: the history) or redo (source: the future): the nearest different change list."""
    while source and source[-1] == current_changes():
        source.pop()
    if source:
        other.append(list(current_changes()))
        st.session_state[CHANGES] = source.pop()


def reset() -> None:
    set_changes([])
    st.session_state[NAME] = ""
    if LINK in st.query_params:
        del st.query_params[LINK]


def scenario_name() -> str:
    return st.session_state.get(NAME, "")


def modified() -> bool:
    """The session's scenario has a name and has been edited since it was saved or opened."""
    return bool(scenario_name()) and current_changes() != st.session_state.get(AS_SAVED)


# ---------------------------------------------------------------- saved scenarios and shared links


def open_shared_scenario() -> str | None:
    """A link with ?scenario=NAME opens that saved scenario, once per session.

    Returns NAME when no saved scenario is called that (the page says so), else None.
    """
    name = st.query_params.get(LINK)
    if not name or st.session_state.get(SHARED_LOADED) == name:
        return None
    st.session_state[SHARED_LOADED] = name
    saved = cache.store().scenario(name)
    if saved is None:
        return name
    open_saved(name, saved["changes"], link=False)
    return None


def save_scenario(name: str) -> None:
    """Save the session's scenario under `name`, with what it is worth on today's plan."""
    changes = current_changes()
    writes.save_scenario(name, changes, figures_now(changes))  # refused for a viewer (AccessDenied)
    st.session_state[NAME] = name
    st.session_state[AS_SAVED] = list(changes)
    st.session_state[SHARED_LOADED] = name
    st.query_params[LINK] = name


def figures_now(changes: list[dict]) -> dict | None:
    """What a change list is worth on the newest snapshot (the plan): kept with a saved scenario."""
    try:
        diff = cache.comparison(changes)
    except VmoError:  # it no longer fits the plan: nothing to keep but the changes
        return None
    newest = cache.store().newest_snapshot()
    return {
        "net_value_change": diff.net_value_change,
        "total_value": diff.scenario.total_value,
        "snapshot": newest.id if newest else None,
        "as_of": newest.as_of.isoformat() if newest else None,
    }


def open_saved(name: str, changes: list[dict], *, link: bool = True, made: int | None = None) -> None:
    """Make a saved scenario the session's, one change at a time, so that Undo takes its changes
    back one by one; with `made`, only its first `made` changes stand and Redo makes the rest.
    With `link`, the page's address opens it too."""
    for count in range(1, len(changes)):
        set_changes(changes[:count])
    set_changes(changes, name=name)
    st.session_state[AS_SAVED] = list(changes)
    st.session_state[SHARED_LOADED] = name
    if link:
        st.query_params[LINK] = name
    while made is not None and current_changes() != changes[:made] and can_undo():
        undo()


def share_link(name: str) -> str:
    """The whole address that opens the saved scenario `name`: the app's address as the browser
    sees it (st.context.url), else VMO_BASE_URL, else the request's Host header."""
    base = os.environ.get("VMO_BASE_URL") or st.context.url or _from_headers()
    scheme, host, path, _, _ = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit((scheme, host, path or "/", urllib.parse.urlencode({LINK: name}), ""))


def _from_headers() -> str:
    headers = st.context.headers
    host = headers.get("X-Forwarded-Host") or headers.get("Host") or "localhost:8501"
    return f"{headers.get('X-Forwarded-Proto') or 'http'}://{host}"


def forget_deleted(name: str) -> None:
    """After `name` is deleted: the session keeps its changes, now unsaved, and the link no longer names it."""
    if scenario_name() == name:
        st.session_state[NAME] = ""
        if st.query_params.get(LINK) == name:
            del st.query_params[LINK]


def save_from_sidebar() -> None:
    """The sidebar's Save button (a callback): save under the name typed, ask before replacing
    another saved scenario, or say why not."""
    name = (st.session_state.get(SAVE_NAME) or "").strip()
    if not name:
        st.session_state[SAVED] = None
        refuse("Give the scenario a name first.")
        return
    try:
        existing = cache.store().scenario(name)
    except VmoError as exc:  # the store could not be reached, after one new connection: said, not a failure
        st.session_state[SAVED], st.session_state[SAVE_REFUSED] = None, str(exc)
        return
    if existing is not None and existing["changes"] != current_changes():
        st.session_state[OVERWRITE] = name
        return
    save_now(name)


def save_now(name: str) -> None:
    """Save under `name` (a callback: the save itself, or the yes to replacing `name`)."""
    st.session_state.pop(OVERWRITE, None)
    try:
        save_scenario(name)
    except VmoError as exc:  # refused (a viewer's role), with why: said in the sidebar, on any page
        st.session_state[SAVED] = None
        st.session_state[SAVE_REFUSED] = str(exc)
        return
    except Exception:  # noqa: BLE001 - a callback runs outside the page's boundary (boundary.shown_safely)
        log.exception("The scenario %r could not be saved", name)
        st.session_state[SAVED] = None
        refuse("The scenario could not be saved; nothing was changed. Try again, or under another name.")
        return
    st.session_state[SAVED] = f"Saved {name!r}. This page's link now opens it."


def waiting_overwrite() -> str | None:
    """The name a save would replace, while the sidebar asks."""
    return st.session_state.get(OVERWRITE)


def keep_existing() -> None:
    st.session_state.pop(OVERWRITE, None)


def take_saved_message() -> str | None:
    return st.session_state.pop(SAVED, None)


def take_save_refusal() -> str | None:
    return st.session_state.pop(SAVE_REFUSED, None)


# ---------------------------------------------------------------- presentation mode


def presenting() -> bool:
    """Presentation mode: kept in the session, and in the page's address (?present=1) so that a
    reload or a link opens it too."""
    if PRESENTING not in st.session_state:
        st.session_state[PRESENTING] = st.query_params.get(PRESENT_LINK) == "1"
    return bool(st.session_state[PRESENTING])


def set_presenting(on: bool) -> None:
    st.session_state[PRESENTED] = has_presented() or bool(on)
    st.session_state[PRESENTING] = bool(on)
    keep_presenting_link()


def has_presented() -> bool:
    """The session presents or has presented: once out of the room's mode, the sidebar stays folded
    and the page keeps the room's margins, so that leaving does not reflow the page in front of the
    room (app.py, `vmo_app.presentation.AFTER`)."""
    return presenting() or bool(st.session_state.get(PRESENTED))


def keep_presenting_link() -> None:
    """The address says whether the session presents (a change of page may have dropped it)."""
    if presenting():
        if st.query_params.get(PRESENT_LINK) != "1":
            st.query_params[PRESENT_LINK] = "1"
    elif PRESENT_LINK in st.query_params:
        del st.query_params[PRESENT_LINK]
