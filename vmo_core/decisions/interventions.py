"""The short list a VMO takes to the steering meeting, ranked by net value.

Candidates, each valued on its own against the plan as it stands: stop a project,
accelerate one (to the front of its group, or crashed by half as much again), move to
the optimised sequence, or add one FTE to a pool for the whole horizon. Each carries the
scenario changes that realise it, so the app can apply it as a what-if.

Every candidate is worth exactly what its own comparison (`compare_changes`) says, a hire's
cost included (capacity_cost). The re-sequencing search is bounded by its time
(`search_seconds`) and its budget of schedules, whichever ends first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vmo_core.decisions.sequencing import optimise_plan
from vmo_core.engine.evaluation import compare_changes, evaluated_plan
from vmo_core.engine.ranks import cd3
from vmo_core.model.plan import Plan
from vmo_core.model.portfolio import Portfolio

CRASH_FACTOR = 1.5
CRASH_CANDIDATES = 20  # crash only the projects with the highest CD3: a crash needs people and money


@dataclass(frozen=True)
class Intervention:
    action: str  # stop, accelerate, resequence, add_capacity
    target: str  # a project or pool id
    net_value_change: float
    cost: float  # money it takes to do (extra spend on projects and on people, if more); already inside the net
    moves: tuple[str, ...]  # projects whose delivery moves
    changes: tuple[dict, ...]  # the scenario that realises it
    label: str  # "Stop Data Quality Programme"

    def to_dict(self) -> dict:
        return {
            "action": self.action,
            "target": self.target,
            "label": self.label,
            "net_value_change": self.net_value_change,
            "cost": self.cost,
            "moves": list(self.moves),
            "changes": [dict(c) for c in self.changes],
        }


@dataclass(frozen=True)
class InterventionList:
    interventions: tuple[Intervention, ...]  # worth doing (net gain), highest first

    def to_dict(self) -> dict:
        return {"interventions": [i.to_dict() for i in self.interventions]}


def interventions(pf: Portfolio, *, scenario: Any = None, limit: int = 10, search_seconds: float = 2.0) -> InterventionList:
    plan, base = evaluated_plan(pf, scenario)
    found = _stops(plan, base) + _accelerations(plan, base) + _capacity(plan, base) + _resequence(plan, base, search_seconds)
    return InterventionList(_ranked(found, limit))


def _ranked(found: list[Intervention], limit: int) -> tuple[Intervention, ...]:
    worth_it = sorted((i for i in found if i.net_value_change > 1e-6), key=lambda i: (-i.net_value_change, i.action, i.target))
    return tuple(worth_it[:limit])


def _crash_candidates(plan: Plan) -> list[str]:
    return sorted(plan.order, key=lambda p: -cd3(plan, p))[:CRASH_CANDIDATES]


def _candidate(plan, base, action, target, label, changes) -> Intervention:
    """One move, worth exactly what its own comparison says: a hire's cost is inside it (capacity_cost)."""
    comparison = compare_changes(plan, base, changes)
    return Intervention(
        action=action,
        target=target,
        net_value_change=comparison.net_value_change,
        cost=max(0.0, comparison.cost_change),
        moves=comparison.moved,
        changes=tuple(changes),
        label=label,
    )


def _stops(plan: Plan, base) -> list[Intervention]:
    return [_candidate(plan, base, "stop", p.id, f"Stop {p.name}", [{"op": "stop", "project": p.id}]) for p in base.projects]


def _accelerations(plan: Plan, base) -> list[Intervention]:
    found = []
    for project_id in plan.order:
        group = plan.in_flight(project_id)
        first = next(p for p in plan.order if plan.in_flight(p) == group)
        if project_id != first:
            name = plan.projects[project_id].label
            change = {"op": "accelerate", "project": project_id, "to_front": True}
            found.append(_candidate(plan, base, "accelerate", project_id, f"Move {name} to the front", [change]))
    for project_id in _crash_candidates(plan):
        name = plan.projects[project_id].label
        change = {"op": "accelerate", "project": project_id, "to_front": False, "crash": CRASH_FACTOR}
        found.append(_candidate(plan, base, "accelerate", project_id, f"Crash {name} (x{CRASH_FACTOR:g} people)", [change]))
    return found


def one_more_fte(plan: Plan, pool_id: str) -> list[dict]:
    """The scenario changes that give a pool one more FTE in every week: on its capacity and on each planned change.

    Its comparison costs the hire at cost_per_fte_week x H (the capacity cost), as the shadow price's fte_cost does.
    """
    line = plan.capacity[pool_id]
    changes = [{"op": "capacity", "pool": pool_id, "capacity_fte": line.at(0) + 1}]  # from the as-of date
    changes += [
        {"op": "capacity", "pool": pool_id, "capacity_fte": capacity + 1, "from": plan.portfolio.date(week).isoformat()}
        for week, capacity in line.changes
        if week > 0  # a change dated at or before week 0 is in force at week 0: the first change has it
    ]
    return changes


def _capacity(plan: Plan, base) -> list[Intervention]:
    """One more FTE in every week, for each pool: the comparison carries the hire's cost."""
    return [
        _candidate(plan, base, "add_capacity", pool.id, f"Add one FTE to {pool.label}", one_more_fte(plan, pool.id))
        for pool in plan.portfolio.pools
    ]


def _resequence(plan: Plan, base, seconds: float) -> list[Intervention]:
    if len(plan.order) < 2:
        return []
    best = optimise_plan(plan, evaluations=5_000, time_limit=seconds)
    if best.value_unlocked <= 0:
        return []
    changes = [{"op": "sequence", "order": list(best.order)}]
    comparison = compare_changes(plan, base, changes)
    gainer = max(comparison.projects, key=lambda d: d.value_delta)
    return [
        Intervention(
            action="resequence",
            target=gainer.id,
            net_value_change=comparison.net_value_change,
            cost=0.0,
            moves=comparison.moved,
            changes=tuple(changes),
            label="Re-sequence to a better order (quick search)",
        )
    ]
