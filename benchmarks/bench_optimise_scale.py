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

    python benchmarks/bench_optimise_scale.py --best-order [--sizes 1000 5000] [--repeat 3]

times the best order (vmo_core/decisions/best.py: the one answer the app's pages, the board pack
and `optimise` with no search options share, ended by a budget that depends only on the list's
length) on the sample and each generated size: the median of `best_order` in this process
(loading excluded, kernels warm), and of `optimise DIR --json` (no options) as a whole process.
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


def run_once(folder: Path, root: Path, time_limit: float | None) -> tuple[float, dict]:
    """`optimise` as a whole process: with a time limit, or (None) with no options: the best order.
    (The in-process figures of `--best-order` are this tree's; `--root` changes only the processes.)"""
    limit = [] if time_limit is None else ["--time-limit", str(time_limit)]
    args = [sys.executable, "-m", "vmo_core", "optimise", str(folder), *limit, "--json"]
    env = {**os.environ, "PYTHONPATH": str(root)}
    started = time.perf_counter()
    done = subprocess.run(args, cwd=root, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"optimise on {folder} failed ({done.returncode}):\n{done.stderr.decode()[-2000:]}")
    return wall, json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=None, help="default: 5000 (--best-order: 1000 5000)")
    parser.add_argument("--time-limit", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--root", type=Path, default=ROOT, help="the source tree to run (default: this one)")
    parser.add_argument("--best-order", action="store_true", help="time the best order instead (see above)")
    args = parser.parse_args()
    if args.best_order:
        best_order_table(args.sizes or [1000, 5000], args.repeat, args.root)
    else:
        time_limit_table(args.sizes or [5000], args.time_limit, args.repeat, args.root)


def best_order_table(sizes: list[int], repeat: int, root: Path) -> None:
    sys.path.insert(0, str(ROOT))
    import vmo_core
    from vmo_core.decisions.best import best_order, budget
    from vmo_core.engine.scenario import plan_for

    folders = {"sample": ROOT / "data" / "sample", **{f"{size:,} projects": portfolio(size) for size in sizes}}
    print(f"best order (seed 0, its budget), median of {repeat} runs:")
    print("| portfolio | in the list | schedules | best_order, in process | `optimise DIR --json`, whole | value / CD3 order's |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, folder in folders.items():
        pf = vmo_core.load(folder)
        found = best_order(pf)  # warms the kernels for this size; not timed
        inside = statistics.median(_seconds(best_order, pf) for _ in range(repeat))
        runs = [run_once(folder, root, None) for _ in range(repeat)]
        if any(doc["order"] != list(found.order) for _, doc in runs):
            raise SystemExit(f"{name}: `optimise --json` with no options is not the best order")
        whole = statistics.median(wall for wall, _ in runs)
        listed = len(plan_for(pf).order)
        print(
            f"| {name} | {listed:,} | {found.evaluations:,} of {budget(listed):,} | {inside:.2f} s | {whole:.2f} s "
            f"| {found.total_value / found.cd3_total_value:.4f} |",
            flush=True,
        )


def _seconds(work, *args) -> float:
    started = time.perf_counter()
    work(*args)
    return time.perf_counter() - started


def time_limit_table(sizes: list[int], time_limit: float, repeat: int, root: Path) -> None:
    run_once(portfolio(min(sizes)), root, 1.0)  # warm the cache; not timed

    print(f"optimise --time-limit {time_limit:g}, median of {repeat} runs ({root}):")
    print("| projects | whole process | search (reported) | schedules | value / CD3 order's | value / today's order's |")
    print("| --- | --- | --- | --- | --- | --- |")
    for size in sizes:
        folder = portfolio(size)
        runs = [run_once(folder, root, time_limit) for _ in range(repeat)]
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
            f"| {size:,} | {wall:.2f} s ({wall / time_limit - 1:+.0%}) | {inside:.2f} s | {tried:,.0f} "
            f"| {over_cd3:.4f} | {over_today:.4f} |"
        )


if __name__ == "__main__":
    main()
