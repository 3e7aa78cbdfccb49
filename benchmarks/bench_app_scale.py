"""The app on a large portfolio in a real browser: every page warm, a What-if change, the server's memory.

    python benchmarks/bench_app_scale.py [--projects 1000] [--sessions 10] [--repeat 3]

Serves the app (`python -m vmo_app`, as `make run` does) on a generated portfolio
(benchmarks/generate_portfolio.py) and opens it in headless Chromium (Debian's package). For each
page, reached by its link in the sidebar as a reader would: the first open (its answers worked
out, then cached by the server) and the median of `--repeat` later opens with the server's caches
warm, each timed from the click until Streamlit says the page's script has run to its end (target
2 s); and the server's memory once started, after the landing page and after each first open (what
each page's answers cost). Then a What-if change: a capacity slider's move to the core's new net
value on screen (target 1 s). Then memory: `--sessions` sessions open at once, each having moved a
different team's slider (so each holds a different what-if), and the server's resident memory, its
children included (VmRSS in /proc; target 1 GB).
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_browser import METRIC, generated, moves, moving_pool, serve, settled  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

import vmo_core  # noqa: E402
from tests.app.browser.serving import ARGS, CHROMIUM  # noqa: E402

PAGES = [  # the sidebar's links (app.py), the landing page first
    "Portfolio",
    "Since the last review",
    "What-if",
    "Sequencing",
    "Constraint",
    "Intake",
    "Stop or continue",
    "Benefits",
    "Forecast",
    "Interventions",
    "Board pack",
    "Scenarios",
    "Decisions",
    "Data",
]
PAGE_TARGET, CHANGE_TARGET, MEMORY_TARGET = 2.0, 1.0, 1024  # seconds, seconds, MB
IDLE = """() => document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === 'notRunning'
    && !document.querySelector('[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]')"""


class Runs:
    """How many times the server has said a page's script ran to its end (its `script_finished`
    message on the page's WebSocket): a fast rerun may never show as running in the page itself."""

    def __init__(self, page):
        self.finished = 0
        page.on("websocket", lambda socket: socket.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        if isinstance(payload, bytes):
            message = ForwardMsg.FromString(payload)
            if message.WhichOneof("type") == "script_finished" and message.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                self.finished += 1


def timed(page, runs: Runs, action) -> float:
    """Seconds from `action` to the end of the script run it starts, drawn on screen."""
    before = runs.finished
    started = time.perf_counter()
    action()
    while runs.finished == before:
        if time.perf_counter() - started > 600:
            raise TimeoutError("the server never said the page's script had finished")
        page.wait_for_timeout(10)
    page.wait_for_function(IDLE, timeout=600_000, polling=20)
    return time.perf_counter() - started


def open_page(page, runs: Runs, title: str) -> float:
    """Seconds from a click on the page's sidebar link to its script's end on screen."""
    link = page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)
    seconds = timed(page, runs, link.click)
    print(f"  {title:24s} {seconds:6.2f} s", file=sys.stderr, flush=True)
    return seconds


def page_times(browser, url: str, repeat: int, pid: int, walk: list[tuple[str, float]]) -> dict[str, tuple[float, float]]:
    """(first open, warm median) for every page, in one session; the server's MB after each first
    open is appended to `walk` (which page's answers cost what)."""
    walk.append(("the server started, no page opened", rss_mb(pid)))
    page = browser.new_page(viewport={"width": 1600, "height": 1200})
    runs = Runs(page)
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_test_id("stMetricValue").first.wait_for(timeout=600_000)
    settled(page)
    walk.append((f"after {PAGES[0]} (the landing page)", rss_mb(pid)))
    first = {}
    for title in PAGES[1:] + PAGES[:1]:
        first[title] = open_page(page, runs, title)
        walk.append((f"after {title}", rss_mb(pid)))
    warm = {title: [] for title in PAGES}
    for _ in range(repeat):
        for title in PAGES:
            warm[title].append(open_page(page, runs, title))
    page.close()
    return {title: (first[title], statistics.median(warm[title])) for title in PAGES}


