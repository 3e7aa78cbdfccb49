"""The optimiser against its peer, OR-Tools CP-SAT, on the same problem, side by side.

    python benchmarks/bench_optimise.py [--projects 200] [--pools 12] [--cp-sat-seconds 60] [--instances 1]

Prints, for each generated portfolio (seeds --seed, --seed + 1, ...): the current order's
value, the CD3 order's, ours after 2 s and after 10 s, and CP-SAT's best after its time (its
own objective, and its start order re-scheduled by our engine, which can only be as good or
better); then a table of ours at 2 s against CP-SAT at its time, instance by instance. Also
times `constraints` and `stop-ranking` on the first, which must answer within 2 s on 200
projects. The issue "Enterprise scale" compares on 30-project portfolios:
`--projects 30 --instances 5`.

The CP-SAT model: one interval per project (in-flight projects fixed where they start,
since they already hold their people), precedence, earliest starts, one cumulative per
pool with the capacity profile (FTE x 10 as integers; reductions as fixed blockers), and
the objective sum V_i(F_i) through a table of each project's value by finish week
(rounded to whole pounds). It is given the CD3 order's schedule as a hint.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_portfolio import write_portfolio  # noqa: E402

import vmo_core  # noqa: E402
from vmo_core.decisions.constraints import constraints  # noqa: E402
from vmo_core.decisions.sequencing import optimise  # noqa: E402
from vmo_core.decisions.stopping import stop_ranking  # noqa: E402
from vmo_core.engine.evaluation import FastPlan  # noqa: E402
from vmo_core.engine.ranks import cd3_order  # noqa: E402
from vmo_core.model.plan import baseline_plan  # noqa: E402

FTE_SCALE = 10


def cp_sat(pf: vmo_core.Portfolio, seconds: float) -> tuple[float, list[str], str]:
    from ortools.sat.python import cp_model

    plan = baseline_plan(pf)
    fast = FastPlan(plan)
    compiled = fast.compiled
    cd3_run = fast.run(fast.sequence(cd3_order(plan)))
    base_run = fast.run()
    n = len(compiled.ids)
    end = int(max(base_run.finish.max(), cd3_run.finish.max()) + compiled.duration.max() + 1)
    model = cp_model.CpModel()
    starts, finishes, objective = [], [], []
    for i in range(n):
        d = int(compiled.duration[i])
        if compiled.in_flight[i]:
            lo = hi = int(base_run.start[i])
        else:
            lo, hi = int(compiled.earliest[i]), end - d
        s = model.new_int_var(lo, hi, f"s{i}")
        f = model.new_int_var(lo + d, hi + d, f"f{i}")
        model.add(f == s + d)
        weeks = np.arange(lo + d, hi + d + 1)
        table = np.rint(fast.value_model.values(_terms_of(fast, i), weeks)).astype(int).tolist()
        v = model.new_int_var(min(table), max(table), f"v{i}")
        model.add_element(f - (lo + d), table, v)
        objective.append(v)
        starts.append(s)
        finishes.append(f)
        model.add_hint(s, int(cd3_run.start[i]))
    for i in range(n):
        for k in range(compiled.pred_ptr[i], compiled.pred_ptr[i + 1]):
            model.add(starts[i] >= finishes[compiled.pred_idx[k]])
    for r, pool in enumerate(compiled.pools):
        intervals, demands = [], []
        for i in range(n):
            for k in range(compiled.demand_ptr[i], compiled.demand_ptr[i + 1]):
                if compiled.demand_pool[k] == r:
                    size = int(compiled.duration[i])
                    intervals.append(model.new_interval_var(starts[i], size, finishes[i], f"x{i}_{r}"))
                    demands.append(int(round(compiled.demand_fte[k] * FTE_SCALE)))
        line = plan.capacity[pool]
        profile = [line.at(w) for w in range(end)]
        top = max(profile)
        for w0, w1, cap in _segments(profile):
            if cap < top:
                intervals.append(model.new_fixed_size_interval_var(w0, w1 - w0, f"cap{r}_{w0}"))
                demands.append(int(round((top - cap) * FTE_SCALE)))
        if intervals:
            model.add_cumulative(intervals, demands, int(round(top * FTE_SCALE)))
    model.maximize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 2
    status = solver.solve(model)
    order = sorted(range(n), key=lambda i: (solver.value(starts[i]), compiled.ids[i]))
    return solver.objective_value, [compiled.ids[i] for i in order], solver.status_name(status)


def _terms_of(fast: FastPlan, i: int):
    from vmo_core.engine.valuation import ValueTerms

    t = fast.terms
    pick = slice(i, i + 1)
    return ValueTerms(t.value_per_week[pick], t.decay[pick], t.end_week[pick], t.deadline_week[pick], t.late_penalty[pick])


def _segments(profile: list[float]):
    start = 0
    for w in range(1, len(profile) + 1):
        if w == len(profile) or profile[w] != profile[start]:
            yield start, w, profile[start]
            start = w


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def money(x: float) -> str:
    return f"£{x:,.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--pools", type=int, default=12)
    parser.add_argument("--horizon", type=int, default=156)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--instances", type=int, default=1, help="portfolios, seeds --seed, --seed + 1, ...")
    parser.add_argument("--cp-sat-seconds", type=float, default=60.0)
    args = parser.parse_args()
    rows = []
    for seed in range(args.seed, args.seed + args.instances):
        rows.append(compare(args, seed, timings=seed == args.seed))
    print(f"\nours at 2 s against CP-SAT at {args.cp_sat_seconds:g} s ({args.projects} projects, {args.pools} pools):")
    print("| seed | CD3 order | ours, 2 s | schedules | CP-SAT | ours / CP-SAT |")
    print("| --- | --- | --- | --- | --- | --- |")
    for seed, cd3, ours, schedules, cp in rows:
        print(f"| {seed} | {money(cd3)} | {money(ours)} | {schedules:,} | {money(cp)} | {ours / cp:.4f} |")
    ratios = [ours / cp for _, _, ours, _, cp in rows]
    print(f"ours / CP-SAT: mean {sum(ratios) / len(ratios):.4f}, least {min(ratios):.4f}")


def compare(args, seed: int, *, timings: bool) -> tuple:
    with tempfile.TemporaryDirectory() as scratch:
        folder = write_portfolio(
            Path(scratch) / "p", n_projects=args.projects, n_pools=args.pools, horizon_weeks=args.horizon, seed=seed
        )
        pf = vmo_core.load(folder)
    plan = baseline_plan(pf)
    print(f"\nseed {seed}: {len(plan.order)} scheduled projects, {len(pf.pools)} pools, {args.horizon}-week horizon")
    if timings:
        _, t = timed(lambda: constraints(pf))
        print(f"constraints    {t:6.2f} s")
        _, t = timed(lambda: stop_ranking(pf))
        print(f"stop-ranking   {t:6.2f} s")
    quick, t2 = timed(lambda: optimise(pf, time_limit=2.0, evaluations=10**9))
    full, t10 = timed(lambda: optimise(pf, time_limit=10.0, evaluations=10**9))
    default, td = timed(lambda: optimise(pf))
    (objective, cp_order, status), tcp = timed(lambda: cp_sat(pf, args.cp_sat_seconds))
    cp_value = vmo_core.schedule(pf, {"changes": [{"op": "sequence", "order": cp_order}]}).total_value
    print(f"current order                    {money(quick.baseline_total_value):>16}")
    print(f"CD3 order                        {money(quick.cd3_total_value):>16}")
    print(f"optimise, 2 s                    {money(quick.total_value):>16}   {t2:5.1f} s, {quick.evaluations} schedules")
    print(f"optimise, 10 s                   {money(full.total_value):>16}   {t10:5.1f} s, {full.evaluations} schedules")
    print(f"optimise, defaults (20,000)      {money(default.total_value):>16}   {td:5.1f} s")
    print(f"CP-SAT objective ({status})   {money(objective):>16}   {tcp:5.1f} s")
    print(f"CP-SAT's order in our engine     {money(cp_value):>16}")
    print(
        f"gain over CD3 (2 s): {money(quick.total_value - quick.cd3_total_value)}; "
        f"ours at 2 s against CP-SAT at {args.cp_sat_seconds:g} s: {quick.total_value / cp_value - 1:+.2%}"
    )
    return seed, quick.cd3_total_value, quick.total_value, quick.evaluations, cp_value


if __name__ == "__main__":
    main()
