"""A deliberately naive second reading of ECONOMICS.md, for differential tests.

Written from the page, week by week and term by term, sharing nothing with the engine but
the input records: if the two ever disagree, one of them misreads the model. Its plan is
its own reading of the scenario too (tests/reference_scenario.py: `reference_plan`).

The schedule (`reference_schedule(plan)`) follows "The schedule: serial schedule generation",
"A change moves only what it must: repairing a plan" and "A plan with dates":
- the baseline with no planned_start is serial generation (`reference_serial`);
- the baseline with dates is the repair of those dates, nothing touched (`reference_repair`);
- a scenario is one repair of the baseline's schedule for the plan its changes leave, touching
  what `reference_touched` says; a scenario with a `sequence` is serial generation over its list.
`reference_compare(pf, scenario)` gives the comparison's figures, shaped as `compare(...).to_dict()`.
"""

from __future__ import annotations

from collections import defaultdict

from tests.reference_scenario import RefPlan, reference_plan, reference_touched, week_of

__all__ = [
    "capacity_at",
    "reference_capacity_cost",
    "reference_compare",
    "reference_cost",
    "reference_plan",
    "reference_repair",
    "reference_result",
    "reference_schedule",
    "reference_serial",
    "reference_touched",
    "reference_value",
]

EPS = 1e-9


def capacity_at(plan: RefPlan, pool: str, week: int) -> float:
    return plan.capacity[pool].at(week)


def demands_of(plan: RefPlan, project_id: str) -> dict[str, float]:
    return {k: v for k, v in plan.demands.get(project_id, {}).items() if v > 0}


def lower_bound(plan: RefPlan, project_id: str, placed: dict) -> int:
    """Week 0, its earliest_start week, and the finish of each predecessor where it now is (a done one: 0)."""
    project = plan.projects[project_id]
    lb = 0
    if project.earliest_start is not None:
        lb = max(lb, week_of(project.earliest_start, plan.as_of))
    for q in plan.predecessors.get(project_id, ()):
        lb = max(lb, placed[q][1] if q in placed else 0)
    return lb


def load_grid(plan: RefPlan, placed: dict, order: list[str]) -> dict:
    """{(pool, week): FTE held} by the placed projects, summed one project at a time in `order`."""
    used = defaultdict(float)
    for project_id in order:
        if project_id in placed:
            s, f = placed[project_id]
            for w in range(s, f):
                for pool, fte in demands_of(plan, project_id).items():
                    used[(pool, w)] += fte
    return used


def fits(plan: RefPlan, used: dict, demands: dict, start: int, weeks: int) -> bool:
    """In every week start .. start+weeks-1, each pool's capacity left over by `used` covers the demand."""
    return all(
        capacity_at(plan, pool, w) - used[(pool, w)] + EPS >= fte
        for w in range(start, start + weeks)
        for pool, fte in demands.items()
    )


def serial_generation(plan: RefPlan, bound: dict[str, int] | None = None):
    """Serial schedule generation, one week at a time: ({id: (start, finish)}, {id: reason}, placing order).

    `bound`: a further lower bound on some projects' starts (phase 1 of a repair: the start being kept).
    """
    bound = bound or {}
    in_flight = [p for p in plan.order if plan.in_flight(p)]
    rest = [p for p in plan.order if not plan.in_flight(p)]
    remaining = in_flight + rest
    listed = set(remaining)
    used = defaultdict(float)
    placed, failed, order = {}, {}, []
    last_change = max([0] + [w for line in plan.capacity.values() for w, _ in line.steps])

    while remaining:
        for project_id in remaining:
            preds = plan.predecessors.get(project_id, ())
            if all(q in placed or q in failed or q not in listed for q in preds):
                break
        remaining.remove(project_id)
        order.append(project_id)
        preds = plan.predecessors.get(project_id, ())
        if any(q in failed or (q not in listed and plan.projects[q].status != "done") for q in preds):
            failed[project_id] = "dependency"
            continue
        n = plan.projects[project_id].duration_weeks
        lb = lower_bound(plan, project_id, placed)
        demands = demands_of(plan, project_id)
        s = None
        if project_id in bound and bound[project_id] > lb:
            s = earliest_fit(plan, used, demands, bound[project_id], n, placed, last_change)
        # SILENT: a kept start after which the project fits nowhere (its pool cut for good after it)
        # leaves it no start to keep: it goes where it first fits from its lower bound, as one with
        # none would, not unschedulable. Adopting any scenario then schedules as the scenario did.
        if s is None:
            s = earliest_fit(plan, used, demands, lb, n, placed, last_change)
        if s is None:
            failed[project_id] = "capacity"
            continue
        for w in range(s, s + n):
            for pool, fte in demands.items():
                used[(pool, w)] += fte
        placed[project_id] = (s, s + n)
    return placed, failed, order


