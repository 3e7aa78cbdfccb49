"""The figures of many candidates in one compiled call: `engine.candidates`' batch kernel.

Each candidate is scheduled by `resume.resume`; its total value, project spend and the sum of
its projects' value changes are then summed in the scenario's list order with the float
summation of Python's `sum` (what `ScheduleResult` and `Comparison` use: plain addition, and
Neumaier's compensated step from Python 3.12 on), each V(F) read from a table that
`ValueModel.values` computes, so the figures are `compare_changes`'s to the last bit.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from functools import cached_property

import numba
import numpy as np

from vmo_core.engine.results import ScheduleResult
from vmo_core.engine.resume import resume
from vmo_core.engine.scheduling import PLACED, CompiledPlan
from vmo_core.engine.threads import dealt
from vmo_core.engine.valuation import NO_DEADLINE, ValueModel, ValueTerms

NEUMAIER = sys.version_info >= (3, 12)  # Python's sum() of floats is compensated from 3.12 on


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
def one(c, cands, plan, problem, trace, grids, values, neumaier, out, moved, scratch):
    """Candidate c: schedule it and write its figures (and, when `moved` has rows, which projects move).

    Projects are numbered by the plan's pick step (the plan's own list order is `pick`); the
    figures are summed in the scenario's list order: the plan's list less the removed project,
    the mover taken out and put in at `cand_orderpos`. A candidate's list agrees with the plan's
    up to the first project that changes, so the sums start from the plan's own part-sums there.
    """
    cand_removed, cand_mover, cand_seqpos, cand_orderpos, cand_t0, cand_ordered, cand_sequential = cands
    base_seq, seqpos_of, pick, part_value, part_value_c, part_spend, part_spend_c = plan
    duration, pred_ptr, pred_idx = problem[0], problem[5], problem[6]
    b_value, b_finish, b_spend, cost, vt_ptr, vt, tail_on_time, tail_late, deadline = values
    sequence, work, touched, new_value, new_spend = scratch
    start, why, changed = work[1], work[2], work[6]
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
    ordered, sequential = cand_ordered[c], cand_sequential[c]
    n_changed = resume(problem, trace, grids, (sequence, removed, mover, t0, ordered, sequential), work)
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


def run_batch(todo, *arrays) -> None:
    """The candidates `todo`: figures in `out`, status 0 done or 1 the grid was too short. Candidates
    are independent and each writes only its own rows, so they run on every core (`threads.dealt`)."""
    dealt(todo, _run_batch, *arrays)


@numba.njit(cache=True, nogil=True)
def _run_batch(todo, cands, plan, problem, trace, grids, values, neumaier, out, moved, status):
    n = problem[0].size
    n_base = plan[2].size
    initial = grids[3]
    work = (
        np.empty_like(initial),
        np.empty(n, dtype=np.int64),
        np.empty(n, dtype=np.int64),
        np.empty(n, dtype=np.int64),
        np.empty(n, dtype=np.int64),
        np.empty(n, dtype=np.bool_),
        np.empty(n, dtype=np.int64),
        (
            np.zeros(initial.shape, dtype=np.uint8),
            np.zeros(initial.shape[0], dtype=np.int64),
            np.zeros(initial.shape[0], dtype=np.int64),
        ),
    )
    scratch = (
        np.empty(n, dtype=np.int64),
        work,
        np.zeros(n_base, dtype=np.bool_),
        np.empty(n_base, dtype=np.float64),
        np.empty(n_base, dtype=np.float64),
    )
    for c in todo:
        status[c] = one(c, cands, plan, problem, trace, grids, values, neumaier, out, moved, scratch)


def part_sums(values: np.ndarray, neumaier: bool) -> tuple[np.ndarray, np.ndarray]:
    """The state of Python's sum() after each first r values (the sum, and its compensation), in Python:
    a few thousand steps, and one compiled function fewer to load."""
    total, comp = [0.0], [0.0]
    t, k = 0.0, 0.0
    for x in values.tolist():
        if neumaier:
            s = t + x
            k += (t - s) + x if abs(t) >= abs(x) else (x - s) + t
            t = s
        else:
            t += x
        total.append(t)
        comp.append(k)
    return np.array(total), np.array(comp)


# ---------------------------------------------------------------------------------------- the arrays


@dataclass
class Problem:
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

    @cached_property
    def id_array(self) -> np.ndarray:
        return np.array(self.ids, dtype=object)


def in_steps(compiled: CompiledPlan, trusted: np.ndarray, perm: np.ndarray, inv: np.ndarray) -> tuple:
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


def value_table(model: ValueModel, terms: ValueTerms) -> tuple:
    """V(F) per project for F from 0 to its end week, by ValueModel.values; past it, what it is worth on time and late."""
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
