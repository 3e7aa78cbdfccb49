"""Serial schedule generation for the optimiser's search: compiled, and from where a candidate differs.

Each project is placed by the engine's own compiled placement (`engine.placement.place`,
ECONOMICS.md "The schedule: serial schedule generation"), start for start; what is particular
to a search that schedules hundreds of thousands of candidates:
- A candidate is held as its placement order (`canonical`): the order in which the engine
  places that priority list, which is precedence-feasible, so it is placed in list order.
- Two candidates that share a first part of the list share that part of the schedule: a
  child is scheduled from the first place where it differs from its parent, the parent's
  first part being replayed (its demands taken off the capacity grid at the starts already
  known, in the same order, so the grid is the engine's to the last bit), not searched.
- Each project is valued (ECONOMICS.md, "Value of one project") as it is placed.
- `justify` is the backward pass of forward-backward improvement (Valls, Ballestin and
  Quintanilla 2005): every project is pushed as late as it can go without losing value,
  in the order of its finish, latest first; placing them again in the order of those
  late starts (a forward pass) moves no project later, so loses no value, and often
  closes gaps. In-flight projects stay where they are and are placed first, as always, so
  one that waits for a predecessor can come ahead of a project with an earlier late start
  and take its place (tests/decisions/test_search.py has an example): the search keeps a
  justified list only when it gains (`population.justified`).

The problem is one tuple of arrays (`problem`). Everything here is a `kernel` (engine.compiled,
compiled without reference counts), so nothing allocates: the caller gives the scratch, and the
backward pass sorts by counting weeks.
"""

from __future__ import annotations

import math

import numpy as np

from vmo_core.engine.compiled import kernel
from vmo_core.engine.evaluation import FastPlan
from vmo_core.engine.placement import CAPACITY_SLACK, GRID_TOO_SHORT, no_witnesses, place, ready_week, take

NO_START = -1


def problem(fast: FastPlan) -> tuple:
    """The compiled plan and its value terms as the kernels take them.

    The capacity grid is as long as any schedule can reach (`CompiledPlan.weeks_enough`: every
    project waiting for all the others and for the last capacity change); a schedule copies
    only as much of it as it reaches.
    """
    c, t = fast.compiled, fast.terms
    q = float(fast.value_model.weekly_discount)
    return (
        c.duration,
        c.earliest,
        c.demand_ptr,
        c.demand_pool,
        c.demand_fte,
        c.pred_ptr,
        c.pred_idx,
        c.succ_ptr,
        c.succ_idx,
        c.blocked != 0,
        c.in_flight,
        _grid(c.capacity, c.final_capacity, c.weeks_enough),
        int(c.settled_from),
        t.value_per_week,
        t.decay,
        t.end_week,
        t.deadline_week,
        t.late_penalty,
        q,
        q ** np.arange(max(int(t.end_week.max(initial=0)), 0) + 1, dtype=float),  # q^t up to the last week of value
        *no_witnesses(),  # `place` records none (a kernel may not make them: ssgs is compiled without reference counts)
    )


def _grid(capacity: np.ndarray, final: np.ndarray, weeks: int) -> np.ndarray:
    grid = np.empty((len(final), max(weeks, capacity.shape[1] + 1)))
    grid[:] = final[:, None]
    grid[:, : capacity.shape[1]] = capacity
    return grid


@kernel(inline="always")
def _value(i, finish, vpw, decay, end_week, deadline, penalty, q, qpow):
    """V(F) of project i (ECONOMICS.md), as ValueModel.values writes it; 0 when unscheduled."""
    if finish < 0:
        return 0.0
    end = end_week[i]
    value = 0.0
    if finish < end:
        if q == 1.0:
            weeks = float(end - finish)
        else:
            weeks = (qpow[finish] - qpow[end]) / (1.0 - q)
        weekly = vpw[i] if decay[i] == 0.0 else vpw[i] * math.pow(1.0 - decay[i], float(finish))
        value = weekly * weeks
    if finish > deadline[i]:
        value -= penalty[i]
    return value


