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
    total_cost: float
    plan: Any = field(default=None, compare=False, repr=False)  # the Plan it schedules

    @property
    def unschedulable(self) -> tuple[ProjectOutcome, ...]:
        return tuple(p for p in self.projects if not p.scheduled)

    @property
    def by_id(self) -> dict[str, ProjectOutcome]:
        return {p.id: p for p in self.projects}

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
    def delay_cost(self) -> float:
        """Value destroyed by the resulting delays (negative: value unlocked sooner)."""
        return -sum(d.value_delta for d in self.projects)

    @property
    def net_value_change(self) -> float:
        return self.scenario.net_value - self.baseline.net_value

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "baseline": self.baseline.to_dict(),
            "scenario": self.scenario.to_dict(),
            "delta": {
                "delay_cost": self.delay_cost,
                "net_value_change": self.net_value_change,
                "projects": [d.to_dict() for d in self.projects],
                "added": list(self.added),
                "stopped": list(self.stopped),
            },
        }
