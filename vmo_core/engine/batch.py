"""The figures of many candidates in one compiled call: `engine.candidates`' batch kernel.

Each candidate is the repair of the plan's schedule (`engine.repair`) as its change leaves the
plan, looking again in the second phase only at what the change may have freed; its total value, project spend and the sum of
its projects' value changes are then summed in the scenario's list order with the float
summation of Python's `sum` (what `ScheduleResult` and `Comparison` use: plain addition, and
Neumaier's compensated step from Python 3.12 on), each V(F) read from a table that
`ValueModel.values` computes, so the figures are `compare_changes`'s to the last bit.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass

import numba
import numpy as np

from vmo_core.engine.placement import MISSING_PREDECESSOR, PLACED, place_all
from vmo_core.engine.repair import freed, pull_forward
from vmo_core.engine.results import ScheduleResult
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
def one(c, cands, base, problem, grids, values, neumaier, out, moved, finishes, work):
    """Candidate c: repair the plan's schedule as the candidate changes it, and write its figures
    (and, where `moved` or `finishes` have rows, which projects move and every finish).

    Projects are numbered as the plan's list (an added project is n_base); the candidate's list
    is the plan's less the removed project, with the mover (taken out of its place, or added)
    put in at `orderpos`. The figures are summed in that list's order, as `compare_changes` sums them.
    """
    cand_removed, cand_mover, cand_orderpos, cand_touch = cands
    in_flight, b_start, b_left, b_value, b_finish, b_spend = base
    initial, settled_from, blocked = grids
    cost, vt_ptr, vt, tail_on_time, tail_late, deadline = values
    duration = problem[0]
    listed, sequence, order, keep, start, why, culprit, maybe, left, scratch = work
    n = duration.size
    n_base = b_start.size
    removed, mover, o, touch = cand_removed[c], cand_mover[c], cand_orderpos[c], cand_touch[c]
    # the candidate's list, and its placement order: in-flight projects first, each group in list order
    count = 0
    for i in range(n_base + 1):
        if i == o and mover >= 0:
            listed[count] = mover
            count += 1
        if i < n_base and i != removed and i != mover:
            listed[count] = i
            count += 1
    k = 0
    for r in range(count):
        if in_flight[listed[r]]:
            sequence[k] = listed[r]
            k += 1
    for r in range(count):
        if not in_flight[listed[r]]:
            sequence[k] = listed[r]
            k += 1
    # what the repair keeps: the plan's starts, but for the touched (the mover and those it passes)
    for i in range(n):
        keep[i] = b_start[i] if i < n_base else -1
        start[i] = -1
        why[i] = blocked[i]
    if touch >= 0:
        keep[touch] = -1
    if mover >= 0:
        keep[mover] = -1
        if mover < n_base:  # a project moved up passes those of its group between its new place and its old one
            for r in range(o, count):
                i = listed[r]
                if i == mover or in_flight[i] != in_flight[mover]:
                    continue  # in the order of work, in-flight projects come first whatever the list says
                if i > mover:
                    break
                keep[i] = -1
    n_seq = count
    if removed >= 0:  # stopped: never placed, and what depends on it is not scheduled
        why[removed] = MISSING_PREDECESSOR
        sequence[count] = removed
        n_seq += 1
    seq = sequence[:n_seq]
    left[:, :] = initial
    if place_all(problem, seq, left, settled_from, start, why, culprit, scratch, keep, order[:n_seq]) != 0:
        return 1
    freed(problem, order[:n_seq], start, why, keep, b_finish, left, b_left, maybe[:n_seq])
    if pull_forward(problem, order[:n_seq], start, why, left, maybe[:n_seq], settled_from) < 0:
        return 1
    # the figures, in the candidate's list order
    record = moved.shape[0] > 0
    if record:
        moved[c, :] = 0
    tv, tvc, pc, pcc, dv, dvc = 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
    own_v, own_c = 0.0, 0.0
    for r in range(count):
        i = listed[r]
        if why[i] == PLACED:
            f = start[i] + duration[i]
            if i < n_base and f == b_finish[i]:
                v = b_value[i]
            else:
                v = _value_at(i, f, vt_ptr, vt, tail_on_time, tail_late, deadline)
            spend = cost[i]
        else:
            f = -1
            v = 0.0
            spend = 0.0
        if finishes.shape[0]:
            finishes[c, i] = f
        tv, tvc = _add(tv, tvc, v, neumaier)
        pc, pcc = _add(pc, pcc, spend, neumaier)
        if i >= n_base:
            own_v, own_c = v, spend
            continue
        dv, dvc = _add(dv, dvc, v - b_value[i], neumaier)
        if record and f != b_finish[i]:
            moved[c, i >> 3] |= np.uint8(1 << (i & 7))
    if finishes.shape[0] and removed >= 0:
        finishes[c, removed] = -1
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
def _run_batch(todo, cands, base, problem, grids, values, neumaier, out, moved, finishes, status):
    n = problem[0].size
    initial = grids[0]
    work = (
        np.empty(n, dtype=np.int64),  # listed
        np.empty(n, dtype=np.int64),  # sequence
        np.empty(n, dtype=np.int64),  # order
        np.empty(n, dtype=np.int64),  # keep
        np.empty(n, dtype=np.int64),  # start
        np.empty(n, dtype=np.int64),  # why
        np.empty(0, dtype=np.int64),  # culprit: not recorded
        np.empty(n, dtype=np.bool_),  # maybe
        np.empty_like(initial),  # left
        (np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64), np.empty(n, dtype=np.bool_)),
    )
    for c in todo:
        status[c] = one(c, cands, base, problem, grids, values, neumaier, out, moved, finishes, work)


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
