"""A change moves only what it must: projects delivered later by a hire or a stop, repaired against re-packed.

    python benchmarks/bench_repair.py [--sizes 150 400 1000] [--pools 12] [--seed 7] [--stops 20]

On generated portfolios (`generate_portfolio.py`, the same seed for every size) it tries more
FTE in each pool (+0.5, +1, +1.5 and +2 from as-of on) and stopping 20 projects spread over the plan's list,
and counts, for each change, the projects delivered later than in the plan and the net value
change, under the repair rule (ECONOMICS.md, "repairing a plan": what the product does) and
under the old rule, serial generation run afresh over the changed list (an empty `sequence`
change makes any scenario a new plan). Under the repair, a hire or a stop delays nothing but
to fit a project that could not be scheduled before (said per change when it happens).
It then times `compare` for a typical steering-meeting scenario on 1,000 projects x 30 pools
(`bench_engine.typical_scenario`), median and p90 of 21.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import summary, timed, typical_scenario  # noqa: E402
from generate_portfolio import write_portfolio  # noqa: E402

import vmo_core  # noqa: E402

RE_PACKED = {"op": "sequence", "order": []}  # the old rule: the changed list scheduled afresh
HIRES = (0.5, 1.0, 1.5, 2.0)  # FTE more in a pool, from as-of on


def later(diff) -> list[str]:
    """Projects delivered later (both schedules deliver them)."""
    return [d.id for d in diff.projects if (d.finish_delta_weeks or 0) > 0]


def lost(diff) -> list[str]:
    """Projects the change leaves unscheduled (a stop's: those that depend on the stopped one)."""
    return [d.id for d in diff.projects if d.base_finish_week is not None and d.scenario_finish_week is None]


def newly_scheduled(diff) -> set[str]:
    return {d.id for d in diff.projects if d.base_finish_week is None and d.scenario_finish_week is not None}


def hire(pf, pool: str, more: float) -> list[dict]:
    """`more` FTE in the pool in every week: its capacity now, and each planned change, raised by it
    (one `capacity` change alone would set it for good, undoing a planned rise)."""
    changes = [{"op": "capacity", "pool": pool, "capacity_fte": pf.pool_index[pool].capacity_fte + more}]
    for planned in sorted((c for c in pf.capacity_changes if c.pool_id == pool), key=lambda c: c.from_date):
        changes.append(
            {"op": "capacity", "pool": pool, "capacity_fte": planned.capacity_fte + more, "from": planned.from_date.isoformat()}
        )
    return changes


def tally(pf, base, changes: list[dict]) -> tuple[int, float, int, float, int, int]:
    """Projects delivered later and net value change, repaired then re-packed; how many of the
    repaired delays make room for a project that could not be scheduled before; and how many
    projects the change leaves unscheduled (under the repair)."""
    repaired = vmo_core.compare(pf, {"changes": changes}, baseline=base)
    repacked = vmo_core.compare(pf, {"changes": [*changes, RE_PACKED]}, baseline=base)
    explained = len(later(repaired)) if newly_scheduled(repaired) else 0
    late, late_old = len(later(repaired)), len(later(repacked))
    return late, repaired.net_value_change, late_old, repacked.net_value_change, explained, len(lost(repaired))


def report(size: int, pools: int, seed: int, stops: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pf = vmo_core.load(write_portfolio(Path(tmp) / "pf", n_projects=size, n_pools=pools, seed=seed))
    base = vmo_core.schedule(pf)
    listed = [o.id for o in base.projects if o.scheduled]
    hires = [hire(pf, p.id, more) for more in HIRES for p in pf.pools]
    step = max(1, len(listed) // stops)
    stopped = [[{"op": "stop", "project": project_id}] for project_id in listed[::step][:stops]]
    print(f"\n{size:,} projects, {len(pf.pools)} pools (seed {seed})")
    print(f"{'change':<28}{'later, repaired':>17}{'net, repaired':>16}{'later, re-packed':>18}{'net, re-packed':>16}")
    for kind, family in (("hire", hires), ("stop", stopped)):
        counts = {"repaired": 0, "re-packed": 0, "losing": 0, "explained": 0, "unscheduled": 0}
        started = time.perf_counter()
        for changes in family:
            late, net, late_old, net_old, explained, unscheduled = tally(pf, base, changes)
            first = changes[0]
            pool = pf.pool_index.get(first.get("pool"))
            target = first.get("project") or f"{pool.id} +{first['capacity_fte'] - pool.capacity_fte:g}"
            print(f"{kind + ' ' + target:<28}{late:>17}{net:>16,.0f}{late_old:>18}{net_old:>16,.0f}")
            counts["repaired"] += late
            counts["re-packed"] += late_old
            counts["losing"] += net_old < 0 <= net
            counts["explained"] += explained
            counts["unscheduled"] += unscheduled
        seconds = time.perf_counter() - started
        print(
            f"  {len(family)} {kind}s: {counts['repaired']} projects later repaired "
            f"({counts['explained']} of them to fit a project that could not be scheduled before), "
            f"{counts['re-packed']} re-packed; {counts['unscheduled']} left unscheduled (they depend on a stopped "
            f"project); {counts['losing']} that lose money re-packed do not repaired ({seconds:.1f} s for both rules)"
        )


def time_compare(repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pf = vmo_core.load(write_portfolio(Path(tmp) / "pf", n_projects=1000, n_pools=30, seed=0))
    scenario = typical_scenario(pf)
    base = vmo_core.schedule(pf)
    print("\ncompare, 1,000 projects x 30 pools, typical what-if:")
    print(f"  with the plan's schedule held:  {summary(timed(lambda: vmo_core.compare(pf, scenario, baseline=base), repeat))}")
    print(f"  from the portfolio alone:       {summary(timed(lambda: vmo_core.compare(pf, scenario), repeat))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[150, 400, 1000])
    parser.add_argument("--pools", type=int, default=12)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--stops", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    for size in args.sizes:
        report(size, args.pools, args.seed, args.stops)
    time_compare(args.repeat)


if __name__ == "__main__":
    main()
