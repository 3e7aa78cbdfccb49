"""Issue 23, items 1, 4 and 5, in a real browser: the What-if's change survives a change of page and a
reload (F5), and the address, opened in a fresh browser context, shows the same figures; in the room, a
saved scenario opened from the bar and edited survives F5, and its shared link opens exactly it."""

from __future__ import annotations

from urllib.parse import parse_qs, quote_plus, urlsplit

import pytest

import vmo_core
from tests.app.browser.serving import ROOT, SHOTS, choose, served, settle, shows, tick_stop
from vmo_app.address import decode
from vmo_core.present.format import money_short

ROW = 10  # Borealis Network Analytics, 10th in the sample's priority list
HOLDS_CHANGES = "() => new URLSearchParams(location.search).has('changes')"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with served({"VMO_DB": str(tmp_path_factory.mktemp("db") / "vmo.duckdb")}, SHOTS / "streamlit-reload.log") as url:
        yield url


def test_a_reload_and_a_copied_address_keep_the_what_if(server, browser):
    pf = vmo_core.load(ROOT / "data" / "sample")
    page = browser.new_page(viewport={"width": 1600, "height": 2400})
    page.goto(f"{server}/whatif", wait_until="domcontentloaded")
    page.get_by_test_id("stMetric").filter(has_text="Net value change").wait_for(timeout=60_000)
    settle(page)
    tick_stop(page, ROW)
    page.wait_for_function(HOLDS_CHANGES, timeout=30_000)
    settle(page)
    (code,) = parse_qs(urlsplit(page.url).query)["changes"]
    changes = decode(code)
    assert [c["op"] for c in changes] == ["stop"], changes  # the one change made, in the address
    net = money_short(vmo_core.compare(pf, {"changes": changes}).net_value_change, "GBP", signed=True)
    shows(page, "Net value change", net)

    page.reload(wait_until="domcontentloaded")  # F5
    shows(page, "Net value change", net)
    page.get_by_test_id("stSidebarNav").get_by_text("Intake").click()  # a change of page drops the query ...
    settle(page)
    page.wait_for_function(HOLDS_CHANGES, timeout=30_000)  # ... and the app writes it back
    page.reload(wait_until="domcontentloaded")
    settle(page)
    page.get_by_test_id("stSidebarNav").get_by_text("What-if").click()
    shows(page, "Net value change", net)
    page.screenshot(path=str(SHOTS / "what-if-after-reload.png"))

    fresh = browser.new_context(viewport={"width": 1600, "height": 2400}).new_page()  # another person, the address sent
    fresh.goto(page.url, wait_until="domcontentloaded")
    shows(fresh, "Net value change", net)
    fresh.close()
    page.close()


# ---------------------------------------------------------------- in the room: a saved scenario, edited, reloaded, shared

SHARED = {  # saved in this order: the newest, C, is what a page would show first were the link misread
    "Stop the data quality programme": [{"op": "stop", "project": "DQ"}],
    "Stop the GIS model": [{"op": "stop", "project": "GIS"}],
    "Stop Borealis": [{"op": "stop", "project": "BOREALIS"}],
}
B = "Stop the data quality programme"


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory):
    from vmo_core.store.duckdb_store import Store, import_portfolio

    db = tmp_path_factory.mktemp("shared") / "vmo.duckdb"
    import_portfolio(vmo_core.load(ROOT / "data" / "sample"), db, source="sample")
    with Store(db) as store:
        for name, changes in SHARED.items():
            store.save_scenario(name, changes)
    with served({"VMO_DB": str(db)}, SHOTS / "streamlit-reload-shared.log") as url:
        yield url


def in_the_room(page) -> None:
    assert parse_qs(urlsplit(page.url).query).get("present") == ["1"], page.url
    sidebar = page.get_by_test_id("stSidebar")
    assert sidebar.count() == 0 or not sidebar.is_visible()


def bar_choice(page, popover: str, label: str, option: str) -> None:
    """`option` chosen in the bar's `popover`, in its select labelled `label` (acted on at once)."""
    page.get_by_test_id("stPopover").filter(has_text=popover).first.get_by_role("button").first.click()
    choose(page, label, option)
    page.keyboard.press("Escape")


def test_in_the_room_a_reload_keeps_an_opened_scenario_and_its_edit_and_a_shared_link_opens_it(shared_server, browser):
    pf = vmo_core.load(ROOT / "data" / "sample")
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{shared_server}/whatif?present=1", wait_until="domcontentloaded")
    page.get_by_test_id("stMetric").filter(has_text="Net value change").wait_for(timeout=60_000)
    settle(page)
    bar_choice(page, "Scenario", "Open a saved scenario", B)  # the room's menu opens it
    saved = SHARED[B]
    shows(page, "Net value change", money_short(vmo_core.compare(pf, {"changes": saved}).net_value_change, "GBP", signed=True))
    bar_choice(page, "Stop", "Stop this project today", "GIS Network Model")  # then edits it, mid-scenario
    page.wait_for_function(HOLDS_CHANGES, timeout=30_000)
    edited = saved + [{"op": "stop", "project": "GIS"}]
    net = money_short(vmo_core.compare(pf, {"changes": edited}).net_value_change, "GBP", signed=True)
    shows(page, "Net value change", net)
    assert parse_qs(urlsplit(page.url).query)["scenario"] == [B]

    page.reload(wait_until="domcontentloaded")  # F5, in front of the room
    shows(page, "Net value change", net)
    settle(page)
    in_the_room(page)
    assert decode(parse_qs(urlsplit(page.url).query)["changes"][0]) == edited
    page.get_by_test_id("stPopover").filter(has_text="Scenario").first.get_by_role("button").first.click()
    page.get_by_text(f"{B} (modified)").wait_for(timeout=10_000)  # still the saved one, edited since
    page.screenshot(path=str(SHOTS / "meeting-reloaded-mid-scenario-1280x720.png"))
    page.close()

    # the link to B, sent and opened by someone else: exactly B, in the room and on the Scenarios page
    fresh = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    fresh.goto(f"{shared_server}/whatif?scenario={quote_plus(B)}&present=1", wait_until="domcontentloaded")
    saved_net = money_short(vmo_core.compare(pf, {"changes": saved}).net_value_change, "GBP", signed=True)
    shows(fresh, "Net value change", saved_net)
    settle(fresh)
    in_the_room(fresh)
    assert "changes" not in parse_qs(urlsplit(fresh.url).query), "B as saved, not edited"
    fresh.goto(f"{shared_server}/scenarios?scenario={quote_plus(B)}", wait_until="domcontentloaded")
    fresh.get_by_test_id("stCode").first.wait_for(timeout=60_000)
    settle(fresh)
    assert f"scenario={quote_plus(B)}" in fresh.get_by_test_id("stCode").first.inner_text(), "its details and link"
    fresh.screenshot(path=str(SHOTS / "meeting-shared-link-scenarios-1280x720.png"))
    fresh.close()
