"""The short list a VMO takes to the steering meeting, ranked by net value.

Candidates, each valued on its own against the plan as it stands: stop a project,
accelerate one (to the front of its group, or crashed by half as much again), move to
the optimised sequence, or add one FTE to a pool for the whole horizon. Each carries the
scenario changes that realise it, so the app can apply it as a what-if.

Every candidate is worth exactly what its own comparison (`compare_changes`) says. The stops,
moves to the front, crashes and hires are worked out together by repairing the plan's schedule
(`engine.candidates`); `plain_found` compares them one by one, the reference that
tests/decisions/test_fast_paths.py holds the fast path to. On a large plan only the most
promising stops and moves to the front are weighed (CANDIDATE_PLACEMENTS). The re-sequence
is the move to the best order (best.py): the order the Sequencing page shows, the same on any machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vmo_core.decisions.best import best_order_of
from vmo_core.decisions.sequencing import OptimiseResult
from vmo_core.engine import candidates
from vmo_core.engine.evaluation import compare_changes
from vmo_core.engine.ranks import cd3
from vmo_core.model.plan import Plan
from vmo_core.model.portfolio import Portfolio

CRASH_FACTOR = 1.5
CRASH_CANDIDATES = 20  # crash only the projects with the highest CD3: a crash needs people and money
# A stop repairs the plan around the room it frees: it re-takes every project's weeks, so stops are
# weighed for at most CANDIDATE_PLACEMENTS // n candidates on n projects (every one up to 4,000
# projects, the 800 most promising of 5,000). A move to the front touches every project it passes,
# which the repair places afresh, each searching a fuller grid the longer the plan: about as much
# as scheduling it afresh, growing with n twice over. So moves to the front are weighed for at
# most TO_FRONT_PLACEMENTS // n² candidates (every one up to about 550 projects, the 300 most
# promising of 1,000, 12 of 5,000), each still exactly: the command within 2 s at 1,000 projects.
CANDIDATE_PLACEMENTS = 4_000_000
TO_FRONT_PLACEMENTS = 300_000_000


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


def interventions(
    pf: Portfolio, *, scenario: Any = None, limit: int = 10, best: OptimiseResult | None = None
) -> InterventionList:
    """The list, highest net gain first. `best`: the best order for this portfolio and scenario
    (best.best_order's answer) when the caller has it already; else it is found here."""
    plan, base, fast = candidates.evaluated(pf, scenario)
    if candidates.available():
        found = fast_found(candidates.Candidates(plan, base, fast), limit)
    else:
        found = plain_found(plan, base)
    found += _resequence(plan, base, best)
    return InterventionList(ranked(found, limit))


def ranked(found: list[Intervention], limit: int) -> tuple[Intervention, ...]:
    worth_it = sorted((i for i in found if i.net_value_change > 1e-6), key=lambda i: (-i.net_value_change, i.action, i.target))
    return tuple(worth_it[:limit])


def plain_found(plan: Plan, base) -> list[Intervention]:
    """Every candidate but the re-sequencing, each compared in full, one by one."""
    return [_candidate(plan, base, m.action, m.target, m.label, list(m.changes)) for m in _moves(plan, base)]


@dataclass(frozen=True)
class _Move:
    action: str
    target: str
    label: str
    changes: tuple[dict, ...]
    kind: str  # how the fast path evaluates it: stop, to_front or changed


def _moves(plan: Plan, base) -> list[_Move]:
    """The candidates `plain_found` compares, in its order."""
    stops = _stop_candidates(plan, base)
    moves = [_Move("stop", p.id, f"Stop {p.name}", ({"op": "stop", "project": p.id},), "stop") for p in stops]
    for project_id in _to_front_candidates(plan):
        name = plan.projects[project_id].label
        change = {"op": "accelerate", "project": project_id, "to_front": True}
        moves.append(_Move("accelerate", project_id, f"Move {name} to the front", (change,), "to_front"))
    for project_id in _crash_candidates(plan):
        name = plan.projects[project_id].label
        change = {"op": "accelerate", "project": project_id, "to_front": False, "crash": CRASH_FACTOR}
        moves.append(_Move("accelerate", project_id, f"Put more people on {name} (x{CRASH_FACTOR:g})", (change,), "changed"))
    for pool in plan.portfolio.pools:
        label = f"Add one FTE to {pool.label}"
        moves.append(_Move("add_capacity", pool.id, label, tuple(one_more_fte(plan, pool.id)), "changed"))
    return moves


def _most_weighed(plan: Plan) -> int:
    return max(1, CANDIDATE_PLACEMENTS // max(1, len(plan.order)))


def _most_moved(plan: Plan) -> int:
    return max(1, TO_FRONT_PLACEMENTS // max(1, len(plan.order)) ** 2)


def _stop_candidates(plan: Plan, base) -> list:
    """Every project, or on a large plan the `_most_weighed` that free the most capacity soonest
    (FTE-weeks over 1 + the start week; never placed: none)."""
    projects, most = list(base.projects), _most_weighed(plan)
    if len(projects) <= most:
        return projects

    def freed_soon(outcome) -> float:
        if outcome.start_week is None:
            return 0.0
        fte = sum(plan.demands.get(outcome.id, {}).values())
        return fte * plan.projects[outcome.id].duration_weeks / (1 + outcome.start_week)

    chosen = sorted(range(len(projects)), key=lambda k: (-freed_soon(projects[k]), k))[:most]
    return [projects[k] for k in sorted(chosen)]


def _to_front_candidates(plan: Plan) -> list[str]:
    """Each project but the first of its group, or on a large plan the `_most_moved` worth the most
    a week (each week sooner is worth most for them)."""
    first = {}
    for project_id in plan.order:
        first.setdefault(plan.in_flight(project_id), project_id)
    movable = [p for p in plan.order if p != first[plan.in_flight(p)]]
    most = _most_moved(plan)
    if len(movable) <= most:
        return movable
    place = {p: k for k, p in enumerate(movable)}
    chosen = set(sorted(movable, key=lambda p: (-plan.projects[p].value_per_week, place[p]))[:most])
    return [p for p in movable if p in chosen]


def _crash_candidates(plan: Plan) -> list[str]:
    return sorted(plan.order, key=lambda p: -cd3(plan, p))[:CRASH_CANDIDATES]


def fast_found(cands: candidates.Candidates, limit: int) -> list[Intervention]:
    """Every candidate's figures at once; the projects each moves only for those that can be listed."""
    moves = _moves(cands.plan, cands.base)
    figures: dict[int, candidates.Figures] = {}
    for kind, evaluate in (("stop", cands.stops), ("to_front", cands.to_front)):
        index = [k for k, m in enumerate(moves) if m.kind == kind]
        figures.update(zip(index, evaluate([moves[k].target for k in index])))
    for k, m in enumerate(moves):
        if m.kind == "changed":
            figures[k] = cands.changed(list(m.changes))
    found = [_intervention(m, figures[k]) for k, m in enumerate(moves)]
    shown = {id(i) for i in ranked(found, limit)}  # (with the re-sequencing, at most `limit` of these are listed)
    for k, m in enumerate(moves):
        if id(found[k]) in shown:
            found[k] = _intervention(m, _with_moves(cands, m))
    return found


def _with_moves(cands: candidates.Candidates, move: _Move) -> candidates.Figures:
    if move.kind == "stop":
        return cands.stops([move.target], moved=True)[0]
    if move.kind == "to_front":
        return cands.to_front([move.target], moved=True)[0]
    return cands.changed(list(move.changes), moved=True)


def _intervention(move: _Move, figures) -> Intervention:
    """One move, worth exactly what its own comparison says: a hire's cost is inside it (capacity_cost)."""
    return Intervention(
        action=move.action,
        target=move.target,
        net_value_change=figures.net_value_change,
        cost=max(0.0, figures.cost_change),
        moves=figures.moved if figures.moved is not None else (),
        changes=move.changes,
        label=move.label,
    )


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


def _resequence(plan: Plan, base, best: OptimiseResult | None) -> list[Intervention]:
    if len(plan.order) < 2:
        return []
    best = best or best_order_of(plan)
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
            label="Put the work in the best order found",
        )
    ]
