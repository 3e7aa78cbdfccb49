"""Sign-in and roles under AppTest, which fakes `st.user`: signed out nothing of the portfolio is
served on any page or share link; a viewer's save and delete are refused with why; an editor's
are made and record the name. The sign-in itself, through a real provider, is in
tests/app/browser/test_sign_in_in_chromium.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import vmo_core
from tests.app.support import on, shown, tick

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGES = sorted(p.name for p in (ROOT / "vmo_app" / "views").glob("*.py"))
SAMPLE = vmo_core.load(ROOT / "data" / "sample")
PROJECT_NAMES = sorted({p.name for p in SAMPLE.projects})
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32, "client_id": "vmo"}
ROLES = 'admin = ["ada@example.com"]\neditor = ["edie@example.com"]\nviewer = ["@example.com"]\n'
STOP_DQ = [{"op": "stop", "project": "DQ"}]


@pytest.fixture
def ui(tmp_path, monkeypatch):
    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))
    monkeypatch.setenv("VMO_SIGN_IN", "on")
    monkeypatch.setenv("VMO_ROLES", str(tmp_path / "roles.toml"))
    (tmp_path / "roles.toml").write_text(ROLES, encoding="utf-8")
    from vmo_app import cache

    cache.store().save_scenario("Stop DQ", STOP_DQ, by="setup")
    return cache


def session(user: dict | None, *, page: str | None = None, link: str | None = None) -> AppTest:
    """A visitor: `user` as the provider signed them in (None: signed out), on `page`, by a share link."""
    app = AppTest.from_file(APP, default_timeout=120)
    app.secrets["auth"] = AUTH
    app.user = {"is_logged_in": False} if user is None else {"is_logged_in": True, **user}
    if link:
        app.query_params["scenario"] = link
    if page:
        app.switch_page(f"vmo_app/views/{page}")
    app.run()
    assert not app.exception, app.exception
    return app


def everything_shown(app: AppTest) -> str:
    words = [e.value for kind in ("markdown", "text", "caption", "title", "error", "warning", "info") for e in getattr(app, kind)]
    return shown(" ".join(str(w) for w in words))


def portfolio_served(app: AppTest) -> list[str]:
    """What of the portfolio is on the screen: figures, tables, charts, or a project's name."""
    served = [f"{len(app.metric)} figures"] if app.metric else []
    served += [f"{len(app.dataframe)} tables"] if app.dataframe else []
    served += ["a chart"] if app.get("plotly_chart") else []
    return served + [name for name in PROJECT_NAMES if name in everything_shown(app)]


VIEWER = {"email": "vic@example.com", "name": "Vic Viewer"}
EDITOR = {"email": "edie@example.com", "name": "Edie Editor"}
ADMIN = {"email": "ada@example.com", "name": "Ada Admin"}


@pytest.mark.parametrize("page", PAGES)
def test_signed_out_no_page_serves_portfolio_data(ui, page):
    app = session(None, page=page)
    assert portfolio_served(app) == []
    assert app.button(key="vmo.sign_in").label == "Sign in"


def test_signed_out_a_share_link_serves_nothing_of_its_scenario(ui):
    app = session(None, page="whatif.py", link="Stop DQ")
    assert portfolio_served(app) == []
    assert "Stop DQ" not in everything_shown(app)
    assert "vmo.changes" not in app.session_state  # the link is not opened before sign-in


@pytest.mark.parametrize("page", PAGES)
def test_signed_in_as_a_viewer_every_page_renders(ui, page):
    app = on(session(VIEWER), page)
    assert app.title and "Signed in as Vic Viewer <vic@example.com>, viewer" in everything_shown(app)


def test_signed_in_the_share_link_opens_its_scenario(ui):
    app = session(VIEWER, page="whatif.py", link="Stop DQ")
    assert app.session_state["vmo.changes"] == STOP_DQ


def test_signed_in_in_no_role_is_told_whom_to_ask_and_sees_nothing(ui):
    app = session({"email": "eve@elsewhere.org"})
    assert portfolio_served(app) == []
    assert "eve@elsewhere.org, which has no role in the VMO yet" in everything_shown(app)


@pytest.mark.parametrize("verified", [False, "false", "true", "0", 0, 1, None, ""])
def test_an_address_not_verified_by_the_json_true_gets_no_role(ui, verified):
    app = session({**EDITOR, "email_verified": verified})
    assert portfolio_served(app) == []
    assert "has no role in the VMO yet" in everything_shown(app)
    assert session({**EDITOR, "email_verified": True}).metric  # the JSON true itself verifies


def test_a_person_denied_in_the_roles_file_loses_their_role_at_the_next_run(ui, tmp_path):
    app = session(VIEWER)
    assert app.metric
    (tmp_path / "roles.toml").write_text(ROLES + 'deny = ["vic@example.com"]\n', encoding="utf-8")
    app.run()  # the file is read afresh on every run: no restart, no new sign-in
    assert portfolio_served(app) == []
    assert session({"email": "val@example.com", "name": "Val"}).metric  # the rest of the domain keeps theirs


