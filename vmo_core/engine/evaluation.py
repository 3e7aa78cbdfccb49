"""The engine's entry points: schedule a plan and value it; compare a scenario with the baseline.

`FastPlan` is a plan made ready for many evaluations (the optimiser, shadow prices and
rankings call it thousands of times); `evaluate` turns one evaluation into the typed
`ScheduleResult` that pages, reports and the command line read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from vmo_core.engine.results import Comparison, ProjectDelta, ProjectOutcome, ScheduleResult
from vmo_core.engine.scenario import apply_scenario, as_scenario, plan_for
from vmo_core.engine.scheduling import PLACED, CompiledPlan, compile_plan, unschedulable_reason
from vmo_core.engine.valuation import UNSCHEDULED, ValueModel, capacity_cost, project_cost
from vmo_core.model.plan import Plan, baseline_plan, capacity_lines
from vmo_core.model.portfolio import Portfolio


@dataclass
class Run:
    """One schedule of a FastPlan: arrays indexed like `FastPlan.ids`."""

    start: np.ndarray  # -1 when unschedulable
    finish: np.ndarray  # UNSCHEDULED when unschedulable
    why: np.ndarray
    culprit: np.ndarray
    value: np.ndarray

    @property
    def total_value(self) -> float:
        return float(self.value.sum())


class FastPlan:
    """A plan compiled once, to be scheduled and valued many times in different orders."""

    def __init__(self, plan: Plan, compiled: CompiledPlan | None = None):
        self.plan = plan
        self.compiled = compiled or compile_plan(plan)
        self.ids = self.compiled.ids
        projects = [plan.projects[p] for p in self.ids]
        self.value_model = ValueModel(plan.portfolio.settings)
        self.terms = self.value_model.terms(projects)
        rates = {pool.id: pool.cost_per_fte_week for pool in plan.portfolio.pools}
        self.cost_if_run = np.array(
            [
                project_cost(
                    duration_weeks=p.duration_weeks,
                    demands=plan.demands.get(p.id, {}),
                    cost_per_fte_week=rates,
                    fixed_cost=p.fixed_cost,
                )
                for p in projects
            ],
            dtype=float,
        )

    def sequence(self, order: list[str] | None = None) -> np.ndarray:
        return self.compiled.sequence(order)

    def run(self, sequence: np.ndarray | None = None) -> Run:
        """The plan's own schedule (None), or serial generation over another sequence of its projects (a new plan)."""
        if sequence is not None:
            return self._run(*self.compiled.run(sequence)[:3])
        start, why, culprit, left = self.compiled.run(self.compiled.sequence(), self.keep, self._held())
        plan = self.plan
        if plan.starts is None or plan.left is None:
            plan.starts = {p: int(s) for p, s, w in zip(self.ids, start, why) if w == PLACED}
            plan.left = left
        return self._run(start, why, culprit)

    def _held(self) -> tuple | None:
        """What the schedule the plan repairs leaves, when it is known: each project's finish there, the capacity left."""
        origin = self.plan.origin
        if origin is None or origin.left is None:
            return None
        starts = schedule_starts(origin)
        finish = [starts[p] + origin.projects[p].duration_weeks if p in starts else -1 for p in self.ids]
        return np.array(finish, dtype=np.int64), origin.left

    def _run(self, start: np.ndarray, why: np.ndarray, culprit: np.ndarray) -> Run:
        finish = np.where(why == PLACED, start + self.compiled.duration, UNSCHEDULED)
        return Run(start, finish, why, culprit, self.value_model.values(self.terms, finish))

    @cached_property
    def keep(self) -> np.ndarray | None:
        """The start per project that the plan's repair keeps (-1: touched, or none), or None for a new plan."""
        plan = self.plan
        if plan.origin is not None:
            kept = schedule_starts(plan.origin)
        elif plan.dates is not None:
            kept = plan.dates
        else:
            return None
        return np.array([-1 if p in plan.touched else kept.get(p, -1) for p in self.ids], dtype=np.int64)

    def value_of(self, start: np.ndarray, why: np.ndarray) -> float:
        finish = np.where(why == PLACED, start + self.compiled.duration, UNSCHEDULED)
        return float(self.value_model.values(self.terms, finish).sum())

    def total_value(self, sequence: np.ndarray) -> float:
        return self.run(sequence).total_value

    def result(self, run: Run | None = None) -> ScheduleResult:
        run = run or self.run()
        outcomes = []
        for i, project_id in enumerate(self.ids):
            project = self.plan.projects[project_id]
            placed = run.why[i] == PLACED
            outcomes.append(
                ProjectOutcome(
                    id=project_id,
                    name=project.label,
                    status=project.status,
                    start_week=int(run.start[i]) if placed else None,
                    finish_week=int(run.finish[i]) if placed else None,
                    value=float(run.value[i]),
                    cost=float(self.cost_if_run[i]) if placed else 0.0,
                    benefit_type=project.benefit_type,
                    reason=None if placed else unschedulable_reason(self.compiled, i, int(run.why[i]), int(run.culprit[i])),
                )
            )
        return ScheduleResult(
            settings=self.plan.portfolio.settings,
            projects=tuple(outcomes),
            # summed in list order, as the compiled candidates sum them (tests/decisions/test_fast_paths.py)
            total_value=float(sum(o.value for o in outcomes)),
            project_cost=float(sum(o.cost for o in outcomes)),
            capacity_cost=plan_capacity_cost(self.plan),
            plan=self.plan,
        )


