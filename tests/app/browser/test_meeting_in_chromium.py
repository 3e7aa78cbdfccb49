"""Issue 23, item 1, in a real browser: the steering meeting run from the landing page to the adopted
plan in the register, in presentation mode at a projector's 1280x720 and never out of it (the sidebar
hidden and ?present=1 in the address at every step), each headline figure on the screen the core's.

Since the last review; Intake: the proposal added where Intake recommends, from the bar; Stop or
continue: the project in flight we would miss least, stopped from the bar; Constraint: capacity added
there from the bar; Interventions: "Try it" on the top move, and the bar's best order; Make it the
plan; the register shows the decision. Screenshots of each step at 1280x720 and 1920x1080 go to
artifacts/browser/meeting-*.png.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

import vmo_core
from tests.app.browser.serving import ROOT, SHOTS, acted, choose, served, settle, shows
from vmo_app.address import decode
from vmo_app.boundary import FAILED
from vmo_core.decisions.best import best_order
from vmo_core.decisions.constraints import constraints
from vmo_core.decisions.intake import intake
from vmo_core.decisions.interventions import interventions
from vmo_core.decisions.slips import changes as moved_between
from vmo_core.decisions.stopping import stop_ranking
from vmo_core.io.loading import build_portfolio
from vmo_core.present.format import money_short, ordinal
from vmo_core.present.review_sentences import since_review
from vmo_core.service.history import build_history
from vmo_core.store.duckdb_store import Store

SAMPLE = vmo_core.load(ROOT / "data" / "sample")
SIZES = [(1280, 720), (1920, 1080)]
NET = "Net value change"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The sample's history (as a new app builds it), with what moved between its last two reviews."""
    db = tmp_path_factory.mktemp("db") / "vmo.duckdb"
    build_history(db)
    with Store(db) as held:
        before, after = held.snapshots()[-2:]
        moved = moved_between(
            build_portfolio(held.read_tables(before.id), source="before"),
            build_portfolio(held.read_tables(after.id), source="after"),
        )
    return db, moved


@pytest.fixture(scope="module")
def server(store):
    with served({"VMO_DB": str(store[0])}, SHOTS / "streamlit-meeting.log") as url:
        yield url


# ---------------------------------------------------------------- the room, looked at


def in_the_room(page) -> None:
    """Still presenting: the sidebar hidden, ?present=1 in the address, nothing failed."""
    assert parse_qs(urlsplit(page.url).query).get("present") == ["1"], page.url
    sidebar = page.get_by_test_id("stSidebar")
    assert sidebar.count() == 0 or not sidebar.is_visible(), "the sidebar stays hidden"
    exceptions = page.get_by_test_id("stException")
    assert exceptions.count() == 0, exceptions.first.inner_text()
    assert page.get_by_text(FAILED).count() == 0


def shot(page, name: str) -> None:
    """The page as the room sees it, at both sizes; then the projector's size again."""
    for width, height in reversed(SIZES):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(400)
        page.screenshot(path=str(SHOTS / f"meeting-{name}-{width}x{height}.png"))
    settle(page)


def metric(page, label: str) -> str:
    card = page.get_by_test_id("stMetric").filter(has_text=label).first
    return card.get_by_test_id("stMetricValue").inner_text().strip()


def main_text(page) -> str:
    return page.get_by_test_id("stMain").inner_text().replace("\u2060", "")


def changes_in(page) -> list[dict]:
    """The session's scenario, as the address holds it."""
    (code,) = parse_qs(urlsplit(page.url).query).get("changes", [None])
    return decode(code) if code else []


def holds(page, changes: list[dict]) -> None:
    """Wait until the address holds `changes` (the app writes it back after each run)."""
    for _ in range(300):
        if changes_in(page) == changes:
            return
        page.wait_for_timeout(100)
    assert changes_in(page) == changes


def expected_net(changes: list[dict]) -> str:
    return money_short(vmo_core.compare(SAMPLE, {"changes": changes}).net_value_change, "GBP", signed=True)


# ---------------------------------------------------------------- the room, driven


