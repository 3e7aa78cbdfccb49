"""Where value was delayed since the last review: the slips between two snapshots, in money.

ECONOMICS.md, "Time passing". A project delivered in week F of snapshot A lands on
`as_of_A + 7F` days; that date falls in B's week `F_A' = (date_A - as_of_B).days // 7`
(negative when it was due before B's as-of date). Then

    slip_weeks = F_B - F_A'
    slip_cost  = V_B(F_A') - V_B(F_B)

with V_B the value formula on B's fields and settings, read literally for a negative F_A'
(engine.valuation: one home for V). Which projects each list holds, and in what order:

- `projects`: every project on the schedule list (active or approved) of both A and B, the
  slips, costliest first, ties by id. Unschedulable counts as V = 0, as in a comparison:
  unschedulable in B only, `slip_cost = V_B(F_A')` (ECONOMICS.md); in A only, the value
  brought forward, `-V_B(F_B)`; in both, 0. `slip_weeks` is null unless both deliver it.
- `entered`: on B's list and not on A's, with V_B (0 when B cannot schedule it), most
  valuable first, ties by id.
- `left`: on A's list and not on B's, with B's status ("done", "stopped", "proposed") or
  "gone" when B no longer holds it, in A's priority order. A project that left carries no
  slip: done is delivered, stopped or sent back to proposals is a decision, not a delay,
  and a gone one has no B fields to value it by. So `value_delayed` is the delay alone.
- `reestimated`: on the list of both with a different `value_per_week`, the largest change
  first, ties by id.

`value_delayed` is the sum of the slip costs: positive, value delayed since A. `Changes.bridge`
walks from A's total value to B's: less the value delayed, plus what revaluing A's delivery
dates on B's fields changed (re-estimates, and the horizon moving on), plus what entered, less
what left.

A decision (`predict`, `judge`) is judged by the same rule: each project it moved (and each it
added) against its predicted delivery date, in a later snapshot's weeks and on its fields.
`intake_record` says how the latest intakes land against their promise.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np

from vmo_core.decisions.slip_results import (
    GONE,
    Changes,
    Decision,
    Entered,
    IntakeRecord,
    JudgedDecision,
    Left,
    Prediction,
    Promise,
    Reestimate,
    Slip,
    mean_weeks,
)
from vmo_core.engine.evaluation import compare, schedule
from vmo_core.engine.results import Comparison, ProjectOutcome, ScheduleResult
from vmo_core.engine.scenario import as_scenario
from vmo_core.engine.valuation import UNSCHEDULED, ValueModel
from vmo_core.model.portfolio import Portfolio, Project, date_of, week_of

__all__ = [
    "Changes",
    "Decision",
    "IntakeRecord",
    "JudgedDecision",
    "Promise",
    "Slip",
    "changes",
    "intake_record",
    "judge",
    "predict",
    "slip_values",
    "values_at",
]


def values_at(pf: Portfolio, projects: list[Project], *, weeks: list[int | None]) -> np.ndarray:
    """V(F) on `pf`'s fields for each project, at any integer week F, negative too (None: never, worth 0)."""
    model = ValueModel(pf.settings)
    delivered = np.array([w is not None for w in weeks], dtype=bool)
    finish = np.array([UNSCHEDULED if w is None else w for w in weeks], dtype=np.int64)
    return model.values(model.terms(projects), finish, delivered=delivered)


def slip_values(pf: Portfolio, projects: list[Project], *, due: list[int | None], finish: list[int | None]) -> np.ndarray:
    """The slip rule: V(due) - V(finish) on `pf`'s fields for each project."""
    return values_at(pf, projects, weeks=due) - values_at(pf, projects, weeks=finish)


def week_in(pf: Portfolio, day: dt.date | None) -> int | None:
    """The week of `pf` a delivery date falls in (negative before its as-of date; None stays None)."""
    return None if day is None else week_of(day, pf.as_of)


def _finish_date(outcome: ProjectOutcome, as_of: dt.date) -> dt.date | None:
    return None if outcome.finish_week is None else date_of(outcome.finish_week, as_of)


def changes(before: Portfolio, after: Portfolio) -> Changes:
    """The slips, entries, exits and re-estimates from snapshot `before` (A) to `after` (B)."""
    plan_a, plan_b = schedule(before), schedule(after)
    in_a, in_b = plan_a.by_id, plan_b.by_id
    both = [o.id for o in plan_b.projects if o.id in in_a]
    return Changes(
        before_as_of=before.as_of,
        after_as_of=after.as_of,
        currency=after.currency,
        projects=_slips(after, was=[in_a[p] for p in both], now=[in_b[p] for p in both], before_as_of=before.as_of),
        entered=_entered(plan_b, in_a),
        left=_left(plan_a, in_b, after=after),
        reestimated=_reestimated(before, after, both=both),
        before=plan_a,
        after=plan_b,
    )


def _slips(after: Portfolio, *, was: list[ProjectOutcome], now: list[ProjectOutcome], before_as_of: dt.date) -> tuple[Slip, ...]:
    before_dates = [_finish_date(o, before_as_of) for o in was]
    due = [week_in(after, day) for day in before_dates]
    finish = [o.finish_week for o in now]
    projects = [after.project(o.id) for o in now]
    due_values = values_at(after, projects, weeks=due)
    costs = due_values - values_at(after, projects, weeks=finish)
    rows = [
        Slip(
            id=o.id,
            name=o.name,
            benefit_type=o.benefit_type,
            before_finish=before_day,
            after_finish=_finish_date(o, after.as_of),
            due_week=due_week,
            finish_week=o.finish_week,
            slip_cost=float(cost),
            revalued=float(due_value - earlier.value),
        )
        for o, earlier, before_day, due_week, cost, due_value in zip(now, was, before_dates, due, costs, due_values)
    ]
    return tuple(sorted(rows, key=lambda s: (-s.slip_cost, s.id)))


