"""The optimiser on PSPLIB j30 (48 instances, one per parameter group), with its defaults.

    python benchmarks/bench_psplib.py [--time-limit 10] [--evaluations 20000]

Prints each instance's makespan against the proven optimum, the gap and the time; then
the mean gap (target: at most 2%) and the slowest instance (target: under 10 s).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.psplib_instances import instances, makespan, optima, read_rcp  # noqa: E402
from vmo_core.decisions.sequencing import optimise  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--evaluations", type=int, default=20_000)
    args = parser.parse_args()
    best = optima()
    gaps, times = [], []
    for path in instances():
        pf = read_rcp(path)
        start = time.perf_counter()
        result = optimise(pf, evaluations=args.evaluations, time_limit=args.time_limit)
        times.append(time.perf_counter() - start)
        found = makespan(pf, result.total_value)
        gaps.append(found / best[path.stem] - 1)
        print(f"{path.stem:8s} optimum {best[path.stem]:3d}  found {found:3d}  gap {gaps[-1]:6.1%}  {times[-1]:5.1f} s")
    print(
        f"mean gap {sum(gaps) / len(gaps):.2%} over {len(gaps)} instances; optimal on {sum(g == 0 for g in gaps)}; "
        f"slowest {max(times):.1f} s; total {sum(times):.0f} s"
    )


if __name__ == "__main__":
    main()
