"""One plan, many one-change candidates, each the repair of the plan's own schedule.

Stop ranking, intake and the interventions weigh thousands of single changes against one
plan: stop this project, add that proposal at this place, move one to the front of its
group, crash one, one more FTE in a pool. Each is a scenario, and so a repair of the plan's
schedule (ECONOMICS.md, "repairing a plan"). Evaluating each as a new plan (`compare_changes`:
compile it, schedule it, build every outcome and delta) costs Python work in proportion to
the portfolio, per candidate. Here every candidate of a family is repaired inside one compiled
batch (`engine.batch`), from the plan's own schedule and its capacity left week by week:

- The first phase keeps every date the candidate does not touch, so it mostly re-takes the
  plan's own weeks.
- The second phase looks again only at what the change may have freed: a project the
  candidate placed elsewhere, a successor of one that finishes sooner, and a project on a pool
  with more capacity left than the plan leaves before its last week. The plan's schedule is
  already one where nothing can start sooner, so nothing else can.
- The figures. A candidate's total value, project spend and the sum of its projects' value
  changes are summed in the kernel in the scenario's list order with the float summation of
  Python's `sum` (what `ScheduleResult` and `Comparison` use), each V(F) read from a table that
  `ValueModel.values` computes: the figures are `compare_changes`'s, to the last bit
  (tests/decisions/test_fast_paths.py compares the two on generated portfolios).

Only the answers shown are built as full `Comparison` objects, by `compare_changes` itself.
"""

from __future__ import annotations

import math

import numpy as np

from vmo_core.engine.batch import NEUMAIER, Figures, part_sums, python_sum, run_batch, value_table
from vmo_core.engine.evaluation import FastPlan, compare_changes, plan_capacity_cost
from vmo_core.engine.results import Comparison, ScheduleResult
from vmo_core.engine.scenario import apply_scenario, plan_for
from vmo_core.engine.scheduling import EXTRA_WEEKS
from vmo_core.model.plan import Plan
from vmo_core.model.portfolio import Portfolio

__all__ = ["Candidates", "Figures", "available", "evaluated", "python_sum"]


