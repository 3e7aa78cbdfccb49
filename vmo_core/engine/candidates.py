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
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, replace

import numba
import numpy as np

from vmo_core.engine.evaluation import FastPlan, compare_changes, plan_capacity_cost
from vmo_core.engine.results import Comparison, ScheduleResult
from vmo_core.engine.scenario import apply_scenario, plan_for
from vmo_core.engine.scheduling import (
    CAPACITY_SLACK,
    EXTRA_WEEKS,
    PLACED,
    PREDECESSOR_UNSCHEDULABLE,
    CompiledPlan,
    _capacity_arrays,
)
from vmo_core.engine.valuation import NO_DEADLINE, ValueTerms, project_cost
from vmo_core.model.plan import Plan
from vmo_core.model.portfolio import Portfolio

NO_CAPACITY = 2
REMOVED = 4  # a project the candidate stops: processed as an unschedulable one, so its successors are too
CHECKPOINT_BYTES = 64_000_000  # the saved grids of one plan, at most
MIN_EVERY = 32  # steps between saved grids, at least
NEUMAIER = sys.version_info >= (3, 12)  # Python's sum() of floats is compensated from 3.12 on
CHUNKS = 4 * numba.config.NUMBA_NUM_THREADS  # candidates are shared out in this many parts, run in parallel


@dataclass(frozen=True)
class Figures:
    """What one candidate changes, as `Comparison` reports it (its properties of the same names)."""

    total_value: float
    project_cost: float
    capacity_cost: float
    value_delta_sum: float  # sum of value_delta over the projects in both lists, in the scenario's order
    baseline: ScheduleResult
    own_value: float = 0.0  # an added project's own value and spend
    own_cost: float = 0.0
    moved: tuple[str, ...] | None = None  # projects in both lists delivered in another week (when asked for)

    @property
    def net_value(self) -> float:
        return self.total_value - (self.project_cost + self.capacity_cost)

    @property
    def net_value_change(self) -> float:
        return self.net_value - self.baseline.net_value

    @property
    def delay_cost(self) -> float:
        return -self.value_delta_sum

    @property
    def spend_change(self) -> float:
        return self.project_cost - self.baseline.project_cost

    @property
    def capacity_change_cost(self) -> float:
        return self.capacity_cost - self.baseline.capacity_cost

    @property
    def cost_change(self) -> float:
        return self.spend_change + self.capacity_change_cost


# ---------------------------------------------------------------------------------------- kernels


@numba.njit(cache=True)
def _short(left, demand_pool, demand_fte, a, b, s, end, ok_from, ok_to):
    """The latest week of s .. end-1 where one of the project's demands is short, and which demand
    (-1, -1: none); weeks ok_from .. ok_to-1 are known to have room and are not looked at."""
    if ok_from >= end or ok_to <= s:
        ok_from, ok_to = end, end
    for w in range(end - 1, max(ok_to, s) - 1, -1):
        for k in range(a, b):
            if left[demand_pool[k], w] < demand_fte[k] - CAPACITY_SLACK:
                return w, k
    for w in range(min(ok_from, end) - 1, s - 1, -1):
        for k in range(a, b):
            if left[demand_pool[k], w] < demand_fte[k] - CAPACITY_SLACK:
                return w, k
    return -1, -1


@numba.njit(cache=True)
def _fit(left, demand_pool, demand_fte, a, b, lb, weeks, limit, wit_week, wit_k, n_wit):
    """The earliest start >= lb where the project fits (-1: never), as `_place_all` finds it.

    The same windows as `_place_all` tries, failing at the same weeks (the latest short week of
    each), but the weeks of a window that the one before found room in are not looked at again.
    Each window that fails adds its short cell (week, and which of the project's demands) to the
    witness arrays from n_wit on, while they have room; the count returned goes on past their
    size when they are full.
    """
    s = lb
    ok_from, ok_to = 0, 0
    while True:
        bad, bad_k = _short(left, demand_pool, demand_fte, a, b, s, s + weeks, ok_from, ok_to)
        if bad < 0:
            return s, n_wit
        if n_wit < wit_week.size:
            wit_week[n_wit] = bad
            wit_k[n_wit] = bad_k - a
        n_wit += 1
        ok_from, ok_to = bad + 1, s + weeks
        s = bad + 1
        if s > limit:  # past `limit` nothing changes any more: it never fits
            return -1, n_wit


