"""Where a week of delay costs most: what one more week of waiting on each delivered project costs."""

from __future__ import annotations

from dataclasses import dataclass

from vmo_core.decisions.cliffs import Cliff, week_of_delay_cliffs
from vmo_core.engine.evaluation import cost_of_delay_per_week
from vmo_core.engine.results import ScheduleResult


@dataclass(frozen=True)
class WeekOfDelay:
    id: str
    name: str
    finish_week: int
    cost: float  # V(F) - V(F + 1): the value lost if it lands one week later

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "finish_week": self.finish_week, "cost": self.cost}


@dataclass(frozen=True)
class DelayCosts:
    projects: tuple[WeekOfDelay, ...]  # costliest first; ties in the plan's order
    per_week: float  # one more week of waiting on every delivered project
    cliffs: tuple[Cliff, ...] = ()  # the deadlines that week would miss: their penalties are in `per_week`

    def costliest(self, count: int) -> tuple[WeekOfDelay, ...]:
        return self.projects[:count]

    def to_dict(self) -> dict:
        return {
            "per_week": self.per_week,
            "projects": [p.to_dict() for p in self.projects],
            "cliffs": [c.to_dict() for c in self.cliffs],
        }


def delay_costs(result: ScheduleResult) -> DelayCosts:
    """Each delivered project's cost of one more week, costliest first, and their sum."""
    weekly = cost_of_delay_per_week(result)
    by_id = result.by_id
    rows = [WeekOfDelay(p, by_id[p].name, by_id[p].finish_week, cost) for p, cost in weekly.items()]
    ranked = tuple(sorted(rows, key=lambda row: -row.cost))
    return DelayCosts(ranked, float(sum(weekly.values())), week_of_delay_cliffs(result))