def earliest_fit(plan: RefPlan, used: dict, demands: dict, lb: int, n: int, placed: dict, last_change: int) -> int | None:
    """The first week from lb where the project fits, or None when it never will."""
    # past every capacity change and every finish so far nothing changes: if it does not fit there, it never will
    settle = max([lb, last_change] + [f for _, f in placed.values()])
    s = lb
    while not fits(plan, used, demands, s, n):
        s += 1
        if s > settle + 1:
            return None
    return s


def reference_serial(plan: RefPlan):
    """{id: (start, finish)} and {id: reason} by serial schedule generation over the plan's list."""
    placed, failed, _ = serial_generation(plan)
    return placed, failed


def reference_repair(plan: RefPlan, starts: dict[str, int | None], touched: set[str]):
    """ECONOMICS.md, "A change moves only what it must: repairing a plan", read word by word.

    `starts`: the schedule being repaired, each project's start week (None or absent: no start).
    1. Keep dates; lower priority yields: serial generation, each project no earlier than its start
       in `starts` too, unless it is touched or had no start.
    2. Pull forward, highest priority first: while some placed project could start sooner (no earlier
       than its earliest_start and its predecessors' finishes where they now are, in a window where it
       fits the capacity left by every other project where it now is), the first such one in the
       placing order moves to the earliest such week, and the search starts again from the first.

    SILENT: a project with no start (one phase 1 could not schedule for want of capacity, or that
    waited on such a one) "could start sooner" when it now fits somewhere, every predecessor placed:
    it is the first such one in the order that moves, to the earliest week it fits. Without this, a
    move in phase 2 could free room that only a second repair would give it, and a repair of a
    repair would not give the schedule back, as the page says it does. A project that depends on
    one not on the list stays unscheduled.
    """
    bound = {p: s for p, s in starts.items() if s is not None and p not in touched}
    placed, failed, order = serial_generation(plan, bound)
    listed = set(order)
    last_change = max([0] + [w for line in plan.capacity.values() for w, _ in line.steps])
    moved = True
    while moved:
        moved = False
        for project_id in order:
            others = {q: placed[q] for q in placed if q != project_id}
            used = load_grid(plan, others, order)
            demands = demands_of(plan, project_id)
            if project_id in placed:
                start, finish = placed[project_id]
                lb = lower_bound(plan, project_id, placed)
                sooner = [s for s in range(lb, start) if fits(plan, used, demands, s, finish - start)]
                if sooner:
                    placed[project_id] = (sooner[0], sooner[0] + finish - start)
            else:
                preds = plan.predecessors.get(project_id, ())
                waiting = [q for q in preds if q not in placed and (q in listed or plan.projects[q].status != "done")]
                if waiting:
                    continue
                n = plan.projects[project_id].duration_weeks
                s = earliest_fit(plan, used, demands, lower_bound(plan, project_id, placed), n, placed, last_change)
                if s is None:
                    continue
                placed[project_id] = (s, s + n)
                failed.pop(project_id, None)
                sooner = [s]
            if sooner:
                moved = True
                break  # the search starts again from the first project
    return placed, failed


def reference_schedule(plan: RefPlan):
    """{id: (start, finish)} and {id: reason}: the plan's schedule as ECONOMICS.md has it.

    The baseline: serial generation, or, when some project has a planned_start, the repair of those
    dates with nothing touched. A scenario: the repair of the baseline's schedule for the plan its
    changes leave, touching `reference_touched(plan)`; with a `sequence`, a new plan: serial generation.
    """
    if plan.base is None:
        if not plan.planned:
            return reference_serial(plan)
        return reference_repair(plan, dict(plan.planned), set())
    if plan.replanned:
        return reference_serial(plan)
    base_placed, _ = reference_schedule(plan.base)
    return reference_repair(plan, {p: s for p, (s, _) in base_placed.items()}, reference_touched(plan))