def _entered(plan_b: ScheduleResult, in_a: dict[str, ProjectOutcome]) -> tuple[Entered, ...]:
    as_of = plan_b.settings.as_of
    rows = [Entered(o.id, o.name, o.value, _finish_date(o, as_of)) for o in plan_b.projects if o.id not in in_a]
    return tuple(sorted(rows, key=lambda e: (-e.value, e.id)))


def _left(plan_a: ScheduleResult, in_b: dict[str, ProjectOutcome], *, after: Portfolio) -> tuple[Left, ...]:
    held = after.project_index
    return tuple(
        Left(o.id, o.name, held[o.id].status if o.id in held else GONE, o.value) for o in plan_a.projects if o.id not in in_b
    )


def _reestimated(before: Portfolio, after: Portfolio, *, both: list[str]) -> tuple[Reestimate, ...]:
    rows = [
        Reestimate(p, after.project(p).label, before.project(p).value_per_week, after.project(p).value_per_week)
        for p in both
        if before.project(p).value_per_week != after.project(p).value_per_week
    ]
    return tuple(sorted(rows, key=lambda r: (-abs(r.after - r.before), r.id)))


def predict(pf: Portfolio, scenario: Any, *, comparison: Comparison | None = None) -> dict:
    """The decision record's predicted part for adopting `scenario` on `pf` (`Decision.to_dict()`):
    its net value change; the delivery date of each project it moves (`Comparison.moved`: on both
    lists, delivered in another week, or delivered in one and not the other), in list order; and
    that of each project it adds and keeps on the list, in the order added.

    `comparison` may be passed in when the caller holds `compare(pf, scenario)` already.
    """
    scenario = as_scenario(scenario)
    comparison = comparison or compare(pf, scenario)
    outcome = comparison.scenario.by_id
    added = [p for p in comparison.added if p in outcome]
    return Decision(
        name=scenario.name,
        scenario=scenario.to_dict(),
        predicted_net_value_change=comparison.net_value_change,
        predicted=tuple(Prediction(p, _finish_date(outcome[p], pf.as_of)) for p in comparison.moved),
        added=tuple(Prediction(p, _finish_date(outcome[p], pf.as_of)) for p in added),
    ).to_dict()


def judge(decision: dict | Decision, current: Portfolio, *, result: ScheduleResult | None = None) -> JudgedDecision:
    """Each predicted delivery against `current`, by the slip rule: `V(F_predicted') - V(F_current)`.

    A project still on the current list is judged (unschedulable now: its whole V at the
    predicted date; unschedulable in the prediction: `-V(F_current)`, value brought forward);
    one off the list (done, stopped, proposed, gone) is shown with its status, not valued.
    `result` may be passed in when the caller holds `schedule(current)` already.
    """
    decision = decision if isinstance(decision, Decision) else Decision.from_dict(decision)
    result = result or schedule(current)
    return JudgedDecision(
        name=decision.name,
        predicted_net_value_change=decision.predicted_net_value_change,
        as_of=current.as_of,
        projects=_promises(decision.predicted, current, result=result),
        added=_promises(decision.added, current, result=result),
    )


def _promises(predictions: tuple[Prediction, ...], current: Portfolio, *, result: ScheduleResult) -> tuple[Promise, ...]:
    listed = result.by_id
    judged = [p for p in predictions if p.id in listed]
    due = [week_in(current, p.predicted_finish) for p in judged]
    finish = [listed[p.id].finish_week for p in judged]
    costs = slip_values(current, [current.project(p.id) for p in judged], due=due, finish=finish)
    cost_of = {p.id: float(cost) for p, cost in zip(judged, costs)}
    return tuple(_promise(p, current, outcome=listed.get(p.id), cost=cost_of.get(p.id)) for p in predictions)


def _promise(prediction: Prediction, current: Portfolio, *, outcome: ProjectOutcome | None, cost: float | None) -> Promise:
    held = current.project_index.get(prediction.id)
    return Promise(
        id=prediction.id,
        name=held.label if held else prediction.id,
        status=held.status if held else GONE,
        predicted_finish=prediction.predicted_finish,
        current_finish=None if outcome is None else _finish_date(outcome, current.as_of),
        due_week=week_in(current, prediction.predicted_finish),
        finish_week=None if outcome is None else outcome.finish_week,
        slip_cost=cost,
    )


def intake_record(judged: list[JudgedDecision], *, last: int = 3) -> IntakeRecord:
    """How the projects added by the `last` latest decisions that added one still on the plan land
    against their promise (`judged` newest first, as the register lists them)."""
    intakes = [d for d in judged if any(p.slip_cost is not None for p in d.added)][:last]
    promises = [p for d in intakes for p in d.added if p.slip_cost is not None]
    return IntakeRecord(
        decisions=len(intakes),
        projects=sum(p.slip_weeks is not None for p in promises),
        mean_slip_weeks=mean_weeks(promises),
        slip_cost=math.fsum(p.slip_cost for p in promises),
    )
