"""Sign-in through a real OpenID Connect provider (oidc-provider-mock, started here on a free
port) in Chromium: signed out, no page and no share link serves portfolio data; a viewer's
gets no uploader and a save is refused, with why; an editor's save is made and records who made it;
a copy of the identity cookie taken before signing out no longer signs in; with the provider
stopped, Sign in ends on a page that says so; a signed-out browser's "clear cache" message over
the websocket clears nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.app.browser.serving import ROOT, SHOTS, free_port, served, settle
from vmo_core.io.loading import load
from vmo_core.store.duckdb_store import Store, import_portfolio

SAMPLE = ROOT / "data" / "sample"
SHARED = "Stop DQ"
ROLES = 'editor = ["edie@example.com"]\nviewer = ["@example.com"]\n'
PROJECT_NAMES = sorted({p.name for p in load(SAMPLE).projects})


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """A local OpenID Connect provider: its sign-in page takes any subject, its e-mail the same."""
    from oidc_provider_mock import run_server_in_thread

    with run_server_in_thread(port=free_port()) as server:
        yield f"http://localhost:{server.server_port}"


@contextmanager
def signed_in_app(provider: str, folder: Path) -> Iterator[str]:
    """The app with sign-in on, on a database holding the sample and one saved scenario."""
    db = folder / "vmo.duckdb"
    import_portfolio(load(SAMPLE), db, source=str(SAMPLE))
    with Store(db) as store:
        store.save_scenario(SHARED, [{"op": "stop", "project": "DQ"}], by="setup")
    port = free_port()
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "a-secret-only-these-tests-use-0123456789"\n'
        'client_id = "vmo"\nclient_secret = "vmo-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    (folder / "roles.toml").write_text(ROLES, encoding="utf-8")
    env = {
        "VMO_DB": str(db),
        "VMO_SIGN_IN": "on",
        "VMO_ROLES": str(folder / "roles.toml"),
        "STREAMLIT_SECRETS_FILES": str(secrets),
    }
    with served(env, SHOTS / f"streamlit-sign-in-{folder.name}.log", port=port) as url:
        yield url


@pytest.fixture(scope="module")
def app(provider, tmp_path_factory) -> Iterator[str]:
    with signed_in_app(provider, tmp_path_factory.mktemp("signin")) as url:
        yield url


def main_text(page) -> str:
    return page.get_by_test_id("stApp").inner_text().replace("\u2060", "")


def portfolio_served(page) -> list[str]:
    text = main_text(page)
    served = [name for name in PROJECT_NAMES if name in text] + [SHARED] * (SHARED in text)
    served += ["a figure"] * page.get_by_test_id("stMetric").count() + ["a chart"] * page.locator(".js-plotly-plot").count()
    return served


def sign_in(page, url: str, email: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_role("button", name="Sign in").click()
    page.locator("input[name=sub]").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.get_by_text("Signed in as").wait_for(timeout=60_000)
    settle(page)
    assert f"Signed in as {email}" in main_text(page)


@pytest.mark.parametrize("path", ["", "whatif", "data", "scenarios", "boardpack", f"whatif?scenario={SHARED}"])
def test_signed_out_nothing_of_the_portfolio_is_served(app, browser, path):
    page = browser.new_page(viewport={"width": 1400, "height": 2000})
    page.goto(f"{app}/{path}", wait_until="domcontentloaded")
    page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
    settle(page)
    assert portfolio_served(page) == []
    assert page.get_by_test_id("stSidebarNav").count() == 0  # not even the pages' names
    page.close()


def test_a_viewer_signs_in_sees_the_portfolio_gets_no_uploader_and_a_save_is_refused(app, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1600, "height": 3200})
    sign_in(page, app, "vic@example.com")
    assert page.get_by_test_id("stMetric").count() > 0
    page.screenshot(path=str(SHOTS / "sign-in-viewer.png"))

    page.goto(f"{app}/data", wait_until="domcontentloaded")
    settle(page)  # no uploader for a viewer: nothing they send is read, and the page says why
    page.get_by_text("Replacing the portfolio needs the editor role").first.wait_for(timeout=60_000)
    assert "vic@example.com has the viewer role; nothing was changed" in main_text(page)
    assert page.get_by_test_id("stFileUploader").count() == 0
    page.screenshot(path=str(SHOTS / "sign-in-viewer-upload-refused.png"))

    page.goto(app, wait_until="domcontentloaded")
    settle(page)
    page.get_by_label("Save as").fill("Viewer's own")
    page.get_by_role("button", name="Save scenario").click()
    page.get_by_text("Saving a scenario needs the editor role").wait_for(timeout=60_000)
    page.close()


def test_an_editors_save_is_made_and_records_who_made_it(provider, browser, tmp_path):
    with signed_in_app(provider, tmp_path) as url:
        page = browser.new_page(viewport={"width": 1600, "height": 3200})
        sign_in(page, url, "edie@example.com")
        page.get_by_label("Save as").fill("Edie plan")
        page.get_by_role("button", name="Save scenario").click()
        page.get_by_text("This page's link now opens it").wait_for(timeout=60_000)
        page.screenshot(path=str(SHOTS / "sign-in-editor-saved.png"))
        page.close()
    with Store(tmp_path / "vmo.duckdb", read_only=True) as store:  # the app is stopped: its file is free
        assert store.scenario("Edie plan")["by"] == "edie@example.com"
        assert store.scenario(SHARED)["by"] == "setup"


def test_a_copy_of_the_cookie_taken_before_signing_out_no_longer_signs_in(app, browser):
    context = browser.new_context(viewport={"width": 1600, "height": 2000})
    page = context.new_page()
    sign_in(page, app, "vic@example.com")
    copied = context.cookies()  # what someone with the browser's storage, or a proxy's log, holds
    assert "_streamlit_user" in {c["name"] for c in copied}
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="End session").click(timeout=60_000)  # the provider's own sign-out, then back
    page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
    context.close()

    replay = browser.new_context(viewport={"width": 1600, "height": 2000})
    replay.add_cookies(copied)
    page = replay.new_page()
    page.goto(app, wait_until="domcontentloaded")
    page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
    settle(page)
    assert portfolio_served(page) == [] and "Signed in as" not in main_text(page)
    page.screenshot(path=str(SHOTS / "sign-in-copied-cookie-after-sign-out.png"))
    replay.close()


def test_with_the_identity_provider_stopped_sign_in_says_it_is_unavailable(browser, tmp_path):
    from oidc_provider_mock import run_server_in_thread

    with run_server_in_thread(port=free_port()) as server:
        stopped = f"http://localhost:{server.server_port}"
    with signed_in_app(stopped, tmp_path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1400})
        page.goto(url, wait_until="domcontentloaded")
        page.get_by_role("button", name="Sign in").click()
        page.get_by_text("Sign-in is unavailable").wait_for(timeout=60_000)
        host = stopped.removeprefix("http://")
        assert f"the identity provider at {host} does not answer" in main_text(page)
        assert "Authentication error" not in main_text(page)
        assert page.get_by_role("button", name="Sign in").count() == 1  # to try again later
        page.screenshot(path=str(SHOTS / "sign-in-provider-down.png"))
        page.close()


def test_a_signed_out_browsers_clear_cache_message_clears_nothing(provider, browser, tmp_path):
    from streamlit.proto.BackMsg_pb2 import BackMsg

    clear = list(BackMsg(clear_cache=True).SerializeToString())
    with signed_in_app(provider, tmp_path) as url:
        page = browser.new_page()
        page.goto(url, wait_until="domcontentloaded")
        page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
        sent = page.evaluate(
            """([url, bytes]) => new Promise((resolve) => {
                 const socket = new WebSocket(url.replace("http", "ws") + "/_stcore/stream");
                 socket.binaryType = "arraybuffer";
                 socket.onopen = () => {
                   socket.send(new Uint8Array(bytes));
                   setTimeout(() => { socket.close(); resolve(true); }, 2000);
                 };
                 socket.onerror = () => resolve(false);
               })""",
            [url, clear],
        )
        page.close()
        assert sent
    log = (SHOTS / f"streamlit-sign-in-{tmp_path.name}.log").read_text(encoding="utf-8")
    assert "A request to clear every cache was refused: the session's user may not clear them" in log