@numba.njit(cache=True)
def _refit(left, dirt, demand_pool, demand_fte, a, b, lb, weeks, limit, witnesses, lo, hi, was):
    """`_fit`'s answer, without trying the windows that the plan's witnesses lo..hi still rule out.

    A witness is a cell that was short when the plan searched this project (with the same
    duration and demands): while it is still short, every window holding it fails, so the
    search jumps past it without looking. The witnesses are in week order, each in the window
    the plan tried just after the one before, so the first at or after s is the one to try;
    one no longer short, or not in the window at s, sends the search back to looking.

    A cell not `dirty` holds what it held when the plan placed this project (the candidate has
    placed the same projects there, in the same order): a witness there is still short, and the
    plan's own window (from `was`, -1: none to trust) still fits if none of its cells is dirty
    (`dirt`: the cells, and per pool the weeks that hold one), so neither is read. A project
    picked at another point than the plan picked it trusts no cell: its `was` is -1.
    """
    wit_week, wit_k = witnesses
    dirty, first_dirty, end_dirty = dirt
    s = lb
    k = lo
    ok_from, ok_to = 0, 0  # weeks known to have room (all the project's demands)
    while True:
        while k < hi:
            w = wit_week[k]
            if w < s:
                k += 1
                continue
            d = a + wit_k[k]
            q = demand_pool[d]
            if s + weeks - 1 >= w and ((was >= 0 and not dirty[q, w]) or left[q, w] < demand_fte[d] - CAPACITY_SLACK):
                s = w + 1
                k += 1
                if s > limit:
                    return -1
            else:
                break
        if s == was and was >= 0:
            clean = True
            for j in range(a, b):
                q = demand_pool[j]
                if first_dirty[q] < s + weeks and end_dirty[q] > s:
                    for w in range(max(s, first_dirty[q]), min(s + weeks, end_dirty[q])):
                        if dirty[q, w]:
                            clean = False
                            break
                if not clean:
                    break
            if clean:
                return s
        bad, _ = _short(left, demand_pool, demand_fte, a, b, s, s + weeks, ok_from, ok_to)
        if bad < 0:
            return s
        ok_from, ok_to = bad + 1, s + weeks
        s = bad + 1
        if s > limit:
            return -1


@numba.njit(cache=True)
def _dirty(dirty, first_dirty, end_dirty, demand_pool, a, b, s, end):
    """Weeks s .. end-1 of the project's pools may hold other than the plan held there at this point."""
    for j in range(a, b):
        q = demand_pool[j]
        for w in range(s, end):
            dirty[q, w] = 1
        first_dirty[q] = min(first_dirty[q], s)
        end_dirty[q] = max(end_dirty[q], end)


