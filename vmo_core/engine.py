"""The engine's entry points: schedule a plan and value it; compare a scenario with the baseline."""

from __future__ import annotations

from typing import Any

from vmo_core.model import Portfolio
from vmo_core.results import Comparison, ProjectDelta, ProjectOutcome, ScheduleResult
from vmo_core.scenario import Plan, apply_scenario, as_scenario, baseline_plan
from vmo_core.scheduling import place
from vmo_core.valuation import ValueModel, project_cost


def evaluate(plan: Plan) -> ScheduleResult:
    """Schedule a plan and value every project on the list."""
    pf = plan.portfolio
    placement = place(plan)
    values = ValueModel(pf.settings)
    cost_rates = {pool.id: pool.cost_per_fte_week for pool in pf.pools}
    outcomes = []
    for project_id in plan.order:
        project = plan.projects[project_id]
        finish = placement.finish.get(project_id)
        scheduled = finish is not None
        cost = project_cost(
            duration_weeks=project.duration_weeks,
            demands=plan.demands.get(project_id, {}),
            cost_per_fte_week=cost_rates,
            fixed_cost=project.fixed_cost,
        ) if scheduled else 0.0
        outcomes.append(ProjectOutcome(
            id=project_id,
            name=project.label,
            status=project.status,
            start_week=placement.start.get(project_id),
            finish_week=finish,
            value=values.value(project, finish),
            cost=cost,
            benefit_type=project.benefit_type,
            reason=placement.unschedulable.get(project_id),
        ))
    return ScheduleResult(
        settings=pf.settings,
        projects=tuple(outcomes),
        total_value=sum(o.value for o in outcomes),
        total_cost=sum(o.cost for o in outcomes),
    )


def schedule(pf: Portfolio, scenario: Any = None) -> ScheduleResult:
    """The portfolio's schedule and values, as it stands or with a scenario applied."""
    plan = baseline_plan(pf)
    if scenario is not None:
        plan = apply_scenario(plan, scenario)
    return evaluate(plan)


def compare(pf: Portfolio, scenario: Any, *, baseline: ScheduleResult | None = None) -> Comparison:
    """What a scenario changes against the baseline, and what that costs.

    `baseline` may be passed in when the caller already holds `schedule(pf)`.
    """
    scenario = as_scenario(scenario)
    plan = baseline_plan(pf)
    changed = apply_scenario(plan, scenario)
    return compare_plans(baseline or evaluate(plan), evaluate(changed), changed, name=scenario.name)


def compare_plans(base: ScheduleResult, scen: ScheduleResult, changed: Plan, *, name: str = "Scenario") -> Comparison:
    before = base.by_id
    deltas = tuple(
        ProjectDelta(
            id=o.id,
            name=o.name,
            benefit_type=o.benefit_type,
            base_finish_week=before[o.id].finish_week,
            scenario_finish_week=o.finish_week,
            value_delta=o.value - before[o.id].value,
        )
        for o in scen.projects
        if o.id in before
    )
    return Comparison(
        name=name,
        baseline=base,
        scenario=scen,
        projects=deltas,
        added=tuple(changed.added),
        stopped=tuple(changed.stopped),
    )
