"""The economic ranks of ECONOMICS.md: CD3, and value per week of the constraint pool.

    CD3                  = v / duration
    constraint rank on c = v / (demand on c x duration)   ("value per hour of the constraint")

A project that does not use c ranks by CD3 above every project that does. In-flight
projects stay ahead of the rest (placement puts them first whatever the list says).
Sorting is stable, so ties keep the current order.
"""

from __future__ import annotations

from vmo_core.model.plan import Plan


def cd3(plan: Plan, project_id: str) -> float:
    project = plan.projects[project_id]
    return project.value_per_week / project.duration_weeks


def constraint_rank(plan: Plan, project_id: str, pool: str) -> float | None:
    """Value per FTE-week of the constraint pool, or None when the project does not use it."""
    demand = plan.demands.get(project_id, {}).get(pool, 0.0)
    if demand <= 0:
        return None
    project = plan.projects[project_id]
    return project.value_per_week / (demand * project.duration_weeks)


def cd3_order(plan: Plan) -> list[str]:
    """By CD3, highest first; in-flight projects stay ahead, as placement puts them anyway."""
    return sorted(plan.order, key=lambda p: (not plan.in_flight(p), -cd3(plan, p)))


def economic_order(plan: Plan, constraint: str | None = None) -> list[str]:
    """The order the ranks give: by CD3, or with a constraint pool, by value per week of it."""
    if constraint is None:
        return cd3_order(plan)

    def key(project_id: str) -> tuple:
        rank = constraint_rank(plan, project_id, constraint)
        ranked = (0, -cd3(plan, project_id)) if rank is None else (1, -rank)
        return (not plan.in_flight(project_id), *ranked)

    return sorted(plan.order, key=key)


def cd3_index(plan: Plan, project_id: str) -> int:
    """Just before the first project not in flight with a lower CD3, or at the end."""
    own = cd3(plan, project_id)
    for index, other in enumerate(plan.order):
        if not plan.in_flight(other) and cd3(plan, other) < own:
            return index
    return len(plan.order)


def in_order_of_work(plan: Plan) -> list[str]:
    """The list as the schedule takes it: in-flight projects first, each group in list order. A rank
    that only passes an in-flight project in the list changes no project's place in this order."""
    return [p for p in plan.order if plan.in_flight(p)] + [p for p in plan.order if not plan.in_flight(p)]


def passed(before: list[str], after: list[str]) -> set[str]:
    """The projects of both lists whose rank against another one of them differs between the two:
    one that comes after a project it came before, or before one it came after."""
    common = set(before) & set(after)
    rank = {p: r for r, p in enumerate(p for p in before if p in common)}
    ranked = [(p, rank[p]) for p in after if p in common]
    found, highest = set(), -1
    for project_id, r in ranked:
        if highest > r:
            found.add(project_id)
        highest = max(highest, r)
    lowest = len(ranked)
    for project_id, r in reversed(ranked):
        if lowest < r:
            found.add(project_id)
        lowest = min(lowest, r)
    return found
