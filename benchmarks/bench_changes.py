"""How fast "since the last review" answers: `vmo_core.changes` between two 1,000-project snapshots.

    python benchmarks/bench_changes.py [--projects 1000] [--repeat 11]

The earlier snapshot is a generated portfolio (generate_portfolio.py, 30 pools, 260 weeks);
the later one is the same portfolio four weeks on, made with a seeded generator: four weeks
of work done on every active project (done when none is left), one project in five
re-estimated (its remaining weeks x 0.7 to 1.6), one in twenty revalued, one in fifty
stopped and one proposal in four approved. Prints the median and p90 of `changes` after one
warm-up, and what it found. The target (issue 13) is at most 1 s.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import summary, timed  # noqa: E402
from generate_portfolio import write_portfolio  # noqa: E402

import vmo_core  # noqa: E402
from vmo_core.model.portfolio import Project  # noqa: E402

WEEKS_ON = 4


def moved_on(project: Project, rng: np.random.Generator) -> Project:
    """One project, WEEKS_ON weeks later: progress, re-estimates, revaluations, stops, intake."""
    if project.status == "proposed":
        return dataclasses.replace(project, status="approved") if rng.random() < 0.25 else project
    if project.status not in ("active", "approved"):
        return project
    if rng.random() < 0.02:
        return dataclasses.replace(project, status="stopped")
    weeks = project.duration_weeks - (WEEKS_ON if project.status == "active" else 0)
    if weeks <= 0:
        return dataclasses.replace(project, status="done")
    if rng.random() < 0.2:
        weeks = max(1, round(weeks * rng.uniform(0.7, 1.6)))
    value = project.value_per_week * (rng.uniform(0.8, 1.3) if rng.random() < 0.05 else 1.0)
    return dataclasses.replace(project, duration_weeks=weeks, value_per_week=value)


def later_snapshot(pf: vmo_core.Portfolio, *, seed: int = 0) -> vmo_core.Portfolio:
    rng = np.random.default_rng(seed)
    settings = dataclasses.replace(pf.settings, as_of=pf.as_of + dt.timedelta(weeks=WEEKS_ON))
    return dataclasses.replace(pf, settings=settings, projects=tuple(moved_on(p, rng) for p in pf.projects))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--pools", type=int, default=30)
    parser.add_argument("--horizon", type=int, default=260)
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = write_portfolio(
            Path(scratch) / "pf", n_projects=args.projects, n_pools=args.pools, horizon_weeks=args.horizon, seed=0
        )
        before = vmo_core.load(folder)
    after = later_snapshot(before)
    times = timed(lambda: vmo_core.changes(before, after), args.repeat)
    moved = vmo_core.changes(before, after)
    print(
        f"{len(before.projects)} and {len(after.projects)} projects, {len(before.pools)} pools, "
        f"{args.horizon}-week horizon, {WEEKS_ON} weeks apart"
    )
    print(f"      changes   {summary(times)}   (target: at most 1,000 ms)")
    print(
        f"      {len(moved.projects)} on both lists ({len(moved.slipped)} slipped), {len(moved.entered)} entered, "
        f"{len(moved.left)} left, {len(moved.reestimated)} re-estimated; value delayed {moved.value_delayed:,.0f} "
        f"{moved.currency}"
    )


if __name__ == "__main__":
    main()
