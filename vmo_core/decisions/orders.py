"""Today's order against CD3 against the optimised one, project by project.

The Sequencing page's figures: each order's schedule, and for every project in the list
its place today, its CD3 and place by CD3, its value per FTE-week of a constraint pool,
and, once the optimiser has run, its place and delivery in the best order found.
"""

from __future__ import annotations

from dataclasses import dataclass

from vmo_core.decisions.sequencing import OptimiseResult
from vmo_core.engine.evaluation import evaluate
from vmo_core.engine.ranks import cd3, cd3_order, constraint_rank
from vmo_core.engine.results import ScheduleResult
from vmo_core.engine.scenario import apply_scenario
from vmo_core.model.plan import Plan

LEADERS = 3  # the new work the optimised order starts with, named in a sentence


@dataclass(frozen=True)
class ProjectPlace:
    id: str
    name: str
    place: int  # in today's order: 1 = first
    in_flight: bool  # placed first whatever the list says
    cd3: float  # value a week / weeks of work
    cd3_place: int
    constraint_rank: float | None  # value a week / (FTE of the pool x weeks); None: no pool, or it does not use it
    finish_week: int | None  # delivered in today's order
    optimised_place: int | None = None  # None until the optimiser has run
    optimised_finish_week: int | None = None  # None unless the best order unlocks value

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "place": self.place,
            "in_flight": self.in_flight,
            "cd3": self.cd3,
            "cd3_place": self.cd3_place,
            "constraint_rank": self.constraint_rank,
            "finish_week": self.finish_week,
            "optimised_place": self.optimised_place,
            "optimised_finish_week": self.optimised_finish_week,
        }


@dataclass(frozen=True)
class SequencingView:
    current: ScheduleResult  # today's order
    by_cd3: ScheduleResult  # the same plan in CD3 order
    pool: str | None  # the constraint pool ranked against
    best: OptimiseResult | None  # the optimiser's answer, once it has run
    optimised: ScheduleResult | None  # the best order's schedule, when it unlocks value sooner
    projects: tuple[ProjectPlace, ...]  # in today's order
    leaders: tuple[ProjectPlace, ...]  # the first new (not in flight) projects of the best order, in it

    def to_dict(self) -> dict:
        return {
            "pool": self.pool,
            "total_value": self.current.total_value,
            "cd3_total_value": self.by_cd3.total_value,
            "optimised": None if self.best is None else self.best.to_dict(),
            "leaders": [p.id for p in self.leaders],
            "projects": [p.to_dict() for p in self.projects],
        }


def order_comparison(
    plan: Plan, current: ScheduleResult, *, pool: str | None = None, best: OptimiseResult | None = None
) -> SequencingView:
    """`plan` (scheduled as `current`) in its own order, in CD3 order and, with `best`, in the optimised order."""
    by_cd3 = cd3_order(plan)
    cd3_schedule = _in_order(plan, by_cd3)
    optimised = _in_order(plan, list(best.order)) if best is not None and best.value_unlocked > 0 else None
    cd3_place = {p: i for i, p in enumerate(by_cd3, start=1)}
    best_place = {p: i for i, p in enumerate(best.order, start=1)} if best is not None else {}
    delivered = optimised.by_id if optimised is not None else {}
    projects = tuple(
        ProjectPlace(
            id=o.id,
            name=o.name,
            place=place,
            in_flight=plan.in_flight(o.id),
            cd3=cd3(plan, o.id),
            cd3_place=cd3_place[o.id],
            constraint_rank=constraint_rank(plan, o.id, pool) if pool else None,
            finish_week=o.finish_week,
            optimised_place=best_place.get(o.id),
            optimised_finish_week=delivered[o.id].finish_week if o.id in delivered else None,
        )
        for place, o in enumerate(current.projects, start=1)
    )
    leaders = ()
    if optimised is not None:
        by_id = {p.id: p for p in projects}
        leaders = tuple([by_id[p] for p in best.order if not plan.in_flight(p)][:LEADERS])
    return SequencingView(current, cd3_schedule, pool, best, optimised, projects, leaders)


def _in_order(plan: Plan, order: list[str]) -> ScheduleResult:
    return evaluate(apply_scenario(plan, {"changes": [{"op": "sequence", "order": order}]}))
