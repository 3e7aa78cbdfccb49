"""The optimiser on PSPLIB (j30: 48 instances, one per parameter group; j60 when its files are added).

    python benchmarks/bench_psplib.py [--time-limit 2] [--evaluations N] [--families j30 j60]

Prints each instance's makespan against the proven optimum, the gap, the schedules tried and
the time; then per family the mean and worst gap and the slowest instance. The targets (issue
"Enterprise scale"): in 2 s, a mean gap of at most 0.3% on j30 and 0.4% on j60. A family whose
files are not in benchmarks/psplib/ (<family>/ and <family>opt.sm) is reported missing.
By default the clock alone ends each search; `--evaluations` sets a budget instead (or as well).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.psplib_instances import FOLDER, instances, makespan, optima, read_rcp  # noqa: E402
from vmo_core.decisions.sequencing import optimise  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=2.0)
    parser.add_argument("--evaluations", type=int, default=10**9)
    parser.add_argument("--families", nargs="+", default=["j30", "j60"])
    args = parser.parse_args()
    summary = []
    for family in args.families:
        paths = instances(family) if (FOLDER / family).is_dir() and (FOLDER / f"{family}opt.sm").exists() else []
        if not paths:
            summary.append(f"{family}: not in {FOLDER} (no {family}/ or {family}opt.sm); not run")
            continue
        best = optima(family)
        gaps, times = [], []
        for path in paths:
            pf = read_rcp(path)
            start = time.perf_counter()
            result = optimise(pf, evaluations=args.evaluations, time_limit=args.time_limit)
            times.append(time.perf_counter() - start)
            found = makespan(pf, result.total_value)
            gaps.append(found / best[path.stem] - 1)
            print(
                f"{path.stem:8s} optimum {best[path.stem]:3d}  found {found:3d}  gap {gaps[-1]:6.1%}  "
                f"{result.evaluations:8d} schedules  {times[-1]:5.1f} s"
            )
        summary.append(
            f"{family}: mean gap {statistics.mean(gaps):.2%}, worst {max(gaps):.2%} over {len(gaps)} instances; "
            f"optimal on {sum(g == 0 for g in gaps)}; slowest {max(times):.1f} s; total {sum(times):.0f} s"
        )
    print("\n".join(summary))


if __name__ == "__main__":
    main()
