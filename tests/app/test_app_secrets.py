"""The app's store URL (VMO_DB) never shows its password, whatever it holds: not on any page,
not in the server's log, whether the database can be reached or not."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.page_text import page_texts
from tests.app.support import shown
from tests.passwords import shows_none_of

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGES = sorted(p.name for p in (ROOT / "vmo_app" / "views").glob("*.py"))


def every_page(app: AppTest) -> list[str]:
    """Every string of every page, opened one after another in one session."""
    texts = []
    for page in PAGES:
        app.switch_page(f"vmo_app/views/{page}").run()
        texts += [shown(value) for _, _, value in page_texts(app)] + [str(e.value) for e in app.exception]
    return texts


@pytest.mark.parametrize(
    ("scheme", "password"),
    [("postgresql://", "Zq9/Xw7k"), ("postgres://", "Zq9@/Xw7k%zz Kp3@"), ("POSTGRESQL://", "Zq9 Xw7k")],
)
def test_a_store_that_cannot_be_reached_is_named_without_its_password_on_every_page(monkeypatch, caplog, password, scheme):
    monkeypatch.setenv("VMO_DB", f"{scheme}vmo:{password}@127.0.0.1:1/vmo")  # nothing listens on port 1
    caplog.set_level(logging.INFO)
    texts = every_page(AppTest.from_file(APP, default_timeout=60).run())
    assert any("cannot connect to the database" in text for text in texts)
    assert shows_none_of("\n".join(texts), password)
    assert shows_none_of(caplog.text, password)


def test_a_store_reached_with_a_password_shows_it_on_no_page(postgres_server, monkeypatch, caplog):
    """The test server trusts local connections: the password is sent and ignored."""
    password = "Zq9@/Xw7k%zz Kp3@"  # every sign a URL has
    monkeypatch.setenv("VMO_DB", postgres_server.new_database().replace("://vmo@", f"://vmo:{password}@"))
    caplog.set_level(logging.INFO)
    texts = every_page(AppTest.from_file(APP, default_timeout=120).run())
    assert not any("cannot connect" in text for text in texts)
    assert shows_none_of("\n".join(texts), password)
    assert shows_none_of(caplog.text, password)
