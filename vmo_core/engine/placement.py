"""Placing projects on the capacity grid: serial schedule generation's compiled kernel, one for every caller.

ECONOMICS.md ("The schedule: serial schedule generation"): a project goes at the earliest
week at or after its earliest start and its predecessors' finishes where every pool it uses
has enough capacity left in all of its weeks. `place` finds that week for one project and
takes its demands off the grid; `place_all` places a whole list, in the engine's order (the
next placed is always the first one left whose predecessors are all placed). The schedule
(`scheduling`), the Monte Carlo runs, the repaired candidates (`batch`), the repair's pull
forward (`repair`) and the optimiser's search (`decisions.ssgs`) all place through these
functions, so they agree start for start.
The small ones are inlined where they are called (as fast as a loop written out in place).

A problem is a tuple of arrays whose first seven are, per project: duration, earliest week,
demand pointers (project i uses demand_pool[demand_ptr[i]:demand_ptr[i+1]]), demand pools,
demand FTE, predecessor pointers and predecessors (the successors follow, for `place_all`).
"""

from __future__ import annotations

import numba
import numpy as np

CAPACITY_SLACK = 1e-9  # FTE: demands of 0.1 and 0.2 fit a pool of 0.3

PLACED, MISSING_PREDECESSOR, NO_CAPACITY, PREDECESSOR_UNSCHEDULABLE = 0, 1, 2, 3
GRID_TOO_SHORT = -2  # what `place` answers when the grid ends before the project could settle


@numba.njit(cache=True, inline="always")
def short_week(left, demand_pool, demand_fte, a, b, s, end, ok_from, ok_to):
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


@numba.njit(cache=True, inline="always")
def fit(left, demand_pool, demand_fte, a, b, lb, weeks, limit, wit_week, wit_k, n_wit):
    """The earliest start >= lb where the project fits (-1: never), and the witness count.

    Each window tried is checked from its end, so a failure jumps past the latest short week;
    the weeks of a window that the one before found room in are not looked at again. Past
    `limit` (the later of lb and the week from which nothing changes any more) it never fits.
    Each window that fails adds its short cell (week, and which of the project's demands) to
    the witness arrays from n_wit on, while they have room; the count
    returned goes on past their size when they are full.
    """
    s = lb
    ok_from, ok_to = 0, 0
    while True:
        bad, bad_k = short_week(left, demand_pool, demand_fte, a, b, s, s + weeks, ok_from, ok_to)
        if bad < 0:
            return s, n_wit
        if n_wit < wit_week.size:
            wit_week[n_wit] = bad
            wit_k[n_wit] = bad_k - a
        n_wit += 1
        ok_from, ok_to = bad + 1, s + weeks
        s = bad + 1
        if s > limit:
            return -1, n_wit


@numba.njit(cache=True)
def no_witnesses():
    """Witness arrays with no room: `fit` and `place` record none."""
    return np.empty(0, dtype=np.int32), np.empty(0, dtype=np.int16)


@numba.njit(cache=True, inline="always")
def take(left, demand_pool, demand_fte, a, b, s, weeks):
    """Demands a..b-1 taken off the grid in weeks s .. s+weeks-1."""
    for k in range(a, b):
        row, fte = demand_pool[k], demand_fte[k]
        for w in range(s, s + weeks):
            left[row, w] -= fte


@numba.njit(cache=True, inline="always")
def ready_week(problem, i, start):
    """The first week project i may start: its earliest start, and after each predecessor's finish."""
    duration, earliest, pred_ptr, pred_idx = problem[0], problem[1], problem[5], problem[6]
    lb = earliest[i]
    for k in range(pred_ptr[i], pred_ptr[i + 1]):
        lb = max(lb, start[pred_idx[k]] + duration[pred_idx[k]])
    return lb


