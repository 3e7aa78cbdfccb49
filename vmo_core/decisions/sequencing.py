"""The priority list that gives the most total value.

Search over priority lists, each candidate scheduled and valued as the engine does
(ECONOMICS.md: for total value, some priority list makes serial generation optimal).
1. When every ordering can be tried within the evaluation budget, all are tried, starting
   from the CD3 order: the answer is then proven best among priority lists.
2. Otherwise seeds first: the current order, CD3, the constraint rank for the named pool
   (or for every pool when none is named) and latest finish first (the order of each
   project's latest finish with no capacity limit, for dependency chains). Then a genetic
   algorithm over those lists with forward-backward improvement (search.py), each child
   scheduled only from where it differs from its parent (ssgs.py), on ISLANDS populations
   side by side (one thread each, each its own seed and share of the budget), which take in
   each other's best order every MIGRATE_EVERY evaluations. A longer search keeps a larger
   population (`_population`): set by the budget, or by what the clock leaves when it ends the
   search first.

`evaluations` bounds the schedules built, seeds included, and is used in full unless every
ordering was tried; a seed and a budget fix the result, on any machine (the islands meet at
fixed counts of evaluations, never at a time). The time limit covers the whole call
(building the plan, the seeds, the search and the answer; not loading the portfolio) and
may only cut the search short.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from vmo_core.decisions import population, search, ssgs
from vmo_core.decisions.seeds import SeedOrders
from vmo_core.engine.evaluation import FastPlan
from vmo_core.engine.scenario import apply_scenario
from vmo_core.engine.scheduling import NO_CAPACITY, PLACED
from vmo_core.errors import VmoError
from vmo_core.forecast.calibration import calibrated_portfolio
from vmo_core.model.plan import Plan, baseline_plan
from vmo_core.model.portfolio import Portfolio

Progress = Callable[[float, float], None]  # (fraction done, best total value so far)

STALE_GENERATIONS = 15  # generations without a gain before the population starts again from the seeds (40 stalled on j60)
INSERTION_UP_TO = 300  # projects: up to this many, each generation ends with one best insertion into the best member
ISLANDS = 2  # populations searched side by side, one a core (on a machine with fewer, in turn: the same answer)
MIGRATE_EVERY = 2_000  # evaluations of each island between exchanges of their best orders
RESTART_FROM_BEST = True  # every other restart shakes the best member instead of the seeds
SLICE = 0.02  # seconds of search between looks at the clock (at most a fiftieth of the limit)
GROWS_FROM, GROWS_AT_MOST = 10_000, 4  # population: grows with an island's schedules past this, up to 4 times (PSPLIB j120)
FIT_AFTER = 0.1  # of the search's time: the speed it has had by then says what the clock leaves


@dataclass(frozen=True)
class OptimiseResult:
    order: tuple[str, ...]
    total_value: float
    baseline_total_value: float
    cd3_total_value: float
    constraint: str | None
    evaluations: int
    seconds: float
    proven_best: bool  # every priority list was tried

    @property
    def value_unlocked(self) -> float:
        return self.total_value - self.baseline_total_value

    def to_dict(self) -> dict:
        return {
            "order": list(self.order),
            "total_value": self.total_value,
            "baseline_total_value": self.baseline_total_value,
            "cd3_total_value": self.cd3_total_value,
            "value_unlocked": self.value_unlocked,
            "constraint": self.constraint,
            "evaluations": self.evaluations,
            "seconds": self.seconds,
            "proven_best": self.proven_best,
        }


def optimise(
    pf: Portfolio,
    *,
    constraint: str | None = None,
    scenario: Any = None,
    evaluations: int = 20_000,
    time_limit: float = 10.0,
    seed: int = 0,
    progress: Progress | None = None,
    calibrated: bool = False,
) -> OptimiseResult:
    """The best priority list found, its value, and the current and CD3 orders' values.

    `calibrated`: on P50 estimates from past delivery (calibration.calibrated_portfolio) instead of the raw ones.
    """
    started = time.perf_counter()
    _check_limits(evaluations, time_limit)
    if calibrated:
        pf = calibrated_portfolio(pf)
    plan = baseline_plan(pf)
    if scenario is not None:
        plan = apply_scenario(plan, scenario)
    return _optimise(plan, constraint, evaluations, started + time_limit, time_limit, seed, progress, started)


def optimise_plan(
    plan: Plan,
    *,
    constraint: str | None = None,
    evaluations: int = 20_000,
    time_limit: float = 10.0,
    seed: int = 0,
    progress: Progress | None = None,
) -> OptimiseResult:
    started = time.perf_counter()
    _check_limits(evaluations, time_limit)
    return _optimise(plan, constraint, evaluations, started + time_limit, time_limit, seed, progress, started)


MAX_EVALUATIONS = 10**12  # a budget no search reaches in any time limit, well inside the compiled search's 64-bit count


def _check_limits(evaluations: int, time_limit: float) -> None:
    if not 1 <= evaluations <= MAX_EVALUATIONS:
        raise VmoError(
            f"evaluations {evaluations!r} is out of range; expected a whole number of schedules from 1 to {MAX_EVALUATIONS:,}"
        )
    if not (time_limit > 0 and math.isfinite(time_limit)):
        raise VmoError(f"time limit {time_limit!r} is out of range; expected seconds above 0")


def _optimise(plan, constraint, budget, deadline, time_limit, seed, progress, started) -> OptimiseResult:
    if constraint is not None and constraint not in plan.capacity:
        raise VmoError(f"no pool {constraint!r} in the portfolio; expected one of {', '.join(plan.capacity)}")
    fast = FastPlan(plan)
    prob = ssgs.problem(fast)
    ranks = SeedOrders(fast)
    current, cd3 = fast.sequence(), ranks.cd3()
    flight = fast.compiled.in_flight
    groups = [cd3[flight[cd3]], cd3[~flight[cd3]]]
    exhaustive = _orderings_within(groups, budget)
    n = len(cd3)
    islands = _islands(prob, n, 1 if exhaustive else ISLANDS, budget, seed, _Clock(deadline, time_limit, budget, progress))
    search_ = islands[0]
    reference = search_.value_of(fast, current)
    before = time.perf_counter()
    cd3_value = search_.value_of(fast, cd3)
    search_.clock.reserve(3 * (time.perf_counter() - before))  # the answer's own schedule, at the end
    if exhaustive:
        search_.try_all(groups)
    else:
        pools = [constraint] if constraint else list(plan.capacity)

        def seeds() -> Iterable[np.ndarray]:
            return itertools.chain((current, cd3), (ranks.constraint(pool) for pool in pools), [ranks.latest_finish_first()])

        _evolve_islands(islands, seeds)
    winner = max(islands, key=lambda island: (island.state.evaluations > 0, island.state.best[0], -island.state.best[1]))
    state, evaluations = winner.state, sum(island.state.evaluations for island in islands)
    found = state.best_order
    best = np.concatenate([found[flight[found]], found[~flight[found]]]) if state.evaluations else current
    value = search_.value_of(fast, best)
    for candidate, known in ((current, reference), (cd3, cd3_value)):
        if known > value:  # rounding apart, the search never ends below the orders it started from
            best, value = candidate, known
    search_.clock.report(1.0, value)
    return OptimiseResult(
        order=tuple(fast.ids[i] for i in best),
        total_value=value,
        # the plan as it is scheduled: a repair (of a scenario's changes, or of a plan's dates) may differ
        # from serial generation over its list, and a new order is weighed against the plan people have
        baseline_total_value=fast.run().total_value if plan.repairs else reference,
        cd3_total_value=cd3_value,
        constraint=constraint,
        evaluations=evaluations,
        seconds=time.perf_counter() - started,
        proven_best=exhaustive and bool(state.counters[population.DONE]),
    )


def _islands(prob, n: int, count: int, budget: int, seed: int, clock: _Clock) -> list[_Search]:
    """`count` searches, each with its own population, seed and share of the budget (the first
    ones one more when it does not divide), on one clock; only the first reports progress."""
    islands = []
    for k in range(count):
        share = budget // count + (k < budget % count)
        size = _population(n, share)
        state = population.State(n, size=size, kids=0 if count == 1 else 40, grid_shape=prob[11].shape, seed=seed + k)
        islands.append(_Search(prob, state, clock if k == 0 else clock.sibling(share), share))
    return islands


def _evolve_islands(islands: list[_Search], seeds: Callable[[], Iterable[np.ndarray]]) -> None:
    """The islands evolve side by side, one thread each (the compiled search lets the others
    run), in rounds of MIGRATE_EVERY evaluations each; after each round, each island takes in
    the other's best order when it is better than its own. A round ends at the same count of
    evaluations whatever the clock, so a seed and a budget fix the result. The first island runs
    in the caller's thread: it reports progress, and a page's progress bar is the caller's."""
    first, others = islands[0], islands[1:]
    with ThreadPoolExecutor(max_workers=max(1, len(others))) as pool:
        until = 0
        while any(island.left() for island in islands):
            until += MIGRATE_EVERY
            running = [pool.submit(island.work, until, seeds) for island in others]
            first.work(until, seeds)
            for island in running:
                island.result()
            _migrate(islands)
    for island in islands:
        island.finish()


