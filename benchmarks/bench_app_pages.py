"""How long each page of the app takes on a generated portfolio: first open and warm.

    python benchmarks/bench_app_pages.py [--projects 1000] [--pools 30] [--repeat 3]

The app runs under Streamlit's AppTest (as tests/app/test_app.py opens it), on a fresh
database (VMO_DB in a temp dir) that starts from a generated portfolio (VMO_SAMPLE:
benchmarks/generate_portfolio.py, cached in the temp dir). For each page: the first open
(its answers computed, then cached by the app) and the median of `--repeat` reruns with the
caches warm (what a reader waits for when they come back to it, or change a widget that
does not change the answer). Times are of the whole script run, in the benchmark's process.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_portfolio import write_portfolio  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--pools", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds a page may take before AppTest gives up")
    args = parser.parse_args()
    folder = Path(tempfile.gettempdir()) / "vmo_bench_decisions" / f"p{args.projects}_pools{args.pools}_h260_s0"
    if not (folder / "capacity_changes.csv").exists():
        write_portfolio(folder, n_projects=args.projects, n_pools=args.pools, horizon_weeks=260, seed=0)

    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory() as scratch:
        os.environ["VMO_DB"] = str(Path(scratch) / "vmo.duckdb")
        os.environ["VMO_SAMPLE"] = str(folder)
        started = time.perf_counter()
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=args.timeout).run()
        opened = time.perf_counter() - started
        if app.exception:
            raise SystemExit(f"the app did not open: {app.exception}")
        import vmo_core
        from vmo_core.present.format import money_short

        shown = {m.label: m.value for m in app.metric}.get("Value delivered over the horizon", "")
        expected = money_short(vmo_core.schedule(vmo_core.load(folder)).total_value, "GBP")
        if shown.replace("\\", "") != expected:  # the app opened on the generated portfolio, not another
            raise SystemExit(f"the app shows {shown!r} delivered, not the generated portfolio's {expected!r}")
        pages = sorted(p.name for p in (ROOT / "vmo_app" / "views").glob("*.py"))
        rows = []
        for page in pages:
            started = time.perf_counter()
            app.switch_page(f"vmo_app/views/{page}").run()
            first = time.perf_counter() - started
            problem = app.exception[0].message if app.exception else ""
            warm = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                app.run()
                warm.append(time.perf_counter() - started)
            rows.append((page, first, statistics.median(warm), problem))
            print(
                f"  {page:18s} first {first:6.2f} s   warm {statistics.median(warm):6.2f} s  {problem}",
                file=sys.stderr,
                flush=True,
            )

    print(f"\nThe app on {args.projects:,} projects, {args.pools} pools (AppTest, this process): opened in {opened:.2f} s")
    print(f"| page | first open | warm (median of {args.repeat}) |")
    print("| --- | --- | --- |")
    for page, first, warm, problem in rows:
        print(f"| {page[:-3]} | {first:.2f} s | {warm:.2f} s |" + (f" {problem} |" if problem else ""))


if __name__ == "__main__":
    main()
