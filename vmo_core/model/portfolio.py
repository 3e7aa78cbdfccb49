"""The portfolio as plain records, and the calendar rule that turns dates into weeks.

Records mirror the files of INTERFACES.md one to one, so that a portfolio can be written
back out exactly as it came in. Unknown columns ride along in `extra`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

STATUSES = ("proposed", "approved", "active", "done", "stopped")
SCHEDULED_STATUSES = ("active", "approved")
BENEFIT_TYPES = ("revenue", "savings", "risk", "other")


def week_of(day: dt.date, as_of: dt.date) -> int:
    """Week index of a date: week 0 starts on as_of; earlier dates give negative weeks."""
    return (day - as_of).days // 7


def date_of(week: int, as_of: dt.date) -> dt.date:
    """The day a week begins."""
    return as_of + dt.timedelta(days=7 * week)


@dataclass(frozen=True)
class Settings:
    as_of: dt.date
    horizon_weeks: int = 156
    discount_rate: float = 0.0
    currency: str = "USD"
    extra: dict = field(default_factory=dict, compare=True)


@dataclass(frozen=True)
class Pool:
    id: str
    capacity_fte: float
    name: str = ""
    cost_per_fte_week: float = 0.0
    extra: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class Project:
    id: str
    status: str
    duration_weeks: int
    value_per_week: float
    name: str = ""
    priority: float | None = None
    earliest_start: dt.date | None = None
    decay_per_week: float = 0.0
    value_end: dt.date | None = None
    deadline: dt.date | None = None
    late_penalty: float = 0.0
    fixed_cost: float = 0.0
    promised_finish: dt.date | None = None
    promised_value_per_week: float | None = None
    benefit_type: str = "other"
    theme: str = ""
    sponsor: str = ""
    planned_start: dt.date | None = None  # the plan's start date (a plan with dates): written by adopting a scenario
    extra: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class Demand:
    project_id: str
    pool_id: str
    fte: float
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Dependency:
    predecessor_id: str
    successor_id: str
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class CapacityChange:
    pool_id: str
    from_date: dt.date
    capacity_fte: float
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Actual:
    project_id: str
    estimated_weeks: float
    actual_weeks: float
    estimated_value_per_week: float | None = None
    realised_value_per_week: float | None = None
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Portfolio:
    """A whole portfolio. Tuples keep file order, which is what export writes back."""

    settings: Settings
    pools: tuple[Pool, ...]
    projects: tuple[Project, ...]
    demands: tuple[Demand, ...] = ()
    dependencies: tuple[Dependency, ...] = ()
    capacity_changes: tuple[CapacityChange, ...] = ()
    actuals: tuple[Actual, ...] = ()
    source: str = field(default="", compare=False)

    @property
    def currency(self) -> str:
        return self.settings.currency

    @property
    def as_of(self) -> dt.date:
        return self.settings.as_of

    def project(self, project_id: str) -> Project:
        return self.project_index[project_id]

    @property
    def project_index(self) -> dict[str, Project]:
        cached = self.__dict__.get("_project_index")
        if cached is None:
            cached = {p.id: p for p in self.projects}
            object.__setattr__(self, "_project_index", cached)
        return cached

    @property
    def pool_index(self) -> dict[str, Pool]:
        cached = self.__dict__.get("_pool_index")
        if cached is None:
            cached = {p.id: p for p in self.pools}
            object.__setattr__(self, "_pool_index", cached)
        return cached

    def demands_of(self, project_id: str) -> dict[str, float]:
        """FTE per pool that a project holds in each week it runs."""
        cached = self.__dict__.get("_demand_index")
        if cached is None:
            cached = {}
            for d in self.demands:
                cached.setdefault(d.project_id, {})[d.pool_id] = d.fte
            object.__setattr__(self, "_demand_index", cached)
        return dict(cached.get(project_id, {}))

    def week(self, day: dt.date) -> int:
        return week_of(day, self.settings.as_of)

    def date(self, week: int) -> dt.date:
        return date_of(week, self.settings.as_of)
