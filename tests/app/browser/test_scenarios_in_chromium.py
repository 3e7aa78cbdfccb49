"""The workshop in the real app, in headless Chromium at 1280 px: the ranking names the winner in
one table, a replay steps through a saved scenario's changes, each step's figure on the screen
as the core gives it, and the copy button puts the whole link on the clipboard. Screenshots under artifacts/browser/."""

from __future__ import annotations

import pytest

from tests.app.browser.serving import ROOT, SHOTS, served, settle
from vmo_core.decisions.workshop import net_values, replay
from vmo_core.io.loading import load
from vmo_core.present.format import scale_of
from vmo_core.present.workshop_sentences import describe_step
from vmo_core.store.duckdb_store import Store, import_portfolio

SAMPLE = load(ROOT / "data" / "sample")
LONG = "Accept Atlas, pause Borealis and bring the customer platform forward with a crash"  # wraps at 1280 px
FULL = [
    {"op": "add", "project": "ATLAS"},
    {"op": "stop", "project": "BOREALIS"},
    {"op": "accelerate", "project": "CRM", "to_front": True, "crash": 1.5},
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app on the sample alone, with two saved scenarios."""
    db = tmp_path_factory.mktemp("db") / "vmo.duckdb"
    import_portfolio(SAMPLE, db, source="sample")
    with Store(db) as store:
        store.save_scenario("Stop CRM", [{"op": "stop", "project": "CRM"}])
        store.save_scenario(LONG, FULL)
    with served({"VMO_DB": str(db)}, SHOTS / "streamlit-scenarios.log") as url:
        yield url


def main_text(page) -> str:
    return page.get_by_test_id("stMain").inner_text().replace("\u2060", "")


def shot(page, near, name: str) -> None:
    """A screenshot at 1280x720, as a laptop shows the page, around `near`; then the tall view again."""
    page.set_viewport_size({"width": 1280, "height": 720})
    near.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / name))
    page.set_viewport_size({"width": 1280, "height": 2400})
    settle(page)


def test_a_replay_steps_through_a_saved_scenario(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 2400}, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{server}/scenarios", wait_until="domcontentloaded")
    settle(page)
    assert page.get_by_test_id("stException").count() == 0
    assert f"{LONG} wins by " in main_text(page)
    shot(page, page.get_by_test_id("stDataFrame").first, "scenarios-ranking.png")

    picker = page.get_by_test_id("stSelectbox").filter(has_text="Scenario to replay")
    picker.click()
    page.get_by_role("option", name=LONG).click()
    settle(page)
    steps = replay(FULL, net_values(SAMPLE))
    scale = scale_of(*(s.net_after for s in steps))  # the replay's one unit, as the page uses it
    for made in (1, 2):
        page.get_by_role("button", name="Next step").click()
        settle(page)
        assert describe_step(made, steps[made - 1], SAMPLE, of=3, scale=scale) in main_text(page)
    assert f"{server}/scenarios?scenario=Accept+Atlas%2C+pause+Borealis" in main_text(page)  # the whole link
    shot(page, page.get_by_role("button", name="Next step"), "scenarios-replay.png")
    page.get_by_role("button", name="Previous step").click()
    settle(page)
    assert describe_step(1, steps[0], SAMPLE, of=3, scale=scale) in main_text(page)

    page.get_by_role("button", name="Copy the link").click()
    page.get_by_role("button", name="Copied").wait_for(timeout=30_000)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(f"{server}/scenarios?scenario=Accept+Atlas%2C+pause+Borealis")
    context.close()
