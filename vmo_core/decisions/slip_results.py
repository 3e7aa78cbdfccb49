"""The typed results of `slips`: what moved between two snapshots, and decisions judged.

`Changes.to_dict()` is what `changes --json` prints; `JudgedDecision.to_dict()` is the part of
one `decisions --json` entry that the slip rule gives (the store adds id, name, adopted_at,
by, note and snapshot). `Decision` is the predicted part of a decision record, as kept.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from vmo_core.engine.results import ScheduleResult

GONE = "gone"  # the status of a project the later snapshot no longer holds


def iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


class Lateness:
    """A delivery against the week it was due, both in the later snapshot's weeks (None: never)."""

    due_week: int | None
    finish_week: int | None

    @property
    def slip_weeks(self) -> int | None:
        """F - F': weeks later than it was due (negative: sooner); None unless both deliver it."""
        if self.due_week is None or self.finish_week is None:
            return None
        return self.finish_week - self.due_week


@dataclass(frozen=True)
class Slip(Lateness):
    """One project's move since the earlier snapshot, in the later snapshot's weeks."""

    id: str
    name: str
    benefit_type: str
    before_finish: dt.date | None  # the delivery date the earlier snapshot gave (None: unschedulable)
    after_finish: dt.date | None
    due_week: int | None  # F_A': the earlier delivery date in the later snapshot's weeks
    finish_week: int | None  # F_B
    slip_cost: float  # V_B(F_A') - V_B(F_B): positive, value delayed
    # V_B(F_A') - V_A(F_A): the earlier delivery valued on the later snapshot's fields, what
    # re-estimates and the horizon moving on changed (the bridge's "revalued" step)
    revalued: float = 0.0

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "before_finish": iso(self.before_finish),
            "after_finish": iso(self.after_finish),
            "slip_weeks": self.slip_weeks,
            "slip_cost": self.slip_cost,
        }


@dataclass(frozen=True)
class Entered:
    id: str
    name: str
    value: float  # V_B, 0 when the later snapshot cannot schedule it
    finish: dt.date | None

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "value": self.value, "finish": iso(self.finish)}


@dataclass(frozen=True)
class Left:
    id: str
    name: str
    status: str  # in the later snapshot: done, stopped, proposed, or GONE
    before_value: float  # what the earlier snapshot valued it at

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "status": self.status, "before_value": self.before_value}


@dataclass(frozen=True)
class Reestimate:
    id: str
    name: str
    before: float  # value per week, in the earlier snapshot
    after: float

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "before": self.before, "after": self.after}


DONE = "done"  # the status of a project that left the plan because it was delivered


@dataclass(frozen=True)
class Changes:
    """What moved between two snapshots; `to_dict()` is what `changes --json` prints."""

    before_as_of: dt.date
    after_as_of: dt.date
    currency: str
    projects: tuple[Slip, ...]  # costliest slip first, ties by id
    entered: tuple[Entered, ...]  # most valuable first, ties by id
    left: tuple[Left, ...]  # in the earlier snapshot's priority order
    reestimated: tuple[Reestimate, ...]  # largest change of value per week first, ties by id
    before: ScheduleResult = field(compare=False, repr=False)
    after: ScheduleResult = field(compare=False, repr=False)

    @property
    def value_delayed(self) -> float:
        """The sum of the slip costs: positive, value delayed since the earlier snapshot."""
        return math.fsum(s.slip_cost for s in self.projects)

    @property
    def delivered(self) -> tuple[Left, ...]:
        """The projects that left the plan because they were delivered: their value is being earned, not lost."""
        return tuple(x for x in self.left if x.status == DONE)

    @property
    def dropped(self) -> tuple[Left, ...]:
        """The rest of `left`: stopped, sent back to proposals or no longer on the list (value given up)."""
        return tuple(x for x in self.left if x.status != DONE)

    @property
    def bridge(self) -> tuple[tuple[str, float], ...]:
        """From the earlier total value to the later one, step by step (each after the first a change):
        before - delayed + revalued + entered - left = after."""
        return (
            ("before", self.before.total_value),
            ("delayed", -self.value_delayed),
            ("revalued", math.fsum(s.revalued for s in self.projects)),
            ("entered", math.fsum(e.value for e in self.entered)),
            ("left", -math.fsum(x.before_value for x in self.left)),
            ("after", self.after.total_value),
        )

    @property
    def slipped(self) -> tuple[Slip, ...]:
        """The projects whose value was delayed (slip cost above 0), costliest first."""
        return tuple(s for s in self.projects if s.slip_cost > 0)

    def to_dict(self) -> dict:
        return {
            "before_as_of": self.before_as_of.isoformat(),
            "after_as_of": self.after_as_of.isoformat(),
            "currency": self.currency,
            "value_delayed": self.value_delayed,
            "before_total_value": self.before.total_value,
            "after_total_value": self.after.total_value,
            "projects": [s.to_dict() for s in self.projects],
            "entered": [e.to_dict() for e in self.entered],
            "left": [x.to_dict() for x in self.left],
            "reestimated": [r.to_dict() for r in self.reestimated],
            "bridge": [{"step": step, "amount": amount} for step, amount in self.bridge],
        }


