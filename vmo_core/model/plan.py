"""The plan the scheduler works on: the priority list, the projects as a scenario has them,
their demands, and each pool's capacity line. The baseline plan is the portfolio as it stands.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from vmo_core.model.portfolio import SCHEDULED_STATUSES, Portfolio, Project


@dataclass(frozen=True)
class CapacityLine:
    """A pool's capacity: `base` until the first change, then the last change at or before a week."""

    base: float
    changes: tuple[tuple[int, float], ...] = ()  # (from week, capacity), sorted by week, stable

    def at(self, week: int) -> float:
        capacity = self.base
        for start, value in self.changes:
            if start <= week:
                capacity = value
        return capacity

    @property
    def final(self) -> float:
        return self.changes[-1][1] if self.changes else self.base

    def plus(self, extra: float) -> CapacityLine:
        return CapacityLine(self.base + extra, tuple((w, c + extra) for w, c in self.changes))

    def set_from(self, week: int, capacity: float) -> CapacityLine:
        kept = tuple((w, c) for w, c in self.changes if w < week)
        return CapacityLine(self.base, kept + ((week, capacity),))


@dataclass
class Plan:
    portfolio: Portfolio
    order: list[str]  # the priority list: every scheduled project, first to last
    projects: dict[str, Project]  # every project known, as this plan has it (added, crashed)
    demands: dict[str, dict[str, float]]
    predecessors: dict[str, tuple[str, ...]]
    capacity: dict[str, CapacityLine]
    added: list[str] = field(default_factory=list)
    stopped: list[str] = field(default_factory=list)
    # each `capacity` change as the scenario gave it, in order: (pool, from day, capacity)
    capacity_set: list[tuple[str, dt.date, float]] = field(default_factory=list)
    # How its schedule is made (ECONOMICS.md, "repairing a plan"): the repair of `origin`'s schedule,
    # a plan this one was changed from; else the repair of its `dates` (a plan with dates: start
    # week per project); else, when neither is set, serial generation over `order` (a new plan).
    origin: Plan | None = field(default=None, repr=False)
    dates: dict[str, int] | None = None
    touched: set[str] = field(default_factory=set)  # projects the repair of `origin` does not hold to their starts
    starts: dict[str, int] | None = field(default=None, repr=False)  # its own schedule, once worked out
    left: Any = field(default=None, repr=False)  # the capacity that schedule leaves per pool and week (an array)

    def in_flight(self, project_id: str) -> bool:
        return self.projects[project_id].status == "active" and project_id not in self.added

    @property
    def repairs(self) -> bool:
        """Whether its schedule is a repair (of an origin's schedule or of its dates), not a new plan."""
        return self.origin is not None or self.dates is not None

    def copy(self) -> Plan:
        """The same plan, to be changed: its schedule is worked out again."""
        return Plan(
            portfolio=self.portfolio,
            order=list(self.order),
            projects=dict(self.projects),
            demands=dict(self.demands),
            predecessors=dict(self.predecessors),
            capacity=dict(self.capacity),
            added=list(self.added),
            stopped=list(self.stopped),
            capacity_set=list(self.capacity_set),
            origin=self.origin,
            dates=self.dates,
            touched=set(self.touched),
        )


def priority_key(project: Project) -> tuple:
    """The organisation's order: priority 1 first, ties (and missing priorities, last) by id."""
    return (project.priority is None, project.priority or 0.0, project.id)


def baseline_plan(pf: Portfolio) -> Plan:
    scheduled = sorted((p for p in pf.projects if p.status in SCHEDULED_STATUSES), key=priority_key)
    predecessors: dict[str, list[str]] = {}
    for dep in pf.dependencies:
        predecessors.setdefault(dep.successor_id, []).append(dep.predecessor_id)
    return Plan(
        portfolio=pf,
        order=[p.id for p in scheduled],
        projects=dict(pf.project_index),
        demands={p.id: pf.demands_of(p.id) for p in pf.projects},
        predecessors={k: tuple(dict.fromkeys(v)) for k, v in predecessors.items()},
        capacity=capacity_lines(pf),
        dates=planned_dates(pf, scheduled),
    )


def planned_dates(pf: Portfolio, scheduled: list[Project]) -> dict[str, int] | None:
    """The plan's start week of each scheduled project that has a `planned_start` (None: no project has one)."""
    dates = {p.id: pf.week(p.planned_start) for p in scheduled if p.planned_start is not None}
    return dates or None


def capacity_lines(pf: Portfolio) -> dict[str, CapacityLine]:
    # in date order, so of two changes dated in the same week the later-dated one is "the last change"
    changes: dict[str, list[tuple[int, float]]] = {}
    for change in sorted(pf.capacity_changes, key=lambda c: c.from_date):
        changes.setdefault(change.pool_id, []).append((pf.week(change.from_date), change.capacity_fte))
    return {pool.id: CapacityLine(pool.capacity_fte, tuple(changes.get(pool.id, []))) for pool in pf.pools}
