"""The optimiser on PSPLIB: j30 and j60 (48 instances each, one per parameter group) and j120
(every tenth of its 600: instance 1 of each of the 60 parameter groups).

    python benchmarks/bench_psplib.py [--time-limit 2 [10 ...]] [--evaluations N] [--families j30 j60 j120] [--process]

Prints each instance's makespan against the best known one (a proven optimum, or only the best
found so far, marked "best known"), the gap, the schedules tried and the time; then per family
and time limit the mean gap over all its instances and over the proven optimal ones, the worst
gap and the slowest instance. For j120 each line also gives OR-Tools CP-SAT's makespan after
900 s (PyJobShop's published runs, benchmarks/psplib/j120cpsat.csv), and the summary CP-SAT's
mean gap on the same instances. The targets: in 2 s, a mean gap of at most 0.3% on j30 and 0.4%
on j60 (issue "Enterprise scale"); on j120 at most CP-SAT's 900-s gap (issue 26). A family whose
files are not in benchmarks/psplib/ is reported missing. The time limit is the product's
(`optimise --time-limit`): the whole call, in this process. By default the clock alone ends each
search; `--evaluations` sets a budget instead (or as well). `--process` runs each instance as a
user does, `python -m vmo_core optimise DIR --time-limit T --json` on the instance written as a
portfolio folder: the whole process, Python's start and the imports included, inside T.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.psplib_instances import FOLDER, available, best_known, cpsat, instances, makespan, read_rcp  # noqa: E402
from vmo_core.decisions.sequencing import optimise  # noqa: E402
from vmo_core.io.export import export  # noqa: E402

PUBLISHED = ("j120",)  # families with CP-SAT's published 900-s runs beside
NO_BUDGET = 10**9  # --evaluations' default: the clock alone ends each search


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, nargs="+", default=[2.0])
    parser.add_argument("--evaluations", type=int, default=NO_BUDGET)
    parser.add_argument("--families", nargs="+", default=["j30", "j60"])
    parser.add_argument("--process", action="store_true", help="each instance as a whole `python -m vmo_core optimise` process")
    args = parser.parse_args()
    summary = []
    warm_up()
    for family in args.families:
        if not available(family):
            summary.append(f"{family}: not in {FOLDER} (no {family}/ or its table of optima); not run")
            continue
        for limit in args.time_limit:
            summary.append(run_family(family, args.evaluations, limit, args.process))
    print("\n".join(summary))


def warm_up() -> None:
    """Compile the search's kernels before any clock starts: on a fresh checkout (nothing cached
    on disk yet) the first instance would otherwise spend its whole time limit compiling."""
    optimise(read_rcp(instances("j30")[0]), evaluations=1, time_limit=600)


def run_family(family: str, evaluations: int, time_limit: float, process: bool = False) -> str:
    best = best_known(family)
    other = cpsat(family) if family in PUBLISHED else {}
    gaps, proven_gaps, other_gaps, times = [], [], [], []
    search = run_process if process else run_here
    for path in instances(family):
        pf, known = read_rcp(path), best[path.stem]
        start = time.perf_counter()
        total_value, schedules = search(pf, evaluations, time_limit)
        times.append(time.perf_counter() - start)
        found = makespan(pf, total_value)
        gaps.append(found / known.makespan - 1)
        if known.proven:
            proven_gaps.append(gaps[-1])
        beside = ""
        if path.stem in other:
            other_gaps.append(other[path.stem] / known.makespan - 1)
            beside = f"  CP-SAT 900 s {other[path.stem]:3d} ({other_gaps[-1]:5.1%})"
        print(
            f"{path.stem:9s} {'optimum' if known.proven else 'best known':10s} {known.makespan:3d}  found {found:3d}  "
            f"gap {gaps[-1]:6.1%}  {schedules:8d} schedules  {times[-1]:5.1f} s{beside}"
        )
    return summary(family, time_limit, gaps, proven_gaps, other_gaps, times)


def run_here(pf, evaluations: int, time_limit: float) -> tuple[float, int]:
    result = optimise(pf, evaluations=evaluations, time_limit=time_limit)
    return result.total_value, result.evaluations


def run_process(pf, evaluations: int, time_limit: float) -> tuple[float, int]:
    """As a user runs it: a fresh process on the instance as a portfolio folder, written before the
    process starts (outside its time limit, inside the time printed)."""
    with tempfile.TemporaryDirectory() as folder:
        export(pf, Path(folder) / "instance")
        budget = [] if evaluations >= NO_BUDGET else ["--evaluations", str(evaluations)]
        command = [sys.executable, "-m", "vmo_core", "optimise", str(Path(folder) / "instance"), "--time-limit", str(time_limit)]
        answer = subprocess.run([*command, *budget, "--json"], capture_output=True, text=True, check=True)
    document = json.loads(answer.stdout)
    return document["total_value"], document["evaluations"]


def summary(family, time_limit, gaps, proven_gaps, other_gaps, times) -> str:
    line = (
        f"{family} at {time_limit:g} s: mean gap {statistics.mean(gaps):.2%} over {len(gaps)} instances, "
        f"{statistics.mean(proven_gaps):.2%} over the {len(proven_gaps)} proven optimal; worst {max(gaps):.2%}; "
        f"at the best known on {sum(g <= 0 for g in gaps)}, better on {sum(g < 0 for g in gaps)}; "
        f"slowest {max(times):.1f} s; total {sum(times):.0f} s"
    )
    if other_gaps:
        line += f"; CP-SAT after 900 s on the same instances: {statistics.mean(other_gaps):.2%}"
    return line


if __name__ == "__main__":
    main()