@numba.njit(cache=True, inline="always")
def place(problem, i, lb, left, settled, wit_week, wit_k, n_wit):
    """Project i (ready from week lb) at its earliest week, its demands taken off `left`:
    its start (-1: it never fits; GRID_TOO_SHORT: grow the grid and place again) and the witness count."""
    duration, demand_ptr, demand_pool, demand_fte = problem[0], problem[2], problem[3], problem[4]
    weeks = duration[i]
    limit = max(lb, settled)
    if limit + weeks >= left.shape[1]:
        return GRID_TOO_SHORT, n_wit
    a, b = demand_ptr[i], demand_ptr[i + 1]
    s, n_wit = fit(left, demand_pool, demand_fte, a, b, lb, weeks, limit, wit_week, wit_k, n_wit)
    if s >= 0:
        take(left, demand_pool, demand_fte, a, b, s, weeks)
    return s, n_wit


@numba.njit(cache=True, inline="always")
def release(problem, i, why, culprit, waiting, ready, rank, first):
    """Project i is placed (or not): its successors wait for one fewer, and share its fate when it is
    not placed (`culprit`, when it has entries, records why). The new lowest rank that may be ready."""
    succ_ptr, succ_idx = problem[7], problem[8]
    for k in range(succ_ptr[i], succ_ptr[i + 1]):
        j = succ_idx[k]
        if why[i] != PLACED and why[j] == PLACED:
            why[j] = PREDECESSOR_UNSCHEDULABLE
            if culprit.size:
                culprit[j] = i
        waiting[j] -= 1
        if waiting[j] == 0:
            ready[rank[j]] = True
            first = min(first, rank[j])
    return first


@numba.njit(cache=True)
def queue(problem, sequence, rank, waiting, ready):
    """The ranks of `sequence`, and which projects wait for how many predecessors (ready: none)."""
    pred_ptr = problem[5]
    n = sequence.size
    for r in range(n):
        rank[sequence[r]] = r
    for i in range(n):
        waiting[i] = pred_ptr[i + 1] - pred_ptr[i]
        ready[rank[i]] = waiting[i] == 0


@numba.njit(cache=True)
def place_all(problem, sequence, left, settled_from, start, why, culprit, scratch, keep, order):
    """Place every project: 0 done, 1 the grid `left` is too short (grow it and run again). `order`,
    when it has entries, is written with the projects in the order they were placed (a repair's
    second phase goes in that order).

    `keep`, when it has entries, is a schedule's start per project (-1: none) that no project
    starts before: the first phase of a repair (`engine.repair`). A project that fits nowhere at
    or after its start (a pool cut for good after it) goes at its lower bound, as one with none.

    `start` (pre-filled with -1), `why` (with the blocked codes) and `culprit` are written in
    place; `scratch` is (rank, waiting, ready), one entry per project.
    """
    wit_week, wit_k = no_witnesses()
    rank, waiting, ready = scratch
    n = sequence.size
    queue(problem, sequence, rank, waiting, ready)
    settled = settled_from
    first = 0  # no rank below this is ready
    step = 0
    while True:
        while first < n and not ready[first]:
            first += 1
        if first == n:
            return 0
        ready[first] = False
        i = sequence[first]
        if order.size:
            order[step] = i
        step += 1
        if why[i] == PLACED:
            lb = ready_week(problem, i, start)
            s = -1
            if keep.size and keep[i] > lb:
                s, _ = place(problem, i, keep[i], left, settled, wit_week, wit_k, 0)
                if s == GRID_TOO_SHORT:
                    return 1
            if s == -1:  # no start kept, or none at or after it fits (capacity cut for good): its lower bound
                s, _ = place(problem, i, lb, left, settled, wit_week, wit_k, 0)
            if s == GRID_TOO_SHORT:
                return 1
            if s >= 0:
                start[i] = s
                settled = max(settled, s + problem[0][i])
            else:
                why[i] = NO_CAPACITY
        first = release(problem, i, why, culprit, waiting, ready, rank, first)
