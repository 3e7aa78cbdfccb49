"""Repairing a plan: a change moves only what it must (ECONOMICS.md, "repairing a plan").

A repair takes a schedule (each project's start week, or none) and a set of touched projects:
1. Keep dates; lower priority yields: serial generation in the engine's order, each project
   no earlier than its start in the schedule being repaired unless it is touched or had none
   (`placement.place_all` with `keep`).
2. Pull forward, highest priority first: while some project could start sooner where it fits
   the capacity every other project leaves, the first such one in that order moves to its
   earliest such week, and the search starts again from the first (`pull_forward`).

The second phase looks again only at projects a move may have freed: a project that could
not start sooner stays so until a predecessor finishes sooner or capacity is freed on one of
its pools before its own last week. `maybe` holds, per place in the order, the projects to
look at; the first of them that can move is the first of all that can, as the page asks.
"""

from __future__ import annotations

import numba
import numpy as np

from vmo_core.engine.placement import (
    CAPACITY_SLACK,
    NO_CAPACITY,
    PLACED,
    PREDECESSOR_UNSCHEDULABLE,
    fit,
    no_witnesses,
    ready_week,
    take,
)


@numba.njit(cache=True)
def pool_members(problem, n_pools):
    """For each pool, the projects with a demand on it: (pointers, projects)."""
    demand_ptr, demand_pool = problem[2], problem[3]
    n = demand_ptr.size - 1
    count = np.zeros(n_pools + 1, dtype=np.int64)
    for k in range(demand_pool.size):
        count[demand_pool[k] + 1] += 1
    ptr = np.cumsum(count)
    members = np.empty(demand_pool.size, dtype=np.int64)
    fill = ptr[:-1].copy()
    for i in range(n):
        for k in range(demand_ptr[i], demand_ptr[i + 1]):
            p = demand_pool[k]
            members[fill[p]] = i
            fill[p] += 1
    return ptr, members


@numba.njit(cache=True)
def pull_forward(problem, order, start, why, left, maybe, settled_from):
    """Phase 2 of a repair, on `start`, `why` and `left` in place: `maybe[r]` marks the project at place r
    of `order` as one that may start sooner (the rest are known not to); the moves it made, or -1 when
    the grid is too short (grow it and repair again).

    A project with no start for want of capacity (or waiting on one) starts sooner when it now fits
    somewhere, every predecessor placed: so a repair of a repair gives the schedule back."""
    duration, demand_ptr, demand_pool, demand_fte, pred_ptr, pred_idx, succ_ptr, succ_idx = (
        problem[0],
        problem[2],
        problem[3],
        problem[4],
        problem[5],
        problem[6],
        problem[7],
        problem[8],
    )
    n = order.size
    rank = np.empty(n, dtype=np.int64)
    for r in range(n):
        rank[order[r]] = r
    settled = settled_from
    for i in range(duration.size):
        if why[i] == PLACED:
            settled = max(settled, start[i] + duration[i])
    pool_ptr, members = pool_members(problem, left.shape[0])
    wit_week, wit_k = no_witnesses()
    moves = 0
    first = 0
    while True:
        while first < n and not maybe[first]:
            first += 1
        if first == n:
            return moves
        maybe[first] = False
        i = order[first]
        a, b = demand_ptr[i], demand_ptr[i + 1]
        weeks = duration[i]
        if why[i] != PLACED:
            if why[i] != NO_CAPACITY and why[i] != PREDECESSOR_UNSCHEDULABLE:
                continue
            waiting = False
            for k in range(pred_ptr[i], pred_ptr[i + 1]):
                waiting = waiting or why[pred_idx[k]] != PLACED
            if waiting:
                continue
            lb = ready_week(problem, i, start)
            limit = max(lb, settled)
            if limit + weeks >= left.shape[1]:
                return -1
            s, _ = fit(left, demand_pool, demand_fte, a, b, lb, weeks, limit, wit_week, wit_k, 0)
            why[i] = NO_CAPACITY  # its predecessors are all placed now: if it waits, it waits for room
            if s < 0:
                continue
            take(left, demand_pool, demand_fte, a, b, s, weeks)
            start[i] = s
            why[i] = PLACED
            settled = max(settled, s + weeks)
            moves += 1
            for k in range(succ_ptr[i], succ_ptr[i + 1]):
                r = rank[succ_idx[k]]
                maybe[r] = True
                first = min(first, r)
            continue
        c = start[i]
        lb = ready_week(problem, i, start)
        if lb >= c:
            continue
        for k in range(a, b):  # its own demand given back while it looks for an earlier window
            row, fte = demand_pool[k], demand_fte[k]
            for w in range(c, c + weeks):
                left[row, w] += fte
        s, _ = fit(left, demand_pool, demand_fte, a, b, lb, weeks, c, wit_week, wit_k, 0)
        take(left, demand_pool, demand_fte, a, b, s, weeks)  # it fits at c at the latest
        if s >= c:
            continue
        start[i] = s
        moves += 1
        freed_from = max(c, s + weeks)  # its old weeks that it no longer holds begin here
        for k in range(succ_ptr[i], succ_ptr[i + 1]):
            r = rank[succ_idx[k]]
            maybe[r] = True
            first = min(first, r)
        for k in range(a, b):
            p = demand_pool[k]
            for m in range(pool_ptr[p], pool_ptr[p + 1]):
                j = members[m]
                # j could only use the freed weeks in a window that starts before its own start;
                # one with no start may use them anywhere
                if j != i and (why[j] != PLACED or start[j] + duration[j] - 2 >= freed_from):
                    r = rank[j]
                    maybe[r] = True
                    first = min(first, r)


@numba.njit(cache=True)
def freed(problem, order, start, why, keep, held_finish, left, held_left, maybe):
    """Which projects the second phase looks at (`maybe`, per place in `order`), right after the first.

    The first phase searched every project from its lower bound, but for one held to a start
    after it: since then it has only taken capacity, so only such a project may start sooner, and
    only in the weeks before its start. When the schedule repaired is one where nothing could start
    sooner and `held_left` is the capacity it leaves (`held_finish` each project's finish there),
    only if a predecessor now finishes sooner, or capacity was freed on one of its pools in a week
    before its last; with no `held_left` (an empty grid), always."""
    duration, demand_ptr, demand_pool, pred_ptr, pred_idx = problem[0], problem[2], problem[3], problem[5], problem[6]
    pools = left.shape[0]
    weeks = min(left.shape[1], held_left.shape[1])
    first_free = np.full(pools, weeks, dtype=np.int64)
    for p in range(pools):
        for w in range(weeks):
            if left[p, w] > held_left[p, w] + CAPACITY_SLACK:
                first_free[p] = w
                break
    for r in range(order.size):
        i = order[r]
        maybe[r] = False
        if why[i] != PLACED or keep[i] < 0 or start[i] < keep[i] or keep[i] <= ready_week(problem, i, start):
            continue  # searched from its lower bound, or unschedulable whatever is freed: no room since
        if held_left.shape[1] == 0:
            maybe[r] = True
            continue
        for k in range(pred_ptr[i], pred_ptr[i + 1]):
            j = pred_idx[k]
            if why[j] == PLACED and start[j] + duration[j] < held_finish[j]:
                maybe[r] = True
        last = start[i] + duration[i] - 2
        for k in range(demand_ptr[i], demand_ptr[i + 1]):
            if first_free[demand_pool[k]] <= last:
                maybe[r] = True