def _migrate(islands: list[_Search]) -> None:
    bests = [(island.state.best.copy(), island.state.best_order.copy()) for island in islands]
    for k, island in enumerate(islands):
        (value, fin), order = bests[(k + 1) % len(islands)]
        members = island.state.counters[population.MEMBERS]
        if members > 1 and island.left() and population.ahead_of(value, fin, island.state.best):
            island.take_in(order)


class _Clock:
    """The deadline, less what the answer needs at the end; the batch of work that fits a slice."""

    def __init__(self, deadline: float, time_limit: float, budget: int, progress: Progress | None):
        self.deadline, self.time_limit, self.budget, self.progress = deadline, time_limit, budget, progress
        self.slice = min(SLICE, time_limit / 50)
        self.last = time.perf_counter()
        self.reported = 0.0
        self.rate = 0.0  # evaluations a second, as measured
        self.siblings: list[_Clock] = []

    def reserve(self, seconds: float) -> None:
        self.deadline -= min(seconds, 0.05 * self.time_limit)
        for other in self.siblings:
            other.deadline = self.deadline

    def sibling(self, budget: int) -> _Clock:
        """A clock for another island: the same deadline, its own budget and rate, no progress."""
        other = _Clock(self.deadline, self.time_limit, budget, None)
        self.siblings.append(other)
        return other

    def out_of_time(self) -> bool:
        return time.perf_counter() >= self.deadline

    def batch(self) -> int:
        """How many evaluations fit one slice."""
        return max(1, int(self.rate * self.slice)) if self.rate > 0 else 1

    def measured(self, evaluations: int, seconds: float) -> None:
        if evaluations > 0 and seconds > 0:
            self.rate = evaluations / seconds

    def report(self, budget_used: float, best: float) -> None:
        now = time.perf_counter()
        fraction = min(1.0, max(budget_used, 1.0 - (self.deadline - now) / self.time_limit, self.reported))
        if self.progress and (fraction == 1.0 or now - self.last >= 0.1):
            self.progress(fraction, best)
            self.last = now
        self.reported = fraction


