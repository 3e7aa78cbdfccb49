"""How quickly the app answers in a real browser: first page, and a What-if control moved.

    python benchmarks/bench_browser.py [--projects 1000] [--repeat 10]

Serves the app (`python -m vmo_app`, as `make run` does) on the bundled sample and on a
generated portfolio, opens it in headless Chromium (Debian's package) and prints: seconds from
opening the app to its first figures, and milliseconds from a capacity slider's move on the
What-if (one key press on its handle, as a hand on it would) to the new net value on screen,
the figure the core gives for that scenario (targets: 5 s; 300 ms on the sample, 1 s on 1,000
projects). Each move is a new scenario, worked out for the first time.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate_portfolio import write_portfolio  # noqa: E402

import vmo_core  # noqa: E402
from tests.app.browser.serving import ARGS, CHROMIUM, METRIC_SHOWS, free_port  # noqa: E402
from vmo_app.serving import command  # noqa: E402
from vmo_core.present.format import money_short  # noqa: E402

METRIC = "Net value change"
IDLE = """() => document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === 'notRunning'"""
TARGETS = {"sample": 0.3}  # seconds; a generated portfolio's target is 1 s


def serve(portfolio: Path, scratch: Path, run: int) -> tuple[subprocess.Popen, str]:
    """A fresh server on a new database, as after `make run` on a fresh machine."""
    port = free_port()
    env = {**os.environ, "VMO_DB": str(scratch / f"{portfolio.name}-{run}.duckdb"), "VMO_SAMPLE": str(portfolio)}
    process = subprocess.Popen(
        command(port, python=str(ROOT / ".venv" / "bin" / "python")),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    return process, f"http://127.0.0.1:{port}"


def settled(page) -> None:
    """Until the page's script has run to its end (Streamlit says so on its root element)."""
    page.wait_for_function(IDLE, timeout=120_000, polling=20)


def first_figures(browser, url: str) -> float:
    """Seconds from opening the app to its first figures on screen."""
    page = browser.new_page(viewport={"width": 1600, "height": 1200})
    start = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_test_id("stMetricValue").first.wait_for(timeout=120_000)
    seconds = time.perf_counter() - start
    page.close()
    return seconds


def moves(pf, pool, repeat: int) -> list[str]:
    """The net value the core gives after each of `repeat` steps up of `pool`'s slider, as shown."""
    start, step = pool.capacity_fte, 0.5 if (pool.capacity_fte * 2).is_integer() else 0.1
    shown = []
    for n in range(1, repeat + 1):
        change = {"op": "capacity", "pool": pool.id, "capacity_fte": round(start + n * step, 10)}
        shown.append(money_short(vmo_core.compare(pf, {"changes": [change]}).net_value_change, pf.currency, signed=True))
    return shown


def slider_moves(browser, url: str, pool_name: str, expected: list[str]) -> list[float]:
    """Seconds from each key press on the team's slider to the core's net value on screen."""
    page = browser.new_page(viewport={"width": 1600, "height": 1200})
    page.goto(f"{url}/whatif", wait_until="domcontentloaded")
    page.get_by_test_id("stMetric").filter(has_text=METRIC).wait_for(timeout=120_000)
    settled(page)
    page.get_by_role("tab", name="Capacity").click()
    slider = page.get_by_test_id("stSlider").filter(has_text=f"{pool_name}:").get_by_role("slider")
    took = []
    for want in expected:
        slider.focus()
        pressed = time.perf_counter()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            METRIC_SHOWS,
            arg=[METRIC, want],
            timeout=60_000,
            polling="raf",
        )
        took.append(time.perf_counter() - pressed)
        settled(page)
    page.close()
    return took


def generated(scratch: Path, projects: int, pools: int = 30) -> Path:
    """The generated portfolio every browser benchmark opens (156-week horizon, seed 0), written into `scratch`."""
    return write_portfolio(scratch / f"generated{projects}", n_projects=projects, n_pools=pools, horizon_weeks=156, seed=0)


def moving_pool(pf):
    """The first team whose extra people change the net value at every step (so each move shows)."""
    return next((p for p in pf.pools if p.cost_per_fte_week > 0), pf.pools[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--pools", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=10, help="slider moves timed on each server")
    parser.add_argument("--servers", type=int, default=2, help="fresh servers started for each portfolio")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch_dir, sync_playwright() as p:
        scratch = Path(scratch_dir)
        written = generated(scratch, args.projects, args.pools)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for label, folder in (("sample", ROOT / "data" / "sample"), (f"{args.projects} projects", written)):
            pf = vmo_core.load(folder)
            pool = moving_pool(pf)
            expected = moves(pf, pool, args.repeat)
            colds, warms, changes = [], [], []
            for run in range(args.servers):
                process, url = serve(folder, scratch, run)
                try:
                    colds.append(first_figures(browser, url))  # the server's first visitor: it loads everything
                    warms.append(first_figures(browser, url))  # everyone after
                    changes += slider_moves(browser, url, pool.label, expected)
                finally:
                    process.terminate()
                    process.wait(timeout=30)
            target = TARGETS.get(label, 1.0)
            median = statistics.median(changes)
            print(
                f"{label:>14}: first figures for a fresh server's first visitor median {statistics.median(colds):4.1f} s "
                f"(worst {max(colds):4.1f} s), after {statistics.median(warms):4.1f} s; "
                f"slider move to new headline median {median * 1000:4.0f} ms (p90 {p90(changes) * 1000:4.0f} ms, "
                f"worst {max(changes) * 1000:4.0f} ms) over {len(changes)} moves; target {target * 1000:.0f} ms "
                f"{'met' if median <= target else 'MISSED'}"
            )
        browser.close()


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1] if len(values) > 1 else values[0]


if __name__ == "__main__":
    main()
