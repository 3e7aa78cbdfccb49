"""The optimiser's search over priority lists, compiled: a genetic algorithm with justification.

A population of placement orders (activity lists, Hartmann 1998), each scheduled by
`ssgs.schedule_from` and valued. Each generation breeds as many children as there are
members:
- two parents, each the better of two drawn at random (binary tournament);
- two-point crossover (Hartmann 1998): the child takes the first parent's list up to one
  point, then the second parent's projects not yet taken, in their order, up to another
  point, then the rest in the first parent's order (precedence-feasible lists stay so);
- mutation: one or two projects moved, each to a place near it or anywhere;
- the child is scheduled from where it first differs from its first parent;
- justification (forward-backward improvement, Valls, Ballestin and Quintanilla 2005;
  `ssgs.justify`): pushed late without losing value and placed again early, kept when it
  gains; tried on every child while it pays, on fewer (down to one in ten) when it seldom does.
Then the best distinct schedules of parents and children survive (`survive`). The caller
adds best insertion into the best member (`insertion`), and starts the population again
from the seeds when generations go by without a gain (`refill`). `enumerate_orders` tries
every ordering instead, when they all fit the budget.

Everything random comes from one 64-bit generator held in the state, so a seed and an
evaluation budget fix the result whatever the machine's speed: the caller stops only
between calls. Every schedule built, forward or backward, counts as one evaluation.
"""

from __future__ import annotations

import numba
import numpy as np

from vmo_core.decisions import ssgs

# st: the state tuple (State.arrays); counters: where the search is
ORDER, START, CUMVAL, CUMFIN, VALUE, FIN, PRINT, BEST_ORDER, BEST, COUNTERS, RNG, SCRATCH, TAKEN, GRID = range(14)
EVALS, MEMBERS, KIDS, GENERATION, STALE_SINCE, JUSTIFIED, JUSTIFY_GAINS, BEST_GENERATION, DONE = range(9)
MOVING, TRIED, TARGETS = range(9, 12)  # the insertion under way: the place moved from, places tried, places to try
# what `step` does
SEED, SURVIVE, REFILL, BREED, INSERT, ENUMERATE, SCHEDULE = range(7)
INSERTION_PLACES = 48  # places tried for a project: all of them in a short list, else near ones and a sample


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
        self.scratch = np.zeros((9, n), dtype=np.int64)
        self.taken = np.zeros(n, dtype=np.bool_)
        self.grid = np.zeros(grid_shape)

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
        )

    @property
    def evaluations(self) -> int:
        return int(self.counters[EVALS])


@numba.njit(cache=True)
def next_random(rng):
    """xorshift64*: the next 64-bit number from the state rng[0]."""
    x = rng[0]
    x ^= x >> np.uint64(12)
    x ^= x << np.uint64(25)
    x ^= x >> np.uint64(27)
    rng[0] = x
    return x * np.uint64(2685821657736338717)


@numba.njit(cache=True)
def below(rng, k):
    """A whole number in 0 .. k-1."""
    return np.int64((next_random(rng) >> np.uint64(11)) % np.uint64(k))


@numba.njit(cache=True)
def uniform(rng):
    return float(next_random(rng) >> np.uint64(11)) / 9007199254740992.0


@numba.njit(cache=True)
def better(value_a, fin_a, value_b, fin_b):
    """a beats b: more value (beyond rounding), or as much value delivered sooner."""
    if value_b == -np.inf:
        return True
    tolerance = 1e-9 * max(1.0, abs(value_b))
    if value_a > value_b + tolerance:
        return True
    return abs(value_a - value_b) <= tolerance and fin_a < fin_b


@numba.njit(cache=True)
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
        cumval[row, : p + 1] = cumval[parent, : p + 1]
        cumfin[row, : p + 1] = cumfin[parent, : p + 1]
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
        st[BEST_ORDER][:] = order[row]
        counters[BEST_GENERATION] = counters[GENERATION]


@numba.njit(cache=True)
def place(prob, st, row, sequence, parent):
    """order[row] = the placement order of `sequence`, evaluated from order[parent]."""
    scratch = st[SCRATCH]
    ssgs.canonical(prob, sequence, st[ORDER][row], scratch[0], scratch[1], scratch[2], scratch[3])
    evaluate(prob, st, row, parent)


@numba.njit(cache=True)
def justified(prob, st, row):
    """Forward-backward improvement of order[row], tried in the spare row and kept when it gains."""
    order, counters, scratch = st[ORDER], st[COUNTERS], st[SCRATCH]
    spare = order.shape[0] - 1
    ssgs.justify(prob, order[row], st[START][row], scratch[6], scratch[4], scratch[5], st[GRID])
    counters[EVALS] += 1  # the backward pass
    place(prob, st, spare, scratch[6], row)
    counters[JUSTIFIED] += 1
    value, fin = st[VALUE], st[FIN]
    if better(value[spare], fin[spare], value[row], fin[row]):
        counters[JUSTIFY_GAINS] += 1
        _copy_row(st, spare, row)