def go(page, title: str) -> None:
    """A page from the navigation along the top (from its "more" menu when the width does not hold it),
    followed again when a busy machine loses the click."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    heading = page.get_by_test_id("stHeading").filter(has_text=title).first
    for _ in range(3):
        try:
            follow(page, title)
            heading.wait_for(timeout=20_000)
            break
        except PlaywrightTimeout:
            continue
    heading.wait_for(timeout=60_000)
    settle(page)


def follow(page, title: str) -> None:
    link = page.get_by_test_id("stTopNavLink").filter(has_text=title).first
    if link.evaluate("a => a.checkVisibility() && !a.closest('[inert]')"):
        link.click()
        return
    listed = page.get_by_test_id("stTopNavDropdownLink").filter(has_text=title).first
    if not listed.is_visible():
        page.get_by_test_id("stTopNavSection").first.click()
        listed.wait_for(timeout=10_000)
    listed.click(timeout=10_000)


def in_popover(page, name: str) -> None:
    page.get_by_test_id("stPopover").filter(has_text=name).first.get_by_role("button").first.click()
    page.wait_for_timeout(300)


def what_if_shows(page, changes: list[dict]) -> None:
    go(page, "What-if")
    shows(page, NET, expected_net(changes))
    in_the_room(page)


# ---------------------------------------------------------------- the meeting


def test_the_steering_meeting_runs_in_presentation_mode_from_the_landing_page_to_the_register(server, store, browser):
    _, moved = store
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{server}/?present=1", wait_until="domcontentloaded")
    page.get_by_test_id("stMetric").first.wait_for(timeout=60_000)
    settle(page)
    in_the_room(page)
    assert since_review(moved) in main_text(page), "the landing page's line on the last review"
    shot(page, "1-landing")

    # Since the last review
    go(page, "Since the last review")
    shows(page, "Value delayed", money_short(moved.value_delayed, "GBP"))
    in_the_room(page)
    shot(page, "2-since-the-last-review")

    # Intake: the proposal added where Intake recommends, from the bar
    go(page, "Intake")
    best = intake(SAMPLE, "ATLAS").best
    choose(page, "Proposal", "Atlas Digital Twin")
    shows(page, "Recommendation", f"Accept {ordinal(best.position)}")
    shot(page, "3-intake")
    in_popover(page, "Add")
    choose(page, "Add a proposal", "Atlas Digital Twin")
    made = [{"op": "add", "project": "ATLAS", "position": best.position}]
    holds(page, made)
    what_if_shows(page, made)
    assert metric(page, NET) == money_short(best.net_value_change, "GBP", signed=True), "Intake's figure"
    shot(page, "4-intake-added")

    # Stop or continue: the project in flight we would miss least
    go(page, "Stop or continue")
    least = stop_ranking(SAMPLE, scenario={"changes": made}).missed_least
    assert least.in_flight
    shows(page, "Missed least if stopped, of the projects in flight", least.name)
    shows(page, "Net value change of stopping it", money_short(least.net_value_change, "GBP", signed=True))
    shot(page, "5-stop-or-continue")
    in_popover(page, "Stop")
    choose(page, "Stop this project today", least.name)
    made += [{"op": "stop", "project": least.id}]
    holds(page, made)
    what_if_shows(page, made)

    # Constraint: one more FTE there, from the bar
    go(page, "Constraint")
    report = constraints(SAMPLE, scenario={"changes": made})
    pool = report.pool(report.constraint)
    shows(page, "The constraint", pool.name)
    shows(page, "One more FTE there is worth", money_short(pool.shadow_price, "GBP"))
    shot(page, "6-constraint")
    in_popover(page, "Capacity")
    choose(page, "Team", pool.name)
    slider = page.get_by_test_id("stSlider").filter(has_text=pool.name).get_by_role("slider")
    if not slider.is_visible():  # the run the choice made closed it
        in_popover(page, "Capacity")
    slider.wait_for(timeout=30_000)
    for _ in range(2):  # half an FTE a step

        def press() -> None:
            slider.focus()
            page.keyboard.press("ArrowRight")

        acted(page, press)
        settle(page)
    page.keyboard.press("Escape")
    planned = {p.id: p.capacity_fte for p in SAMPLE.pools}[pool.id]
    made += [{"op": "capacity", "pool": pool.id, "capacity_fte": planned + 1}]
    holds(page, made)
    what_if_shows(page, made)
    shot(page, "7-capacity-added")

    # Interventions: Try it on the top move, and the bar's best order (the re-sequence)
    go(page, "Interventions")
    found = interventions(SAMPLE, scenario={"changes": made}, best=best_order(SAMPLE, scenario={"changes": made}))
    top = found.interventions[0]
    shows(page, "The single move worth most", money_short(top.net_value_change, "GBP", signed=True))
    assert top.label in main_text(page)
    shot(page, "8-interventions")
    acted(page, page.get_by_test_id("stButton").filter(has_text="Try it").first.click)
    settle(page)
    page.get_by_test_id("stHeading").filter(has_text="What-if").first.wait_for(timeout=60_000)
    made += list(top.changes)
    shows(page, NET, expected_net(made))
    assert changes_in(page) == made
    in_the_room(page)
    if top.action != "resequence":  # the re-sequence too, from the bar
        in_popover(page, "Best order")
        acted(page, page.get_by_role("button", name="Put the work in the best order").click)
        settle(page)
        made += [{"op": "sequence", "order": list(best_order(SAMPLE, scenario={"changes": made}).order)}]
        shows(page, NET, expected_net(made))
    in_popover(page, "Scenario")  # what the room holds, and the way to a saved one or back to the plan
    page.get_by_role("button", name="Back to the plan").wait_for(timeout=10_000)
    shot(page, "9-scenario-menu")
    page.keyboard.press("Escape")
    assert changes_in(page) == made and made[-1]["op"] in ("sequence", "add", "stop", "accelerate", "capacity")
    assert any(c["op"] == "sequence" for c in made), "the re-sequence is part of the meeting"
    shot(page, "9-what-if-after-interventions")

    # Make it the plan, then the register
    net = expected_net(made)
    acted(page, page.get_by_role("button", name="Make it the plan").click)
    dialog = page.get_by_role("dialog")
    dialog.wait_for(timeout=60_000)
    settle(page)
    assert "Atlas Digital Twin" in dialog.inner_text() and least.name in dialog.inner_text(), "every change named"
    shot(page, "10-make-it-the-plan")
    dialog.get_by_label("Who decides").fill("Steering committee")
    dialog.get_by_label("Who decides").press("Tab")
    settle(page)
    acted(page, dialog.get_by_role("button", name="Adopt it").click)
    page.get_by_test_id("stHeading").filter(has_text="Decisions").first.wait_for(timeout=60_000)
    settle(page)
    shows(page, "Net value promised", net)
    assert metric(page, "Net value promised") == net, "the newest decision, first"
    assert changes_in(page) == []
    in_the_room(page)
    shot(page, "11-decisions")
    page.close()
