"""The value and the cost of one project, exactly as ECONOMICS.md writes them.

    weekly(F) = v * (1 - d)^F
    V(F)      = weekly(F) * sum_{t=F}^{E-1} q^t  -  (late_penalty if F > deadline week else 0)

with E = min(H, value_end week) and q = (1 + r)^(-1/52).
"""

from __future__ import annotations

from dataclasses import dataclass

from vmo_core.model import Project, Settings, week_of


@dataclass(frozen=True)
class ValueModel:
    """The portfolio-wide terms of V: horizon, discounting and the calendar."""

    settings: Settings

    @property
    def weekly_discount(self) -> float:
        return (1.0 + self.settings.discount_rate) ** (-1.0 / 52.0)

    def value_end_week(self, project: Project) -> int:
        horizon = self.settings.horizon_weeks
        if project.value_end is None:
            return horizon
        return min(horizon, week_of(project.value_end, self.settings.as_of))

    def discounted_weeks(self, first: int, end: int) -> float:
        """sum of q^t for t = first .. end-1 (0 when first >= end)."""
        if first >= end:
            return 0.0
        q = self.weekly_discount
        if q == 1.0:
            return float(end - first)
        return (q**first - q**end) / (1.0 - q)

    def value(self, project: Project, finish_week: int | None, *, value_per_week: float | None = None) -> float:
        """V(F): the project's value over the horizon if delivered at the start of week F.

        An unschedulable project (finish None) earns nothing. `value_per_week` replaces v,
        as the business case's promised value does for benefits tracking.
        """
        if finish_week is None:
            return 0.0
        v = project.value_per_week if value_per_week is None else value_per_week
        weekly = v * (1.0 - project.decay_per_week) ** finish_week
        total = weekly * self.discounted_weeks(finish_week, self.value_end_week(project))
        if self.misses_deadline(project, finish_week):
            total -= project.late_penalty
        return total

    def misses_deadline(self, project: Project, finish_week: int) -> bool:
        return project.deadline is not None and finish_week > week_of(project.deadline, self.settings.as_of)

    def cost_of_delay_per_week(self, project: Project, finish_week: int) -> float:
        """V(F) - V(F+1): what one more week of waiting costs."""
        return self.value(project, finish_week) - self.value(project, finish_week + 1)


def weekly_run_cost(demands: dict[str, float], cost_per_fte_week: dict[str, float]) -> float:
    """Spend per week a project runs: sum over pools of fte x cost per FTE-week."""
    return sum(fte * cost_per_fte_week[pool] for pool, fte in demands.items())


def project_cost(*, duration_weeks: int, demands: dict[str, float], cost_per_fte_week: dict[str, float], fixed_cost: float) -> float:
    """n x weekly run cost + fixed cost, undiscounted."""
    return duration_weeks * weekly_run_cost(demands, cost_per_fte_week) + fixed_cost
