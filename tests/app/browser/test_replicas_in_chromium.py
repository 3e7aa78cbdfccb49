"""Two real app servers (two replicas) on one PostgreSQL database, in Chromium: a scenario saved
in one is listed by the other, and a plan imported from the command line beside them is
what both show at their next rerun."""

from __future__ import annotations

import subprocess
import sys
from contextlib import ExitStack

import pytest

from tests.app.browser.serving import ROOT, SHOTS, served, settle
from vmo_core.io.loading import load
from vmo_core.store.stores import import_portfolio

SAMPLE = ROOT / "data" / "sample"
HISTORY_NOVEMBER = ROOT / "data" / "history" / "2026-11-09"
SAVED = "Shared across replicas"


@pytest.fixture(scope="module")
def replicas(postgres_server):
    """(URL of replica one, URL of replica two, the database): both serving one store holding the sample."""
    database = postgres_server.new_database()
    import_portfolio(load(SAMPLE), database, source=str(SAMPLE))
    with ExitStack() as both:
        one = both.enter_context(served({"VMO_DB": database}, SHOTS / "streamlit-replica-1.log"))
        two = both.enter_context(served({"VMO_DB": database}, SHOTS / "streamlit-replica-2.log"))
        yield one, two, database


def main_text(page) -> str:
    return page.get_by_test_id("stMain").inner_text().replace("\u2060", "")


def test_a_scenario_saved_in_one_replica_is_listed_by_the_other(replicas, browser):
    one, two, _ = replicas
    first = browser.new_page(viewport={"width": 1600, "height": 2400})
    first.goto(f"{one}/scenarios", wait_until="domcontentloaded")
    settle(first)
    sidebar = first.get_by_test_id("stSidebar")
    sidebar.get_by_label("Save as").fill(SAVED)
    sidebar.get_by_label("Save as").press("Enter")
    settle(first)
    sidebar.get_by_role("button", name="Save scenario").click()
    first.get_by_text(SAVED).first.wait_for(timeout=60_000)
    settle(first)

    second = browser.new_page(viewport={"width": 1600, "height": 2400})
    second.goto(f"{two}/scenarios", wait_until="domcontentloaded")
    settle(second)
    second.screenshot(path=str(SHOTS / "replica-2-scenarios.png"))
    assert SAVED in main_text(second)


def test_an_import_beside_the_replicas_is_what_both_show_at_their_next_rerun(replicas, browser):
    one, two, database = replicas
    pages = [browser.new_page(viewport={"width": 1600, "height": 2400}) for _ in (one, two)]
    for page, url in zip(pages, (one, two)):
        page.goto(url, wait_until="domcontentloaded")
        settle(page)
    before = [main_text(page) for page in pages]

    done = subprocess.run(
        [sys.executable, "-m", "vmo_core", "import", str(HISTORY_NOVEMBER), "--db", database, "--note", "November again"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr

    for page, url, earlier in zip(pages, (one, two), before):
        page.goto(url, wait_until="domcontentloaded")  # a new session: the next rerun
        settle(page)
        assert "9 Nov 2026" in main_text(page) and main_text(page) != earlier
