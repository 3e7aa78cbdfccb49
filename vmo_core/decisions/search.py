"""The optimiser's search over priority lists, compiled: a genetic algorithm with justification.

A population of placement orders (activity lists, Hartmann 1998; `population`), each
scheduled by `ssgs.schedule_from` and valued. Each generation breeds as many children as there are
members:
- two parents, each the better of two drawn at random (binary tournament);
- two-point crossover (Hartmann 1998): the child takes the first parent's list up to one
  point, then the second parent's projects not yet taken, in their order, up to another
  point, then the rest in the first parent's order (precedence-feasible lists stay so);
- mutation: one or two projects moved, each to a place near it or anywhere;
- the child is scheduled from where it first differs from its first parent;
- justification (forward-backward improvement, Valls, Ballestin and Quintanilla 2005;
  `ssgs.justify`): pushed late without losing value and placed again early, kept when it
  gains, and again while it gains (up to JUSTIFY_ROUNDS times); tried on every child while it
  pays, on fewer (down to one in ten) when it seldom does.
Then the best distinct schedules of parents and children survive (`population.survive`). The caller
adds best insertion into the best member (`insertion`), and starts the population again
when generations go by without a gain (`refill`): from the seeds, and every other time from
the best member, shaken. `enumerate_orders` tries every ordering instead, when they all fit
the budget. `step` lets go of the interpreter, so islands (`sequencing`) run side by side.

Everything random comes from one 64-bit generator held in the state, so a seed and an
evaluation budget fix the result whatever the machine's speed: the caller stops only
between calls. Every schedule built, forward or backward, counts as one evaluation.
"""

from __future__ import annotations

import numba
import numpy as np

from vmo_core.decisions import ssgs
from vmo_core.decisions.population import (
    COUNTERS,
    CUMFIN,
    CUMVAL,
    DONE,
    EVALS,
    FIN,
    GENERATION,
    GRID,
    JUSTIFIED,
    JUSTIFY_GAINS,
    KIDS,
    MEMBERS,
    MOVING,
    ORDER,
    RNG,
    SCRATCH,
    STALE_SINCE,
    START,
    TAKEN,
    TARGETS,
    TRIED,
    VALUE,
    below,
    better,
    copied,
    copy_row,
    justified,
    place,
    survive,
    uniform,
)
from vmo_core.engine.compiled import kernel

# what `step` does
SEED, SURVIVE, REFILL, BREED, INSERT, ENUMERATE, SCHEDULE = range(7)
JUSTIFY_ROUNDS = 4  # forward-backward passes on one child, while each gains
INSERTION_PLACES = 48  # places tried for a project: all of them in a short list, else near ones and a sample


@kernel
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
        copy_row(st, row, hold)
    i = counters[MOVING]
    made = 0
    while counters[TRIED] < counters[TARGETS]:
        if made >= most or counters[EVALS] >= budget:
            return 0
        copied(order[row], raw, n)
        _shift(raw, i, places[counters[TRIED]])
        place(prob, st, spare, raw, row)
        if better(value[spare], fin[spare], value[hold], fin[hold]):
            copy_row(st, spare, hold)
        counters[TRIED] += 1
        made += 1
    counters[MOVING] = -1
    if better(value[hold], fin[hold], value[row], fin[row]):
        copy_row(st, hold, row)
        return 2
    return 1


@kernel
def _justify_now(rng, counters):
    """Always while it pays; less often, down to one child in ten, when it seldom gains."""
    tried = counters[JUSTIFIED]
    if tried < 50:
        return True
    rate = counters[JUSTIFY_GAINS] / tried
    return uniform(rng) < max(0.1, min(1.0, 4.0 * rate))


@kernel
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
            _justify_while_it_gains(prob, st, row, budget)
        counters[KIDS] += 1
        made += 1
    return made


@kernel
def _justify_while_it_gains(prob, st, row, budget):
    rounds = 1
    while justified(prob, st, row) and rounds < JUSTIFY_ROUNDS and st[COUNTERS][EVALS] + 2 <= budget:
        rounds += 1


@kernel
def _tournament(rng, members):
    return min(below(rng, members), below(rng, members))  # members are kept best first


@kernel
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


@kernel
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


@kernel
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
        copy_row(st, 1, 0)
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


@numba.njit(cache=True, nogil=True)
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
