"""How fast the forecast runs: 1,000 Monte Carlo runs on the sample and on a 500-project portfolio.

    python benchmarks/bench_forecast.py [--runs 1000] [--projects 500] [--repeat 5]

The targets (issue 6): 1,000 runs on the sample within 3 s, and on a 500-project portfolio
within 30 s. The generated portfolio (generate_portfolio.py, 30 pools, 260 weeks) has no
actuals.csv, so this writes one for its finished projects first: estimated weeks and value
as the projects have them, actual weeks x a ratio from 0.9 to 2.0 and realised value x a
ratio from 0.6 to 1.05, seeded. Each line gives the median and the slowest of `--repeat`
timed runs after one warm-up (the first call compiles the schedule kernel, once per checkout).
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_portfolio import write_portfolio  # noqa: E402

import vmo_core  # noqa: E402
from vmo_core.forecast.montecarlo import forecast  # noqa: E402

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"
TARGETS = {"sample": 3.0, "generated": 30.0}  # seconds for 1,000 runs


def write_actuals(folder: Path, *, seed: int = 0) -> int:
    """actuals.csv for every `done` project of a generated portfolio; returns how many."""
    with (folder / "projects.csv").open(newline="", encoding="utf-8") as handle:
        done = [row for row in csv.DictReader(handle) if row["status"] == "done"]
    rng = np.random.default_rng(seed)
    late = rng.uniform(0.9, 2.0, len(done))
    short = rng.uniform(0.6, 1.05, len(done))
    with (folder / "actuals.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["project_id", "estimated_weeks", "actual_weeks", "estimated_value_per_week", "realised_value_per_week"])
        for row, a, b in zip(done, late, short):
            weeks, value = int(row["duration_weeks"]), float(row["value_per_week"])
            writer.writerow([row["id"], weeks, round(weeks * a), value, round(value * b)])
    return len(done)


def timed(pf, *, runs: int, repeat: int, scenario=None) -> tuple[list[float], object]:
    forecast(pf, runs=20, seed=0, scenario=scenario)  # warm up
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = forecast(pf, runs=runs, seed=0, scenario=scenario)
        times.append(time.perf_counter() - started)
    return times, result


def line(label: str, times: list[float], target: float, result) -> str:
    verdict = "ok" if max(times) <= target else "TOO SLOW"
    spread = result.total_value
    return (
        f"{label:<56} median {statistics.median(times):6.2f} s   slowest {max(times):6.2f} s   "
        f"(target {target:g} s: {verdict})   total value P10/P50/P90 "
        f"{spread.p10 / 1e6:,.1f}M / {spread.p50 / 1e6:,.1f}M / {spread.p90 / 1e6:,.1f}M"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--projects", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    sample = vmo_core.load(SAMPLE)
    times, result = timed(sample, runs=args.runs, repeat=args.repeat)
    print(line(f"sample: {len(sample.projects)} projects, {args.runs:,} runs", times, TARGETS["sample"], result))
    scenario = {"changes": [{"op": "add", "project": "ATLAS"}, {"op": "stop", "project": "BOREALIS"}]}
    times, result = timed(sample, runs=args.runs, repeat=args.repeat, scenario=scenario)
    print(line(f"sample + scenario (twice the runs), {args.runs:,}", times, TARGETS["sample"], result))

    with tempfile.TemporaryDirectory(prefix="vmo-bench-forecast-") as scratch:
        folder = write_portfolio(Path(scratch) / "portfolio", n_projects=args.projects, n_pools=30, horizon_weeks=260, seed=0)
        finished = write_actuals(folder)
        pf = vmo_core.load(folder)
    times, result = timed(pf, runs=args.runs, repeat=args.repeat)
    label = f"generated: {args.projects} projects ({finished} actuals), {args.runs:,} runs"
    print(line(label, times, TARGETS["generated"], result))


if __name__ == "__main__":
    main()
