"""Serial schedule generation, exactly as ECONOMICS.md describes it.

Projects are placed one at a time, in-flight ones first, then the rest, each group in
list order; the next placed is always the first one left whose predecessors are all
placed. Each goes at the earliest week where every pool it uses has enough capacity left
for all of its weeks. Capacity left is a (pools x weeks) array that grows past the
horizon as far as placement needs.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

import numpy as np

from vmo_core.scenario import CapacityLine, Plan

CAPACITY_SLACK = 1e-9  # FTE: 0.1 + 0.2 of a pool of 0.3 fits
FIRST_WEEKS = 64  # weeks allocated past the horizon before the grid has to grow


@dataclass
class Placement:
    start: dict[str, int] = field(default_factory=dict)
    finish: dict[str, int] = field(default_factory=dict)
    unschedulable: dict[str, str] = field(default_factory=dict)  # id -> reason


class CapacityGrid:
    """Capacity left per pool per week, starting from each pool's capacity line."""

    def __init__(self, lines: dict[str, CapacityLine], *, weeks: int):
        self.pools = list(lines)
        self.row = {pool: i for i, pool in enumerate(self.pools)}
        self.lines = lines
        self.final = np.array([lines[p].final for p in self.pools], dtype=float)
        self.settled_from = max([0] + [w + 1 for line in lines.values() for w, _ in line.changes])
        self.left = np.empty((len(self.pools), 0))
        self._grow(max(weeks, self.settled_from))

    @property
    def weeks(self) -> int:
        return self.left.shape[1]

    def _grow(self, weeks: int) -> None:
        old = self.weeks
        if weeks <= old:
            return
        weeks = max(weeks, 2 * old)
        added = np.repeat(self.final[:, None], weeks - old, axis=1)
        if old == 0:
            for i, pool in enumerate(self.pools):
                line = self.lines[pool]
                added[i, :] = line.base
                for start, capacity in line.changes:
                    added[i, max(start, 0):] = capacity
        self.left = np.concatenate([self.left, added], axis=1)

    def earliest_fit(self, rows: np.ndarray, need: np.ndarray, *, earliest: int, weeks: int, settled: int) -> int | None:
        """First week s >= earliest with every row's capacity left >= need in s .. s+weeks-1.

        Past `settled` nothing changes any more, so a fit is either found by
        settled + weeks or never.
        """
        self._grow(max(earliest, settled) + weeks + 1)
        threshold = (need - CAPACITY_SLACK)[:, None]
        if (self.left[rows, earliest:earliest + weeks] >= threshold).all():
            return earliest
        free = (self.left[rows, earliest:] >= threshold).all(axis=0)
        blocked = np.flatnonzero(~free)
        edges = np.concatenate(([-1], blocked, [free.size]))
        long_enough = np.flatnonzero(np.diff(edges) - 1 >= weeks)
        if long_enough.size == 0:
            return None
        return earliest + int(edges[long_enough[0]]) + 1

    def take(self, rows: np.ndarray, need: np.ndarray, *, start: int, weeks: int) -> None:
        self.left[rows, start:start + weeks] -= need[:, None]


def placement_sequence(plan: Plan) -> list[str]:
    """The list as placement reads it: in-flight projects first, then the rest, each in list order."""
    return [p for p in plan.order if plan.in_flight(p)] + [p for p in plan.order if not plan.in_flight(p)]


def place(plan: Plan) -> Placement:
    sequence = placement_sequence(plan)
    rank = {project_id: i for i, project_id in enumerate(sequence)}
    horizon = plan.portfolio.settings.horizon_weeks
    grid = CapacityGrid(plan.capacity, weeks=horizon + FIRST_WEEKS)
    result = Placement()

    waiting_on: dict[str, int] = {}
    successors: dict[str, list[str]] = {}
    blocked: dict[str, str] = {}
    ready: list[int] = []
    for project_id in sequence:
        pending = 0
        for pred in plan.predecessors.get(project_id, ()):
            if pred in rank:
                pending += 1
                successors.setdefault(pred, []).append(project_id)
            elif plan.projects[pred].status != "done":
                state = "stopped in this scenario" if pred in plan.stopped else plan.projects[pred].status
                blocked.setdefault(project_id, f"depends on {pred}, which is not scheduled ({state})")
        waiting_on[project_id] = pending
        if pending == 0:
            ready.append(rank[project_id])
    heapq.heapify(ready)

    settled = grid.settled_from
    while ready:
        project_id = sequence[heapq.heappop(ready)]
        reason = blocked.get(project_id)
        if reason is None:
            reason = _place_one(plan, project_id, grid, result, settled)
        if reason is None:
            settled = max(settled, result.finish[project_id])
        else:
            result.unschedulable[project_id] = reason
        for succ in successors.get(project_id, ()):
            if reason is not None:
                blocked.setdefault(succ, f"depends on {project_id}, which is unschedulable")
            waiting_on[succ] -= 1
            if waiting_on[succ] == 0:
                heapq.heappush(ready, rank[succ])
    return result


def _place_one(plan: Plan, project_id: str, grid: CapacityGrid, result: Placement, settled: int) -> str | None:
    """Place one project on the grid; return why it cannot be placed, or None."""
    project = plan.projects[project_id]
    weeks = project.duration_weeks
    earliest = 0 if project.earliest_start is None else max(0, plan.portfolio.week(project.earliest_start))
    for pred in plan.predecessors.get(project_id, ()):
        earliest = max(earliest, result.finish.get(pred, 0))
    demands = {pool: fte for pool, fte in plan.demands.get(project_id, {}).items() if fte > 0}
    if demands:
        rows = np.array([grid.row[pool] for pool in demands])
        need = np.array(list(demands.values()), dtype=float)
        start = grid.earliest_fit(rows, need, earliest=earliest, weeks=weeks, settled=settled)
        if start is None:
            return _why_never(plan, demands, weeks)
        grid.take(rows, need, start=start, weeks=weeks)
    else:
        start = earliest
    result.start[project_id] = start
    result.finish[project_id] = start + weeks
    return None


def _why_never(plan: Plan, demands: dict[str, float], weeks: int) -> str:
    for pool, fte in demands.items():
        line = plan.capacity[pool]
        if fte > line.final + CAPACITY_SLACK:
            label = plan.portfolio.pool_index[pool].label
            return (f"needs {fte:g} FTE of {label} for {weeks} weeks in a row, "
                    f"more than the pool ever has free (its capacity settles at {line.final:g})")
    return f"never finds {weeks} weeks in a row with enough capacity free"
