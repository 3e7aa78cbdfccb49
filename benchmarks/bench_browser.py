"""How quickly the app answers in a real browser: first page, and a What-if change.

    python benchmarks/bench_browser.py [--projects 500] [--repeat 3]

Serves the app (`streamlit run`) on the bundled sample and on a generated portfolio, opens
it in headless Chromium (Debian's package) and prints: seconds from opening the app to
its first figures, and seconds from clicking "Stop it" on the What-if page to the new
delay cost on screen (targets: 5 s and 1 s).
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

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
METRIC = "Cost of the resulting delays"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(portfolio: Path, scratch: Path, run: int) -> tuple[subprocess.Popen, str]:
    """A fresh server on a new database, as after `make run` on a fresh machine."""
    port = free_port()
    env = {**os.environ, "VMO_DB": str(scratch / f"{portfolio.name}-{run}.duckdb"), "VMO_SAMPLE": str(portfolio)}
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "python"),
            "-m",
            "vmo_app",  # as `make run` serves it
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
        ],
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
    page.wait_for_timeout(200)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000, polling=20)


def first_figures(browser, url: str) -> float:
    """Seconds from opening the app to its first figures on screen."""
    page = browser.new_page(viewport={"width": 1600, "height": 1200})
    start = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_test_id("stMetricValue").first.wait_for(timeout=120_000)
    seconds = time.perf_counter() - start
    settled(page)
    page.close()
    return seconds


def measure(browser, url: str, victims: list[tuple[str, str]]) -> tuple[float, float, list[float]]:
    cold = first_figures(browser, url)  # the server's first visitor: it loads and compiles everything
    warm = first_figures(browser, url)  # everyone after
    page = browser.new_page(viewport={"width": 1600, "height": 1200})
    page.goto(f"{url}/whatif", wait_until="domcontentloaded")
    page.get_by_test_id("stMetric").filter(has_text=METRIC).wait_for(timeout=120_000)
    settled(page)
    changes = []
    for project_id, name in victims:
        page.get_by_label("Stop this project today").click()
        page.keyboard.type(project_id + " ")
        page.get_by_role("option").filter(has_text=name).first.click()
        settled(page)
        before = page.get_by_test_id("stMetric").filter(has_text=METRIC).get_by_test_id("stMetricValue").inner_text()
        clicked = time.perf_counter()
        page.get_by_role("button", name="Stop it").click()
        page.wait_for_function(
            """([label, before]) => [...document.querySelectorAll('[data-testid="stMetric"]')]
                 .some(m => m.innerText.includes(label) &&
                       m.querySelector('[data-testid="stMetricValue"]').innerText !== before)""",
            arg=[METRIC, before],
            timeout=60_000,
            polling=10,
        )
        changes.append(time.perf_counter() - clicked)
        settled(page)
    page.close()
    return cold, warm, changes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=500)
    parser.add_argument("--pools", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3, help="stops timed on each server")
    parser.add_argument("--servers", type=int, default=3, help="fresh servers started for each portfolio")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch_dir, sync_playwright() as p:
        scratch = Path(scratch_dir)
        generated = write_portfolio(
            scratch / f"generated{args.projects}", n_projects=args.projects, n_pools=args.pools, horizon_weeks=156, seed=0
        )
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for label, folder in (("sample", ROOT / "data" / "sample"), (f"{args.projects} projects", generated)):
            pf = vmo_core.load(folder)
            result = vmo_core.schedule(pf)
            victims = [(o.id, o.name) for o in result.projects if o.status == "approved"][: args.repeat]
            colds, warms, changes = [], [], []
            for run in range(args.servers):
                process, url = serve(folder, scratch, run)
                try:
                    cold, warm, stops = measure(browser, url, victims)
                finally:
                    process.terminate()
                    process.wait(timeout=30)
                colds.append(cold)
                warms.append(warm)
                changes += stops
            print(
                f"{label:>14}: first figures for a fresh server's first visitor median {statistics.median(colds):4.1f} s "
                f"(worst {max(colds):4.1f} s), after {statistics.median(warms):4.1f} s (worst {max(warms):4.1f} s), "
                f"over {len(colds)} servers; What-if change median {statistics.median(changes):4.2f} s, "
                f"worst {max(changes):4.2f} s over {len(changes)} stops"
            )
        browser.close()


if __name__ == "__main__":
    main()
