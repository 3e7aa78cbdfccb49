"""The real app, served by `streamlit run`, driven in headless Chromium (Debian's package).

Opens the What-if page, stops a project (ticking its Stop in the priority list), and checks that the delay cost on the screen
becomes the figure `vmo_core.compare` gives; visits every page and keeps a screenshot of
each under artifacts/browser/; records how long the first page and the change took in
artifacts/browser/timings.json.
"""

from __future__ import annotations

import json
import time

import pytest

import vmo_core
from tests.app.browser.serving import METRIC_SHOWS, ROOT, SHOTS, cut_figures, portfolio_uploader, served, settle, tick_stop
from vmo_app.boundary import FAILED
from vmo_core.present.format import money_short

ROW = 10  # Borealis Network Analytics, 10th in the sample's priority list

PAGES = [
    "",
    "whatif",
    "sequencing",
    "constraint",
    "intake",
    "stop",
    "benefits",
    "forecast",
    "interventions",
    "boardpack",
    "scenarios",
    "data",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with served({"VMO_DB": str(tmp_path_factory.mktemp("db") / "vmo.duckdb")}, SHOTS / "streamlit.log") as url:
        yield url


def metric_value(page, label: str) -> str:
    metric = page.get_by_test_id("stMetric").filter(has_text=label)
    return metric.get_by_test_id("stMetricValue").inner_text().strip()


def test_stopping_a_project_shows_the_value_it_brings_forward_as_the_core_gives(server, browser):
    pf = vmo_core.load(ROOT / "data" / "sample")
    stop = {"op": "stop", "project": "BOREALIS"}
    expected = money_short(vmo_core.compare(pf, {"changes": [stop]}).value_gained_sooner, pf.currency)
    page = browser.new_page(viewport={"width": 1600, "height": 2400})
    start = time.perf_counter()
    page.goto(f"{server}/whatif", wait_until="domcontentloaded")
    page.get_by_test_id("stMetric").filter(has_text="Value brought forward").wait_for(timeout=60_000)
    settle(page)
    first_page = time.perf_counter() - start
    # A deep link on a fresh server runs inside the app (its navigation and title), not as a lone script.
    assert page.title() == "Value Management Office"
    assert page.get_by_test_id("stSidebarNav").get_by_text("Stop or continue").count() == 1
    assert metric_value(page, "Value brought forward") == money_short(0, pf.currency)

    clicked = time.perf_counter()
    tick_stop(page, ROW)  # applied at once, no button
    page.wait_for_function(
        METRIC_SHOWS,
        arg=["Value brought forward", expected],
        timeout=30_000,
        polling=10,
    )
    change = time.perf_counter() - clicked
    settle(page)
    assert metric_value(page, "Value brought forward") == expected
    page.screenshot(path=str(SHOTS / "what-if-after-stop.png"))
    (SHOTS / "timings.json").write_text(json.dumps({"first_page_s": first_page, "what_if_change_s": change}, indent=1))
    page.close()


@pytest.mark.parametrize("path", PAGES)
def test_every_page_opens_without_an_exception_and_its_figures_read_whole(server, browser, path):
    """At a laptop's or projector's 1280 px, the sidebar open: no headline label or figure is cut with '…'."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{server}/{path}", wait_until="domcontentloaded")
    settle(page)
    page.screenshot(path=str(SHOTS / f"page-{path or 'portfolio'}.png"), full_page=True)
    assert not (cut := cut_figures(page)), f"cut on /{path}: {cut}"
    exceptions = page.get_by_test_id("stException")
    assert exceptions.count() == 0, exceptions.first.inner_text()
    assert page.get_by_text(FAILED).count() == 0, "the page fell back to the boundary's message"
    assert page.get_by_test_id("stHeading").count() >= 1
    page.close()


def test_an_upload_is_checked_in_the_browser_and_a_bad_one_loads_nothing(server, browser, tmp_path):
    sample = ROOT / "data" / "sample"
    bad = tmp_path / "bad"
    bad.mkdir()
    for path in sample.glob("*.csv"):
        (bad / path.name).write_bytes(path.read_bytes())
    projects = (bad / "projects.csv").read_text(encoding="utf-8").splitlines()
    cells = projects[1].split(",")
    cells[4] = "-3"  # duration_weeks, spreadsheet row 2
    projects[1] = ",".join(cells)
    (bad / "projects.csv").write_text("\n".join(projects) + "\n", encoding="utf-8")

    page = browser.new_page(viewport={"width": 1600, "height": 2400})
    page.goto(f"{server}/data", wait_until="domcontentloaded")
    settle(page)
    upload = portfolio_uploader(page)
    upload.set_input_files(sorted(str(p) for p in bad.glob("*.csv")))
    page.get_by_text("nothing was loaded").wait_for(timeout=60_000)
    settle(page)
    assert page.get_by_test_id("stException").count() == 0
    assert "1 problem found in 1 file" in page.get_by_test_id("stAlert").first.inner_text()
    shown = page.get_by_test_id("stMain").inner_text().replace("\u2060", "")
    assert "projects.csv, row 2, column duration_weeks: '-3' is out of range" in shown  # as text, whole
    page.screenshot(path=str(SHOTS / "data-bad-upload.png"))

    page.goto(f"{server}/data", wait_until="domcontentloaded")
    settle(page)
    portfolio_uploader(page).set_input_files(sorted(str(p) for p in sample.glob("*.csv")))
    page.get_by_text("This upload is the portfolio now loaded").wait_for(timeout=60_000)
    assert page.get_by_test_id("stException").count() == 0
    page.close()