@numba.njit(cache=True)
def insertion(prob, st, row, budget, most):
    """Best insertion: a project drawn at random is tried at other places in order[row] (all of
    them in a short list, else the near ones and a sample), each scheduled from the first place
    that changes; the best place is kept if it gains. At most `most` schedules now: 0 when the
    move goes on at the next call, else done: 2 if it gained, 1 if not."""
    order, counters, rng, scratch, taken = st[ORDER], st[COUNTERS], st[RNG], st[SCRATCH], st[TAKEN]
    rows, n = order.shape
    spare, hold = rows - 1, rows - 2
    value, fin = st[VALUE], st[FIN]
    raw, places = scratch[7], scratch[8]
    if counters[MOVING] < 0:
        if n < 2:
            return 1
        i = below(rng, n)
        count = 0
        if n - 1 <= INSERTION_PLACES:
            for j in range(n):
                if j != i:
                    places[count] = j
                    count += 1
        else:
            taken[:] = False
            taken[i] = True
            for j in range(max(0, i - 8), min(n, i + 9)):
                if not taken[j]:
                    places[count] = j
                    taken[j] = True
                    count += 1
            while count < INSERTION_PLACES:
                j = below(rng, n)
                if not taken[j]:
                    places[count] = j
                    taken[j] = True
                    count += 1
        counters[MOVING], counters[TRIED], counters[TARGETS] = i, 0, count
        _copy_row(st, row, hold)
    i = counters[MOVING]
    made = 0
    while counters[TRIED] < counters[TARGETS]:
        if made >= most or counters[EVALS] >= budget:
            return 0
        raw[:] = order[row]
        _shift(raw, i, places[counters[TRIED]])
        place(prob, st, spare, raw, row)
        if better(value[spare], fin[spare], value[hold], fin[hold]):
            _copy_row(st, spare, hold)
        counters[TRIED] += 1
        made += 1
    counters[MOVING] = -1
    if better(value[hold], fin[hold], value[row], fin[row]):
        _copy_row(st, hold, row)
        return 2
    return 1


@numba.njit(cache=True)
def _justify_now(rng, counters):
    """Always while it pays; less often, down to one child in ten, when it seldom gains."""
    tried = counters[JUSTIFIED]
    if tried < 50:
        return True
    rate = counters[JUSTIFY_GAINS] / tried
    return uniform(rng) < max(0.1, min(1.0, 4.0 * rate))


@numba.njit(cache=True)
def breed(prob, st, size, kids, budget, most):
    """Go on with the generation under way (`kids` children, in rows size..): at most `most`
    more children now, within `budget` evaluations in all."""
    order, counters, rng, scratch = st[ORDER], st[COUNTERS], st[RNG], st[SCRATCH]
    members = counters[MEMBERS]
    n = order.shape[1]
    raw = scratch[7]
    made = 0
    while counters[KIDS] < kids and made < most and counters[EVALS] < budget:
        row = size + counters[KIDS]
        a, b = _tournament(rng, members), _tournament(rng, members)
        if b == a and members > 1:
            b = (a + 1 + below(rng, members - 1)) % members
        q1, q2 = below(rng, n + 1), below(rng, n + 1)
        if q1 > q2:
            q1, q2 = q2, q1
        _crossover(order[a], order[b], q1, q2, raw, st[TAKEN])
        _mutate(rng, raw, 1 + below(rng, 2))
        place(prob, st, row, raw, a)
        if counters[EVALS] + 2 <= budget and _justify_now(rng, counters):
            justified(prob, st, row)
        counters[KIDS] += 1
        made += 1
    return made


@numba.njit(cache=True)
def _tournament(rng, members):
    return min(below(rng, members), below(rng, members))  # members are kept best first


@numba.njit(cache=True)
def _crossover(mother, father, q1, q2, child, taken):
    n = mother.size
    taken[:] = False
    for r in range(q1):
        child[r] = mother[r]
        taken[mother[r]] = True
    at = q1
    for r in range(n):
        if at >= q2:
            break
        if not taken[father[r]]:
            child[at] = father[r]
            taken[father[r]] = True
            at += 1
    for r in range(n):
        if not taken[mother[r]]:
            child[at] = mother[r]
            taken[mother[r]] = True
            at += 1


@numba.njit(cache=True)
def _shift(items, i, j):
    """Move the item at place i to place j, the ones between closing up."""
    moved = items[i]
    if i < j:
        for r in range(i, j):
            items[r] = items[r + 1]
    else:
        for r in range(i, j, -1):
            items[r] = items[r - 1]
    items[j] = moved


@numba.njit(cache=True)
def _mutate(rng, items, moves):
    """`moves` shifts of one project each, half to a place near it, half anywhere."""
    n = items.size
    for _ in range(moves):
        i = below(rng, n)
        if uniform(rng) < 0.5:
            reach = 1 + below(rng, min(n - 1, 8))
            j = min(max(i + reach if uniform(rng) < 0.5 else i - reach, 0), n - 1)
        else:
            j = below(rng, n)
        if j != i:
            _shift(items, i, j)


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


