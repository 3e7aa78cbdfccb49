"""Serial schedule generation resumed from a plan's own schedule: the kernel of `engine.candidates`.

The plan is placed once with a trace (`placement.place_all`, recording what resuming needs: the
step at which each project is picked, the grid every so many steps, and each project's
witnesses, the latest short cell of each window its search tried). `resume` schedules one
candidate from a step of that trace on: every project is placed by serial generation again, but one with the plan's duration
and demands is not searched from scratch. While a witness cell is still short, every window
holding it still fails, so the search jumps past it without looking; it looks only where a
witness no longer holds, or past the last one. A cell that no project placed otherwise has
touched (not dirty) holds what it held when the plan placed the project, so a witness there is
not even read, nor the plan's own window when none of its cells is dirty. The start found is
the earliest that fits, exactly as `placement.fit` finds it.
"""

from __future__ import annotations

import numba
import numpy as np

from vmo_core.engine.placement import (
    CAPACITY_SLACK,
    GRID_TOO_SHORT,
    NO_CAPACITY,
    PLACED,
    PREDECESSOR_UNSCHEDULABLE,
    no_witnesses,
    place,
    ready_week,
    release,
    short_week,
    take,
)

REMOVED = 4  # a project the candidate stops: processed as an unschedulable one, so its successors are too


@numba.njit(cache=True)
def refit(left, dirt, demand_pool, demand_fte, a, b, lb, weeks, limit, witnesses, lo, hi, was):
    """`placement.fit`'s answer, without trying the windows that the plan's witnesses lo..hi still rule out.

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
        if s == was and was >= 0:  # the plan's own window: only its dirty cells can be short now
            bad = -1
            for j in range(a, b):
                q = demand_pool[j]
                for w in range(min(s + weeks, end_dirty[q]) - 1, max(s, first_dirty[q], bad + 1) - 1, -1):
                    if dirty[q, w] and left[q, w] < demand_fte[j] - CAPACITY_SLACK:
                        bad = w
                        break
        else:
            bad, _ = short_week(left, demand_pool, demand_fte, a, b, s, s + weeks, ok_from, ok_to)
        if bad < 0:
            return s
        ok_from, ok_to = bad + 1, s + weeks
        s = bad + 1
        if s > limit:
            return -1


@numba.njit(cache=True)
def mark_dirty(dirty, first_dirty, end_dirty, demand_pool, a, b, s, end):
    """Weeks s .. end-1 of the project's pools may hold other than the plan held there at this point."""
    for j in range(a, b):
        q = demand_pool[j]
        for w in range(s, end):
            dirty[q, w] = 1
        first_dirty[q] = min(first_dirty[q], s)
        end_dirty[q] = max(end_dirty[q], end)


@numba.njit(cache=True)
def resume(problem, trace, grids, candidate, work):
    """Schedule one candidate, with projects numbered by the step at which the plan picks them:
    the plan's first `t0` picks as the plan made them, then serial generation on, searching only
    where the trace's witnesses no longer hold. The projects whose outcome differs from the
    plan's (and every project whose duration or demands differ) are listed in `changed`; the
    count is returned, or -1 when the grid is too short.

    `candidate`: its sequence (numbered by steps), the project it removes and the one it moves
    (-1: none), the step t0 from which it differs, and whether it is `ordered` and `sequential`.
    `work`: the grid, start, why, rank, waiting, ready and changed arrays it writes, and `dirt`.

    `ordered`: the candidate picks every project but the mover in the plan's order (so a cell
    holds what the plan held at the same point until a project placed otherwise marks it
    dirty); when it does not (a mover with successors, that may come sooner), every cell is
    treated as dirty. `dirt`: the dirty cells, and per pool the weeks that hold one.
    `sequential`: the candidate picks the mover (if any) and then exactly the plan's order from
    t0 (no project waits on the mover), so no queue of ready projects is kept.
    """
    duration, earliest, demand_ptr, demand_pool, demand_fte, pred_ptr, pred_idx, succ_ptr, succ_idx, blocked, trusted = problem
    sequence, removed, mover, t0, ordered, sequential = candidate
    left, start, why, rank, waiting, ready, changed, dirt = work
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
            take(left, demand_pool, demand_fte, demand_ptr[i], demand_ptr[i + 1], b_start[i], duration[i])
            settled = max(settled, b_start[i] + duration[i])
    for i in range(t0, n):
        start[i] = -1
        why[i] = blocked[i]
    if removed >= 0:
        why[removed] = REMOVED
    if not sequential:
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
    no_week, no_k = no_witnesses()
    no_culprit = np.empty(0, dtype=np.int64)
    n_changed = 0
    first = 0
    next_step = t0
    mover_next = mover >= 0
    while True:
        if sequential:  # the plan's order from t0 on, the mover (if any) first: no queue to keep
            if mover_next:
                i = mover
                mover_next = False
            else:
                if next_step == mover:
                    next_step += 1
                if next_step >= n_base:
                    return n_changed
                i = next_step
                next_step += 1
            if why[i] == PLACED:
                for k in range(pred_ptr[i], pred_ptr[i + 1]):
                    if why[pred_idx[k]] != PLACED:
                        why[i] = PREDECESSOR_UNSCHEDULABLE
                        break
        else:
            while first < n and not ready[first]:
                first += 1
            if first == n:
                return n_changed
            ready[first] = False
            i = sequence[first]
        if why[i] == PLACED:
            lb = ready_week(problem, i, start)
            if trusted[i]:  # the plan's witnesses hold for it
                weeks, a, b = duration[i], demand_ptr[i], demand_ptr[i + 1]
                limit = max(lb, settled)
                if limit + weeks >= weeks_on_grid:
                    return -1
                was = b_start[i] if b_why[i] == PLACED and i != mover else -1  # the mover is picked out of turn
                s = refit(left, dirt, demand_pool, demand_fte, a, b, lb, weeks, limit, witnesses, wit_lo[i], wit_hi[i], was)
                if s >= 0:
                    take(left, demand_pool, demand_fte, a, b, s, weeks)
            else:
                s, _ = place(problem, i, lb, left, settled, no_week, no_k, 0)
                if s == GRID_TOO_SHORT:
                    return -1
            if s >= 0:
                start[i] = s
                settled = max(settled, s + duration[i])
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
                mark_dirty(dirty, first_dirty, end_dirty, demand_pool, a, b, b_start[i], b_finish[i])
            if placed:
                mark_dirty(dirty, first_dirty, end_dirty, demand_pool, a, b, start[i], start[i] + duration[i])
        if not sequential:
            first = release(problem, i, why, no_culprit, waiting, ready, rank, first)