class Candidates:
    """A plan and its schedule, against which single changes are evaluated in batches.

    `plan` and `base` are as `evaluated_plan` gives them; `fast`, when given, is a FastPlan of `plan`.
    """

    def __init__(self, plan: Plan, base: ScheduleResult, fast: FastPlan | None = None):
        self.plan = plan
        self.base = base
        self.fast = fast or FastPlan(plan)
        compiled = self.fast.compiled
        self.ids = compiled.ids
        self.n = len(self.ids)
        self.index = compiled.position
        self.b_start = np.array([-1 if o.start_week is None else o.start_week for o in base.projects], dtype=np.int64)
        self.b_finish = np.array([-1 if o.finish_week is None else o.finish_week for o in base.projects], dtype=np.int64)
        self.b_value = np.array([o.value for o in base.projects], dtype=np.float64)
        self.b_spend = np.array([o.cost for o in base.projects], dtype=np.float64)
        self.table = value_table(self.fast.value_model, self.fast.terms)
        latest = int(self.b_finish.max(initial=0))
        self.weeks = max(plan.portfolio.settings.horizon_weeks, compiled.settled_from, latest + 1) + EXTRA_WEEKS
        self._base_grid()

    def _base_grid(self) -> None:
        """The capacity grid of `self.weeks` weeks before anything is placed, and what the plan leaves of it."""
        compiled = self.fast.compiled
        left = compiled.capacity_grid(self.weeks)
        for i in np.flatnonzero(self.b_start >= 0).tolist():
            s, f = int(self.b_start[i]), int(self.b_finish[i])
            for k in range(compiled.demand_ptr[i], compiled.demand_ptr[i + 1]):
                left[compiled.demand_pool[k], s:f] -= compiled.demand_fte[k]
        self.b_left = left

    def _widen(self, enough: int) -> None:
        """Twice the weeks of grid (or all that can ever be needed), for a placement that ran past it."""
        self.weeks = min(2 * self.weeks, max(enough, self.weeks + 1))
        self._base_grid()

    # -- running a family

    def _run(
        self,
        fast: FastPlan,
        cands: dict,
        *,
        moved: bool,
        table: tuple | None = None,
        b_start: np.ndarray | None = None,
        capacity_cost: float | None = None,
        finishes: bool = False,
    ) -> tuple[list[Figures], np.ndarray]:
        """`cands` (removed, mover, orderpos, touch: indices into the plan's list; the added project is n)
        repaired on `fast`'s arrays: each candidate's figures, and every finish when asked for."""
        compiled = fast.compiled
        count = len(cands["removed"])
        arrays = tuple(np.asarray(cands[key], dtype=np.int64) for key in ("removed", "mover", "orderpos", "touch"))
        b_start = self.b_start if b_start is None else b_start
        out = np.zeros((count, 5))
        bitmap = np.zeros((count if moved else 0, (self.n + 7) // 8), dtype=np.uint8)
        ends = np.full((count if finishes else 0, len(compiled.ids)), -1, dtype=np.int64)
        status = np.zeros(count, dtype=np.int64)
        values = (np.asarray(fast.cost_if_run, dtype=np.float64), *(table or self.table))
        todo = np.arange(count, dtype=np.int64)
        while todo.size:
            initial = compiled.capacity_grid(self.weeks)
            held_finish = np.concatenate([self.b_finish, np.full(len(compiled.ids) - self.n, -1, dtype=np.int64)])
            base = (compiled.in_flight, b_start, self.b_left, self.b_value, held_finish, self.b_spend)
            grids = (initial, compiled.settled_from, compiled.blocked)
            run_batch(todo, arrays, base, compiled.arrays(), grids, values, NEUMAIER, out, bitmap, ends, status)
            todo = np.flatnonzero(status == 1).astype(np.int64)
            if todo.size:
                self._widen(compiled.weeks_enough_keeping(self.b_start))
                status[todo] = 0
        capacity_cost = self.base.capacity_cost if capacity_cost is None else capacity_cost
        ids = np.array(compiled.ids, dtype=object)
        figures = [self._figures(c, out, bitmap, arrays[1], arrays[2], ids, capacity_cost) for c in range(count)]
        return figures, ends

    def _figures(self, c, out, bitmap, mover, orderpos, ids: np.ndarray, capacity_cost: float) -> Figures:
        moved = None
        if bitmap.shape[0]:
            index = np.flatnonzero(np.unpackbits(bitmap[c], bitorder="little")[: self.n])
            m, place = int(mover[c]), int(orderpos[c])
            if 0 <= m < self.n and m in index:  # in the scenario's list, the mover is at its new place
                index = index[np.argsort(np.where(index == m, place - 0.5, index - (index > m)), kind="stable")]
            moved = tuple(ids[index].tolist())
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
        cands = dict(removed=removed, mover=none, orderpos=none, touch=none)
        return self._run(self.fast, cands, moved=moved)[0]

    def to_front(self, project_ids: list[str], *, moved: bool = False) -> list[Figures]:
        """Each project moved to the front of its group, on its own: {"op": "accelerate", "to_front": true}."""
        flight = self.fast.compiled.in_flight
        first_of = {}
        for i in range(self.n):
            first_of.setdefault(bool(flight[i]), i)
        movers = np.array([self.index[p] for p in project_ids], dtype=np.int64)
        front = np.array([first_of[bool(g)] for g in flight[movers]], dtype=np.int64)
        orderpos = np.minimum(front, movers)  # in the list without it: the first of its group's place
        none = np.full(len(movers), -1, dtype=np.int64)
        cands = dict(removed=none, mover=movers, orderpos=orderpos, touch=none)
        return self._run(self.fast, cands, moved=moved)[0]

    def changed(self, changes: list[dict], *, moved: bool = False) -> Figures:
        """Crashes and capacity changes, which keep the plan's list: the scenario `changes`, on its own."""
        changed = apply_scenario(self.plan, {"changes": list(changes)})
        if changed.order != self.plan.order or changed.added != self.plan.added or changed.stopped != self.plan.stopped:
            raise ValueError("only crashes and capacity changes keep the plan's list")
        fast = FastPlan(changed)
        b_start = np.where([p in changed.touched for p in self.ids], -1, self.b_start).astype(np.int64)
        one = dict(removed=[-1], mover=[-1], orderpos=[-1], touch=[-1])  # V(F) is the plan's: a crash changes no value field
        figures, _ = self._run(fast, one, moved=moved, b_start=b_start, capacity_cost=plan_capacity_cost(changed))
        return figures[0]

    def adds(self, proposal: str, positions: list[int], *, moved: bool = False) -> tuple[list[Figures], list[str]]:
        """The proposal added at each place (1-based), on its own: {"op": "add", "project": id, "position": k}."""
        fast, cands = self._added(proposal, positions)
        table = value_table(self.fast.value_model, fast.terms)
        return self._run(fast, cands, moved=moved, table=table)[0], fast.ids

    def add_finishes(self, proposal: str, positions: list[int]) -> np.ndarray:
        """Every project's finish week (-1: unschedulable), plan's order then the proposal, with the
        proposal added at each place: one row per place (no figures summed)."""
        fast, cands = self._added(proposal, positions)
        table = value_table(self.fast.value_model, fast.terms)
        return self._run(fast, cands, moved=False, table=table, finishes=True)[1]

    def _added(self, proposal: str, positions: list[int]) -> tuple[FastPlan, dict]:
        """The plan with the proposal added last (index n), and each place's candidate."""
        fast = FastPlan(apply_scenario(self.plan, {"changes": [{"op": "add", "project": proposal, "position": self.n + 1}]}))
        if fast.ids[: self.n] != self.ids:
            raise AssertionError("a candidate's list must keep the plan's projects first, in order")
        count = len(positions)
        orderpos = np.minimum(np.asarray(positions, dtype=np.int64) - 1, self.n)
        none = np.full(count, -1, dtype=np.int64)
        return fast, dict(removed=none, mover=np.full(count, self.n), orderpos=orderpos, touch=none)

    def comparison(self, changes: list[dict]) -> Comparison:
        """The full comparison of one candidate, for an answer that is shown."""
        return compare_changes(self.plan, self.base, changes)


def evaluated(pf: Portfolio, scenario=None) -> tuple[Plan, ScheduleResult, FastPlan]:
    """`evaluated_plan`, and the FastPlan that scheduled it (so that its arrays are compiled once)."""
    plan = plan_for(pf, scenario)
    fast = FastPlan(plan)
    return plan, fast.result(), fast


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
