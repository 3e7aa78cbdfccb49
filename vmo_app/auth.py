"""The sign-in gate: run by app.py before any page, so that signed out nobody sees portfolio data.

With sign-in off (`vmo_app.identity`) it does nothing. With it on: no `[auth]` in
`.streamlit/secrets.toml`, or a roles file that cannot be read, stops every visitor with a
message (closed, not open); a visitor signed out sees only a Sign in button (a share link's
`?scenario=` waits until after it); one signed in but in no role is told whom to ask. Everyone
else gets who they are and a Sign out button in the sidebar; an admin also sees who has which role.
Signing out ends that sign-in on the server too (`vmo_app.signouts`): a copy of its cookie no
longer signs in.
"""

from __future__ import annotations

import logging
import urllib.request
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from vmo_app import identity, widgets
from vmo_core.errors import VmoError
from vmo_core.service.roles import User

TITLE = "Value Management Office"
SIGN_IN_BUTTON = "Sign in"
SIGN_OUT_BUTTON = "Sign out"
UNAVAILABLE = "vmo.sign_in_unavailable"  # session state: the provider's host, when it did not answer
PROBE_SECONDS = 5.0  # how long the provider has to answer before sign-in is said to be unavailable
log = logging.getLogger("vmo_app")


def gate() -> User:
    """The acting user, once allowed in; otherwise a page that says why, and a stop."""
    if not identity.sign_in_on():
        return identity.current_user()
    if not configured():
        closed(
            f"Sign-in is switched on ({identity.SIGN_IN}), but .streamlit/secrets.toml has no [auth] section "
            "naming the identity provider; the README's Sign-in section says what it holds."
        )
    if not identity.signed_in():  # never signed in, or signed out of this sign-in (a copied cookie)
        sign_in_page()
    try:
        user = identity.current_user()
    except VmoError as exc:  # a roles file that cannot be read lets nobody in
        log.error("Sign-in refused everyone: %s", exc)
        closed(f"{exc}. Nobody can be let in until an administrator corrects it.")
    if user.role is None:
        no_role_page(user)
    signed_in_sidebar(user)
    return user


def configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file, or one that does not parse: not configured
        return False


def closed(message: str) -> None:
    widgets.title(TITLE)
    widgets.error(message)
    st.stop()


def sign_in_page() -> None:
    widgets.title(TITLE)
    if st.session_state.get(UNAVAILABLE):
        widgets.error(
            f"Sign-in is unavailable: the identity provider at {st.session_state[UNAVAILABLE]} does not answer. "
            "Try again in a few minutes; if it goes on, ask your administrator of the VMO."
        )
    widgets.say("Sign in with your organisation's account to see the portfolio.")
    st.button(widgets.escaped(SIGN_IN_BUTTON), key="vmo.sign_in", type="primary", on_click=sign_in)
    st.stop()


def sign_in() -> None:
    """Off to the provider, once it answers; else the page says so (Streamlit would end on a bare
    "Authentication error" page of its own, the visitor's way back lost)."""
    provider = named_provider()
    settings = st.secrets["auth"][provider] if provider else st.secrets["auth"]
    host = unanswered(str(settings.get("server_metadata_url") or ""))
    if host:
        st.session_state[UNAVAILABLE] = host
        return
    st.session_state.pop(UNAVAILABLE, None)
    if provider:
        st.login(provider)
    else:
        st.login()


def unanswered(metadata_url: str) -> str | None:
    """The provider's host (no path, query or credentials) when its metadata does not come back
    within PROBE_SECONDS; None when it answers, or when no address is given to ask."""
    if not metadata_url:
        return None
    parts = urlsplit(metadata_url)
    try:
        host = parts.hostname or "the address in the sign-in settings"
        host += f":{parts.port}" if parts.port else ""
    except ValueError:  # a port that is no number
        host = "the address in the sign-in settings"
    try:
        with urllib.request.urlopen(metadata_url, timeout=PROBE_SECONDS) as answer:  # noqa: S310 - the operator's own setting
            if answer.status < 400:
                return None
            why = f"status {answer.status}"
    except Exception as exc:  # noqa: BLE001 - refused, timed out, a name that does not resolve, an error status
        why = type(exc).__name__
    log.error("Sign-in is unavailable: the identity provider at %s does not answer (%s)", host, why)
    return host


def named_provider() -> str | None:
    """The provider's name when [auth] names exactly one ([auth.NAME]); None for a bare [auth]."""
    named = [key for key, value in st.secrets["auth"].items() if hasattr(value, "keys")]
    return named[0] if len(named) == 1 else None


def sign_out() -> None:
    """Record the sign-out on the server first (st.logout forgets who the session was), then sign out."""
    identity.sign_out(st.user.to_dict())
    st.logout()


def no_role_page(user: User) -> None:
    widgets.title(TITLE)
    widgets.warning(
        f"You are signed in as {user.email or 'an account with no verified e-mail address'}, which has no role "
        "in the VMO yet, so no portfolio is shown. Ask an administrator of the VMO to give you one."
    )
    st.button(widgets.escaped(SIGN_OUT_BUTTON), key="vmo.sign_out", on_click=sign_out)
    st.stop()


def signed_in_sidebar(user: User) -> None:
    with st.sidebar:
        widgets.note(f"Signed in as {user.label()}, {user.role}")
        st.button(widgets.escaped(SIGN_OUT_BUTTON), key="vmo.sign_out", on_click=sign_out, width="stretch")
        if user.may("manage roles"):
            with widgets.expander("Who has which role"):
                roles_table()


def roles_table() -> None:
    listing = identity.roles().listing()
    widgets.note(f"From {identity.roles_path()}; edit that file to change them.")
    widgets.table(pd.DataFrame(listing, columns=["Who", "Role"]), hide_index=True, width="stretch")
