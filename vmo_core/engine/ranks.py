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
