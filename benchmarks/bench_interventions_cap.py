"""What the interventions' candidate cap costs and saves: the list with the cap against the list
with every stop and move to the front weighed, on the same generated portfolio.

    python benchmarks/bench_interventions_cap.py [--sizes 2000 5000] [--repeat 1]

Above CANDIDATE_PLACEMENTS / n projects the interventions weigh only the most promising stops, and
above TO_FRONT_PLACEMENTS / n² the most promising moves to the front
(vmo_core/decisions/interventions.py). For each size this prints, in one process (kernels warm,
the portfolio loaded once): the seconds of `interventions` capped and uncapped, how many of the
uncapped top ten the capped list also holds, and the two lists' best net value change, so the
cap's effect is a figure, not a guess. Generated portfolios as in bench_decisions.py (30 pools,
a 260-week horizon, seed 0).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_decisions import portfolio  # noqa: E402

import vmo_core  # noqa: E402
from vmo_core.decisions import interventions as module  # noqa: E402
from vmo_core.present.format import money_short  # noqa: E402

UNCAPPED = 10**12


def timed_list(pf, placements: int, repeat: int, moved: int | None = None) -> tuple[float, tuple]:
    """The median seconds of `interventions` with the caps at `placements` (stops) and `moved` (moves to
    the front; the same as `placements` when not given), and its list."""
    kept = module.CANDIDATE_PLACEMENTS, module.TO_FRONT_PLACEMENTS
    module.CANDIDATE_PLACEMENTS, module.TO_FRONT_PLACEMENTS = placements, placements if moved is None else moved
    try:
        times, found = [], ()
        for _ in range(repeat):
            started = time.perf_counter()
            found = module.interventions(pf).interventions
            times.append(time.perf_counter() - started)
        return statistics.median(times), found
    finally:
        module.CANDIDATE_PLACEMENTS, module.TO_FRONT_PLACEMENTS = kept


def identity(item) -> tuple[str, str]:
    return item.action, item.target


def best(found: tuple, currency: str) -> str:
    return money_short(found[0].net_value_change, currency, signed=True) if found else "none"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 5000])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    module.interventions(vmo_core.load(portfolio(1000)))  # the kernels compiled and warm before timing
    for size in args.sizes:
        pf = vmo_core.load(portfolio(size))
        capped_s, capped = timed_list(pf, module.CANDIDATE_PLACEMENTS, args.repeat, module.TO_FRONT_PLACEMENTS)
        every_s, every = timed_list(pf, UNCAPPED, args.repeat)
        held = {identity(i) for i in capped}
        missed = [i.label for i in every if identity(i) not in held]
        print(
            f"{size:>5} projects: capped {capped_s:6.2f} s (best {best(capped, pf.currency)}), "
            f"every candidate {every_s:6.2f} s (best {best(every, pf.currency)}); "
            f"{len(every) - len(missed)} of the uncapped top {len(every)} in the capped list",
            flush=True,
        )
        if missed:
            print("       missed by the cap: " + "; ".join(missed), flush=True)


if __name__ == "__main__":
    main()
