"""The priority list that gives the most total value.

Search over priority lists, each candidate scheduled and valued by the real engine
(ECONOMICS.md: for total value, some priority list makes serial generation optimal).
1. Seeds: the current order, CD3, and the constraint rank for the named pool (or every
   pool when none is named); the best is where the search starts.
2. When every ordering can be tried within the evaluation budget, all are tried: the
   answer is then proven best among priority lists.
3. Otherwise an iterated local search: move one project to another place in its group
   (in-flight projects are always placed first), keep any move that adds value (or, at
   equal value, brings work sooner, to cross plateaus), and when a full pass finds
   nothing, perturb the best order and go on. Seeded, so the same inputs give the same
   order, unless the time limit stops the search first.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from vmo_core.engine.evaluation import FastPlan
from vmo_core.engine.ranks import cd3_order, economic_order
from vmo_core.engine.scenario import apply_scenario
from vmo_core.errors import VmoError
from vmo_core.forecast.calibration import calibrated_portfolio
from vmo_core.model.plan import Plan, baseline_plan
from vmo_core.model.portfolio import Portfolio

Progress = Callable[[float, float], None]  # (fraction done, best total value so far)


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


class _Search:
    """Candidate orders as index arrays, scored (value, then earliness) by the real engine."""

    def __init__(self, fast: FastPlan, *, budget: int, deadline: float, time_limit: float, progress: Progress | None):
        self.fast = fast
        self.budget = budget
        self.deadline = deadline
        self.time_limit = time_limit
        self.progress = progress
        self.evaluations = 0
        self.best_value = -math.inf
        self.best_sequence: np.ndarray | None = None

    def fraction_done(self) -> float:
        """The larger of the budget used and the time used: whichever ends the search."""
        spent = 1.0 - (self.deadline - time.perf_counter()) / self.time_limit
        return min(1.0, max(self.evaluations / self.budget, spent))

    def exhausted(self) -> bool:
        return self.evaluations >= self.budget or time.perf_counter() >= self.deadline

    def score(self, sequence: np.ndarray) -> tuple[float, float]:
        run = self.fast.run(sequence)
        self.evaluations += 1
        value = run.total_value
        if value > self.best_value + _tolerance(self.best_value):
            self.best_value, self.best_sequence = value, sequence.copy()
        if self.progress and self.evaluations % 200 == 0:
            self.progress(self.fraction_done(), self.best_value)
        return value, -float(run.finish[run.finish >= 0].sum())


def _tolerance(value: float) -> float:
    return 1e-9 * max(1.0, abs(value)) if math.isfinite(value) else 0.0


def _better(a: tuple[float, float], b: tuple[float, float]) -> bool:
    if a[0] > b[0] + _tolerance(b[0]):
        return True
    return abs(a[0] - b[0]) <= _tolerance(b[0]) and a[1] > b[1]


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
    if calibrated:
        pf = calibrated_portfolio(pf)
    plan = baseline_plan(pf)
    if scenario is not None:
        plan = apply_scenario(plan, scenario)
    return optimise_plan(
        plan, constraint=constraint, evaluations=evaluations, time_limit=time_limit, seed=seed, progress=progress
    )


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
    if not evaluations >= 1:
        raise VmoError(f"evaluations {evaluations!r} is out of range; expected a whole number of schedules, at least 1")
    if not (time_limit > 0 and math.isfinite(time_limit)):
        raise VmoError(f"time limit {time_limit!r} is out of range; expected seconds above 0")
    if constraint is not None and constraint not in plan.capacity:
        raise VmoError(f"no pool {constraint!r} in the portfolio; expected one of {', '.join(plan.capacity)}")
    fast = FastPlan(plan)
    search = _Search(fast, budget=evaluations, deadline=started + time_limit, time_limit=time_limit, progress=progress)

    current = fast.sequence()
    current_score = search.score(current)
    cd3 = fast.sequence(cd3_order(plan))
    cd3_score = search.score(cd3)
    pools = [constraint] if constraint else list(plan.capacity)
    seeds = [(current_score, current), (cd3_score, cd3)]
    seeds += [(search.score(s), s) for s in (fast.sequence(economic_order(plan, pool)) for pool in pools)]
    start_score, start = seeds[0]
    for score, sequence in seeds[1:]:
        if _better(score, start_score):
            start_score, start = score, sequence
    search.best_value, search.best_sequence = start_score[0], start.copy()

    groups = _groups(fast, start)
    orderings = math.prod(math.factorial(len(g)) for g in groups)
    proven = orderings <= evaluations
    if proven:
        _try_all(search, groups)
    else:
        _local_search(search, groups, start, start_score, np.random.default_rng(seed))

    best = search.best_sequence
    order = tuple(fast.ids[i] for i in best)
    if progress:
        progress(1.0, search.best_value)
    return OptimiseResult(
        order=order,
        total_value=fast.run(best).total_value,
        baseline_total_value=current_score[0],
        cd3_total_value=cd3_score[0],
        constraint=constraint,
        evaluations=search.evaluations,
        seconds=time.perf_counter() - started,
        proven_best=proven and not search.exhausted(),
    )


def _groups(fast: FastPlan, sequence: np.ndarray) -> list[np.ndarray]:
    """The sequence split into its in-flight part and the rest (each permuted on its own)."""
    flight = fast.compiled.in_flight[sequence]
    return [sequence[flight], sequence[~flight]]


def _try_all(search: _Search, groups: list[np.ndarray]) -> None:
    for parts in itertools.product(*(itertools.permutations(g) for g in groups)):
        if search.exhausted():
            return
        search.score(np.fromiter(itertools.chain(*parts), dtype=np.int64))


def _local_search(search: _Search, groups: list[np.ndarray], start: np.ndarray, start_score, rng) -> None:
    current = [g.copy() for g in groups]
    current_score = start_score
    movable = [k for k, g in enumerate(current) if len(g) > 1]
    while movable and not search.exhausted():
        improved = False
        for k in movable:
            size = len(current[k])
            for i in rng.permutation(size):
                for j in _targets(size, int(i), rng):
                    if search.exhausted():  # the budget's last schedule may have been an improvement
                        return
                    candidate = [g for g in current]
                    candidate[k] = _moved(current[k], int(i), j)
                    score = search.score(np.concatenate(candidate))
                    if _better(score, current_score):
                        current, current_score, improved = candidate, score, True
                        break
                    if search.exhausted():
                        return
        if not improved:  # a local optimum: restart near the best order found
            current = _groups(search.fast, search.best_sequence)
            for _ in range(int(rng.integers(2, 5))):
                k = movable[int(rng.integers(len(movable)))]
                size = len(current[k])
                current[k] = _moved(current[k], int(rng.integers(size)), int(rng.integers(size)))
            current_score = search.score(np.concatenate(current))


def _targets(size: int, i: int, rng, sampled: int = 24) -> list[int]:
    """Places to try moving item i to: all of them in a short list, else near ones and a sample."""
    if size <= sampled + 8:
        return [j for j in range(size) if j != i]
    near = [j for j in range(i - 4, i + 5) if 0 <= j < size and j != i]
    far = rng.choice(size, size=sampled, replace=False).tolist()
    return list(dict.fromkeys(near + [j for j in far if j != i]))


def _moved(items: np.ndarray, i: int, j: int) -> np.ndarray:
    """items with the one at i taken out and put back at j."""
    if i == j:
        return items.copy()
    rest = np.delete(items, i)
    return np.insert(rest, j, items[i])