@kernel
def canonical(prob, sequence, out, rank, by_rank, waiting, back):
    """`out` = the order in which the engine places `sequence`: in-flight projects first, then the
    rest, each next the first one left whose predecessors are all placed. `rank`, `by_rank`,
    `waiting` and `back` are scratch of one entry per project."""
    pred_ptr, succ_ptr, succ_idx, in_flight = prob[5], prob[7], prob[8], prob[10]
    n = sequence.size
    r = 0
    for flight in (True, False):
        for k in range(n):
            if in_flight[sequence[k]] == flight:
                rank[sequence[k]] = r
                by_rank[r] = sequence[k]
                r += 1
    for i in range(n):
        waiting[i] = pred_ptr[i + 1] - pred_ptr[i]
    # `first` scans the ranks once; a project made ready behind it waits in the heap `back`
    first, heap = 0, 0
    for placed in range(n):
        if heap > 0:
            r = back[0]
            heap -= 1
            _sift_down(back, heap, back[heap])
        else:
            while first < n and waiting[by_rank[first]] != 0:
                first += 1
            if first == n:  # a dependency cycle (loading refuses them): the rest as they come
                for r in range(n):
                    if waiting[by_rank[r]] > 0:
                        out[placed] = by_rank[r]
                        placed += 1
                return
            r = first
            first += 1
        i = by_rank[r]
        waiting[i] = -1
        out[placed] = i
        for k in range(succ_ptr[i], succ_ptr[i + 1]):
            j = succ_idx[k]
            waiting[j] -= 1
            if waiting[j] == 0 and rank[j] < first:
                _sift_up(back, heap, rank[j])
                heap += 1


@kernel
def _sift_up(heap, size, value):
    at = size
    while at > 0:
        parent = (at - 1) // 2
        if heap[parent] <= value:
            break
        heap[at] = heap[parent]
        at = parent
    heap[at] = value


@kernel
def _sift_down(heap, size, value):
    """Put `value` (the old last entry) back into a heap of `size` whose top was taken."""
    if size == 0:
        return
    at = 0
    while True:
        child = 2 * at + 1
        if child >= size:
            break
        if child + 1 < size and heap[child + 1] < heap[child]:
            child += 1
        if heap[child] >= value:
            break
        heap[at] = heap[child]
        at = child
    heap[at] = value


@kernel
def first_difference(a, b):
    n = a.size
    for r in range(n):
        if a[r] != b[r]:
            return r
    return n


@kernel
def schedule_from(prob, order, p, parent_start, start, cumval, cumfin, grid):
    """Schedule the placement order `order` into `start` (per project; NO_START if unscheduled).

    Its first `p` places are the parent's (`parent_start`; `cumval`, `cumfin` already hold the
    parent's running value and finish-week sums up to p): they are replayed, and the rest placed
    as the engine places them. cumval[r] / cumfin[r] = value / sum of finish weeks of the first r.
    `grid` is scratch of the problem's grid's shape. False only if the grid were too short,
    which `problem` rules out.
    """
    duration, earliest, demand_ptr, demand_pool, demand_fte = prob[0], prob[1], prob[2], prob[3], prob[4]
    pred_ptr, pred_idx, blocked, base, settled = prob[5], prob[6], prob[9], prob[11], prob[12]
    vpw, decay, end_week, deadline, penalty, q, qpow = prob[13], prob[14], prob[15], prob[16], prob[17], prob[18], prob[19]
    n = order.size
    filled = 0  # weeks of `grid` copied from `base` so far: only as far as the schedule reaches
    for r in range(p):
        i = order[r]
        s = parent_start[i]
        start[i] = s
        if s >= 0:
            weeks = duration[i]
            filled = _filled_to(grid, base, filled, s + weeks)
            take(grid, demand_pool, demand_fte, demand_ptr[i], demand_ptr[i + 1], s, weeks)
            settled = max(settled, s + weeks)
    no_week, no_k = prob[20], prob[21]
    for r in range(p, n):
        i = order[r]
        s = NO_START
        weeks = duration[i]
        placeable = not blocked[i]
        for k in range(pred_ptr[i], pred_ptr[i + 1]):
            placeable = placeable and start[pred_idx[k]] >= 0
        if placeable:
            # the grid as far as the placement can look: nothing changes past the settled week
            filled = _filled_to(grid, base, filled, max(earliest[i], settled) + weeks + 1)
            s, _ = place(prob, i, ready_week(prob, i, start), grid, settled, no_week, no_k, 0)
            if s == GRID_TOO_SHORT:
                return False
            if s >= 0:
                settled = max(settled, s + weeks)
        start[i] = s
        if s >= 0:
            cumval[r + 1] = cumval[r] + _value(i, s + weeks, vpw, decay, end_week, deadline, penalty, q, qpow)
            cumfin[r + 1] = cumfin[r] + s + weeks
        else:
            cumval[r + 1] = cumval[r]
            cumfin[r + 1] = cumfin[r]
    return True


@kernel
def _filled_to(grid, base, filled, weeks):
    """Copy `base` into `grid` from week `filled` to at least `weeks` (doubling); the new extent."""
    if weeks <= filled:
        return filled
    upto = min(grid.shape[1], max(weeks, 2 * filled, 64))
    for pool in range(grid.shape[0]):
        for w in range(filled, upto):
            grid[pool, w] = base[pool, w]
    return upto


