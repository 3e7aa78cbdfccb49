"""The meeting in a real browser (issue 12): presentation mode at a projector's 1280x720 (and at
1920x1080) keeps the bar of changes, hides the sidebar, shows the headline figures at least half
as large again as outside it, unclipped, and no exception; a capacity slider moved from the
keyboard, on the What-if and in the bar, brings the core's figure to the screen.

Screenshots for a person to look at go to artifacts/browser/room-*.png.
"""

from __future__ import annotations

import pytest

import vmo_core
from tests.app.browser.serving import METRIC_SHOWS, ROOT, SHOTS, acted, cut_figures, served, settle
from vmo_app.boundary import FAILED
from vmo_core.present.format import money_short

BAR = ["Stop", "Add", "Accelerate", "Capacity", "Best order", "Scenario", "Undo", "Make it the plan", "Leave presentation"]
SAMPLE = vmo_core.load(ROOT / "data" / "sample")
NET = "Net value change"
FONT_SIZE = "e => parseFloat(getComputedStyle(e).fontSize)"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with served({"VMO_DB": str(tmp_path_factory.mktemp("db") / "vmo.duckdb")}, SHOTS / "streamlit-room.log") as url:
        yield url


def opened(browser, url: str, *, width: int, height: int):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_test_id("stMetric").filter(has_text=NET).wait_for(timeout=60_000)
    settle(page)
    return page


def headline_size(page) -> float:
    return page.get_by_test_id("stMetricValue").first.evaluate(FONT_SIZE)


def net_shown(page) -> str:
    return page.get_by_test_id("stMetric").filter(has_text=NET).get_by_test_id("stMetricValue").inner_text().strip()


def wait_for_net(page, want: str) -> None:
    page.wait_for_function(
        METRIC_SHOWS,
        arg=[NET, want],
        timeout=30_000,
        polling=20,
    )
    settle(page)


def one_step_right(page, slider) -> None:
    """The slider moved one step from the keyboard, taken hold of first, as a hand would: on a busy
    machine Streamlit sometimes draws the tabs afresh after a run, and the new slider does not have
    the keyboard's focus."""

    def press() -> None:
        slider.focus()
        page.keyboard.press("ArrowRight")

    acted(page, press)


def no_failure_on(page) -> None:
    exceptions = page.get_by_test_id("stException")
    assert exceptions.count() == 0, exceptions.first.inner_text()
    assert page.get_by_text(FAILED).count() == 0


def expected_net(changes: list[dict]) -> str:
    return money_short(vmo_core.compare(SAMPLE, {"changes": changes}).net_value_change, "GBP", signed=True)


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_presentation_mode_is_built_for_the_room(server, browser, width, height):
    normal = opened(browser, f"{server}/whatif", width=width, height=height)
    assert normal.get_by_test_id("stSidebar").is_visible()
    normal_size = headline_size(normal)
    normal.close()

    page = opened(browser, f"{server}/whatif?present=1", width=width, height=height)
    page.screenshot(path=str(SHOTS / f"room-presenting-{width}x{height}.png"))
    no_failure_on(page)
    sidebar = page.get_by_test_id("stSidebar")
    assert sidebar.count() == 0 or not sidebar.is_visible(), "the sidebar is hidden"
    for control in BAR:
        assert page.get_by_role("button", name=control).first.is_visible(), control
    assert headline_size(page) >= 1.5 * normal_size
    assert cut_figures(page) == [], "a headline figure is cut off"
    assert page.get_by_test_id("stMetric").filter(has_text=NET).is_visible()
    assert page.get_by_text("below").count() == 0, "no text points at controls presentation mode hides"
    page.close()


def test_the_bar_moves_a_team_s_capacity_and_the_headline_follows(server, browser):
    page = opened(browser, f"{server}/whatif?present=1", width=1280, height=720)
    page.get_by_role("button", name="Capacity").first.click()
    slider = page.get_by_test_id("stSlider").filter(has_text="Data Engineering").get_by_role("slider")
    slider.wait_for(timeout=30_000)
    one_step_right(page, slider)  # 6 -> 6.5 FTE
    wait_for_net(page, expected_net([{"op": "capacity", "pool": "DATA", "capacity_fte": 6.5}]))
    no_failure_on(page)
    assert cut_figures(page) == [], "five figures (the people's cost among them) fit a projector's width"
    page.screenshot(path=str(SHOTS / "room-presenting-capacity-1280x720.png"))
    page.close()


def test_a_capacity_slider_on_the_what_if_updates_the_headline_as_it_moves(server, browser):
    page = opened(browser, f"{server}/whatif", width=1280, height=1400)
    assert net_shown(page) == money_short(0, "GBP", signed=True)
    page.get_by_role("tab", name="Capacity").click()
    slider = page.get_by_test_id("stSlider").filter(has_text="Data Engineering").get_by_role("slider")
    for fte in (6.5, 7.0):
        one_step_right(page, slider)
        wait_for_net(page, expected_net([{"op": "capacity", "pool": "DATA", "capacity_fte": fte}]))
    no_failure_on(page)
    page.screenshot(path=str(SHOTS / "room-what-if-capacity.png"))
    page.get_by_role("tab", name="Priority list").click()
    settle(page)
    page.screenshot(path=str(SHOTS / "room-what-if-priority-list.png"))
    page.close()


BOX = "e => { const r = e.getBoundingClientRect(); return [r.x, r.width]; }"


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_the_bar_is_one_row_and_leaving_the_room_does_not_reflow_the_page(server, browser, width, height):
    page = opened(browser, f"{server}/whatif?present=1", width=width, height=height)
    buttons = page.get_by_test_id("stHorizontalBlock").filter(has=page.get_by_role("button", name="Leave presentation"))
    tops = {round(b["y"]) for b in (page.get_by_role("button", name=c).first.bounding_box() for c in BAR)}
    assert len(tops) == 1, f"the bar wraps: {tops} ({buttons.count()})"
    main, title = page.get_by_test_id("stMainBlockContainer"), page.get_by_test_id("stHeading").first
    before = main.evaluate(BOX), title.evaluate(BOX)
    acted(page, page.get_by_role("button", name="Leave presentation").click)
    settle(page)
    page.wait_for_timeout(800)  # the sidebar's own animation, were it to open
    page.screenshot(path=str(SHOTS / f"room-left-{width}x{height}.png"))
    assert "present=" not in page.url
    sidebar = page.get_by_test_id("stSidebar")
    assert sidebar.count() == 0 or not sidebar.is_visible() or sidebar.bounding_box()["width"] < 1, "it stays folded"
    assert (main.evaluate(BOX), title.evaluate(BOX)) == before, "the page keeps its place and width"
    no_failure_on(page)
    page.close()
