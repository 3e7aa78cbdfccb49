"""The app served by `python -m vmo_app` on a free port, and Chromium (Debian's) to look at it:
what the browser tests share."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from vmo_app.serving import command

ROOT = Path(__file__).resolve().parents[3]
SHOTS = ROOT / "artifacts" / "browser"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# A headline's figure and label: Streamlit cuts a label that does not fit with '…' in one of its divs
# (its <p> is laid out with no width of its own, so measuring that would never see the cut).
FIGURE_CELLS = '[data-testid="stMetricValue"], [data-testid="stMetricLabel"] div'
CLIPPED = "e => e.scrollWidth > e.clientWidth + 1"


def cut_figures(page) -> list[str]:
    """The headline's figures and labels on `page` that do not fit their card."""
    cells = page.locator(FIGURE_CELLS)
    return sorted({cells.nth(i).inner_text() for i in range(cells.count()) if cells.nth(i).evaluate(CLIPPED)})


ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(env: dict[str, str], log: Path, *, port: int | None = None) -> Iterator[str]:
    """The app on `port` (a free one by default), with `env` added to this process's environment; its output in `log`."""
    port = port or free_port()
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        process = subprocess.Popen(
            command(port, python=str(ROOT / ".venv" / "bin" / "python")),  # as `make run` serves it
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            for _ in range(120):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    time.sleep(0.25)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=20)


def settle(page) -> None:
    """Wait until Streamlit has finished running the page's script."""
    page.wait_for_selector('[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]', timeout=60_000)
    page.wait_for_timeout(300)
    page.wait_for_function(
        """() => document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === 'notRunning'
                 && !document.querySelector('[data-testid="stStatusWidget"]')
                 && !document.querySelector('[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]')""",
        timeout=60_000,
    )


# For page.wait_for_function with arg=[label, want]: the metric labelled `label` shows `want`.
METRIC_SHOWS = """([label, want]) => [...document.querySelectorAll('[data-testid="stMetric"]')]
             .some(m => m.innerText.includes(label) &&
                        m.querySelector('[data-testid="stMetricValue"]').innerText.trim() === want)"""

RUN_STARTED = """() => document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === 'running'"""


def shows(page, label: str, want: str) -> None:
    """Wait until the metric labelled `label` shows `want`."""
    page.wait_for_function(METRIC_SHOWS, arg=[label, want], timeout=60_000, polling=50)


def choose(page, label: str, option: str) -> None:
    """`option` chosen in the select labelled `label`, typed as a hand would (nothing, when it is the
    one shown already: choosing it again would start no run)."""
    named = page.get_by_test_id("stWidgetLabel").get_by_text(label, exact=True)
    box = page.get_by_test_id("stSelectbox").filter(has=named).first
    if box.locator("input").first.input_value() == option:
        return

    def pick() -> None:
        box.click()
        page.keyboard.type(option)
        page.keyboard.press("Enter")

    acted(page, pick)
    settle(page)


def acted(page, action, *, tries: int = 3) -> None:
    """`action` (a click or key press that changes the scenario), done again if the page does not
    start to run its script within 5 s. On a busy machine a press can be lost: the canvas table
    not yet taking clicks, or a widget drawn afresh after a run and no longer holding the focus."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(tries):
        action()
        try:
            page.wait_for_function(RUN_STARTED, timeout=5_000, polling=10)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"the page did not start a run after {tries} tries of the same action")


def uploaded(uploader, path, shown, *, tries: int = 2, timeout: int = 60_000) -> None:
    """`path` given to `uploader` until `shown` (a locator) appears: on a busy machine a file set while
    the page is still finishing a run can be dropped by the rerun that follows, so it is given again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(tries):
        uploader.set_input_files(str(path))
        try:
            shown.wait_for(timeout=timeout)
            return
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise


def register_uploader(page):
    """The Data page's register uploader, its section opened first. Opening it reruns the page
    (the section is keyed, to stay open), so the file waits for that run: one set during it can be
    dropped by the run that follows."""
    page.get_by_text("A project register (one sheet) or an MS Project file").click()
    settle(page)
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="A project list with its own columns")
    return uploader.get_by_test_id("stFileUploaderDropzoneInput")


def portfolio_uploader(page):
    """The Data page's uploader of a portfolio's files (the page has others, for registers)."""
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="A portfolio: the CSV files of its folder")
    return uploader.get_by_test_id("stFileUploaderDropzoneInput")


def tick_stop(page, row: int) -> None:
    """Tick Stop in the What-if's priority list on its `row`-th project (1-based): applied at once."""
    grid = page.get_by_test_id("stDataFrame").first  # the priority list, drawn on a canvas

    def tick() -> None:
        box = grid.bounding_box()
        page.mouse.click(box["x"] + box["width"] - 30, box["y"] + 55)  # its first row's Stop cell
        for _ in range(row - 1):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Space")

    acted(page, tick)