@kernel
def latest_finish_keeping_value(prob, i, finish, last):
    """The latest finish week, at most `last`, at which project i is worth what it is at `finish`."""
    vpw, end_week, deadline, penalty = prob[13], prob[15], prob[16], prob[17]
    if vpw[i] != 0.0 and finish < end_week[i]:
        return finish  # it earns less every week later
    if penalty[i] != 0.0 and finish <= deadline[i]:
        return min(last, deadline[i])
    return last


@kernel
def justify(prob, order, start, out, late, bucket, by_bucket, count, grid):
    """The backward pass: `late` = each scheduled project as late as it can go without losing value
    (in-flight projects stay where they are), taken in order of finish, latest first; `out` = the
    forward pass's list: in-flight first, then by those late starts, the unscheduled last.
    `bucket` and `by_bucket` are scratch of one entry per project; `count` of two per week of the grid."""
    duration, demand_ptr, demand_pool, demand_fte = prob[0], prob[2], prob[3], prob[4]
    succ_ptr, succ_idx, in_flight, base = prob[7], prob[8], prob[10], prob[11]
    n = order.size
    last = 0
    for i in range(n):
        if start[i] >= 0:
            last = max(last, start[i] + duration[i])
    _filled_to(grid, base, 0, last)
    for i in range(n):
        late[i] = start[i]
        if start[i] >= 0 and in_flight[i]:
            take(grid, demand_pool, demand_fte, demand_ptr[i], demand_ptr[i + 1], start[i], duration[i])
    for r in range(n):  # latest finish first; of equal finishes, the later in the list first
        i = order[r]
        bucket[r] = last - (start[i] + duration[i]) if start[i] >= 0 and not in_flight[i] else -1
    for m in range(_counting_sort(bucket, last + 1, by_bucket, count, True)):
        i = order[by_bucket[m]]
        weeks = duration[i]
        bound = latest_finish_keeping_value(prob, i, start[i] + weeks, last)
        for k in range(succ_ptr[i], succ_ptr[i + 1]):
            j = succ_idx[k]
            if late[j] >= 0:
                bound = min(bound, late[j])
        s = bound - weeks
        a, b = demand_ptr[i], demand_ptr[i + 1]
        while s > start[i]:
            bad = -1
            for w in range(s, s + weeks):  # from the start: jump as far back as possible
                for k in range(a, b):
                    if grid[demand_pool[k], w] < demand_fte[k] - CAPACITY_SLACK:
                        bad = w
                        break
                if bad >= 0:
                    break
            if bad < 0:
                break
            s = bad - weeks
        s = max(s, start[i])  # where it is now always fits
        late[i] = s
        take(grid, demand_pool, demand_fte, a, b, s, weeks)
    for r in range(n):  # in flight by late start, then the rest by late start, then the unscheduled; ties in list order
        i = order[r]
        if start[i] < 0:
            bucket[r] = 2 * (last + 1)
        elif in_flight[i]:
            bucket[r] = late[i]
        else:
            bucket[r] = last + 1 + late[i]
    _counting_sort(bucket, 2 * (last + 1) + 1, by_bucket, count, False)
    for m in range(n):
        out[m] = order[by_bucket[m]]


def week_counts(weeks: int) -> np.ndarray:
    """`justify`'s scratch `count` for a grid of `weeks` weeks."""
    return np.zeros(2 * weeks + 4, dtype=np.int64)


@kernel
def _counting_sort(bucket, buckets, out, count, backwards):
    """`out` = the places r with a bucket (0 .. buckets-1; -1: none), lowest bucket first, places
    in one bucket in their order (`backwards`: last place first); how many. `count` has room for
    buckets + 1 entries."""
    count[: buckets + 1] = 0
    n = bucket.size
    for r in range(n):
        if bucket[r] >= 0:
            count[bucket[r] + 1] += 1
    for b in range(buckets):
        count[b + 1] += count[b]
    for x in range(n):
        r = n - 1 - x if backwards else x
        if bucket[r] >= 0:
            out[count[bucket[r]]] = r
            count[bucket[r]] += 1
    return count[buckets - 1]


@kernel
def schedule_hash(start):
    """A 64-bit fingerprint of a schedule (two lists with one schedule are one candidate)."""
    h = np.uint64(1469598103934665603)
    for i in range(start.size):
        h = (h ^ np.uint64(start[i] + 2)) * np.uint64(1099511628211)
        h ^= h >> np.uint64(29)
    return h