def schedule_starts(plan: Plan) -> dict[str, int]:
    """The plan's schedule as start weeks of its scheduled projects, worked out once per plan."""
    if plan.starts is None:
        FastPlan(plan).run()
    return plan.starts


def plan_capacity_cost(plan: Plan) -> float:
    """What the plan's capacity costs against the portfolio's own: 0 for the baseline plan.

    A scenario's `capacity` changes are priced here, so its schedule's `total_cost` carries
    them; a comparison takes the difference of its two plans' figures.
    """
    pf = plan.portfolio
    rates = {pool.id: pool.cost_per_fte_week for pool in pf.pools}
    return capacity_cost(capacity_lines(pf), plan.capacity, rates, pf.settings.horizon_weeks)


def evaluate(plan: Plan) -> ScheduleResult:
    """Schedule a plan and value every project on its list."""
    return FastPlan(plan).result()


def schedule(pf: Portfolio, scenario: Any = None) -> ScheduleResult:
    """The portfolio's schedule and values, as it stands or with a scenario applied."""
    return evaluate(plan_for(pf, scenario))


def evaluated_plan(pf: Portfolio, scenario: Any = None) -> tuple[Plan, ScheduleResult]:
    """The plan a scenario makes of the portfolio, and its schedule: what every decision weighs changes against."""
    plan = plan_for(pf, scenario)
    return plan, evaluate(plan)


def compare_changes(plan: Plan, base: ScheduleResult, changes: list[dict] | tuple[dict, ...]) -> Comparison:
    """`changes` applied to `plan` (whose schedule is `base`), compared with it."""
    hold(plan, base)
    changed = apply_scenario(plan, {"changes": list(changes)})
    return compare_results(base, evaluate(changed), changed)


def compare(pf: Portfolio, scenario: Any, *, baseline: ScheduleResult | None = None) -> Comparison:
    """What a scenario changes against the baseline, and what that costs.

    `baseline` may be passed in when the caller already holds `schedule(pf)`.
    """
    scenario = as_scenario(scenario)
    if baseline is not None and baseline.plan is not None and baseline.plan.portfolio is pf and baseline.plan.origin is None:
        plan = baseline.plan  # the plan that schedule was made of, which holds what it leaves
    else:
        plan = baseline_plan(pf)
    if baseline is not None:
        hold(plan, baseline)
    changed = apply_scenario(plan, scenario)
    return compare_results(baseline or evaluate(plan), evaluate(changed), changed, name=scenario.name)


def hold(plan: Plan, result: ScheduleResult) -> None:
    """Give the plan its schedule, already worked out, for the repairs of it that follow."""
    if plan.starts is None:
        plan.starts = {o.id: o.start_week for o in result.projects if o.start_week is not None}


def compare_results(base: ScheduleResult, scen: ScheduleResult, changed: Plan, *, name: str = "Scenario") -> Comparison:
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


def value_curve(result: ScheduleResult, *, weeks: int | None = None) -> np.ndarray:
    """Cumulative value earned by the end of each week 0 .. weeks-1 (default: the horizon).

    Its last entry at the horizon is the schedule's total value: the same V, week by week.
    """
    plan = result.plan
    model = ValueModel(result.settings)
    weeks = result.settings.horizon_weeks if weeks is None else weeks
    delivered = [o for o in result.projects if o.scheduled]
    terms = model.terms([plan.projects[o.id] for o in delivered])
    flow = model.weekly_flow(terms, np.array([o.finish_week for o in delivered], dtype=np.int64), weeks=weeks)
    return np.cumsum(flow)


def cost_of_delay_per_week(result: ScheduleResult) -> dict[str, float]:
    """V(F) - V(F+1) for each delivered project: what one more week of waiting costs now."""
    model = ValueModel(result.settings)
    delivered = [o for o in result.projects if o.scheduled]
    terms = model.terms([result.plan.projects[o.id] for o in delivered])
    finish = np.array([o.finish_week for o in delivered], dtype=np.int64)
    weekly = model.values(terms, finish) - model.values(terms, finish + 1)
    return {o.id: float(w) for o, w in zip(delivered, weekly)}
