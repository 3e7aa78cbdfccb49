"""A deliberately naive second reading of ECONOMICS.md, for differential tests.

Written from the page, week by week and term by term, sharing nothing with the engine but
the input records: if the two ever disagree, one of them misreads the model. Its plan is
its own reading of the scenario too (tests/reference_scenario.py: `reference_plan`).
"""

from __future__ import annotations

from collections import defaultdict

from tests.reference_scenario import RefPlan, reference_plan, week_of

__all__ = ["capacity_at", "reference_cost", "reference_plan", "reference_schedule", "reference_value"]

EPS = 1e-9


def capacity_at(plan: RefPlan, pool: str, week: int) -> float:
    return plan.capacity[pool].at(week)


def reference_schedule(plan: RefPlan):
    """{id: (start, finish)} and {id: reason} by serial schedule generation, one week at a time."""
    as_of = plan.as_of
    in_flight = [p for p in plan.order if plan.in_flight(p)]
    rest = [p for p in plan.order if not plan.in_flight(p)]
    remaining = in_flight + rest
    listed = set(remaining)
    used = defaultdict(float)
    placed, failed = {}, {}
    last_change = max([0] + [w for line in plan.capacity.values() for w, _ in line.steps])

    while remaining:
        for project_id in remaining:
            preds = plan.predecessors.get(project_id, ())
            if all(q in placed or q in failed or q not in listed for q in preds):
                break
        remaining.remove(project_id)
        preds = plan.predecessors.get(project_id, ())
        if any(q in failed or (q not in listed and plan.projects[q].status != "done") for q in preds):
            failed[project_id] = "dependency"
            continue
        project = plan.projects[project_id]
        n = project.duration_weeks
        lb = 0
        if project.earliest_start is not None:
            lb = max(lb, week_of(project.earliest_start, as_of))
        for q in preds:
            lb = max(lb, placed[q][1] if q in placed else 0)
        demands = {k: v for k, v in plan.demands.get(project_id, {}).items() if v > 0}
        settle = max([lb, last_change] + [f for _, f in placed.values()])
        s = lb
        while True:
            fits = all(
                capacity_at(plan, pool, w) - used[(pool, w)] + EPS >= fte
                for w in range(s, s + n)
                for pool, fte in demands.items()
            )
            if fits:
                break
            s += 1
            if s > settle + 1:
                s = None
                break
        if s is None:
            failed[project_id] = "capacity"
            continue
        for w in range(s, s + n):
            for pool, fte in demands.items():
                used[(pool, w)] += fte
        placed[project_id] = (s, s + n)
    return placed, failed


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
