"""The optimiser's population: its rows, its random numbers, how rows are scheduled, ranked and kept.

A `State` holds the members (rows 0..size-1, best first), the children under way, two spare
rows, the best order found, the counters and one 64-bit generator (xorshift64*): everything
random in the search comes from it, so a seed and an evaluation budget fix the result. A row
is a placement order, scheduled by `ssgs.schedule_from` from where it first differs from the
row it was made from (`evaluate`); `justified` tries forward-backward improvement on a row and
keeps it only when it gains; `survive` keeps the best distinct schedules. The operators that
make new rows are in `search`.
"""

from __future__ import annotations

import numba
import numpy as np

from vmo_core.decisions import ssgs
from vmo_core.engine.compiled import kernel

# st: the state tuple (State.arrays); counters: where the search is
ORDER, START, CUMVAL, CUMFIN, VALUE, FIN, PRINT, BEST_ORDER, BEST, COUNTERS, RNG, SCRATCH, TAKEN, GRID, WEEKS = range(15)
EVALS, MEMBERS, KIDS, GENERATION, STALE_SINCE, JUSTIFIED, JUSTIFY_GAINS, BEST_GENERATION, DONE = range(9)
MOVING, TRIED, TARGETS = range(9, 12)  # the insertion under way: the place moved from, places tried, places to try


class State:
    """Members (rows 0..size-1, best first), the children under way (rows size..), a spare row
    (the last), the best order found, counters, the generator and scratch."""

    def __init__(self, n: int, *, size: int, kids: int, grid_shape: tuple[int, int], seed: int):
        rows = size + max(size, kids) + 2
        self.size = size
        self.order = np.zeros((rows, n), dtype=np.int64)
        self.start = np.zeros((rows, n), dtype=np.int64)
        self.cumval = np.zeros((rows, n + 1))
        self.cumfin = np.zeros((rows, n + 1), dtype=np.int64)
        self.value = np.full(rows, -np.inf)
        self.fin = np.zeros(rows, dtype=np.int64)
        self.fingerprint = np.zeros(rows, dtype=np.uint64)
        self.best_order = np.zeros(n, dtype=np.int64)
        self.best = np.array([-np.inf, 0.0])  # value, sum of finish weeks
        self.counters = np.zeros(12, dtype=np.int64)
        self.counters[MOVING] = -1
        mixed = (int(seed) * 0x9E3779B97F4A7C15 + 0x2545F4914F6CDD1D) % 2**64 or 1
        self.rng = np.array([mixed], dtype=np.uint64)
        self.scratch = np.zeros((10, n), dtype=np.int64)
        self.taken = np.zeros(n, dtype=np.bool_)
        self.grid = np.zeros(grid_shape)
        self.weeks = ssgs.week_counts(grid_shape[1])

    def arrays(self) -> tuple:
        return (
            self.order,
            self.start,
            self.cumval,
            self.cumfin,
            self.value,
            self.fin,
            self.fingerprint,
            self.best_order,
            self.best,
            self.counters,
            self.rng,
            self.scratch,
            self.taken,
            self.grid,
            self.weeks,
        )

    @property
    def evaluations(self) -> int:
        return int(self.counters[EVALS])


@kernel
def next_random(rng):
    """xorshift64*: the next 64-bit number from the state rng[0]."""
    x = rng[0]
    x ^= x >> np.uint64(12)
    x ^= x << np.uint64(25)
    x ^= x >> np.uint64(27)
    rng[0] = x
    return x * np.uint64(2685821657736338717)


@kernel
def below(rng, k):
    """A whole number in 0 .. k-1."""
    return np.int64((next_random(rng) >> np.uint64(11)) % np.uint64(k))


@kernel
def uniform(rng):
    return float(next_random(rng) >> np.uint64(11)) / 9007199254740992.0


@kernel
def better(value_a, fin_a, value_b, fin_b):
    """a beats b: more value (beyond rounding), or as much value delivered sooner."""
    if value_b == -np.inf:
        return True
    tolerance = 1e-9 * max(1.0, abs(value_b))
    if value_a > value_b + tolerance:
        return True
    return abs(value_a - value_b) <= tolerance and fin_a < fin_b


def ahead_of(value: float, fin: float, best: np.ndarray) -> bool:
    """A schedule worth `value`, its finish weeks summing to `fin`, beats the best (value, fin) pair."""
    return bool(better(value, fin, best[0], best[1]))


