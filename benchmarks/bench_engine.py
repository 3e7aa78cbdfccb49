"""How fast the engine answers a what-if: `vmo_core.compare` on generated portfolios.

    python benchmarks/bench_engine.py [--sizes 100 1000 5000] [--repeat 21]

Prints, per size: projects, pools, load time, and the median / p90 of `schedule` and of
`compare` for a typical steering-meeting scenario (stop one project, add one, accelerate
one, more capacity on one pool). The target is a median compare within 100 ms at 1,000
projects, 30 pools and a 260-week horizon.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_portfolio import write_portfolio  # noqa: E402

import vmo_core  # noqa: E402


def typical_scenario(pf: vmo_core.Portfolio) -> dict:
    scheduled = sorted((p for p in pf.projects if p.status == "approved"), key=lambda p: p.priority)
    busiest = pf.demands[0].pool_id
    return {
        "name": "benchmark what-if",
        "changes": [
            {"op": "stop", "project": scheduled[0].id},
            {"op": "add", "project": {"id": "NEW", "duration_weeks": 12, "value_per_week": 50000, "demands": {busiest: 1}}},
            {"op": "accelerate", "project": scheduled[len(scheduled) // 2].id, "to_front": True},
            {"op": "capacity", "pool": busiest, "capacity_fte": 8, "from": pf.date(26).isoformat()},
        ],
    }


def timed(fn, repeat: int) -> list[float]:
    fn()  # warm up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return f"median {statistics.median(times):7.1f} ms   p90 {p90:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--pools", type=int, default=30)
    parser.add_argument("--horizon", type=int, default=260)
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        for size in args.sizes:
            folder = write_portfolio(
                Path(scratch) / f"p{size}", n_projects=size, n_pools=args.pools, horizon_weeks=args.horizon, seed=0
            )
            start = time.perf_counter()
            pf = vmo_core.load(folder)
            load_ms = (time.perf_counter() - start) * 1000
            scenario = typical_scenario(pf)
            repeat = max(3, args.repeat if size <= 1000 else args.repeat // 3)
            schedule_times = timed(lambda pf=pf: vmo_core.schedule(pf), repeat)
            compare_times = timed(lambda pf=pf, scenario=scenario: vmo_core.compare(pf, scenario), repeat)
            result = vmo_core.compare(pf, scenario)
            late = max(p.finish_week or 0 for p in result.baseline.projects)
            print(
                f"{size:5d} projects, {len(pf.pools)} pools, {args.horizon}-week horizon "
                f"(last finish week {late}): load {load_ms:6.0f} ms"
            )
            print(f"      schedule  {summary(schedule_times)}")
            print(f"      compare   {summary(compare_times)}   delay cost {result.delay_cost:,.0f}")


if __name__ == "__main__":
    main()