def test_signing_out_ends_that_sign_in_and_a_copy_of_its_cookie_no_longer_signs_in(ui, tmp_path):
    signed_in = {**EDITOR, "iat": 1_796_000_000, "nonce": "first"}  # what the provider's cookie holds
    app = session(signed_in)
    assert app.metric
    app.sidebar.button(key="vmo.sign_out").click().run()
    assert not app.exception
    replayed = session(signed_in)  # a fresh session presenting a copy of the same cookie
    assert portfolio_served(replayed) == []
    assert replayed.button(key="vmo.sign_in").label == "Sign in"
    assert "edie@example.com" not in (tmp_path / "signed-out.json").read_text(encoding="utf-8")  # fingerprints only
    assert session({**signed_in, "iat": 1_796_000_060, "nonce": "second"}).metric  # signing in again lets her in
    assert session({**VIEWER, "iat": 1_796_000_000, "nonce": "first"}).metric  # nobody else is signed out


def test_with_the_identity_provider_down_sign_in_ends_on_a_page_that_says_so(ui):
    import socket

    with socket.socket() as s:  # a port nobody answers on: the provider is down
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = AppTest.from_file(APP, default_timeout=120)
    down = f"http://vmo:s3cret@127.0.0.1:{port}/.well-known/openid-configuration?key=k3y"
    app.secrets["auth"] = {**AUTH, "server_metadata_url": down}
    app.user = {"is_logged_in": False}
    app.run()
    app.button(key="vmo.sign_in").click().run()
    assert not app.exception
    assert [shown(e.value) for e in app.error] == [
        f"Sign-in is unavailable: the identity provider at 127.0.0.1:{port} does not answer. "
        "Try again in a few minutes; if it goes on, ask your administrator of the VMO."
    ]
    assert portfolio_served(app) == [] and app.button(key="vmo.sign_in").label == "Sign in"  # to try again
    assert [w for w in ("s3cret", "k3y", "well-known", "vmo:") if w in everything_shown(app)] == []  # the host only


def test_sign_in_on_without_auth_settings_lets_nobody_in(ui):
    app = AppTest.from_file(APP, default_timeout=120)
    app.user = {"is_logged_in": True, **EDITOR}
    app.run()
    assert portfolio_served(app) == []
    assert "has no [auth] section" in everything_shown(app)


def test_a_broken_roles_file_lets_nobody_in(ui, tmp_path):
    (tmp_path / "roles.toml").write_text('editor = ["edie"]', encoding="utf-8")
    app = session(EDITOR)
    assert portfolio_served(app) == []
    assert "editor[1]: 'edie' is not an entry" in everything_shown(app)


def test_a_viewer_sees_the_portfolio_and_explores_what_ifs_in_their_session(ui):
    app = session(VIEWER)
    assert app.metric and "Signed in as Vic Viewer <vic@example.com>, viewer" in everything_shown(app)
    tick(on(app, "whatif.py"), "Data Quality Programme", Stop=True)
    assert app.session_state["vmo.changes"] == STOP_DQ


def test_a_viewers_save_is_refused_with_why_and_nothing_is_saved(ui):
    app = session(VIEWER)  # the Portfolio page: the sidebar says why, on any page
    app.session_state["vmo.changes"] = STOP_DQ
    app.text_input(key="vmo.save_name").input("Mine").run()
    app.button(key="vmo.save").click().run()
    assert not app.exception
    assert [shown(e.value) for e in app.sidebar.error] == [
        "Saving a scenario needs the editor role, and Vic Viewer <vic@example.com> has the viewer role; "
        "nothing was changed. Ask an administrator of the VMO for the editor role."
    ]
    assert ui.store().scenario("Mine") is None


def test_a_viewers_delete_is_refused_with_why_and_the_scenario_kept(ui):
    app = session(VIEWER, page="scenarios.py")
    app.selectbox(key="scenarios.choice").set_value("Stop DQ").run()
    app.button(key="scenarios.delete").click().run()
    app.button(key="scenarios.delete_confirmed").click().run()
    assert not app.exception
    assert any("Deleting a saved scenario needs the editor role" in shown(e.value) for e in app.error)
    assert ui.store().scenario("Stop DQ") is not None


def test_an_editors_save_is_made_and_records_the_name(ui):
    app = session(EDITOR, page="whatif.py")
    app.session_state["vmo.changes"] = STOP_DQ
    app.text_input(key="vmo.save_name").input("Mine").run()
    app.button(key="vmo.save").click().run()
    assert ui.store().scenario("Mine")["by"] == "Edie Editor <edie@example.com>"


def test_an_editors_delete_is_made(ui):
    app = session(EDITOR, page="scenarios.py")
    app.selectbox(key="scenarios.choice").set_value("Stop DQ").run()
    app.button(key="scenarios.delete").click().run()
    app.button(key="scenarios.delete_confirmed").click().run()
    assert ui.store().scenario("Stop DQ") is None


def test_only_an_admin_sees_who_has_which_role(ui):
    admin = session(ADMIN)
    (box,) = [e for e in admin.expander if e.label == "Who has which role"]
    table = box.dataframe[0].value
    assert table.values.tolist() == [["ada@example.com", "admin"], ["edie@example.com", "editor"], ["@example.com", "viewer"]]
    assert "Who has which role" not in [e.label for e in session(EDITOR).expander]


def test_sign_in_off_everyone_is_the_local_editor(ui, monkeypatch):
    monkeypatch.delenv("VMO_SIGN_IN")
    app = AppTest.from_file(APP, default_timeout=120)
    app.session_state["vmo.changes"] = STOP_DQ
    app.run()
    assert app.metric and "Signed in as" not in everything_shown(app)
    app.text_input(key="vmo.save_name").input("Mine").run()
    app.button(key="vmo.save").click().run()
    assert ui.store().scenario("Mine")["by"] == "local user"
