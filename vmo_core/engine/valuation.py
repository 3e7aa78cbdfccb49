"""The value and the cost of a project, exactly as ECONOMICS.md writes them.

    weekly(F) = v * (1 - d)^F
    V(F)      = weekly(F) * sum_{t=F}^{E-1} q^t  -  (late_penalty if F > deadline week else 0)

with E = min(H, value_end week) and q = (1 + r)^(-1/52). The rule is written once, over
arrays (`ValueModel.values`), so that a single project, a whole schedule and the
optimiser's thousands of candidate schedules are all valued by the same lines.

The cost of a scenario's capacity against the baseline's is written here too, once
(`capacity_cost`): every comparison, forecast and decision that changes capacity prices it so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from vmo_core.model.plan import CapacityLine
from vmo_core.model.portfolio import Project, Settings, week_of

NO_DEADLINE = np.iinfo(np.int64).max
UNSCHEDULED = -1  # a finish week that means "never delivered": worth nothing


@dataclass(frozen=True)
class ValueTerms:
    """Per-project inputs of V, as arrays in one fixed project order."""

    value_per_week: np.ndarray
    decay: np.ndarray
    end_week: np.ndarray  # E = min(H, value_end week)
    deadline_week: np.ndarray  # NO_DEADLINE when none
    late_penalty: np.ndarray


@dataclass(frozen=True)
class ValueModel:
    """The portfolio-wide terms of V: horizon, discounting and the calendar."""

    settings: Settings

    @property
    def weekly_discount(self) -> float:
        return (1.0 + self.settings.discount_rate) ** (-1.0 / 52.0)

    def end_week(self, project: Project) -> int:
        horizon = self.settings.horizon_weeks
        if project.value_end is None:
            return horizon
        return min(horizon, week_of(project.value_end, self.settings.as_of))

    def deadline_week(self, project: Project) -> int:
        return NO_DEADLINE if project.deadline is None else week_of(project.deadline, self.settings.as_of)

    def terms(self, projects: list[Project], *, value_per_week: list[float] | None = None) -> ValueTerms:
        """`value_per_week` replaces each v, as a business case's promised value does."""
        return ValueTerms(
            value_per_week=np.array(
                value_per_week if value_per_week is not None else [p.value_per_week for p in projects], dtype=float
            ),
            decay=np.array([p.decay_per_week for p in projects], dtype=float),
            end_week=np.array([self.end_week(p) for p in projects], dtype=np.int64),
            deadline_week=np.array([self.deadline_week(p) for p in projects], dtype=np.int64),
            late_penalty=np.array([p.late_penalty for p in projects], dtype=float),
        )

    def values(self, terms: ValueTerms, finish: np.ndarray, *, delivered: np.ndarray | None = None) -> np.ndarray:
        """V(F) for each project; a finish of UNSCHEDULED is worth nothing.

        `delivered` marks which finishes are real when some may be negative (a business case
        promised before the as-of date): V is then the formula read literally, from week F.
        """
        finish = np.asarray(finish, dtype=np.int64)
        if delivered is None:
            delivered = finish >= 0
        f = np.where(delivered, finish, 0)
        earning = f < terms.end_week
        q = self.weekly_discount
        if q == 1.0:
            weeks_earned = np.where(earning, terms.end_week - f, 0).astype(float)
        else:  # sum_{t=F}^{E-1} q^t = (q^F - q^E) / (1 - q); F past E earns nothing (and its q^F may overflow)
            f_earning = np.minimum(f, terms.end_week).astype(float)
            weeks_earned = np.where(earning, (q**f_earning - q ** terms.end_week.astype(float)) / (1.0 - q), 0.0)
        weekly = terms.value_per_week * (1.0 - terms.decay) ** f
        late = f > terms.deadline_week
        return np.where(delivered, weekly * weeks_earned - np.where(late, terms.late_penalty, 0.0), 0.0)

    def weekly_flow(self, terms: ValueTerms, finish: np.ndarray, *, weeks: int) -> np.ndarray:
        """Value earned in each week 0 .. weeks-1 by projects delivered at `finish`: the terms
        of the sum in V, week by week (a late penalty falls in the week of delivery)."""
        t = np.arange(weeks)
        f = finish[:, None]
        earning = (t >= f) & (t < terms.end_week[:, None])
        weekly = terms.value_per_week * (1.0 - terms.decay) ** finish
        flow = (earning * weekly[:, None] * self.weekly_discount**t).sum(axis=0)
        late = finish > terms.deadline_week
        # a penalty for landing after the last week shown still counts, in the last week
        np.subtract.at(flow, np.minimum(finish[late], weeks - 1), terms.late_penalty[late])
        return flow

    def value(self, project: Project, finish_week: int | None, *, value_per_week: float | None = None) -> float:
        """V(F) of one project (None: unschedulable, worth nothing)."""
        if finish_week is None:
            return 0.0
        terms = self.terms([project], value_per_week=None if value_per_week is None else [value_per_week])
        return float(self.values(terms, [finish_week], delivered=np.array([True]))[0])

    def misses_deadline(self, project: Project, finish_week: int) -> bool:
        return finish_week > self.deadline_week(project)


def weekly_run_cost(demands: dict[str, float], cost_per_fte_week: dict[str, float]) -> float:
    """Spend per week a project runs: sum over pools of fte x cost per FTE-week."""
    return sum(fte * cost_per_fte_week[pool] for pool, fte in demands.items())


def project_cost(
    *, duration_weeks: int, demands: dict[str, float], cost_per_fte_week: dict[str, float], fixed_cost: float
) -> float:
    """n x weekly run cost + fixed cost, undiscounted."""
    return duration_weeks * weekly_run_cost(demands, cost_per_fte_week) + fixed_cost


def capacity_cost(
    base: Mapping[str, CapacityLine],
    scenario: Mapping[str, CapacityLine],
    cost_per_fte_week: Mapping[str, float],
    horizon: int,
) -> float:
    """What a scenario's capacity costs against the baseline's (ECONOMICS.md, "Capacity costs money"):

        sum over pools of cost_per_fte_week * sum_{w=0}^{H-1} (cap_scen(w) - cap_base(w))

    undiscounted; negative where the scenario has fewer people. Both lines are constant
    between their change weeks, so the sum is taken segment by segment, in exact rational
    arithmetic, and rounded once, to the float nearest the exact figure.
    """
    total = Fraction(0)
    for pool, rate in cost_per_fte_week.items():
        before, after = base[pool], scenario[pool]
        if rate == 0 or before == after:
            continue
        cuts = {0, horizon} | {w for line in (before, after) for w, _ in line.changes if 0 < w < horizon}
        edges = sorted(cuts)
        for start, end in zip(edges, edges[1:]):
            now, was = after.at(start), before.at(start)
            if now == was:
                continue
            if not (math.isfinite(now) and math.isfinite(was)):
                return math.copysign(math.inf, now - was)  # an unlimited pool costs without limit
            total += Fraction(rate) * (Fraction(now) - Fraction(was)) * (end - start)
    return float(total)