def reference_value(pf, project, finish):
    if finish is None:
        return 0.0
    settings = pf.settings
    end = settings.horizon_weeks
    if project.value_end is not None:
        end = min(end, week_of(project.value_end, settings.as_of))
    q = (1 + settings.discount_rate) ** (-1 / 52)
    weekly = project.value_per_week * (1 - project.decay_per_week) ** finish
    value = sum(weekly * q**t for t in range(finish, end))
    if project.deadline is not None and finish > week_of(project.deadline, settings.as_of):
        value -= project.late_penalty
    return value


def reference_cost(plan: RefPlan, project_id: str) -> float:
    rates = {p.id: p.cost_per_fte_week for p in plan.portfolio.pools}
    project = plan.projects[project_id]
    per_week = sum(fte * rates[pool] for pool, fte in plan.demands.get(project_id, {}).items())
    return project.duration_weeks * per_week + project.fixed_cost


def reference_capacity_cost(plan: RefPlan) -> float:
    """sum over pools of cost_per_fte_week * sum_{w=0}^{H-1} (cap_scen(w) - cap_base(w)); 0 for the baseline."""
    if plan.base is None:
        return 0.0
    pf = plan.portfolio
    return sum(
        pool.cost_per_fte_week
        * sum(capacity_at(plan, pool.id, w) - capacity_at(plan.base, pool.id, w) for w in range(pf.settings.horizon_weeks))
        for pool in pf.pools
    )


def reference_result(plan: RefPlan) -> dict:
    """The plan's schedule with its figures, shaped as `schedule(...).to_dict()` (the keys the reference reads)."""
    pf = plan.portfolio
    placed, failed = reference_schedule(plan)
    projects = []
    for project_id in plan.order:
        start, finish = placed.get(project_id, (None, None))
        scheduled = project_id in placed
        projects.append(
            {
                "id": project_id,
                "start_week": start,
                "finish_week": finish,
                "value": reference_value(pf, plan.projects[project_id], finish),
                "cost": reference_cost(plan, project_id) if scheduled else 0.0,  # an unschedulable project spends nothing
            }
        )
    capacity_cost = reference_capacity_cost(plan)
    return {
        "total_value": sum(p["value"] for p in projects if p["finish_week"] is not None),
        "total_cost": sum(p["cost"] for p in projects) + capacity_cost,
        "capacity_cost": capacity_cost,
        "projects": projects,
        "unschedulable": [{"id": p, "reason": failed[p]} for p in plan.order if p in failed],
    }


def reference_compare(pf, scenario: dict) -> dict:
    """ECONOMICS.md, "Comparing a scenario with the baseline": shaped as `compare(...).to_dict()`."""
    base_plan, scen_plan = reference_plan(pf), reference_plan(pf, scenario)
    base, scen = reference_result(base_plan), reference_result(scen_plan)
    before = {p["id"]: p for p in base["projects"]}
    rows = []
    for p in scen["projects"]:
        if p["id"] not in before:  # added: not in the list of both
            continue
        b = before[p["id"]]
        both = p["finish_week"] is not None and b["finish_week"] is not None
        rows.append(
            {
                "id": p["id"],
                "finish_delta_weeks": p["finish_week"] - b["finish_week"] if both else None,
                "value_delta": p["value"] - b["value"],
            }
        )
    lost = sum(max(0.0, -r["value_delta"]) for r in rows)
    gained = sum(max(0.0, r["value_delta"]) for r in rows)
    return {
        "baseline": base,
        "scenario": scen,
        "delta": {
            "delay_cost": lost - gained,
            "value_lost_to_delays": lost,
            "value_gained_sooner": gained,
            "capacity_cost": scen["capacity_cost"],
            "net_value_change": (scen["total_value"] - scen["total_cost"]) - (base["total_value"] - base["total_cost"]),
            "projects": rows,
            "added": list(scen_plan.added),
            "stopped": list(scen_plan.stopped),
        },
    }