@numba.njit(cache=True)
def _trace(problem, sequence, left, settled_from, start, why, pick, wit_lo, wit_hi, wit_week, wit_k, saved, saved_settled, every):
    """`_place_all`, recording what resuming needs: 0 done, 1 the grid is too short, 2 the witness arrays are.

    Per project: its witnesses (`wit_lo`..`wit_hi`); per step, the project picked (`pick`);
    every `every` steps from step `every` on, the grid and the settled week before the step
    (`saved[step // every - 1]`, while there is room).
    """
    duration, earliest, demand_ptr, demand_pool, demand_fte, pred_ptr, pred_idx, succ_ptr, succ_idx, _, _ = problem
    n = duration.size
    weeks_on_grid = left.shape[1]
    rank = np.empty(n, dtype=np.int64)
    waiting = np.empty(n, dtype=np.int64)
    ready = np.zeros(n, dtype=np.bool_)
    for r in range(n):
        rank[sequence[r]] = r
    for i in range(n):
        waiting[i] = pred_ptr[i + 1] - pred_ptr[i]
        ready[rank[i]] = waiting[i] == 0
    settled = settled_from
    first = 0
    step = 0
    n_wit = 0
    while True:
        while first < n and not ready[first]:
            first += 1
        if first == n:
            return 0 if n_wit <= wit_week.size else 2
        if step > 0 and step % every == 0 and step // every - 1 < saved.shape[0]:
            saved[step // every - 1] = left
            saved_settled[step // every - 1] = settled
        ready[first] = False
        i = sequence[first]
        pick[step] = i
        step += 1
        wit_lo[i] = n_wit
        if why[i] == PLACED:
            weeks = duration[i]
            lb = earliest[i]
            for k in range(pred_ptr[i], pred_ptr[i + 1]):
                lb = max(lb, start[pred_idx[k]] + duration[pred_idx[k]])
            limit = max(lb, settled)
            if limit + weeks >= weeks_on_grid:
                return 1
            a, b = demand_ptr[i], demand_ptr[i + 1]
            s, n_wit = _fit(left, demand_pool, demand_fte, a, b, lb, weeks, limit, wit_week, wit_k, n_wit)
            if s >= 0:
                for k in range(a, b):
                    for w in range(s, s + weeks):
                        left[demand_pool[k], w] -= demand_fte[k]
                start[i] = s
                settled = max(settled, s + weeks)
            else:
                why[i] = NO_CAPACITY
        wit_hi[i] = n_wit
        for k in range(succ_ptr[i], succ_ptr[i + 1]):
            j = succ_idx[k]
            if why[i] != PLACED and why[j] == PLACED:
                why[j] = PREDECESSOR_UNSCHEDULABLE
            waiting[j] -= 1
            if waiting[j] == 0:
                ready[rank[j]] = True
                first = min(first, rank[j])


@numba.njit(cache=True)
def _resume(problem, trace, grids, sequence, removed, mover, t0, ordered, left, start, why, rank, waiting, ready, changed, dirt):
    """Schedule one candidate, with projects numbered by the step at which the plan picks them:
    the plan's first `t0` picks as the plan made them, then serial generation on, searching only
    where the trace's witnesses no longer hold. The projects whose outcome differs from the
    plan's (and every project whose duration or demands differ) are listed in `changed`; the
    count is returned, or -1 when the grid is too short.

    `ordered`: the candidate picks every project but the mover in the plan's order (so a cell
    holds what the plan held at the same point until a project placed otherwise marks it
    dirty); when it does not (a mover with successors, that may come sooner), every cell is
    treated as dirty. `dirt`: the dirty cells, and per pool the weeks that hold one.
    """
    duration, earliest, demand_ptr, demand_pool, demand_fte, pred_ptr, pred_idx, succ_ptr, succ_idx, blocked, trusted = problem
    b_start, b_why, b_finish, wit_lo, wit_hi, wit_week, wit_k = trace
    saved, saved_settled, every, initial, settled_from, dirty_pools = grids
    dirty, first_dirty, end_dirty = dirt
    n = duration.size
    n_base = b_start.size
    weeks_on_grid = left.shape[1]
    witnesses = (wit_week, wit_k)
    for q in range(dirty.shape[0]):  # a pool whose capacity the candidate changes is dirty throughout
        if dirty_pools[q] or not ordered:
            dirty[q, :] = 1
            first_dirty[q] = 0
            end_dirty[q] = weeks_on_grid
        else:
            if end_dirty[q] > first_dirty[q]:
                dirty[q, first_dirty[q] : end_dirty[q]] = 0
            first_dirty[q] = weeks_on_grid
            end_dirty[q] = 0
    c = min(t0 // every, saved.shape[0])
    if c == 0:
        left[:, :] = initial
        settled = settled_from
    else:
        width = saved.shape[2]
        left[:, :width] = saved[c - 1]
        left[:, width:] = initial[:, width:]
        settled = saved_settled[c - 1]
    for i in range(t0):  # the plan's first t0 picks are projects 0 .. t0-1
        start[i] = b_start[i]
        why[i] = b_why[i]
        if i >= c * every and b_why[i] == PLACED:
            s = b_start[i]
            for k in range(demand_ptr[i], demand_ptr[i + 1]):
                for w in range(s, s + duration[i]):
                    left[demand_pool[k], w] -= demand_fte[k]
            settled = max(settled, s + duration[i])
    for i in range(t0, n):
        start[i] = -1
        why[i] = blocked[i]
    if removed >= 0:
        why[removed] = REMOVED
    for r in range(n):
        rank[sequence[r]] = r
        ready[r] = False
    for i in range(t0, n):
        count = 0
        for k in range(pred_ptr[i], pred_ptr[i + 1]):
            p = pred_idx[k]
            if p < t0:
                if why[p] != PLACED and why[i] == PLACED:
                    why[i] = PREDECESSOR_UNSCHEDULABLE
            else:
                count += 1
        waiting[i] = count
        if count == 0:
            ready[rank[i]] = True
    no_week = np.empty(0, dtype=np.int32)
    no_k = np.empty(0, dtype=np.int16)
    n_changed = 0
    first = 0
    while True:
        while first < n and not ready[first]:
            first += 1
        if first == n:
            return n_changed
        ready[first] = False
        i = sequence[first]
        if why[i] == PLACED:
            weeks = duration[i]
            lb = earliest[i]
            for k in range(pred_ptr[i], pred_ptr[i + 1]):
                lb = max(lb, start[pred_idx[k]] + duration[pred_idx[k]])
            limit = max(lb, settled)
            if limit + weeks >= weeks_on_grid:
                return -1
            a, b = demand_ptr[i], demand_ptr[i + 1]
            if trusted[i]:
                was = b_start[i] if b_why[i] == PLACED and i != mover else -1  # the mover is picked out of turn
                lo, hi = wit_lo[i], wit_hi[i]
                s = _refit(left, dirt, demand_pool, demand_fte, a, b, lb, weeks, limit, witnesses, lo, hi, was)
            else:
                s, _ = _fit(left, demand_pool, demand_fte, a, b, lb, weeks, limit, no_week, no_k, 0)
            if s >= 0:
                for k in range(a, b):
                    for w in range(s, s + weeks):
                        left[demand_pool[k], w] -= demand_fte[k]
                start[i] = s
                settled = max(settled, s + weeks)
            else:
                why[i] = NO_CAPACITY
        placed = why[i] == PLACED
        was_placed = i < n_base and b_why[i] == PLACED
        if (
            not trusted[i]
            or i >= n_base
            or i == mover
            or placed != was_placed
            or (placed and (start[i] != b_start[i] or start[i] + duration[i] != b_finish[i]))
        ):
            changed[n_changed] = i
            n_changed += 1
            a, b = demand_ptr[i], demand_ptr[i + 1]
            if was_placed:  # its plan cells lose it, its new ones gain it
                _dirty(dirty, first_dirty, end_dirty, demand_pool, a, b, b_start[i], b_finish[i])
            if placed:
                _dirty(dirty, first_dirty, end_dirty, demand_pool, a, b, start[i], start[i] + duration[i])
        for k in range(succ_ptr[i], succ_ptr[i + 1]):
            j = succ_idx[k]
            if why[i] != PLACED and why[j] == PLACED:
                why[j] = PREDECESSOR_UNSCHEDULABLE
            waiting[j] -= 1
            if waiting[j] == 0:
                ready[rank[j]] = True
                first = min(first, rank[j])


@numba.njit(cache=True)
def _add(total, comp, x, neumaier):
    """One step of Python's float sum(): plain addition, or from 3.12 on Neumaier's compensated step."""
    if not neumaier:
        return total + x, comp
    t = total + x
    if abs(total) >= abs(x):
        comp += (total - t) + x
    else:
        comp += (x - t) + total
    return t, comp


@numba.njit(cache=True)
def _total(total, comp, neumaier):
    if neumaier and comp != 0.0 and math.isfinite(comp):
        return total + comp
    return total


@numba.njit(cache=True)
def python_sum(values, neumaier):
    """sum(values.tolist()), as Python computes it (tests/decisions/test_fast_paths.py checks)."""
    total, comp = 0.0, 0.0
    for x in values:
        total, comp = _add(total, comp, x, neumaier)
    return _total(total, comp, neumaier)


@numba.njit(cache=True)
def _value_at(i, f, vt_ptr, vt, tail_on_time, tail_late, deadline):
    """V(f) of project i from its table: f below its end week; past it only a late penalty is left."""
    if f < vt_ptr[i + 1] - vt_ptr[i]:
        return vt[vt_ptr[i] + f]
    return tail_late[i] if f > deadline[i] else tail_on_time[i]


@numba.njit(cache=True)
def _one(c, cands, plan, problem, trace, grids, values, neumaier, out, moved, scratch):
    """Candidate c: schedule it and write its figures (and, when `moved` has rows, which projects move).

    Projects are numbered by the plan's pick step (the plan's own list order is `pick`); the
    figures are summed in the scenario's list order: the plan's list less the removed project,
    the mover taken out and put in at `cand_orderpos`. A candidate's list agrees with the plan's
    up to the first project that changes, so the sums start from the plan's own part-sums there.
    """
    cand_removed, cand_mover, cand_seqpos, cand_orderpos, cand_t0, cand_ordered = cands
    base_seq, seqpos_of, pick, part_value, part_value_c, part_spend, part_spend_c = plan
    duration, pred_ptr, pred_idx = problem[0], problem[5], problem[6]
    b_value, b_finish, b_spend, cost, vt_ptr, vt, tail_on_time, tail_late, deadline = values
    sequence, left, start, why, rank, waiting, ready, changed, touched, new_value, new_spend, dirt = scratch
    n = duration.size
    n_base = pick.size
    removed, mover, g, o = cand_removed[c], cand_mover[c], cand_seqpos[c], cand_orderpos[c]
    if mover < 0:
        sequence[:] = base_seq
    else:  # the mover out of its place in the sequence, and in at g
        pos = 0
        inserted = False
        for x in base_seq:
            if x == mover:
                continue
            if not inserted and pos == g:
                sequence[pos] = mover
                pos += 1
                inserted = True
            sequence[pos] = x
            pos += 1
        if not inserted:
            sequence[pos] = mover
    t0 = cand_t0[c]
    if t0 < 0:  # the mover is picked at the first step after its predecessors at which the plan picks one after it
        t_ready = 0
        for k in range(pred_ptr[mover], pred_ptr[mover + 1]):
            t_ready = max(t_ready, pred_idx[k] + 1)
        old = seqpos_of[mover] if mover < n_base else n
        t0 = mover if mover < n_base else n_base
        for t in range(t_ready, t0):
            if seqpos_of[t] - (1 if seqpos_of[t] > old else 0) >= g:
                t0 = t
                break
    ordered = cand_ordered[c]
    n_changed = _resume(
        problem, trace, grids, sequence, removed, mover, t0, ordered, left, start, why, rank, waiting, ready, changed, dirt
    )
    if n_changed < 0:
        return 1
    # what changed, by place in the plan's list
    record = moved.shape[0] > 0
    if record:
        moved[c, :] = 0
    removed_at = pick[removed] if removed >= 0 else -1
    mover_at = -1 if mover < 0 else (pick[mover] if mover < n_base else n_base)
    first_at = n_base
    if removed_at >= 0:
        first_at = min(first_at, removed_at)
    if mover >= 0:
        first_at = min(first_at, o, mover_at)
    own_v, own_c = 0.0, 0.0
    for k in range(n_changed):
        i = changed[k]
        if why[i] == PLACED:
            f = start[i] + duration[i]
            at = pick[i] if i < n_base else i
            if i < n_base and f == b_finish[at]:
                v = b_value[at]
            else:
                v = _value_at(at, f, vt_ptr, vt, tail_on_time, tail_late, deadline)
            spend = cost[at]
        else:
            f = -1
            v = 0.0
            spend = 0.0
        if i >= n_base:
            own_v, own_c = v, spend
            continue
        at = pick[i]
        touched[at] = True
        new_value[at] = v
        new_spend[at] = spend
        first_at = min(first_at, at)
        if record and at != removed_at and f != b_finish[at]:
            moved[c, at >> 3] |= np.uint8(1 << (at & 7))
    # the sums, from the plan's own part-sums up to the first place that differs
    tv, tvc, pc, pcc = part_value[first_at], part_value_c[first_at], part_spend[first_at], part_spend_c[first_at]
    dv, dvc = 0.0, 0.0
    pos = first_at
    r = first_at
    emitted = mover < 0
    while r < n_base or not emitted:
        if not emitted and (pos == o or r >= n_base):
            at = mover_at
            emitted = True
        else:
            at = r
            r += 1
            if at == removed_at or at == mover_at:
                continue
            pos += 1
        if at >= n_base:
            v, spend = own_v, own_c
        elif touched[at]:
            v, spend = new_value[at], new_spend[at]
            dv, dvc = _add(dv, dvc, v - b_value[at], neumaier)
        else:
            v, spend = b_value[at], b_spend[at]
        tv, tvc = _add(tv, tvc, v, neumaier)
        pc, pcc = _add(pc, pcc, spend, neumaier)
    for k in range(n_changed):
        if changed[k] < n_base:
            touched[pick[changed[k]]] = False
    out[c, 0] = _total(tv, tvc, neumaier)
    out[c, 1] = _total(pc, pcc, neumaier)
    out[c, 2] = _total(dv, dvc, neumaier)
    out[c, 3] = own_v
    out[c, 4] = own_c
    return 0


@numba.njit(cache=True, parallel=False)
def _batch(todo, cands, plan, problem, trace, grids, values, neumaier, out, moved, status, chunks):
    """The candidates `todo`, in `chunks` parts run in parallel: figures in `out`, status 0 done or 1 the grid was too short."""
    n = problem[0].size
    n_base = plan[2].size
    initial = grids[3]
    chunks = max(1, min(todo.size, chunks))
    for chunk in range(chunks):
        scratch = (
            np.empty(n, dtype=np.int64),
            np.empty_like(initial),
            np.empty(n, dtype=np.int64),
            np.empty(n, dtype=np.int64),
            np.empty(n, dtype=np.int64),
            np.empty(n, dtype=np.int64),
            np.empty(n, dtype=np.bool_),
            np.empty(n, dtype=np.int64),
            np.zeros(n_base, dtype=np.bool_),
            np.empty(n_base, dtype=np.float64),
            np.empty(n_base, dtype=np.float64),
            (
                np.zeros(initial.shape, dtype=np.uint8),
                np.zeros(initial.shape[0], dtype=np.int64),
                np.zeros(initial.shape[0], dtype=np.int64),
            ),
        )
        for t in range(chunk * todo.size // chunks, (chunk + 1) * todo.size // chunks):
            c = todo[t]
            status[c] = _one(c, cands, plan, problem, trace, grids, values, neumaier, out, moved, scratch)


@numba.njit(cache=True)
def _part_sums(values, neumaier):
    """The state of Python's sum() after each first r values: the sum, and its compensation."""
    total = np.zeros(values.size + 1)
    comp = np.zeros(values.size + 1)
    t, k = 0.0, 0.0
    for r in range(values.size):
        t, k = _add(t, k, values[r], neumaier)
        total[r + 1] = t
        comp[r + 1] = k
    return total, comp


# ---------------------------------------------------------------------------------------- the plan, traced


@dataclass
class _Problem:
    """The arrays a family of candidates is scheduled on: the plan's, the plan's with a project
    added (index n, after the plan's), or with one project's duration and demands changed.

    `compiled`, `cost` and `table` are numbered as the candidates' list (the plan's order, then
    any added project); `arrays` renumbers the projects by the step at which the plan picks them.
    """

    compiled: CompiledPlan
    ids: list[str]
    trusted: np.ndarray  # per project: the plan's witnesses apply to it (the plan's duration and demands)
    cost: np.ndarray  # its spend if scheduled
    table: tuple  # V(F) per project: pointers, values, on time and late past its end week, deadline week
    arrays: tuple = ()


def _in_steps(compiled: CompiledPlan, trusted: np.ndarray, perm: np.ndarray, inv: np.ndarray) -> tuple:
    """The kernel's arrays with project perm[t] numbered t (and inv its inverse)."""

    def rows(ptr: np.ndarray, *columns: np.ndarray) -> tuple:
        counts = np.diff(ptr)[perm]
        new_ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        source = np.repeat(ptr[:-1][perm] - new_ptr[:-1], counts) + np.arange(new_ptr[-1], dtype=np.int64)
        return (new_ptr, *(np.ascontiguousarray(column[source]) for column in columns))

    demand_ptr, demand_pool, demand_fte = rows(compiled.demand_ptr, compiled.demand_pool, compiled.demand_fte)
    pred_ptr, pred_idx = rows(compiled.pred_ptr, compiled.pred_idx)
    succ_ptr, succ_idx = rows(compiled.succ_ptr, compiled.succ_idx)
    return (
        compiled.duration[perm],
        compiled.earliest[perm],
        demand_ptr,
        demand_pool,
        demand_fte,
        pred_ptr,
        inv[pred_idx],
        succ_ptr,
        inv[succ_idx],
        compiled.blocked[perm],
        np.ascontiguousarray(trusted[perm]),
    )


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
        value, value_c = _part_sums(self.b_value, NEUMAIER)
        spend, spend_c = _part_sums(self.b_spend, NEUMAIER)
        self.plan_arrays = (self.seq_steps, self.seqpos_steps, pick, value, value_c, spend, spend_c)
        everyone = np.ones(n, dtype=np.bool_)
        self.problem = self._problem(compiled, self.ids, everyone, self.fast.cost_if_run, self._table(self.fast.terms))

    def _problem(self, compiled: CompiledPlan, ids: list[str], trusted: np.ndarray, cost: np.ndarray, table: tuple) -> _Problem:
        extra = np.arange(self.n, len(ids), dtype=np.int64)
        perm = np.concatenate([self.pick, extra])
        inv = np.concatenate([self.step_of, extra])
        return _Problem(
            compiled, ids, trusted, np.asarray(cost, dtype=np.float64), table, _in_steps(compiled, trusted, perm, inv)
        )

    # -- the trace

    def _trace_plan(self, compiled: CompiledPlan) -> None:
        n = self.n
        witnesses = max(1024, 8 * n)
        arrays = (
            compiled.duration,
            compiled.earliest,
            compiled.demand_ptr,
            compiled.demand_pool,
            compiled.demand_fte,
            compiled.pred_ptr,
            compiled.pred_idx,
            compiled.succ_ptr,
            compiled.succ_idx,
            compiled.blocked,
            np.ones(n, dtype=np.bool_),
        )
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
            status = _trace(
                arrays,
                self.base_seq,
                grid,
                compiled.settled_from,
                start,
                why,
                pick,
                wit_lo,
                wit_hi,
                wit_week,
                wit_k,
                saved,
                saved_settled,
                every,
            )
            if status == 0:
                break
            if status == 1:
                self._widen(compiled.weeks_enough)
            else:
                witnesses = int(wit_hi.max()) * 2 + 1024
        placed = why == PLACED
        finish = np.where(placed, start + compiled.duration, -1)
        if not np.array_equal(finish, self.b_finish):
            raise AssertionError("the traced schedule differs from the plan's")  # the two kernels must agree
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

    def _table(self, terms: ValueTerms) -> tuple:
        """V(F) per project for F from 0 to its end week, by ValueModel.values; past it, what it is worth on time and late."""
        model = self.fast.value_model
        count = len(terms.end_week)
        lengths = np.clip(terms.end_week, 0, None).astype(np.int64)
        ptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        owner = np.repeat(np.arange(count), lengths)
        finish = np.arange(int(ptr[-1]), dtype=np.int64) - ptr[owner]

        def rows(index):
            return ValueTerms(*(getattr(terms, f)[index] for f in ValueTerms.__dataclass_fields__))

        table = model.values(rows(owner), finish) if len(owner) else np.empty(0)
        deadline = terms.deadline_week.astype(np.int64)
        has_deadline = deadline < NO_DEADLINE - 1
        late_at = np.where(has_deadline, np.maximum(lengths, np.where(has_deadline, deadline, 0) + 1), lengths)
        on_time = model.values(terms, lengths) if count else np.empty(0)
        late = model.values(terms, late_at) if count else np.empty(0)
        return ptr, np.asarray(table, dtype=np.float64), on_time, late, deadline

    def _extended(self, changed: Plan, trusted_base: np.ndarray | None = None) -> _Problem:
        """The problem of a plan that lists the plan's projects first, in order (then any it adds)."""
        fast = FastPlan(changed)
        if fast.ids[: self.n] != self.ids:
            raise AssertionError("a candidate's list must keep the plan's projects first, in order")
        trusted = np.zeros(len(fast.ids), dtype=np.bool_)
        trusted[: self.n] = True if trusted_base is None else trusted_base
        return self._problem(fast.compiled, fast.ids, trusted, fast.cost_if_run, self._table(fast.terms))

    # -- running a family

    def _run(
        self,
        problem: _Problem,
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
        arrays = (
            np.where(removed >= 0, step[np.maximum(removed, 0)], -1),
            np.where(mover >= 0, step[np.maximum(mover, 0)], -1),
            np.asarray(cands["seqpos"], dtype=np.int64),
            np.asarray(cands["orderpos"], dtype=np.int64),
            np.asarray(cands["t0"], dtype=np.int64),
            np.asarray(cands.get("ordered", np.ones(len(removed))), dtype=np.bool_),
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
            _batch(
                todo, arrays, self.plan_arrays, problem.arrays, self.trace, grids, values, NEUMAIER, out, bitmap, status, CHUNKS
            )
            todo = np.flatnonzero(status == 1).astype(np.int64)
            if todo.size:
                self._widen(int(max(settled, compiled.earliest.max(initial=0)) + compiled.duration.sum() + 2))
                status[todo] = 0
        capacity_cost = self.base.capacity_cost if capacity_cost is None else capacity_cost
        return [self._figures(c, out, bitmap, mover, cands["orderpos"], problem, capacity_cost) for c in range(count)]

    def _figures(self, c, out, bitmap, mover, orderpos, problem: _Problem, capacity_cost: float) -> Figures:
        moved = None
        if bitmap.shape[0]:
            index = np.flatnonzero(np.unpackbits(bitmap[c], bitorder="little")[: self.n])
            m, place = int(mover[c]), int(orderpos[c])
            if 0 <= m < self.n and m in index:  # in the scenario's list, the mover is at its new place
                index = index[np.argsort(np.where(index == m, place - 0.5, index - (index > m)), kind="stable")]
            moved = tuple(problem.ids[i] for i in index.tolist())
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
        cands = dict(removed=none, mover=movers, seqpos=seqpos, orderpos=orderpos, t0=none, ordered=ordered)
        return self._run(self.problem, cands, moved=moved)

    def changed(self, changes: list[dict], *, moved: bool = False) -> Figures:
        """Crashes and capacity changes, which keep the plan's list: the scenario `changes`, on its own."""
        changed = apply_scenario(self.plan, {"changes": list(changes)})
        if changed.order != self.plan.order or changed.added or changed.stopped:
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
            capacity, final, settled_from = _capacity_arrays(changed.capacity, pools)
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

    def _crashed(self, changed: Plan, touched: list[int]) -> _Problem:
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
        last = apply_scenario(self.plan, {"changes": [{"op": "add", "project": proposal, "position": self.n + 1}]})
        problem = self._extended(last)
        x = self.n
        flight = self.fast.compiled.in_flight
        not_in_flight_before = np.concatenate([[0], np.cumsum(~flight)])
        orderpos = np.minimum(np.asarray(positions, dtype=np.int64) - 1, self.n)
        seqpos = self.n_in_flight + not_in_flight_before[orderpos]
        descendants = _descendants(problem.compiled, x)
        first_descendant = min((int(self.step_of[d]) for d in descendants if d < self.n), default=self.n)
        t0 = np.array([min(self._pick_step(problem.compiled, x, int(g)), first_descendant) for g in seqpos], dtype=np.int64)
        count = len(positions)
        cands = dict(removed=np.full(count, -1), mover=np.full(count, x), seqpos=seqpos, orderpos=orderpos, t0=t0)
        return self._run(problem, cands, moved=moved), problem.ids

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
    """The kernel sums floats as this Python's sum() does (checked once, on numbers that tell)."""
    rng = np.random.default_rng(7)
    values = np.concatenate([rng.normal(0, 1, 200) * 10.0 ** rng.integers(-8, 12, 200), [1e16, 1.0, -1e16, 3.0, 0.1]])
    return python_sum(values, NEUMAIER) == sum(values.tolist())


_CHECKED: list[bool] = []


def available() -> bool:
    """Whether the fast path may be used here (else the callers compare each change in full)."""
    if not _CHECKED:
        _CHECKED.append(self_check())
    return _CHECKED[0]