@kernel
def evaluate(prob, st, row, parent):
    """Schedule order[row] (a placement order) from where it leaves order[parent] (parent < 0:
    from the start), value it, and keep it as the best if it is."""
    order, start, cumval, cumfin, counters = st[ORDER], st[START], st[CUMVAL], st[CUMFIN], st[COUNTERS]
    n = order.shape[1]
    p = 0
    source = row
    if parent >= 0:
        p = ssgs.first_difference(order[parent], order[row])
        source = parent
        copied(cumval[parent], cumval[row], p + 1)
        copied(cumfin[parent], cumfin[row], p + 1)
    else:
        cumval[row, 0] = 0.0
        cumfin[row, 0] = 0
    if not ssgs.schedule_from(prob, order[row], p, start[source], start[row], cumval[row], cumfin[row], st[GRID]):
        raise ValueError("capacity grid too short")  # problem() makes it long enough for any schedule
    counters[EVALS] += 1
    st[VALUE][row] = cumval[row, n]
    st[FIN][row] = cumfin[row, n]
    st[PRINT][row] = ssgs.schedule_hash(start[row])
    best = st[BEST]
    if better(st[VALUE][row], st[FIN][row], best[0], best[1]):
        best[0], best[1] = st[VALUE][row], st[FIN][row]
        copied(order[row], st[BEST_ORDER], n)
        counters[BEST_GENERATION] = counters[GENERATION]


@kernel
def place(prob, st, row, sequence, parent):
    """order[row] = the placement order of `sequence`, evaluated from order[parent]."""
    scratch = st[SCRATCH]
    ssgs.canonical(prob, sequence, st[ORDER][row], scratch[0], scratch[1], scratch[2], scratch[3])
    evaluate(prob, st, row, parent)


@kernel
def justified(prob, st, row):
    """Forward-backward improvement of order[row], tried in the spare row and kept when it gains (True)."""
    order, counters, scratch = st[ORDER], st[COUNTERS], st[SCRATCH]
    spare = order.shape[0] - 1
    ssgs.justify(prob, order[row], st[START][row], scratch[6], scratch[4], scratch[5], scratch[9], st[WEEKS], st[GRID])
    counters[EVALS] += 1  # the backward pass
    place(prob, st, spare, scratch[6], row)
    counters[JUSTIFIED] += 1
    value, fin = st[VALUE], st[FIN]
    if better(value[spare], fin[spare], value[row], fin[row]):
        counters[JUSTIFY_GAINS] += 1
        copy_row(st, spare, row)
        return True
    return False


@numba.njit(cache=True)
def survive(st, size):
    """Members and children together: the best distinct schedules become the members, best first."""
    value, fin, fingerprint, counters = st[VALUE], st[FIN], st[PRINT], st[COUNTERS]
    members, kids = counters[MEMBERS], counters[KIDS]
    pool = np.empty(members + kids, dtype=np.int64)
    for x in range(members):
        pool[x] = x
    for x in range(kids):
        pool[members + x] = size + x
    total = pool.size
    for x in range(1, total):  # insertion sort, best first: value, then sooner, then as it was
        y = pool[x]
        at = x
        while at > 0 and _ahead(value, fin, y, pool[at - 1]):
            pool[at] = pool[at - 1]
            at -= 1
        pool[at] = y
    keep = np.empty(min(size, total), dtype=np.int64)
    kept = 0
    for x in range(total):
        row = pool[x]
        fresh = True
        for k in range(kept):
            if fingerprint[keep[k]] == fingerprint[row] and value[keep[k]] == value[row]:
                fresh = False
                break
        if fresh:
            keep[kept] = row
            kept += 1
            if kept == keep.size:
                break
    for x in range(total):  # copies of a schedule fill any places left, best first
        if kept == keep.size:
            break
        if not _contains(keep, kept, pool[x]):
            keep[kept] = pool[x]
            kept += 1
    _gather(st, keep)
    counters[MEMBERS] = kept
    counters[KIDS] = 0


@kernel
def _ahead(value, fin, x, y):
    if value[x] != value[y]:
        return value[x] > value[y]
    return fin[x] < fin[y]


@kernel
def _contains(items, count, item):
    for k in range(count):
        if items[k] == item:
            return True
    return False


@numba.njit(cache=True)
def _gather(st, keep):
    """Rows 0..len(keep)-1 become the rows `keep`, in that order."""
    k = keep.size
    st[ORDER][:k] = st[ORDER][keep].copy()
    st[START][:k] = st[START][keep].copy()
    st[CUMVAL][:k] = st[CUMVAL][keep].copy()
    st[CUMFIN][:k] = st[CUMFIN][keep].copy()
    st[VALUE][:k] = st[VALUE][keep].copy()
    st[FIN][:k] = st[FIN][keep].copy()
    st[PRINT][:k] = st[PRINT][keep].copy()


@kernel
def copy_row(st, source, target):
    n = st[ORDER].shape[1]
    copied(st[ORDER][source], st[ORDER][target], n)
    copied(st[START][source], st[START][target], n)
    copied(st[CUMVAL][source], st[CUMVAL][target], n + 1)
    copied(st[CUMFIN][source], st[CUMFIN][target], n + 1)
    st[VALUE][target] = st[VALUE][source]
    st[FIN][target] = st[FIN][source]
    st[PRINT][target] = st[PRINT][source]


@kernel(inline="always")
def copied(source, target, count):
    """The first `count` entries of `source` into `target` (a slice assigned needs reference counts)."""
    for r in range(count):
        target[r] = source[r]