@dataclass(frozen=True)
class Prediction:
    id: str
    predicted_finish: dt.date | None  # None: the scenario could not schedule it

    @classmethod
    def from_dict(cls, row: dict) -> Prediction:
        day = row.get("predicted_finish")
        return cls(str(row["id"]), None if day is None else dt.date.fromisoformat(day))

    def to_dict(self) -> dict:
        return {"id": self.id, "predicted_finish": iso(self.predicted_finish)}


@dataclass(frozen=True)
class Decision:
    """The predicted part of a decision record (the store adds who, when, the note and the snapshot).

    As a plain dict (`to_dict`, `from_dict`; other keys are ignored): {"name", "scenario" (the
    scenario's JSON), "predicted_net_value_change", "predicted": [{"id", "predicted_finish"
    (ISO date, or null where the scenario could not schedule it)}], "added": [the same, for the
    projects it adds]}. `predicted` is what ECONOMICS.md calls each moved project's delivery date;
    `added` is kept beside it so that the register can say how intakes land against their promise.
    """

    name: str
    scenario: dict
    predicted_net_value_change: float
    predicted: tuple[Prediction, ...]
    added: tuple[Prediction, ...] = ()

    @classmethod
    def from_dict(cls, record: dict) -> Decision:
        return cls(
            name=str(record.get("name") or "Scenario"),
            scenario=record.get("scenario") or {},
            predicted_net_value_change=float(record.get("predicted_net_value_change") or 0.0),
            predicted=tuple(Prediction.from_dict(row) for row in record.get("predicted") or ()),
            added=tuple(Prediction.from_dict(row) for row in record.get("added") or ()),
        )

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "scenario": self.scenario,
            "predicted_net_value_change": self.predicted_net_value_change,
            "predicted": [p.to_dict() for p in self.predicted],
            "added": [p.to_dict() for p in self.added],
        }


@dataclass(frozen=True)
class Promise(Lateness):
    """One predicted delivery, against the current snapshot."""

    id: str
    name: str
    status: str  # in the current snapshot; GONE when it no longer holds the project
    predicted_finish: dt.date | None
    current_finish: dt.date | None
    due_week: int | None  # the predicted date in the current snapshot's weeks
    finish_week: int | None
    slip_cost: float | None  # None: off the current list (done, stopped, proposed, gone), not judged

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "predicted_finish": iso(self.predicted_finish),
            "current_finish": iso(self.current_finish),
            "slip_weeks": self.slip_weeks,
            "slip_cost": self.slip_cost,
        }


@dataclass(frozen=True)
class JudgedDecision:
    name: str
    predicted_net_value_change: float
    as_of: dt.date  # of the snapshot it is judged against
    projects: tuple[Promise, ...]  # the moved projects, in the order the decision predicted them
    added: tuple[Promise, ...] = ()  # the projects it added, likewise

    @property
    def value_delayed(self) -> float:
        """The promise in money: the sum of the moved projects' judged slip costs (positive: value delayed)."""
        return math.fsum(p.slip_cost for p in self.projects if p.slip_cost is not None)

    @property
    def mean_slip_weeks(self) -> float | None:
        """On average, how many weeks later than predicted its moved projects now land (None: none to judge)."""
        return mean_weeks(self.projects)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "predicted_net_value_change": self.predicted_net_value_change,
            "judged_as_of": self.as_of.isoformat(),
            "value_delayed": self.value_delayed,
            "mean_slip_weeks": self.mean_slip_weeks,
            "projects": [p.to_dict() for p in self.projects],
            "added": [p.to_dict() for p in self.added],
        }


def mean_weeks(promises) -> float | None:
    """The mean slip in weeks of the promises that can be judged in weeks (None: none can)."""
    weeks = [p.slip_weeks for p in promises if p.slip_weeks is not None]
    return sum(weeks) / len(weeks) if weeks else None


@dataclass(frozen=True)
class IntakeRecord:
    """How the latest intakes land against what their decisions promised: "the last three intakes
    landed on average five weeks later than predicted"."""

    decisions: int  # decisions that added a project still on the plan to judge
    projects: int  # their added projects judged in weeks
    mean_slip_weeks: float | None
    slip_cost: float  # the sum of those added projects' slip costs

    def to_dict(self) -> dict:
        return {
            "decisions": self.decisions,
            "projects": self.projects,
            "mean_slip_weeks": self.mean_slip_weeks,
            "slip_cost": self.slip_cost,
        }
