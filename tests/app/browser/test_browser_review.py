"""The loop in the real app, in headless Chromium: "Since the last review" says what the core says
about the sample's history, the landing page carries its headline, and a scenario adopted from the
What-if (who, why, a confirmation) becomes the plan on every page and joins the decision register,
and going back from the register brings the plan before it back. Screenshots under artifacts/browser/."""

from __future__ import annotations

import pytest

import vmo_core
from tests.app.browser.serving import ROOT, SHOTS, served, settle
from vmo_core.decisions.slips import changes
from vmo_core.io.loading import build_portfolio
from vmo_core.present.format import money_short
from vmo_core.present.review_sentences import since_review
from vmo_core.service.history import build_history
from vmo_core.store.duckdb_store import Store

VIEW = {"width": 1600, "height": 2400}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A fresh server whose store the app seeds itself with the sample's history."""
    with served({"VMO_DB": str(tmp_path_factory.mktemp("db") / "vmo.duckdb")}, SHOTS / "streamlit-review.log") as url:
        yield url


@pytest.fixture(scope="module")
def expected(tmp_path_factory) -> str:
    """The headline the core gives for the same history, built apart (the app holds its own file)."""
    path = tmp_path_factory.mktemp("history") / "vmo.duckdb"
    build_history(path)
    with Store(path, read_only=True) as store:
        ids = [s.id for s in store.snapshots()]
        before, after = (build_portfolio(store.read_tables(i), source=str(path)) for i in ids[-2:])
    return since_review(changes(before, after))


def said(page, start: str) -> str:
    """The text of the first markdown element that begins with `start`, as a reader sees it."""
    found = page.get_by_test_id("stMarkdown").filter(has_text=start.split(":")[0]).first
    found.wait_for(timeout=60_000)
    return found.inner_text().replace("\u2060", "").strip()


def opened(browser, url: str):
    page = browser.new_page(viewport=VIEW)
    page.goto(url, wait_until="domcontentloaded")
    settle(page)
    assert page.get_by_test_id("stException").count() == 0
    return page


def test_the_review_page_and_the_landing_page_say_what_was_delayed(server, browser, expected):
    page = opened(browser, f"{server}/review")
    assert said(page, expected) == expected
    assert page.get_by_test_id("stPlotlyChart").count() == 1  # the waterfall
    assert page.get_by_test_id("stDataFrame").count() >= 3  # the slips, entered and left, re-estimated
    settle(page)
    page.screenshot(path=str(SHOTS / "review.png"))
    page.close()

    page = opened(browser, server)
    assert said(page, expected) == expected
    page.close()


def test_a_scenario_adopted_from_the_what_if_becomes_the_plan_and_going_back_restores_it(server, browser):
    pf = vmo_core.load(ROOT / "data" / "sample")
    scenario = vmo_core.compare(pf, {"changes": [{"op": "stop", "project": "DQ"}]}).scenario
    page = opened(browser, f"{server}/whatif?present=1")  # the room's bar: Stop, by name, applied as chosen
    page.get_by_role("button", name="Stop").click()
    page.get_by_label("Stop this project today").click()
    page.keyboard.type("Data Quality")
    page.get_by_role("option").filter(has_text="Data Quality").first.click()
    settle(page)
    page.get_by_role("button", name="Leave presentation").click()  # adopting is offered outside the room
    settle(page)
    page.get_by_role("button", name="Make it the plan").wait_for(timeout=30_000)
    page.get_by_role("button", name="Make it the plan").click()

    dialog = page.get_by_role("dialog")
    dialog.get_by_text("net value change").first.wait_for(timeout=30_000)
    assert dialog.get_by_role("button", name="Adopt it").is_disabled()  # nobody has said who decides
    dialog.get_by_label("Who decides").fill("Steering committee")
    dialog.get_by_label("Why").fill("Data quality waits for the new platform")
    dialog.get_by_label("Why").press("Tab")
    settle(page)
    page.screenshot(path=str(SHOTS / "adopt-confirmation.png"))
    dialog.get_by_role("button", name="Adopt it").click()
    page.get_by_text("is now the plan").first.wait_for(timeout=60_000)
    settle(page)
    assert page.get_by_role("dialog").count() == 0
    page.close()

    page = opened(browser, server)
    value = page.get_by_test_id("stMetric").filter(has_text="The plan's value")
    assert value.get_by_test_id("stMetricValue").inner_text().strip() == money_short(scenario.total_value, pf.currency)
    page.close()

    page = opened(browser, f"{server}/decisions")
    page.get_by_text("Data quality waits for the new platform").wait_for(timeout=30_000)
    page.screenshot(path=str(SHOTS / "decisions-after-adoption.png"))
    # going back: the plan before the adoption, adopted again
    page.get_by_role("button", name="Go back to it").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Who decides").fill("PMO")
    dialog.get_by_label("Who decides").press("Tab")
    settle(page)
    dialog.get_by_role("button", name="Go back to it").click()
    page.get_by_text("is in force again").first.wait_for(timeout=60_000)
    page.close()

    page = opened(browser, server)
    value = page.get_by_test_id("stMetric").filter(has_text="The plan's value")
    assert value.get_by_test_id("stMetricValue").inner_text().strip() == money_short(
        vmo_core.schedule(pf).total_value, pf.currency
    )
    page.close()
