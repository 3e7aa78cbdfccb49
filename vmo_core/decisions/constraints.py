"""Where the portfolio is constrained, and what relaxing each pool is worth (ECONOMICS.md).

For each pool, in the current order: the shadow price (total value gained if the pool had
one more FTE in every week: one added to its capacity and to each planned change), the
gain if its capacity were unlimited, its peak load, and what one FTE costs there over the
horizon. The constraint is the pool with the highest shadow price.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from vmo_core.engine.evaluation import FastPlan, Run
from vmo_core.engine.scenario import apply_scenario
from vmo_core.model.plan import Plan, baseline_plan
from vmo_core.model.portfolio import Portfolio

UNLIMITED = math.inf


@dataclass(frozen=True)
class PoolPrice:
    id: str
    name: str
    capacity_fte: float  # at the as-of date
    peak_load: float  # the most FTE the plan uses in any week
    shadow_price: float
    unlimited_value_gain: float
    fte_cost: float  # one FTE for the whole horizon

    @property
    def net_of_one_fte(self) -> float:
        return self.shadow_price - self.fte_cost

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "capacity_fte": self.capacity_fte,
            "peak_load": self.peak_load,
            "shadow_price": self.shadow_price,
            "unlimited_value_gain": self.unlimited_value_gain,
            "fte_cost": self.fte_cost,
        }


@dataclass(frozen=True)
class ConstraintReport:
    constraint: str | None  # the pool with the highest shadow price (None only with no pools)
    pools: tuple[PoolPrice, ...]  # highest shadow price first
    total_value: float

    @property
    def binding(self) -> bool:
        """Whether the constraint holds any value back at all: more FTE there delivers something sooner."""
        top = self.pools[0] if self.pools else None
        return top is not None and (top.shadow_price > 0 or top.unlimited_value_gain > 0)

    def pool(self, pool_id: str) -> PoolPrice:
        return next(p for p in self.pools if p.id == pool_id)

    def to_dict(self) -> dict:
        return {"constraint": self.constraint, "total_value": self.total_value, "pools": [p.to_dict() for p in self.pools]}


def weekly_load(fast: FastPlan, run: Run) -> np.ndarray:
    """FTE in use per pool (rows in `fast.compiled.pools` order) per week, to the last finish."""
    compiled = fast.compiled
    weeks = int(max(run.finish.max(initial=0), 1))
    load = np.zeros((len(compiled.pools), weeks))
    for i in np.flatnonzero(run.finish >= 0):
        lo, hi = compiled.demand_ptr[i], compiled.demand_ptr[i + 1]
        load[compiled.demand_pool[lo:hi], run.start[i] : run.finish[i]] += compiled.demand_fte[lo:hi, None]
    return load


def constraints(pf: Portfolio, *, scenario: Any = None) -> ConstraintReport:
    plan = baseline_plan(pf)
    if scenario is not None:
        plan = apply_scenario(plan, scenario)
    return constraint_report(plan)


def constraint_report(plan: Plan) -> ConstraintReport:
    fast = FastPlan(plan)
    sequence = fast.sequence()
    base_run = fast.run(sequence)
    base = base_run.total_value
    peaks = weekly_load(fast, base_run).max(axis=1)
    horizon = plan.portfolio.settings.horizon_weeks
    prices = []
    for r, pool_id in enumerate(fast.compiled.pools):
        line = plan.capacity[pool_id]
        pool = plan.portfolio.pool_index[pool_id]
        prices.append(
            PoolPrice(
                id=pool_id,
                name=pool.label,
                capacity_fte=line.at(0),
                peak_load=float(peaks[r]),
                shadow_price=_value_with(fast, sequence, {pool_id: line.plus(1.0)}) - base,
                unlimited_value_gain=_value_with(fast, sequence, {pool_id: line.plus(UNLIMITED)}) - base,
                fte_cost=pool.cost_per_fte_week * horizon,
            )
        )
    # ties (most often every price 0) go to the pool with more to gain without limit, then to the first listed
    prices.sort(key=lambda p: (-p.shadow_price, -p.unlimited_value_gain))
    return ConstraintReport(constraint=prices[0].id if prices else None, pools=tuple(prices), total_value=base)


def _value_with(fast: FastPlan, sequence: np.ndarray, lines: dict) -> float:
    compiled = fast.compiled.with_capacity({**fast.plan.capacity, **lines})
    start, why, culprit = compiled.run(sequence)
    return fast.value_of(start, why)  # same projects, so the same value terms
