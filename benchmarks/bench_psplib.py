"""The optimiser on PSPLIB (j30 and j60: 48 instances each, one per parameter group).

    python benchmarks/bench_psplib.py [--time-limit 2] [--evaluations N] [--families j30 j60]

Prints each instance's makespan against the best known one (a proven optimum, or for some j60
instances only the best found so far, marked "best known"), the gap, the schedules tried and the
time; then per family the mean gap over all 48 and over the proven optimal ones, the worst gap and
the slowest instance. The targets (issue "Enterprise scale"): in 2 s, a mean gap of at most 0.3% on
j30 and 0.4% on j60. A family whose files are not in benchmarks/psplib/ is reported missing.
By default the clock alone ends each search; `--evaluations` sets a budget instead (or as well).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.psplib_instances import FOLDER, available, best_known, instances, makespan, read_rcp  # noqa: E402
from vmo_core.decisions.sequencing import optimise  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=2.0)
    parser.add_argument("--evaluations", type=int, default=10**9)
    parser.add_argument("--families", nargs="+", default=["j30", "j60"])
    args = parser.parse_args()
    summary = []
    warm_up()
    for family in args.families:
        if not available(family):
            summary.append(f"{family}: not in {FOLDER} (no {family}/ or its table of optima); not run")
            continue
        summary.append(run_family(family, args.evaluations, args.time_limit))
    print("\n".join(summary))


def warm_up() -> None:
    """Compile the search's kernels before any clock starts: on a fresh checkout (nothing cached
    on disk yet) the first instance would otherwise spend its whole time limit compiling."""
    optimise(read_rcp(instances("j30")[0]), evaluations=1, time_limit=600)


def run_family(family: str, evaluations: int, time_limit: float) -> str:
    best = best_known(family)
    gaps, proven_gaps, times = [], [], []
    for path in instances(family):
        pf, known = read_rcp(path), best[path.stem]
        start = time.perf_counter()
        result = optimise(pf, evaluations=evaluations, time_limit=time_limit)
        times.append(time.perf_counter() - start)
        found = makespan(pf, result.total_value)
        gaps.append(found / known.makespan - 1)
        if known.proven:
            proven_gaps.append(gaps[-1])
        print(
            f"{path.stem:8s} {'optimum' if known.proven else 'best known':10s} {known.makespan:3d}  found {found:3d}  "
            f"gap {gaps[-1]:6.1%}  {result.evaluations:8d} schedules  {times[-1]:5.1f} s"
        )
    return (
        f"{family}: mean gap {statistics.mean(gaps):.2%} over {len(gaps)} instances, "
        f"{statistics.mean(proven_gaps):.2%} over the {len(proven_gaps)} proven optimal; worst {max(gaps):.2%}; "
        f"at the best known on {sum(g <= 0 for g in gaps)}, better on {sum(g < 0 for g in gaps)}; "
        f"slowest {max(times):.1f} s; total {sum(times):.0f} s"
    )


if __name__ == "__main__":
    main()
