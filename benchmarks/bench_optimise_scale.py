"""`optimise` against its time limit at enterprise scale, as a whole process and inside.

    python benchmarks/bench_optimise_scale.py [--sizes 5000] [--time-limit 5] [--repeat 3] [--root DIR]

For each generated portfolio (benchmarks/generate_portfolio.py: 30 pools, a 260-week horizon,
seed 0, cached in the temp dir as bench_decisions.py caches them), runs
`python -m vmo_core optimise DIR --time-limit T --json` `--repeat` times and prints the median
of: the whole process's wall time (Python start, imports, reading the portfolio, the search,
JSON out), the `seconds` the search reports (from the optimise call on, reading excluded), the
schedules tried, and the value found against the CD3 order's and today's. The target (issue
"Enterprise scale"): the command ends within 10% of its time limit, and beats the CD3 order.
`--root` runs another copy of the source (a before/after check). One untimed run first warms
Numba's on-disk cache.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_decisions import ROOT, portfolio  # noqa: E402


def run_once(folder: Path, root: Path, time_limit: float) -> tuple[float, dict]:
    args = [sys.executable, "-m", "vmo_core", "optimise", str(folder), "--time-limit", str(time_limit), "--json"]
    env = {**os.environ, "PYTHONPATH": str(root)}
    started = time.perf_counter()
    done = subprocess.run(args, cwd=root, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"optimise on {folder} failed ({done.returncode}):\n{done.stderr.decode()[-2000:]}")
    return wall, json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000])
    parser.add_argument("--time-limit", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--root", type=Path, default=ROOT, help="the source tree to run (default: this one)")
    args = parser.parse_args()
    run_once(portfolio(min(args.sizes)), args.root, 1.0)  # warm the cache; not timed

    print(f"optimise --time-limit {args.time_limit:g}, median of {args.repeat} runs ({args.root}):")
    print("| projects | whole process | search (reported) | schedules | value / CD3 order's | value / today's order's |")
    print("| --- | --- | --- | --- | --- | --- |")
    for size in args.sizes:
        folder = portfolio(size)
        runs = [run_once(folder, args.root, args.time_limit) for _ in range(args.repeat)]
        for wall, doc in runs:
            print(
                f"  {size} projects: {wall:.2f} s whole, {doc['seconds']:.2f} s inside, {doc['evaluations']} schedules, "
                f"x{doc['total_value'] / doc['cd3_total_value']:.5f} CD3",
                file=sys.stderr,
                flush=True,
            )
        wall = statistics.median(w for w, _ in runs)
        inside = statistics.median(d["seconds"] for _, d in runs)
        tried = statistics.median(d["evaluations"] for _, d in runs)
        over_cd3 = statistics.median(d["total_value"] / d["cd3_total_value"] for _, d in runs)
        over_today = statistics.median(d["total_value"] / d["baseline_total_value"] for _, d in runs)
        print(
            f"| {size:,} | {wall:.2f} s ({wall / args.time_limit - 1:+.0%}) | {inside:.2f} s | {tried:,.0f} "
            f"| {over_cd3:.4f} | {over_today:.4f} |"
        )


if __name__ == "__main__":
    main()
