"""Issue 23, items 4 and 5, in a real browser: the What-if's change survives a change of page and a
reload (F5), and the address, opened in a fresh browser context, shows the same figures."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

import vmo_core
from tests.app.browser.serving import METRIC_SHOWS, ROOT, SHOTS, served, settle, tick_stop
from vmo_app.address import decode
from vmo_core.present.format import money_short

ROW = 10  # Borealis Network Analytics, 10th in the sample's priority list
HOLDS_CHANGES = "() => new URLSearchParams(location.search).has('changes')"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with served({"VMO_DB": str(tmp_path_factory.mktemp("db") / "vmo.duckdb")}, SHOTS / "streamlit-reload.log") as url:
        yield url


def shows(page, label: str, value: str) -> None:
    page.wait_for_function(METRIC_SHOWS, arg=[label, value], timeout=60_000, polling=50)


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
