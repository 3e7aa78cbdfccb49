"""Where the portfolio is constrained, and what relaxing each pool is worth (ECONOMICS.md).

For each pool, in the current order: the shadow price (total value gained if the pool had
one more FTE in every week: one added to its capacity and to each planned change), the
gain if its capacity were unlimited, its peak load, and what one FTE costs there over the
horizon. The constraint is the pool with the highest shadow price.

The net of one more FTE is the What-if's net value change of that hire: the value it
gains, less the spend of any project it lets the plan schedule, less the FTE's cost
(`valuation.capacity_cost`, which is cost_per_fte_week x H), so the Constraint page, the
What-if and the interventions give one figure for one hire.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from vmo_core.engine.evaluation import FastPlan, Run
from vmo_core.engine.scenario import apply_scenario
from vmo_core.engine.scheduling import PLACED
from vmo_core.engine.valuation import capacity_cost
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
    fte_cost: float  # one FTE for the whole horizon: cost_per_fte_week x H
    spend_change: float = 0.0  # the spend of projects that one more FTE lets the plan schedule

    @property
    def net_of_one_fte(self) -> float:
        """The net value change of one more FTE in every week, as the What-if compares it."""
        return self.shadow_price - self.spend_change - self.fte_cost

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "capacity_fte": self.capacity_fte,
            "peak_load": self.peak_load,
            "shadow_price": self.shadow_price,
            "unlimited_value_gain": self.unlimited_value_gain,
            "fte_cost": self.fte_cost,
            "spend_change": self.spend_change,
            "net_of_one_fte": self.net_of_one_fte,
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
    base_run = fast.run()
    held = np.where(base_run.why == PLACED, base_run.start, -1)  # more capacity repairs this schedule
    base = base_run.total_value
    base_spend = _spend(fast, base_run.why)
    peaks = weekly_load(fast, base_run).max(axis=1)
    horizon = plan.portfolio.settings.horizon_weeks
    prices = []
    for r, pool_id in enumerate(fast.compiled.pools):
        line = plan.capacity[pool_id]
        pool = plan.portfolio.pool_index[pool_id]
        one_more = line.plus(1.0)
        value, spend = _run_with(fast, sequence, held, {pool_id: one_more})
        prices.append(
            PoolPrice(
                id=pool_id,
                name=pool.label,
                capacity_fte=line.at(0),
                peak_load=float(peaks[r]),
                shadow_price=value - base,
                unlimited_value_gain=_run_with(fast, sequence, held, {pool_id: line.plus(UNLIMITED)})[0] - base,
                fte_cost=capacity_cost({pool_id: line}, {pool_id: one_more}, {pool_id: pool.cost_per_fte_week}, horizon),
                spend_change=spend - base_spend,
            )
        )
    # ties (most often every price 0) go to the pool with more to gain without limit, then to the first listed
    prices.sort(key=lambda p: (-p.shadow_price, -p.unlimited_value_gain))
    return ConstraintReport(constraint=prices[0].id if prices else None, pools=tuple(prices), total_value=base)


def _run_with(fast: FastPlan, sequence: np.ndarray, held: np.ndarray, lines: dict) -> tuple[float, float]:
    """Total value and project spend of the plan's schedule `held`, repaired with some pools' capacity replaced."""
    compiled = fast.compiled.with_capacity({**fast.plan.capacity, **lines})
    start, why, _, _ = compiled.run(sequence, held)
    return fast.value_of(start, why), _spend(fast, why)  # same projects, so the same value terms and costs


def _spend(fast: FastPlan, why: np.ndarray) -> float:
    """The spend of the projects a run places (an unschedulable project spends nothing)."""
    return float(sum(float(c) for c, placed in zip(fast.cost_if_run, why == PLACED) if placed))
