"""Who is using the app: sign-in on or off, the signed-in user, and the role the roles file gives.

Sign-in is off unless `VMO_SIGN_IN` is on (1, on, true or yes): then everyone is one editor,
"local user", and `make run` needs no set-up. With it on, `.streamlit/secrets.toml` must hold
Streamlit's `[auth]` section, and roles come from `VMO_ROLES` (default `.streamlit/roles.toml`;
the format is in vmo_core/service/roles.py). A sign-in signed out of counts as signed out from
then on, whoever presents its cookie (`vmo_app.signouts`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import streamlit as st

from vmo_app import signouts
from vmo_core.service.roles import LOCAL_USER, Roles, User, read_roles

ROOT = Path(__file__).resolve().parents[1]
SIGN_IN = "VMO_SIGN_IN"
ROLES_FILE = "VMO_ROLES"
ON = ("1", "on", "true", "yes")


def sign_in_on() -> bool:
    return os.environ.get(SIGN_IN, "").strip().lower() in ON


def roles_path() -> Path:
    return Path(os.environ.get(ROLES_FILE) or ROOT / ".streamlit" / "roles.toml")


def signed_out_path() -> Path:
    """Where sign-outs are recorded: VMO_SIGNED_OUT, or signed-out.json beside the roles file."""
    return Path(os.environ.get(signouts.SIGNED_OUT) or roles_path().with_name(signouts.FILE_NAME))


def roles() -> Roles:
    """Read afresh each time, so an admin's edit of the file counts from the next click on."""
    return read_roles(roles_path())


def signed_in() -> bool:
    """Sign-in off, or a sign-in that was not signed out of."""
    return not sign_in_on() or logged_in(st.user)


def logged_in(info: Mapping[str, Any]) -> bool:
    """The provider signed this session in, and nobody has signed out of that sign-in since."""
    return info.get("is_logged_in") is True and not signouts.revoked(info, signed_out_path())


def sign_out(info: Mapping[str, Any]) -> None:
    """Record that this sign-in is over, so that no copy of its cookie signs in again."""
    if sign_in_on():
        signouts.revoke(info, signed_out_path())


def current_user() -> User:
    """The acting user: the laptop's one editor with sign-in off; signed out, a user with no role."""
    return user_of(st.user)


def user_of(info: Mapping[str, Any]) -> User:
    """The user a session's identity makes (`st.user`, or the user info Streamlit keeps for a
    session): the laptop's one editor with sign-in off; signed out, a user with no role."""
    if not sign_in_on():
        return LOCAL_USER
    if not logged_in(info):
        return User("")
    email = verified_email(info)
    name = str(info.get("name") or "")
    return User(name, email, roles().role_of(email) if email else None)


def verified_email(info: Mapping[str, Any]) -> str:
    """The signed-in e-mail address, unless the provider says anything but that it is verified
    (then no role): `email_verified`, when the provider sends it, must be the JSON `true` itself;
    the strings "false", "true" or "0", the numbers 0 and 1, null do not verify."""
    if "email_verified" in info and info.get("email_verified") is not True:
        return ""
    return str(info.get("email") or "").strip()