@numba.njit(cache=True)
def _ahead(value, fin, x, y):
    if value[x] != value[y]:
        return value[x] > value[y]
    return fin[x] < fin[y]


@numba.njit(cache=True)
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


@numba.njit(cache=True)
def _copy_row(st, source, target):
    st[ORDER][target] = st[ORDER][source]
    st[START][target] = st[START][source]
    st[CUMVAL][target] = st[CUMVAL][source]
    st[CUMFIN][target] = st[CUMFIN][source]
    st[VALUE][target] = st[VALUE][source]
    st[FIN][target] = st[FIN][source]
    st[PRINT][target] = st[PRINT][source]


@numba.njit(cache=True)
def refill(prob, st, size, keep, seeds, budget):
    """Rows keep..size-1 become copies of members 0..keep-1 (or, when `seeds` has rows, of
    those) with their places shaken: each project's place moved on by up to a random spread,
    from one place to the whole list. Scheduled; then all are ranked again."""
    order, counters, rng, scratch = st[ORDER], st[COUNTERS], st[RNG], st[SCRATCH]
    n = order.shape[1]
    raw, noisy = scratch[7], scratch[5]
    row = keep
    while row < size and counters[EVALS] < budget:
        from_seeds = seeds.size > 0  # seed lists one after another
        parent = below(rng, seeds.size // n) if from_seeds else row % keep
        spread = float(n) ** uniform(rng)
        for r in range(n):
            noisy[r] = np.int64((r + uniform(rng) * spread) * 1024.0)
        ranks = np.argsort(noisy[:n], kind="mergesort")
        for r in range(n):
            raw[r] = seeds[parent * n + ranks[r]] if from_seeds else order[parent, ranks[r]]
        place(prob, st, row, raw, -1 if from_seeds else parent)
        row += 1
    counters[MEMBERS] = row
    counters[STALE_SINCE] = counters[GENERATION]
    survive(st, size)


@numba.njit(cache=True)
def enumerate_orders(prob, st, flight, rest, pf, pr, budget, most):
    """Every ordering of the in-flight projects `flight` with every ordering of the rest, in
    turn from where the permutations pf, pr (of their places) stand; at most `most` now.
    Rows 0 and 1 hold the last list tried and the next. counters[DONE] = 1 when all are tried."""
    counters, scratch = st[COUNTERS], st[SCRATCH]
    nf = flight.size
    raw = scratch[7]
    for _ in range(most):
        if counters[DONE] or counters[EVALS] >= budget:
            return
        for k in range(nf):
            raw[k] = flight[pf[k]]
        for k in range(rest.size):
            raw[nf + k] = rest[pr[k]]
        place(prob, st, 1, raw, 0 if counters[EVALS] > 0 else -1)
        _copy_row(st, 1, 0)
        if not _next_permutation(pr):
            if not _next_permutation(pf):
                counters[DONE] = 1


@numba.njit(cache=True)
def _next_permutation(a):
    """The next permutation in lexicographic order, in place; False (and back to the first) after the last."""
    n = a.size
    i = n - 2
    while i >= 0 and a[i] >= a[i + 1]:
        i -= 1
    if i < 0:
        a[:] = np.sort(a)
        return False
    j = n - 1
    while a[j] <= a[i]:
        j -= 1
    a[i], a[j] = a[j], a[i]
    a[i + 1 :] = a[i + 1 :][::-1].copy()
    return True


@numba.njit(cache=True)
def step(prob, st, task, sequence, a, b, c, size, k, budget, most):
    """The one entry point (one compiled library to load): `task` with its arguments.
    SEED: `sequence` into row k; SURVIVE; REFILL keeping k members (from seeds a, if any); BREED `size` children;
    INSERT into member 0 (0: under way, 1: done, 2: done and gained); ENUMERATE flight=`sequence`, rest=a, from pf=b, pr=c;
    SCHEDULE: `sequence` into the spare row, neither counted nor kept (a figure to report)."""
    if task == SCHEDULE:
        scratch, spare = st[SCRATCH], st[ORDER].shape[0] - 1
        ssgs.canonical(prob, sequence, st[ORDER][spare], scratch[0], scratch[1], scratch[2], scratch[3])
        st[CUMVAL][spare, 0] = 0.0
        st[CUMFIN][spare, 0] = 0
        row = st[ORDER][spare]
        ssgs.schedule_from(prob, row, 0, st[START][spare], st[START][spare], st[CUMVAL][spare], st[CUMFIN][spare], st[GRID])
    elif task == SEED:
        place(prob, st, k, sequence, -1)
    elif task == SURVIVE:
        survive(st, size)
    elif task == REFILL:
        refill(prob, st, size, k, a, budget)
    elif task == BREED:
        breed(prob, st, size, size, budget, most)
    elif task == INSERT:
        return insertion(prob, st, 0, budget, most)
    elif task == ENUMERATE:
        enumerate_orders(prob, st, sequence, a, b, c, budget, most)
    return 0