_NONE = np.zeros(0, dtype=np.int64)


class _Search:
    """The compiled search (search.step) driven in slices, looking at the clock between them."""

    def __init__(self, prob: tuple, state: population.State, clock: _Clock, budget: int):
        self.prob, self.state, self.clock = prob, state, clock
        self.st = state.arrays()
        self.budget = self.until = budget  # evaluations in all; where this round of them ends
        self.seeds: np.ndarray | None = None  # the seed orders one after another, once scheduled
        self.restarts = 0
        self.evolving: tuple[float, int] | None = None  # when evolution began, and the evaluations then
        self.fitted = False  # the population fitted to the clock

    def step(self, task: int, sequence=_NONE, a=_NONE, b=_NONE, c=_NONE, *, k: int = 0, most: int = 1) -> int:
        size, budget = self.state.size, min(self.budget, self.until)
        return search.step(self.prob, self.st, task, sequence, a, b, c, size, k, budget, most)

    def run(self, task: int, **options) -> tuple[int, bool]:
        """One slice of `task`, timed; its answer, and whether there is time left."""
        before, started = self.state.evaluations, time.perf_counter()
        answer = self.step(task, **options, most=self.clock.batch())
        self.clock.measured(self.state.evaluations - before, time.perf_counter() - started)
        self.clock.report(self.state.evaluations / max(1, self.budget), float(self.state.best[0]))
        return answer, not self.clock.out_of_time()

    def left(self) -> bool:
        return self.state.evaluations < min(self.budget, self.until) and not self.clock.out_of_time()

    def work(self, until: int, seeds: Callable[[], Iterable[np.ndarray]]) -> None:
        """Seed (the first time) and evolve, up to `until` evaluations or the deadline."""
        self.until = until
        if self.seeds is None and self.left():
            self.seeded(seeds())
        if self.seeds is not None:
            self.evolve()
        self.until = self.budget

    def take_in(self, order: np.ndarray) -> None:
        """Another island's best order, scheduled in place of the last member."""
        self.step(search.SEED, order, k=int(self.state.counters[population.MEMBERS]) - 1)

    def fit_to_the_clock(self) -> None:
        """Once, FIT_AFTER into the time: if the clock will end the search before the budget (at the speed so
        far), the population for the schedules there is time for, its best kept; else the budget's, on any machine."""
        now, (began, done_then) = time.perf_counter(), self.evolving
        if self.fitted or now - began < FIT_AFTER * (self.clock.deadline - began):
            return
        self.fitted = True
        done = self.state.evaluations
        in_time = done + (done - done_then) / max(now - began, 1e-9) * max(0.0, self.clock.deadline - now)
        if in_time < self.budget:
            self.state.size = min(self.state.size, _population(self.state.order.shape[1], in_time))
            self.state.counters[population.MEMBERS] = min(self.state.counters[population.MEMBERS], self.state.size)

    def finish(self) -> None:
        if self.state.counters[population.KIDS]:
            self.step(search.SURVIVE)

    def value_of(self, fast: FastPlan, sequence: np.ndarray) -> float:
        """The engine's value of a sequence: its schedule (placed as the engine places it), valued by the engine."""
        self.step(search.SCHEDULE, sequence)
        start = self.state.start[-1]
        return fast.value_of(start, np.where(start >= 0, PLACED, NO_CAPACITY))

    def try_all(self, groups: list[np.ndarray]) -> None:
        flight, rest = groups
        pf, pr = np.arange(len(flight)), np.arange(len(rest))
        while not self.state.counters[population.DONE] and self.state.evaluations < self.budget:
            if not self.run(search.ENUMERATE, sequence=flight, a=rest, b=pf, c=pr)[1]:
                return

    def seeded(self, seeds: Iterable[np.ndarray]) -> None:
        """The seeds scheduled (while budget and time allow: the current order always), the best
        distinct ones the first members, the rest of the population made from them."""
        counters, size = self.state.counters, self.state.size
        rows = self.state.order.shape[0] - size - 2  # rows for children, here for seeds
        tried = []
        for sequence in seeds:
            if self.state.evaluations >= min(self.budget, self.until) or (tried and self.clock.out_of_time()):
                break
            tried.append(sequence)
            self.step(search.SEED, sequence, k=size + int(counters[population.KIDS]))
            counters[population.KIDS] += 1
            if counters[population.KIDS] == rows:
                self.step(search.SURVIVE)
        self.step(search.SURVIVE)
        self.seeds = np.concatenate(tried).astype(np.int64)  # one after another, for restarts
        if self.left():
            self.run(search.REFILL, k=int(counters[population.MEMBERS]))

    def evolve(self) -> None:
        """Generations, each (on lists of up to INSERTION_UP_TO projects) then one best insertion
        into the best member; after STALE_GENERATIONS without a gain, the best member and the
        rest made from the seeds again."""
        counters = self.state.counters
        insert = self.state.order.shape[1] <= INSERTION_UP_TO
        if self.evolving is None:
            self.evolving = time.perf_counter(), self.state.evaluations
        while self.left():
            if counters[population.KIDS] < self.state.size:
                self.run(search.BREED)
                continue
            self.step(search.SURVIVE)
            self.fit_to_the_clock()
            counters[population.GENERATION] += 1
            while insert and self.left() and not self.run(search.INSERT)[0]:
                pass
            stale = counters[population.GENERATION] - max(counters[population.BEST_GENERATION], counters[population.STALE_SINCE])
            if stale >= STALE_GENERATIONS and self.left():
                self.restarts += 1
                from_best = RESTART_FROM_BEST and self.restarts % 2 == 0
                self.run(search.REFILL, k=1, a=_NONE if from_best else self.seeds)


def _population(n: int, schedules: float) -> int:
    """40 members up to 300 projects, fewer for more (each costs more): 10 at 5,000. More for more schedules
    an island (PSPLIB j120, fixed budgets: 40 best at 10,000, 160 at 40,000 and 70,000, of 40 to 320)."""
    base = 40 if n <= 300 else max(10, int(40 * math.sqrt(300 / n)))
    return round(base * min(GROWS_AT_MOST, max(1.0, schedules / GROWS_FROM)))


def _orderings_within(groups: list[np.ndarray], budget: int) -> bool:
    total = 1
    for group in groups:
        for k in range(2, len(group) + 1):
            total *= k
            if total > budget:
                return False
    return True
