"""The value and the cost of a project, exactly as ECONOMICS.md writes them.

    weekly(F) = v * (1 - d)^F
    V(F)      = weekly(F) * sum_{t=F}^{E-1} q^t  -  (late_penalty if F > deadline week else 0)

with E = min(H, value_end week) and q = (1 + r)^(-1/52). The rule is written once, over
arrays (`ValueModel.values`), so that a single project, a whole schedule and the
optimiser's thousands of candidate schedules are all valued by the same lines.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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
        else:  # sum_{t=F}^{E-1} q^t = (q^F - q^E) / (1 - q)
            weeks_earned = np.where(earning, (q**f - q ** terms.end_week.astype(float)) / (1.0 - q), 0.0)
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
