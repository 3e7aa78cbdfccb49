"""Schedules and comparisons as typed results; `to_dict()` is the command line's JSON."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from vmo_core.model.portfolio import Settings, date_of


@dataclass(frozen=True)
class ProjectOutcome:
    id: str
    name: str
    status: str
    start_week: int | None
    finish_week: int | None
    value: float
    cost: float
    benefit_type: str
    reason: str | None = None  # why it is unschedulable

    @property
    def scheduled(self) -> bool:
        return self.finish_week is not None

    def to_dict(self, as_of: dt.date) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "start_week": self.start_week,
            "finish_week": self.finish_week,
            "start_date": None if self.start_week is None else date_of(self.start_week, as_of).isoformat(),
            "finish_date": None if self.finish_week is None else date_of(self.finish_week, as_of).isoformat(),
            "value": self.value,
            "cost": self.cost,
        }


@dataclass(frozen=True)
class ScheduleResult:
    settings: Settings
    projects: tuple[ProjectOutcome, ...]  # in priority-list order
    total_value: float
    project_cost: float  # the scheduled projects' spend: the sum of their costs
    # what the plan's capacity costs against the portfolio's own (valuation.capacity_cost): a
    # scenario's extra people (negative: people taken away); 0 for the portfolio as it stands
    capacity_cost: float = 0.0
    plan: Any = field(default=None, compare=False, repr=False)  # the Plan it schedules

    @property
    def unschedulable(self) -> tuple[ProjectOutcome, ...]:
        return tuple(p for p in self.projects if not p.scheduled)

    @property
    def by_id(self) -> dict[str, ProjectOutcome]:
        return {p.id: p for p in self.projects}

    @property
    def total_cost(self) -> float:
        """The projects' spend plus the capacity cost (ECONOMICS.md: the scenario's total cost includes it)."""
        return self.project_cost + self.capacity_cost

    @property
    def net_value(self) -> float:
        return self.total_value - self.total_cost

    def to_dict(self) -> dict:
        as_of = self.settings.as_of
        return {
            "as_of": as_of.isoformat(),
            "currency": self.settings.currency,
            "horizon_weeks": self.settings.horizon_weeks,
            "total_value": self.total_value,
            "total_cost": self.total_cost,
            "capacity_cost": self.capacity_cost,
            "projects": [p.to_dict(as_of) for p in self.projects],
            "unschedulable": [{"id": p.id, "reason": p.reason} for p in self.unschedulable],
        }


@dataclass(frozen=True)
class ProjectDelta:
    id: str
    name: str
    benefit_type: str
    base_finish_week: int | None
    scenario_finish_week: int | None
    value_delta: float

    @property
    def finish_delta_weeks(self) -> int | None:
        if self.base_finish_week is None or self.scenario_finish_week is None:
            return None
        return self.scenario_finish_week - self.base_finish_week

    @property
    def finish_changed(self) -> bool:
        """It is delivered in another week, or is delivered in one and not in the other."""
        return self.base_finish_week != self.scenario_finish_week

    def to_dict(self) -> dict:
        return {"id": self.id, "finish_delta_weeks": self.finish_delta_weeks, "value_delta": self.value_delta}


@dataclass(frozen=True)
class Comparison:
    name: str
    baseline: ScheduleResult
    scenario: ScheduleResult
    projects: tuple[ProjectDelta, ...]  # projects in the list of both, in scenario order
    added: tuple[str, ...]
    stopped: tuple[str, ...]

    @property
    def value_lost_to_delays(self) -> float:
        """Value destroyed by delay: the sum of max(0, V_base - V_scen) over projects in both lists."""
        return sum((-d.value_delta for d in self.projects if d.value_delta < 0), 0.0)

    @property
    def value_gained_sooner(self) -> float:
        """Value unlocked sooner: the sum of max(0, V_scen - V_base) over projects in both lists."""
        return sum((d.value_delta for d in self.projects if d.value_delta > 0), 0.0)

    @property
    def delay_cost(self) -> float:
        """The net of the two: value lost to delays less value gained sooner (never a headline on its own)."""
        return -sum(d.value_delta for d in self.projects)

    @property
    def capacity_cost(self) -> float:
        """What the scenario's capacity costs against the baseline's, week by week over the horizon."""
        return self.scenario.capacity_cost - self.baseline.capacity_cost

    @property
    def net_value_change(self) -> float:
        """(total value - total cost) of the scenario less the baseline's: the capacity cost included."""
        return self.scenario.net_value - self.baseline.net_value

    @property
    def spend_change(self) -> float:
        """The scenario's spend on its projects less the baseline's (positive: it spends more); capacity apart."""
        return self.scenario.project_cost - self.baseline.project_cost

    @property
    def cost_change(self) -> float:
        """All the money the scenario takes beyond the baseline: spend on projects and on capacity."""
        return self.spend_change + self.capacity_cost

    @property
    def moved(self) -> tuple[str, ...]:
        """Projects in both lists whose delivery moves (`ProjectDelta.finish_changed`), in scenario order."""
        return tuple(d.id for d in self.projects if d.finish_changed)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "baseline": self.baseline.to_dict(),
            "scenario": self.scenario.to_dict(),
            "delta": {
                "delay_cost": self.delay_cost,
                "value_lost_to_delays": self.value_lost_to_delays,
                "value_gained_sooner": self.value_gained_sooner,
                "capacity_cost": self.capacity_cost,
                "net_value_change": self.net_value_change,
                "projects": [d.to_dict() for d in self.projects],
                "added": list(self.added),
                "stopped": list(self.stopped),
            },
        }

    @property
    def delivered_later(self) -> tuple[str, ...]:
        """Projects in both lists delivered later than in the baseline, or not at all, in scenario order."""
        return tuple(d.id for d in self.projects if (d.finish_delta_weeks or 0) > 0 or d.scenario_finish_week is None)
