"""A deliberately naive second reading of ECONOMICS.md, for differential tests.

Written from the page, week by week and term by term, sharing nothing with the engine but
the input records: if the two ever disagree, one of them misreads the model.
"""

from __future__ import annotations

from collections import defaultdict

EPS = 1e-9


def capacity_at(plan, pool, week):
    line = plan.capacity[pool]
    capacity = line.base
    best = None
    for start, value in line.changes:
        if start <= week and (best is None or start >= best):
            best, capacity = start, value
    return capacity


def reference_schedule(plan):
    """{id: (start, finish)} and {id: reason} by serial schedule generation, one week at a time."""
    pf = plan.portfolio
    in_flight = [p for p in plan.order if plan.in_flight(p)]
    rest = [p for p in plan.order if not plan.in_flight(p)]
    remaining = in_flight + rest
    listed = set(remaining)
    used = defaultdict(float)
    placed, failed = {}, {}
    last_change = max([0] + [w for line in plan.capacity.values() for w, _ in line.changes])

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
            lb = max(lb, pf.week(project.earliest_start))
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
        end = min(end, pf.week(project.value_end))
    q = (1 + settings.discount_rate) ** (-1 / 52)
    weekly = project.value_per_week * (1 - project.decay_per_week) ** finish
    value = sum(weekly * q**t for t in range(finish, end))
    if project.deadline is not None and finish > pf.week(project.deadline):
        value -= project.late_penalty
    return value


def reference_cost(plan, project_id):
    rates = {p.id: p.cost_per_fte_week for p in plan.portfolio.pools}
    project = plan.projects[project_id]
    per_week = sum(fte * rates[pool] for pool, fte in plan.demands.get(project_id, {}).items())
    return project.duration_weeks * per_week + project.fixed_cost
