"""Stop or continue: the net value of stopping each scheduled project today, best first.

Each figure is the comparison of that one stop (`compare_changes`), worked out for every
project at once by repairing the plan's schedule (`engine.candidates`); `plain_options` is
the same answer compared stop by stop, which tests/decisions/test_fast_paths.py holds it to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vmo_core.engine import candidates
from vmo_core.engine.evaluation import compare_changes
from vmo_core.engine.results import ScheduleResult
from vmo_core.model.plan import Plan
from vmo_core.model.portfolio import Portfolio


@dataclass(frozen=True)
class StopOption:
    id: str
    name: str
    net_value_change: float  # of stopping it today: the highest is the project we would miss least
    value_lost: float  # its own value
    spend_saved: float  # its remaining spend, and that of successors it leaves unschedulable
    others_gain: float  # value others gain by landing sooner
    moves: tuple[str, ...]  # projects whose delivery moves
    status: str = "approved"  # `active`: in flight, holding its people; otherwise not started yet

    @property
    def in_flight(self) -> bool:
        return self.status == "active"

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "net_value_change": self.net_value_change,
            "value_lost": self.value_lost,
            "spend_saved": self.spend_saved,
            "others_gain": self.others_gain,
            "moves": list(self.moves),
        }


@dataclass(frozen=True)
class StopRanking:
    projects: tuple[StopOption, ...]  # highest net value change first

    @property
    def in_flight(self) -> tuple[StopOption, ...]:
        """The `active` projects, missed least first: the answer to stopping work in flight."""
        return tuple(o for o in self.projects if o.in_flight)

    @property
    def not_started(self) -> tuple[StopOption, ...]:
        """The scheduled projects that have not started yet, missed least first."""
        return tuple(o for o in self.projects if not o.in_flight)

    @property
    def missed_least(self) -> StopOption | None:
        """The in-flight project we would miss least; the first not started when none is in flight."""
        return next(iter(self.in_flight or self.projects), None)

    def to_dict(self) -> dict:
        return {"projects": [p.to_dict() for p in self.projects]}


def stop_ranking(pf: Portfolio, *, scenario: Any = None) -> StopRanking:
    plan, base, fast = candidates.evaluated(pf, scenario)
    if candidates.available():
        stops = candidates.Candidates(plan, base, fast).stops([o.id for o in base.projects], moved=True)
        options = [
            StopOption(
                id=outcome.id,
                name=outcome.name,
                net_value_change=figures.net_value_change,
                value_lost=outcome.value,
                spend_saved=-figures.spend_change,  # a stop changes no capacity: its capacity cost is 0
                others_gain=-figures.delay_cost,
                moves=figures.moved,
                status=outcome.status,
            )
            for outcome, figures in zip(base.projects, stops)
        ]
    else:
        options = plain_options(plan, base)
    options.sort(key=lambda o: (-o.net_value_change, o.id))
    return StopRanking(tuple(options))


def plain_options(plan: Plan, base: ScheduleResult) -> list[StopOption]:
    """Each stop compared in full, one by one: the reference the fast path is held to."""
    options = []
    for outcome in base.projects:
        comparison = compare_changes(plan, base, [{"op": "stop", "project": outcome.id}])
        options.append(
            StopOption(
                id=outcome.id,
                name=outcome.name,
                net_value_change=comparison.net_value_change,
                value_lost=outcome.value,
                spend_saved=-comparison.spend_change,
                others_gain=-comparison.delay_cost,
                moves=comparison.moved,
                status=outcome.status,
            )
        )
    return options