def whatif_changes(browser, url: str, pool_name: str, expected: list[str]) -> list[float]:
    """Seconds from each key press on the team's slider to the page's end with the core's net value on it."""
    page = browser.new_page(viewport={"width": 1600, "height": 1200})
    runs = Runs(page)
    page.goto(f"{url}/whatif", wait_until="domcontentloaded")
    page.get_by_test_id("stMetric").filter(has_text=METRIC).wait_for(timeout=600_000)
    settled(page)
    timed(page, runs, page.get_by_role("tab", name="Capacity").click)
    slider = page.get_by_test_id("stSlider").filter(has_text=f"{pool_name}:").get_by_role("slider")
    took = []
    for want in expected:
        slider.focus()
        took.append(timed(page, runs, functools.partial(page.keyboard.press, "ArrowRight")))
        shown = page.get_by_test_id("stMetric").filter(has_text=METRIC).get_by_test_id("stMetricValue").inner_text()
        if shown.strip() != want:
            raise SystemExit(f"the What-if shows {shown!r} after the move, not the core's {want!r}")
        print(f"  What-if change {took[-1]:6.2f} s ({want})", file=sys.stderr, flush=True)
    page.close()
    return took


def rss_mb(pid: int) -> float:
    """The process's resident memory and its children's, in MB (VmRSS from /proc)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total / 1024


def sessions_memory(browser, url: str, pf, count: int, pid: int) -> list[tuple[str, float]]:
    """(moment, server MB) before and after `count` sessions, each moving a different team's slider once."""
    readings = [("after the walk and the What-if moves, no other session", rss_mb(pid))]
    pools = [p for p in pf.pools if p.cost_per_fte_week > 0][:count]
    contexts = []
    for pool in pools:
        context = browser.new_context(viewport={"width": 1600, "height": 1200})
        page = context.new_page()
        runs = Runs(page)
        page.goto(f"{url}/whatif", wait_until="domcontentloaded")
        page.get_by_test_id("stMetric").filter(has_text="Net value change").wait_for(timeout=600_000)
        settled(page)
        timed(page, runs, page.get_by_role("tab", name="Capacity").click)
        page.get_by_test_id("stSlider").filter(has_text=f"{pool.label}:").get_by_role("slider").focus()
        timed(page, runs, functools.partial(page.keyboard.press, "ArrowRight"))
        print(f"  session {len(contexts) + 1}: {pool.label} moved, server {rss_mb(pid):,.0f} MB", file=sys.stderr, flush=True)
        contexts.append(context)
        if len(contexts) == 1:
            readings.append(("one session, one what-if", rss_mb(pid)))
    readings.append((f"{len(contexts)} sessions, each a different what-if", rss_mb(pid)))
    for context in contexts:
        context.close()
    return readings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--pools", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3, help="warm opens of each page")
    parser.add_argument("--moves", type=int, default=5, help="What-if slider moves timed")
    parser.add_argument("--sessions", type=int, default=10, help="sessions open at once for the memory reading")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch_dir, sync_playwright() as p:
        scratch = Path(scratch_dir)
        folder = generated(scratch, args.projects, args.pools)
        pf = vmo_core.load(folder)
        pool = moving_pool(pf)
        expected = moves(pf, pool, args.moves)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        process, url = serve(folder, scratch, 0)
        walk: list[tuple[str, float]] = []
        try:
            times = page_times(browser, url, args.repeat, process.pid, walk)
            changes = whatif_changes(browser, url, pool.label, expected)
            memory = sessions_memory(browser, url, pf, args.sessions, process.pid)
        finally:
            process.terminate()
            process.wait(timeout=30)
            browser.close()
    report(args, times, changes, walk + memory)


def report(args, times: dict[str, tuple[float, float]], changes: list[float], memory: list[tuple[str, float]]) -> None:
    print(f"\nThe app on {args.projects:,} projects, {args.pools} pools, in Chromium (one server, `python -m vmo_app`)")
    print(f"| page | first open | warm (median of {args.repeat}) | target {PAGE_TARGET:g} s |")
    print("| --- | --- | --- | --- |")
    for title, (first, warm) in times.items():
        print(f"| {title} | {first:.2f} s | {warm:.2f} s | {'met' if warm <= PAGE_TARGET else 'MISSED'} |")
    median = statistics.median(changes)
    print(
        f"\nWhat-if change (capacity slider to new net value): median {median:.2f} s, worst {max(changes):.2f} s "
        f"over {len(changes)} moves; target {CHANGE_TARGET:g} s {'met' if median <= CHANGE_TARGET else 'MISSED'}"
    )
    print("\n| server memory (VmRSS, children included) | MB |")
    print("| --- | --- |")
    for moment, mb in memory:
        print(f"| {moment} | {mb:,.0f} |")
    worst = max(mb for _, mb in memory)
    print(f"target {MEMORY_TARGET:,} MB {'met' if worst <= MEMORY_TARGET else 'MISSED'}")


if __name__ == "__main__":
    main()
