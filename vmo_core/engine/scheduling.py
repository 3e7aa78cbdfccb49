"""Serial schedule generation, exactly as ECONOMICS.md describes it.

Projects are placed one at a time, in-flight ones first, then the rest, each group in
list order; the next placed is always the first one left whose predecessors are all
placed. Each goes at the earliest week where every pool it uses has enough capacity left
in all of its weeks. Placement looks as far past the horizon as it needs to.

The plan is compiled once into arrays (`CompiledPlan`); the placement itself is the Numba
kernel of `engine.placement`, so that a what-if on 1,000 projects answers in milliseconds and
the optimiser can afford thousands of schedules.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cached_property

import numba
import numpy as np

from vmo_core.engine.placement import (
    CAPACITY_SLACK,
    MISSING_PREDECESSOR,
    NO_CAPACITY,
    PLACED,
    PREDECESSOR_UNSCHEDULABLE,
    place_all,
)
from vmo_core.engine.repair import freed, pull_forward
from vmo_core.engine.threads import dealt
from vmo_core.model.plan import CapacityLine, Plan

EXTRA_WEEKS = 64  # weeks allocated past the horizon before the grid has to grow
NOTHING_KEPT = np.empty(0, dtype=np.int64)  # serial generation: no schedule being repaired

__all__ = [  # the placement's codes are the schedule's too
    "CAPACITY_SLACK",
    "EXTRA_WEEKS",
    "MISSING_PREDECESSOR",
    "NO_CAPACITY",
    "PLACED",
    "PREDECESSOR_UNSCHEDULABLE",
    "CompiledPlan",
    "compile_plan",
    "unschedulable_reason",
]


@dataclass
class CompiledPlan:
    """A plan as arrays, indexed by the position of each project in `plan.order`."""

    plan: Plan
    ids: list[str]
    in_flight: np.ndarray  # bool
    duration: np.ndarray
    earliest: np.ndarray
    demand_ptr: np.ndarray  # project i uses demand_pool[demand_ptr[i]:demand_ptr[i+1]]
    demand_pool: np.ndarray
    demand_fte: np.ndarray
    pred_ptr: np.ndarray  # predecessors that are on the list
    pred_idx: np.ndarray
    succ_ptr: np.ndarray
    succ_idx: np.ndarray
    missing: dict[int, str]  # project index -> why a predecessor off the list blocks it
    pools: list[str]
    capacity: np.ndarray  # pools x weeks until every capacity change has happened
    final_capacity: np.ndarray
    settled_from: int  # the first week from which no capacity change is still to come
    blocked: np.ndarray  # per project: MISSING_PREDECESSOR or PLACED (nothing known against it yet)
    weeks: int  # weeks of grid to try first; grows when placement runs past it

    def sequence(self, order: list[str] | None = None) -> np.ndarray:
        """Placement order of a priority list: in-flight projects first, each group in list order."""
        index = np.arange(len(self.ids)) if order is None else np.array([self.position[p] for p in order], dtype=np.int64)
        flight = self.in_flight[index]
        return np.concatenate([index[flight], index[~flight]]).astype(np.int64)

    @cached_property
    def position(self) -> dict[str, int]:
        """Each project's index in `ids`, built once per instance (a `dataclasses.replace`
        copy builds its own on first use, so it always matches the copy's `ids`)."""
        return {project_id: i for i, project_id in enumerate(self.ids)}

    def run(
        self, sequence: np.ndarray, keep: np.ndarray | None = None, held: tuple | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Start week per project (-1 when unschedulable), why, the blocking predecessor, and the capacity
        left per pool and week: serial generation over `sequence`, or, with `keep` (a start per project,
        -1: none or touched), the repair of that schedule (`engine.repair`). `held`, when given, is what
        that schedule leaves (each project's finish in it, -1: none; the capacity left), so that the
        repair's second phase looks only at what the change freed."""
        n = len(self.ids)
        keep = NOTHING_KEPT if keep is None else keep
        while True:
            start = np.full(n, -1, dtype=np.int64)
            why = self.blocked.copy()
            culprit = np.full(n, -1, dtype=np.int64)
            scratch = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64), np.empty(n, dtype=np.bool_)
            left = self.capacity_grid()
            order = np.empty(n if keep.size else 0, dtype=np.int64)
            status = place_all(self.arrays(), sequence, left, self.settled_from, start, why, culprit, scratch, keep, order)
            if status == 0 and keep.size:
                maybe = np.empty(n, dtype=np.bool_)
                held_finish, held_left = held if held is not None else (NOTHING_KEPT, np.empty((len(self.pools), 0)))
                freed(self.arrays(), order, start, why, keep, held_finish, left, held_left, maybe)
                status = 0 if pull_forward(self.arrays(), order, start, why, left, maybe, self.settled_from) >= 0 else 1
            if status == 0:
                return start, why, culprit, left
            self.grow(self.weeks_enough_keeping(keep))

    def arrays(self, duration: np.ndarray | None = None) -> tuple:
        """The problem as `placement` takes it (with other durations, when given)."""
        return (
            self.duration if duration is None else duration,
            self.earliest,
            self.demand_ptr,
            self.demand_pool,
            self.demand_fte,
            self.pred_ptr,
            self.pred_idx,
            self.succ_ptr,
            self.succ_idx,
        )

    def grow(self, enough: int) -> None:
        """Twice the weeks of grid, up to all that can ever be needed: the schedule is the same on any
        grid long enough, and a grid of every week there could be is large (`weeks_enough`)."""
        if self.weeks >= enough:
            raise AssertionError("placement ran past every week a schedule can need")
        self.weeks = min(2 * self.weeks, enough)

    def run_many(self, sequence: np.ndarray, durations: np.ndarray, keep: np.ndarray | None = None) -> np.ndarray:
        """Finish week per row of `durations` (runs x projects) and project, -1 when unschedulable:
        `run` once per row with those durations (and that row of `keep`), in one compiled call (the
        Monte Carlo forecast)."""
        durations = np.ascontiguousarray(durations, dtype=np.int64)
        keep = np.empty((0, durations.shape[1]), dtype=np.int64) if keep is None else np.ascontiguousarray(keep, dtype=np.int64)
        finish = np.empty_like(durations)
        longest = durations.sum(axis=1).max(initial=0)
        enough = int(max(self.settled_from, self.earliest.max(initial=0), keep.max(initial=0)) + longest + 2)
        todo = np.arange(len(durations), dtype=np.int64)
        while todo.size:  # the runs on every core (threads.dealt); each writes only its own row
            grid = self.capacity_grid()
            args = (self.arrays(), sequence, keep, durations, grid, self.settled_from, self.blocked, finish)
            todo = np.concatenate([part[done:] for part, done in dealt(todo, _place_runs, *args)])
            if todo.size:  # a run needed more weeks of grid: twice as many, as `run` grows it
                self.grow(enough)
        return finish

    def with_capacity(self, lines: dict[str, CapacityLine]) -> CompiledPlan:
        """The same projects and order on other capacity lines (shadow prices try many)."""
        capacity, final, settled_from = _capacity_arrays(lines, self.pools)
        horizon = self.plan.portfolio.settings.horizon_weeks
        return dataclasses.replace(
            self,
            capacity=capacity,
            final_capacity=final,
            settled_from=settled_from,
            weeks=max(horizon, settled_from) + EXTRA_WEEKS,
        )

    def capacity_grid(self, weeks: int | None = None) -> np.ndarray:
        """Capacity per pool per week before anything is placed, for `weeks` weeks (default `self.weeks`)."""
        weeks = self.weeks if weeks is None else weeks
        grid = np.empty((len(self.final_capacity), weeks))
        grid[:] = self.final_capacity[:, None]
        grid[:, : self.capacity.shape[1]] = self.capacity[:, :weeks]
        return grid

    @property
    def weeks_enough(self) -> int:
        """Weeks that always suffice: every project could wait for all others and the last change."""
        return self.weeks_enough_keeping(NOTHING_KEPT)

    def weeks_enough_keeping(self, keep: np.ndarray) -> int:
        """Weeks that always suffice when no project starts before its kept start."""
        return int(max(self.settled_from, self.earliest.max(initial=0), keep.max(initial=0)) + self.duration.sum() + 2)


def compile_plan(plan: Plan) -> CompiledPlan:
    ids = list(plan.order)
    position = {project_id: i for i, project_id in enumerate(ids)}
    pools = list(plan.capacity)
    pool_row = {pool: r for r, pool in enumerate(pools)}
    projects = [plan.projects[p] for p in ids]
    as_of = plan.portfolio.as_of

    demand_ptr, demand_pool, demand_fte = [0], [], []
    for project_id in ids:
        for pool, fte in plan.demands.get(project_id, {}).items():
            if fte > 0:
                demand_pool.append(pool_row[pool])
                demand_fte.append(fte)
        demand_ptr.append(len(demand_pool))

    preds: list[list[int]] = [[] for _ in ids]
    succs: list[list[int]] = [[] for _ in ids]
    missing: dict[int, str] = {}
    for i, project_id in enumerate(ids):
        for pred in plan.predecessors.get(project_id, ()):
            if pred in position:
                preds[i].append(position[pred])
                succs[position[pred]].append(i)
            elif plan.projects[pred].status != "done" and i not in missing:
                state = "stopped in this scenario" if pred in plan.stopped else plan.projects[pred].status
                missing[i] = f"depends on {pred}, which is not scheduled ({state})"

    capacity, final_capacity, settled_from = _capacity_arrays(plan.capacity, pools)

    return CompiledPlan(
        plan=plan,
        ids=ids,
        in_flight=np.array([plan.in_flight(p) for p in ids], dtype=bool),
        duration=np.array([p.duration_weeks for p in projects], dtype=np.int64),
        earliest=np.array(
            [0 if p.earliest_start is None else max(0, (p.earliest_start - as_of).days // 7) for p in projects], dtype=np.int64
        ),
        demand_ptr=np.array(demand_ptr, dtype=np.int64),
        demand_pool=np.array(demand_pool, dtype=np.int64),
        demand_fte=np.array(demand_fte, dtype=np.float64),
        pred_ptr=_offsets(preds),
        pred_idx=np.array([j for p in preds for j in p], dtype=np.int64),
        succ_ptr=_offsets(succs),
        succ_idx=np.array([j for s in succs for j in s], dtype=np.int64),
        missing=missing,
        pools=pools,
        capacity=capacity,
        final_capacity=final_capacity,
        settled_from=settled_from,
        blocked=np.array([MISSING_PREDECESSOR if i in missing else PLACED for i in range(len(ids))], dtype=np.int64),
        weeks=max(plan.portfolio.settings.horizon_weeks, settled_from) + EXTRA_WEEKS,
    )


def _capacity_arrays(lines: dict[str, CapacityLine], pools: list[str]) -> tuple[np.ndarray, np.ndarray, int]:
    """Capacity per pool per week until the last change, the capacity after it, and its week."""
    settled_from = max([0] + [week + 1 for line in lines.values() for week, _ in line.changes])
    capacity = np.empty((len(pools), settled_from))
    for r, pool in enumerate(pools):
        line = lines[pool]
        capacity[r, :] = line.base
        for week, value in line.changes:
            capacity[r, max(week, 0) :] = value
    final = np.array([lines[pool].final for pool in pools], dtype=np.float64)
    return capacity, final, settled_from


def _offsets(lists: list[list[int]]) -> np.ndarray:
    return np.cumsum([0] + [len(x) for x in lists], dtype=np.int64)


def unschedulable_reason(compiled: CompiledPlan, i: int, why: int, culprit: int) -> str:
    if why == MISSING_PREDECESSOR:
        return compiled.missing[i]
    if why == PREDECESSOR_UNSCHEDULABLE:
        return f"depends on {compiled.ids[culprit]}, which is unschedulable"
    plan = compiled.plan
    project_id = compiled.ids[i]
    weeks = int(compiled.duration[i])
    for pool, fte in plan.demands.get(project_id, {}).items():
        line = plan.capacity[pool]
        if fte > line.final + CAPACITY_SLACK:
            label = plan.portfolio.pool_index[pool].label
            return (
                f"needs {fte:g} FTE of {label} for {weeks} week{'s' if weeks != 1 else ''} in a row, "
                f"more than the pool ever has free (its capacity settles at {line.final:g})"
            )
    return f"never finds {weeks} week{'s' if weeks != 1 else ''} in a row with enough capacity free"


@numba.njit(cache=True, nogil=True)
def _place_runs(rows, problem, sequence, keep, durations, grid, settled_from, blocked, finish):
    """`place_all` (and with `keep`, the repair) for the runs `rows` of `durations`, writing each
    run's finishes; how many of `rows` were done before one's placement ran past the grid (to run
    again on a longer one)."""
    n = durations.shape[1]
    left = np.empty_like(grid)
    start = np.empty(n, dtype=np.int64)
    why = np.empty(n, dtype=np.int64)
    culprit = np.empty(0, dtype=np.int64)
    scratch = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64), np.empty(n, dtype=np.bool_)
    maybe = np.empty(n, dtype=np.bool_)
    nothing = np.empty(0, dtype=np.int64)
    order = np.empty(n if keep.shape[0] else 0, dtype=np.int64)
    no_grid = np.empty((grid.shape[0], 0))
    for k in range(rows.size):
        r = rows[k]
        left[:, :] = grid
        start[:] = -1
        why[:] = blocked
        duration = durations[r]
        run = (duration,) + problem[1:]
        kept = keep[r] if keep.shape[0] else nothing
        if place_all(run, sequence, left, settled_from, start, why, culprit, scratch, kept, order) != 0:
            return k
        if kept.size:
            freed(run, order, start, why, kept, nothing, left, no_grid, maybe)
            if pull_forward(run, order, start, why, left, maybe, settled_from) < 0:
                return k
        for i in range(n):
            finish[r, i] = start[i] + duration[i] if why[i] == PLACED else -1
    return rows.size
