"""One plan, many one-change candidates, each scheduled by resuming the plan's own schedule.

Stop ranking, intake and the interventions weigh thousands of single changes against one
plan: stop this project, add that proposal at this place, move one to the front of its
group, crash one, one more FTE in a pool. Evaluating each as a new plan (`compare_changes`:
compile it, schedule it, build every outcome and delta) costs Python work in proportion to
the portfolio, per candidate. Here the plan is scheduled once more with a trace, and each
candidate is scheduled inside the compiled kernel by resuming that trace:

- The prefix. Serial generation places one project at a time: the lowest-ranked one whose
  predecessors are all placed. Until a candidate's changed project is picked, the candidate
  picks the same projects as the plan, in the same order, onto the same grid (a stopped
  project's placement is removed: everything placed before it is unchanged). So it starts
  from the plan's own grid at that step: a grid saved every `every` steps, then the plan's
  placements up to the step.
- The replay. After it, every project is placed by serial generation again, but a project
  with the plan's duration and demands is not searched from scratch. The plan's search for it
  tried windows that each failed at one cell (its witnesses: the latest short cell of each
  window tried). While a witness cell is still short, every window holding it still fails, so
  the search jumps past it without looking; it looks only where a witness no longer holds, or
  past the last one. When nothing it depends on has changed, that is a few reads: every
  witness still short, the plan's own window still free. The start found is the earliest
  that fits, exactly as the kernel finds it.
- The figures. A candidate's total value, project spend and the sum of its projects' value
  changes are summed in the kernel in the scenario's list order with the float summation of
  Python's `sum` (what `ScheduleResult` and `Comparison` use), each V(F) read from a table that
  `ValueModel.values` computes: the figures are `compare_changes`'s, to the last bit
  (tests/decisions/test_fast_paths.py compares the two on generated portfolios).

Only the answers shown are built as full `Comparison` objects, by `compare_changes` itself.
The kernels are in `engine.resume` (scheduling from the trace) and `engine.batch` (the figures).
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from vmo_core.engine.batch import NEUMAIER, Figures, Problem, in_steps, part_sums, python_sum, run_batch, value_table
from vmo_core.engine.evaluation import FastPlan, compare_changes, plan_capacity_cost
from vmo_core.engine.placement import place_all
from vmo_core.engine.results import Comparison, ScheduleResult
from vmo_core.engine.scenario import apply_scenario, plan_for
from vmo_core.engine.scheduling import EXTRA_WEEKS, PLACED, CompiledPlan
from vmo_core.engine.valuation import project_cost
from vmo_core.model.plan import Plan
from vmo_core.model.portfolio import Portfolio

CHECKPOINT_BYTES = 64_000_000  # the saved grids of one plan, at most
MIN_EVERY = 32  # steps between saved grids, at least

__all__ = ["Candidates", "Figures", "available", "evaluated", "python_sum"]


class Candidates:
    """A plan, scheduled once with a trace, against which single changes are evaluated in batches.

    `plan` and `base` are as `evaluated_plan` gives them; `fast`, when given, is a FastPlan of `plan`.
    """

    def __init__(self, plan: Plan, base: ScheduleResult, fast: FastPlan | None = None):
        self.plan = plan
        self.base = base
        self.fast = fast or FastPlan(plan)
        compiled = self.fast.compiled
        self.ids = compiled.ids
        self.n = n = len(self.ids)
        self.index = compiled.position
        self.b_finish = np.array([-1 if o.finish_week is None else o.finish_week for o in base.projects], dtype=np.int64)
        self.b_value = np.array([o.value for o in base.projects], dtype=np.float64)
        self.b_spend = np.array([o.cost for o in base.projects], dtype=np.float64)
        self.base_seq = compiled.sequence()
        seqpos = np.empty(n, dtype=np.int64)
        seqpos[self.base_seq] = np.arange(n)
        self.n_in_flight = int(compiled.in_flight.sum())
        self.weeks = max(plan.portfolio.settings.horizon_weeks, compiled.settled_from) + EXTRA_WEEKS
        self.initial = self._grid(compiled.capacity, compiled.final_capacity, self.weeks)
        self._trace_plan(compiled)
        pick, step_of = self.pick, self.step_of
        self.seq_steps = step_of[self.base_seq]
        self.seqpos_steps = seqpos[pick]
        value, value_c = part_sums(self.b_value, NEUMAIER)
        spend, spend_c = part_sums(self.b_spend, NEUMAIER)
        self.plan_arrays = (self.seq_steps, self.seqpos_steps, pick, value, value_c, spend, spend_c)
        everyone = np.ones(n, dtype=np.bool_)
        self.problem = self._problem(
            compiled, self.ids, everyone, self.fast.cost_if_run, value_table(self.fast.value_model, self.fast.terms)
        )

    def _problem(self, compiled: CompiledPlan, ids: list[str], trusted: np.ndarray, cost: np.ndarray, table: tuple) -> Problem:
        extra = np.arange(self.n, len(ids), dtype=np.int64)
        perm = np.concatenate([self.pick, extra])
        inv = np.concatenate([self.step_of, extra])
        return Problem(compiled, ids, trusted, np.asarray(cost, dtype=np.float64), table, in_steps(compiled, trusted, perm, inv))

    # -- the trace

    def _trace_plan(self, compiled: CompiledPlan) -> None:
        n = self.n
        witnesses = max(1024, 8 * n)
        while True:
            grid = self.initial.copy()
            cells = grid.size * 8
            every = max(MIN_EVERY, math.ceil(n * cells / CHECKPOINT_BYTES)) if cells else n + 1
            saved = np.empty((n // every if cells * (n // every) <= CHECKPOINT_BYTES else 0, *grid.shape))
            saved_settled = np.empty(saved.shape[0], dtype=np.int64)
            start = np.full(n, -1, dtype=np.int64)
            why = compiled.blocked.copy()
            pick = np.full(n, -1, dtype=np.int64)
            wit_lo, wit_hi = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
            wit_week, wit_k = np.empty(witnesses, dtype=np.int32), np.empty(witnesses, dtype=np.int16)
            culprit = np.empty(0, dtype=np.int64)
            scratch = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64), np.empty(n, dtype=np.bool_)
            trace = (pick, wit_lo, wit_hi, wit_week, wit_k, saved, saved_settled, every)
            status = place_all(compiled.arrays(), self.base_seq, grid, compiled.settled_from, start, why, culprit, scratch, trace)
            if status == 0:
                break
            if status == 1:
                self._widen(compiled.weeks_enough)
            else:
                witnesses = int(wit_hi.max()) * 2 + 1024
        placed = why == PLACED
        finish = np.where(placed, start + compiled.duration, -1)
        if not np.array_equal(finish, self.b_finish):
            raise AssertionError("the traced schedule differs from the plan's")  # one kernel placed both
        self.pick = pick
        self.step_of = np.empty(n, dtype=np.int64)
        self.step_of[pick] = np.arange(n)
        self.trace = (start[pick], why[pick], finish[pick], wit_lo[pick], wit_hi[pick], wit_week, wit_k)
        self.saved, self.saved_settled, self.every = saved, saved_settled, every

    def _widen(self, enough: int) -> None:
        """Twice the weeks of grid (or all that can ever be needed), for a placement that ran past it."""
        self.weeks = min(2 * self.weeks, max(enough, self.weeks + 1))
        compiled = self.fast.compiled
        self.initial = self._grid(compiled.capacity, compiled.final_capacity, self.weeks)

    @staticmethod
    def _grid(capacity: np.ndarray, final: np.ndarray, weeks: int) -> np.ndarray:
        grid = np.empty((len(final), weeks))
        grid[:] = final[:, None]
        grid[:, : capacity.shape[1]] = capacity[:, :weeks]
        return grid

    def _extended(self, changed: Plan, trusted_base: np.ndarray | None = None) -> Problem:
        """The problem of a plan that lists the plan's projects first, in order (then any it adds)."""
        fast = FastPlan(changed)
        if fast.ids[: self.n] != self.ids:
            raise AssertionError("a candidate's list must keep the plan's projects first, in order")
        trusted = np.zeros(len(fast.ids), dtype=np.bool_)
        trusted[: self.n] = True if trusted_base is None else trusted_base
        return self._problem(fast.compiled, fast.ids, trusted, fast.cost_if_run, value_table(self.fast.value_model, fast.terms))

    # -- running a family

    def _run(
        self,
        problem: Problem,
        cands: dict,
        *,
        moved: bool,
        initial=None,
        settled_from=None,
        capacity_cost=None,
        dirty_pools: np.ndarray | None = None,
    ) -> list[Figures]:
        """`cands` numbered as the plan's list; run in the kernel numbered by steps."""
        compiled = problem.compiled
        step = np.concatenate([self.step_of, np.arange(self.n, len(problem.ids), dtype=np.int64)])
        removed = np.asarray(cands["removed"], dtype=np.int64)
        mover = np.asarray(cands["mover"], dtype=np.int64)

        def in_steps(index: np.ndarray) -> np.ndarray:
            out = np.full(len(index), -1, dtype=np.int64)
            out[index >= 0] = step[index[index >= 0]]
            return out

        arrays = (
            in_steps(removed),
            in_steps(mover),
            np.asarray(cands["seqpos"], dtype=np.int64),
            np.asarray(cands["orderpos"], dtype=np.int64),
            np.asarray(cands["t0"], dtype=np.int64),
            np.asarray(cands.get("ordered", np.ones(len(removed))), dtype=np.bool_),
            np.asarray(cands.get("sequential", np.ones(len(removed))), dtype=np.bool_),
        )
        count = len(removed)
        out = np.zeros((count, 5))
        bitmap = np.zeros((count if moved else 0, (self.n + 7) // 8), dtype=np.uint8)
        status = np.zeros(count, dtype=np.int64)
        values = (self.b_value, self.b_finish, self.b_spend, problem.cost, *problem.table)
        settled = compiled.settled_from if settled_from is None else settled_from
        todo = np.arange(count, dtype=np.int64)
        while todo.size:
            grid = self.initial if initial is None else initial(self.weeks)
            dirty = np.zeros(grid.shape[0], dtype=np.bool_) if dirty_pools is None else dirty_pools
            grids = (self.saved, self.saved_settled, self.every, grid, settled, dirty)
            run_batch(todo, arrays, self.plan_arrays, problem.arrays, self.trace, grids, values, NEUMAIER, out, bitmap, status)
            todo = np.flatnonzero(status == 1).astype(np.int64)
            if todo.size:
                self._widen(int(max(settled, compiled.earliest.max(initial=0)) + compiled.duration.sum() + 2))
                status[todo] = 0
        capacity_cost = self.base.capacity_cost if capacity_cost is None else capacity_cost
        return [self._figures(c, out, bitmap, mover, cands["orderpos"], problem, capacity_cost) for c in range(count)]

    def _figures(self, c, out, bitmap, mover, orderpos, problem: Problem, capacity_cost: float) -> Figures:
        moved = None
        if bitmap.shape[0]:
            index = np.flatnonzero(np.unpackbits(bitmap[c], bitorder="little")[: self.n])
            m, place = int(mover[c]), int(orderpos[c])
            if 0 <= m < self.n and m in index:  # in the scenario's list, the mover is at its new place
                index = index[np.argsort(np.where(index == m, place - 0.5, index - (index > m)), kind="stable")]
            moved = tuple(problem.id_array[index].tolist())
        return Figures(
            total_value=float(out[c, 0]),
            project_cost=float(out[c, 1]),
            capacity_cost=capacity_cost,
            value_delta_sum=float(out[c, 2]),
            baseline=self.base,
            own_value=float(out[c, 3]),
            own_cost=float(out[c, 4]),
            moved=moved,
        )

    # -- the candidates

    def stops(self, project_ids: list[str], *, moved: bool = False) -> list[Figures]:
        """Each project stopped today, on its own: {"op": "stop", "project": id}."""
        removed = np.array([self.index[p] for p in project_ids], dtype=np.int64)
        none = np.full(len(removed), -1, dtype=np.int64)
        cands = dict(removed=removed, mover=none, seqpos=none, orderpos=none, t0=self.step_of[removed])
        return self._run(self.problem, cands, moved=moved)

    def to_front(self, project_ids: list[str], *, moved: bool = False) -> list[Figures]:
        """Each project moved to the front of its group, on its own: {"op": "accelerate", "to_front": true}."""
        flight = self.fast.compiled.in_flight
        first_of = {}
        for i in range(self.n):
            first_of.setdefault(bool(flight[i]), i)
        movers = np.array([self.index[p] for p in project_ids], dtype=np.int64)
        group = flight[movers]
        front = np.array([first_of[bool(g)] for g in group], dtype=np.int64)
        orderpos = np.minimum(front, movers)  # in the list without it: the first of its group's place
        seqpos = np.where(group, 0, self.n_in_flight)
        none = np.full(len(movers), -1, dtype=np.int64)
        compiled = self.fast.compiled
        ordered = compiled.succ_ptr[movers + 1] == compiled.succ_ptr[movers]  # a mover's successors may come sooner
        cands = dict(removed=none, mover=movers, seqpos=seqpos, orderpos=orderpos, t0=none, ordered=ordered, sequential=ordered)
        return self._run(self.problem, cands, moved=moved)

    def changed(self, changes: list[dict], *, moved: bool = False) -> Figures:
        """Crashes and capacity changes, which keep the plan's list: the scenario `changes`, on its own."""
        changed = apply_scenario(self.plan, {"changes": list(changes)})
        if changed.order != self.plan.order or changed.added != self.plan.added or changed.stopped != self.plan.stopped:
            raise ValueError("only crashes and capacity changes keep the plan's list")
        before = self.plan
        touched = [
            i
            for i, p in enumerate(self.ids)
            if changed.projects[p] is not before.projects[p] or changed.demands.get(p) is not before.demands.get(p)
        ]
        problem = self._crashed(changed, touched) if touched else self.problem
        one = dict(removed=[-1], mover=[-1], seqpos=[-1], orderpos=[-1])
        capacity_cost = plan_capacity_cost(changed)
        if changed.capacity != self.plan.capacity:
            pools = self.fast.compiled.pools
            lines = self.fast.compiled.with_capacity(changed.capacity)
            capacity, final, settled_from = lines.capacity, lines.final_capacity, lines.settled_from
            one["t0"] = [0]
            return self._run(
                problem,
                one,
                moved=moved,
                initial=lambda weeks: self._grid(capacity, final, weeks),
                settled_from=settled_from,
                capacity_cost=capacity_cost,
                dirty_pools=np.array([changed.capacity[p] != self.plan.capacity[p] for p in pools], dtype=np.bool_),
            )[0]
        one["t0"] = [int(self.step_of[touched].min()) if touched else self.n]
        return self._run(problem, one, moved=moved, capacity_cost=capacity_cost)[0]

    def _crashed(self, changed: Plan, touched: list[int]) -> Problem:
        """The plan's arrays with the touched projects' durations, demands and spend as `changed` has them."""
        base = self.fast.compiled
        duration, fte, cost = base.duration.copy(), base.demand_fte.copy(), self.fast.cost_if_run.copy()
        rates = {pool.id: pool.cost_per_fte_week for pool in self.plan.portfolio.pools}
        row = {pool: r for r, pool in enumerate(base.pools)}
        trusted = np.ones(self.n, dtype=np.bool_)
        trusted[touched] = False
        for i in touched:
            project_id = self.ids[i]
            project = changed.projects[project_id]
            demands = changed.demands.get(project_id, {})
            used = [(row[pool], v) for pool, v in demands.items() if v > 0]
            a, b = base.demand_ptr[i], base.demand_ptr[i + 1]
            if [r for r, _ in used] != base.demand_pool[a:b].tolist():  # other pools: compile it afresh
                return self._extended(changed, trusted)
            duration[i] = project.duration_weeks
            fte[a:b] = [v for _, v in used]
            cost[i] = project_cost(
                duration_weeks=project.duration_weeks, demands=demands, cost_per_fte_week=rates, fixed_cost=project.fixed_cost
            )
        crashed = replace(base, duration=duration, demand_fte=fte)
        return self._problem(crashed, self.ids, trusted, cost, self.problem.table)

    def adds(self, proposal: str, positions: list[int], *, moved: bool = False) -> tuple[list[Figures], list[str]]:
        """The proposal added at each place (1-based), on its own: {"op": "add", "project": id, "position": k}."""
        problem, orderpos, seqpos = self._added(proposal, positions)
        x = self.n
        descendants = _descendants(problem.compiled, x)
        first_descendant = min((int(self.step_of[d]) for d in descendants if d < self.n), default=self.n)
        t0 = np.array([min(self._pick_step(problem.compiled, x, int(g)), first_descendant) for g in seqpos], dtype=np.int64)
        count = len(positions)
        cands = dict(removed=np.full(count, -1), mover=np.full(count, x), seqpos=seqpos, orderpos=orderpos, t0=t0)
        cands["sequential"] = np.full(count, not descendants)  # projects waiting on it are picked otherwise
        return self._run(problem, cands, moved=moved), problem.ids

    def _added(self, proposal: str, positions: list[int]) -> tuple[Problem, np.ndarray, np.ndarray]:
        """The problem with the proposal added (index n), and each place's list and sequence index."""
        last = apply_scenario(self.plan, {"changes": [{"op": "add", "project": proposal, "position": self.n + 1}]})
        flight = self.fast.compiled.in_flight
        not_in_flight_before = np.concatenate([[0], np.cumsum(~flight)])
        orderpos = np.minimum(np.asarray(positions, dtype=np.int64) - 1, self.n)
        return self._extended(last), orderpos, self.n_in_flight + not_in_flight_before[orderpos]

    def add_finishes(self, proposal: str, positions: list[int]) -> np.ndarray:
        """Every project's finish week (-1: unschedulable), plan's order then the proposal, with the
        proposal added at each place: one row per place, each placed afresh (no figures summed)."""
        problem, _, seqpos = self._added(proposal, positions)
        compiled = problem.compiled
        others = self.base_seq  # the plan's sequence; the proposal, index n, goes in at each place's seqpos
        finishes = np.empty((len(positions), self.n + 1), dtype=np.int64)
        for row, g in enumerate(seqpos.tolist()):
            start, why, _ = compiled.run(np.insert(others, g, self.n))
            finishes[row] = np.where(why == PLACED, start + compiled.duration, -1)
        return finishes

    def _pick_step(self, compiled: CompiledPlan, x: int, g: int) -> int:
        """The step at which a project the plan does not list, put at place g of the sequence, is picked."""
        preds = compiled.pred_idx[compiled.pred_ptr[x] : compiled.pred_ptr[x + 1]]
        t_ready = int(self.step_of[preds].max()) + 1 if len(preds) else 0
        later = np.flatnonzero(self.seqpos_steps[t_ready:] >= g)
        return t_ready + int(later[0]) if len(later) else self.n

    def comparison(self, changes: list[dict]) -> Comparison:
        """The full comparison of one candidate, for an answer that is shown."""
        return compare_changes(self.plan, self.base, changes)


def evaluated(pf: Portfolio, scenario=None) -> tuple[Plan, ScheduleResult, FastPlan]:
    """`evaluated_plan`, and the FastPlan that scheduled it (so that its arrays are compiled once)."""
    plan = plan_for(pf, scenario)
    fast = FastPlan(plan)
    return plan, fast.result(), fast


def _descendants(compiled: CompiledPlan, x: int) -> set[int]:
    seen, todo = set(), [x]
    while todo:
        i = todo.pop()
        for j in compiled.succ_idx[compiled.succ_ptr[i] : compiled.succ_ptr[i + 1]].tolist():
            if j not in seen:
                seen.add(j)
                todo.append(j)
    return seen


def self_check() -> bool:
    """This Python's sum() of floats is the summation the kernel does (`batch.NEUMAIER`): checked
    once, in Python, on numbers that tell the two apart (tests/decisions/test_fast_paths.py
    holds the kernel's `python_sum` to sum() itself)."""
    rng = np.random.default_rng(7)
    values = np.concatenate([rng.normal(0, 1, 200) * 10.0 ** rng.integers(-8, 12, 200), [1e16, 1.0, -1e16, 3.0, 0.1]])
    total, comp = part_sums(values, NEUMAIER)
    finished = total[-1] + comp[-1] if NEUMAIER and comp[-1] != 0.0 and math.isfinite(comp[-1]) else total[-1]
    return finished == sum(values.tolist())


_CHECKED: list[bool] = []


def available() -> bool:
    """Whether the fast path may be used here (else the callers compare each change in full)."""
    if not _CHECKED:
        _CHECKED.append(self_check())
    return _CHECKED[0]
