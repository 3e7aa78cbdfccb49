"""Adopting a scenario: the scenario written into the portfolio, so that it becomes the plan.

ECONOMICS.md, "Adopting a scenario": the plan `plan_for` makes of the scenario is written
back into the records. A stopped project gets status `stopped`; an added proposal becomes
`approved`; an added new project is a new row (with its demands and predecessors); a crash
rewrites `duration_weeks` and the demands; a `capacity` change removes that pool's planned
changes from its week on and adds one row dated at its `from` (the as-of date when it has
none); the scheduled projects' priorities are renumbered 1..n in the order they are placed
(in-flight first, then the rest, each in the scenario's list order), and each one's
`planned_start` is set to its start in the scenario's schedule (none when it is unschedulable),
so the adopted portfolio is a plan with dates. Projects off the list keep their priority and
planned start: they order nothing.

Scheduling the adopted portfolio gives exactly the scenario's schedule; its total cost is the
scenario's less its capacity cost, as the new people are now the organisation as it stands.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from vmo_core.engine.evaluation import schedule_starts
from vmo_core.engine.ranks import in_order_of_work
from vmo_core.engine.scenario import plan_for
from vmo_core.errors import ScenarioError
from vmo_core.io.schema import MAX_FTE, amount, near_as_of, shown
from vmo_core.model.plan import Plan
from vmo_core.model.portfolio import CapacityChange, Demand, Dependency, Portfolio, Project


def adopt(pf: Portfolio, scenario: Any) -> Portfolio:
    """The portfolio with the scenario written into it: a new snapshot with the same as-of date.

    Bad scenarios raise the ScenarioError that `plan_for` raises, and so does one whose plan a
    portfolio file cannot hold (`adoptable_problem`); nothing is half-written.
    """
    plan = plan_for(pf, scenario)
    problem = adoptable_problem(plan)
    if problem:
        raise ScenarioError(f"cannot adopt this scenario: {problem}")
    priority = {project_id: float(rank) for rank, project_id in enumerate(in_order_of_work(plan), start=1)}
    starts = schedule_starts(plan)
    planned = {project_id: pf.date(starts[project_id]) if project_id in starts else None for project_id in plan.order}
    return replace(
        pf,
        projects=tuple(
            _adopted_project(plan, project_id, priority=priority, planned=planned) for project_id in _all_ids(pf, plan)
        ),
        demands=_adopted_demands(pf, plan),
        dependencies=_adopted_dependencies(pf, plan),
        capacity_changes=_adopted_capacity(pf, plan),
    )


def adoptable_problem(plan: Plan) -> str | None:
    """What a what-if may do that a portfolio's files may not hold (io.schema's bounds): a pool's
    capacity or a crashed demand above MAX_FTE, a capacity change dated over 100 years from as_of."""
    most = f"a portfolio holds (at most {amount(MAX_FTE)} FTE)"
    for pool, day, capacity in plan.capacity_set:
        if capacity > MAX_FTE:
            return f"the capacity of pool {shown(pool)} from {day.isoformat()}, {amount(capacity)} FTE, is more than {most}"
        dated = near_as_of(day, plan.portfolio.as_of)
        if dated:
            return f"the capacity change of pool {shown(pool)} from {day.isoformat()}: {dated}"
    for project_id, demands in plan.demands.items():
        for pool, fte in demands.items():
            if fte > MAX_FTE:
                return f"project {shown(project_id)} would need {amount(fte)} FTE of pool {shown(pool)}, more than {most}"
    return None


def _all_ids(pf: Portfolio, plan: Plan) -> list[str]:
    """The portfolio's projects in file order, then the ones the scenario added as new rows, as added."""
    return [p.id for p in pf.projects] + [p for p in plan.added if p not in pf.project_index]


def _adopted_project(plan: Plan, project_id: str, *, priority: dict[str, float], planned: dict) -> Project:
    project = plan.projects[project_id]
    if project_id in plan.stopped:
        project = replace(project, status="stopped")
    return replace(
        project,
        priority=priority.get(project_id, project.priority),
        planned_start=planned.get(project_id, project.planned_start),
    )


def _changed_demands(pf: Portfolio, plan: Plan) -> set[str]:
    """Projects whose demands the scenario set: the new ones, and every crashed one."""
    return {project_id for project_id in plan.projects if plan.demands.get(project_id, {}) != pf.demands_of(project_id)}


def _adopted_demands(pf: Portfolio, plan: Plan) -> tuple[Demand, ...]:
    """A crash scales each demand row in place (its extra columns kept); a new project's rows go last."""
    changed = _changed_demands(pf, plan)
    kept = tuple(replace(d, fte=plan.demands[d.project_id][d.pool_id]) if d.project_id in changed else d for d in pf.demands)
    new = tuple(
        Demand(project_id, pool, fte)
        for project_id in plan.added
        if project_id not in pf.project_index
        for pool, fte in plan.demands.get(project_id, {}).items()
    )
    return kept + new


def _adopted_dependencies(pf: Portfolio, plan: Plan) -> tuple[Dependency, ...]:
    new = tuple(
        Dependency(predecessor, project_id)
        for project_id in plan.added
        if project_id not in pf.project_index
        for predecessor in plan.predecessors.get(project_id, ())
    )
    return pf.dependencies + new


def _adopted_capacity(pf: Portfolio, plan: Plan) -> tuple[CapacityChange, ...]:
    """Each capacity change in turn: the pool's rows from its week on go, one row dated at its `from` comes."""
    rows = list(pf.capacity_changes)
    for pool, day, capacity in plan.capacity_set:
        week = pf.week(day)
        rows = [row for row in rows if row.pool_id != pool or pf.week(row.from_date) < week]
        rows.append(CapacityChange(pool, day, capacity))
    return tuple(rows)
