"""Streamlit's `clear_cache` back message, as a browser sends it, through the runtime's own handler
(`AppSession.handle_backmsg`): it empties every cache of the process only for a session whose user
may (an editor or an admin; the local editor with sign-in off); signed out, a viewer, no role or a
sign-in signed out of, it clears nothing. The caches themselves are stood in for, so that the
test clears none of this process's."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.runtime import app_session
from streamlit.runtime.app_session import AppSession
from streamlit.testing.v1 import AppTest

from vmo_app import clearing, identity

ROOT = Path(__file__).resolve().parents[2]
ROLES = 'admin = ["ada@example.com"]\neditor = ["edie@example.com"]\nviewer = ["@example.com"]\n'
EDITOR = {"is_logged_in": True, "email": "edie@example.com", "iat": 1_796_000_000, "nonce": "e"}


class Emptied:
    """Stands in for st.cache_data, st.cache_resource and the session's state: counts what is emptied."""

    def __init__(self) -> None:
        self.times = 0

    def clear(self) -> None:
        self.times += 1


@pytest.fixture
def caches(tmp_path, monkeypatch):
    monkeypatch.setenv("VMO_SIGN_IN", "on")
    monkeypatch.setenv("VMO_ROLES", str(tmp_path / "roles.toml"))
    (tmp_path / "roles.toml").write_text(ROLES, encoding="utf-8")
    emptied = Emptied()

    class Caching:
        cache_data = emptied
        cache_resource = emptied

    monkeypatch.setattr(app_session, "caching", Caching)
    clearing.guard()
    return emptied


def clear_cache_sent(caches: Emptied, user_info: dict) -> bool:
    """Whether `clear_cache`, sent by a session whose identity is `user_info`, emptied the caches."""
    session = object.__new__(AppSession)  # a connected session as the runtime holds it: who, and its state
    session._user_info = user_info
    session._session_state = Emptied()
    before = caches.times
    session.handle_backmsg(BackMsg(clear_cache=True))
    return caches.times > before


@pytest.mark.parametrize(
    "user_info",
    [
        {},  # a browser that never signed in
        {"is_logged_in": False},
        {"is_logged_in": True, "email": "vic@example.com"},  # a viewer
        {"is_logged_in": True, "email": "eve@elsewhere.org"},  # signed in, in no role
        {**EDITOR, "email_verified": "true"},  # an editor's address the provider does not verify
    ],
)
def test_a_session_that_may_not_clear_the_caches_clears_nothing(caches, user_info):
    assert not clear_cache_sent(caches, user_info)


def test_an_editor_or_an_admin_clears_them(caches):
    assert clear_cache_sent(caches, EDITOR)
    assert clear_cache_sent(caches, {"is_logged_in": True, "email": "ada@example.com"})


def test_a_sign_in_signed_out_of_clears_nothing_from_a_copy_of_its_cookie(caches):
    identity.sign_out(EDITOR)
    assert not clear_cache_sent(caches, EDITOR)


def test_with_sign_in_off_the_local_editor_clears_them(caches, monkeypatch):
    monkeypatch.delenv("VMO_SIGN_IN")
    assert clear_cache_sent(caches, {})


def test_the_app_guards_the_message_before_any_page_runs(monkeypatch, tmp_path):
    guarded = AppSession._handle_clear_cache_request
    monkeypatch.setattr(AppSession, "_handle_clear_cache_request", getattr(guarded, "__wrapped__", guarded))
    monkeypatch.setenv("VMO_SIGN_IN", "on")
    monkeypatch.setenv("VMO_ROLES", str(tmp_path / "roles.toml"))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32, "client_id": "vmo"}
    app.user = {"is_logged_in": False}
    app.run()  # the sign-in page: signed out, nothing else runs
    assert getattr(AppSession._handle_clear_cache_request, "vmo_guarded", False)
