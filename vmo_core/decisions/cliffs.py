"""Cliffs: the deadlines and value windows that make a figure jump.

Most of V(F) moves smoothly as a finish moves (ECONOMICS.md, "The value of a project"), but
two terms jump: the late penalty, paid once a project lands after its deadline week, and
the value window, which earns nothing once a project lands at or after its `value_end`
week. When one of these drives a figure ("accepting ATLAS 9th is -£559k and 10th +£3.0M"),
the reader should be told which project's deadline or window it is, and what crossing it
costs. These functions find them; `present.sentences` says them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from vmo_core.engine.results import Comparison, ProjectDelta, ScheduleResult
from vmo_core.engine.valuation import ValueModel
from vmo_core.model.portfolio import Project, Settings, date_of

DEADLINE, WINDOW = "deadline", "window"


@dataclass(frozen=True)
class Cliff:
    """One project's deadline or value window crossed, and the money of that crossing."""

    id: str
    name: str
    kind: str  # DEADLINE (its late penalty) or WINDOW (its value_end)
    date: dt.date  # the deadline, or the day the value window closes
    missed: bool  # True: the finish moves past it; False: the finish comes back before it
    money: float  # the change in value the crossing makes: -penalty, or the window's value, signed
    slack_days: int | None = None  # for a week of delay: days between the finish and the deadline

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "date": self.date.isoformat(),
            "missed": self.missed,
            "money": self.money,
            "slack_days": self.slack_days,
        }


def crossed(comparison: Comparison) -> tuple[Cliff, ...]:
    """The deadlines and value windows a scenario's finishes cross, the largest money first.

    A project delivered in the baseline and in the scenario crosses its deadline when one
    finish is on time (F <= deadline week) and the other late; the crossing's money is its
    late penalty. It crosses its value window when one finish is before the window's end and
    the other at or after it: the money is the value change the project shows (all it earns
    in the window), less a penalty crossed at the same time. A project never delivered in one
    of the two is no crossing: its value is lost or gained whole, and sentences say so already.
    """
    settings = comparison.scenario.settings
    records = {**comparison.baseline.plan.projects, **comparison.scenario.plan.projects}
    found = []
    for delta in comparison.projects:
        project = records.get(delta.id)
        if project is None or delta.base_finish_week is None or delta.scenario_finish_week is None:
            continue
        found += _crossings(delta, project, settings)
    return _largest_first(found)


def crossed_at(base: ScheduleResult, finishes: np.ndarray) -> list[tuple[Cliff, ...]]:
    """`crossed` for many scenarios that list the baseline's projects (and maybe more) without a
    comparison each: one row of `finishes` a scenario (its finish weeks, -1 when not delivered, the
    baseline's projects first in `base.projects`' order), the same cliffs by the same rule (`_crossings`)."""
    model = ValueModel(base.settings)
    outcomes = base.projects
    mask = _crossing(base, model, np.asarray(finishes)[:, : len(outcomes)])
    found: list[tuple[Cliff, ...]] = []
    for row, columns in zip(finishes, mask):
        cliffs = []
        for j in np.flatnonzero(columns).tolist():
            o, after = outcomes[j], int(row[j])
            project = base.plan.projects[o.id]
            delta = ProjectDelta(o.id, o.name, o.benefit_type, o.finish_week, after, model.value(project, after) - o.value)
            cliffs += _crossings(delta, project, base.settings)
        found.append(_largest_first(cliffs))
    return found


def _largest_first(cliffs: list[Cliff]) -> tuple[Cliff, ...]:
    return tuple(sorted(cliffs, key=lambda c: (-abs(c.money), c.id)))


def _crossing(base: ScheduleResult, model: ValueModel, after: np.ndarray) -> np.ndarray:
    """Per scenario (row) and project (column): whether its finish crosses its deadline or value window."""
    n = len(base.projects)
    before = np.array([-1 if o.finish_week is None else o.finish_week for o in base.projects], dtype=np.int64)
    never = np.iinfo(np.int64).max
    deadline, end = np.full(n, never), np.full(n, never)
    for i, outcome in enumerate(base.projects):
        project = base.plan.projects[outcome.id]
        if project.deadline is not None and project.late_penalty:
            deadline[i] = model.deadline_week(project)
        if project.value_end is not None and model.end_week(project) < base.settings.horizon_weeks:
            end[i] = model.end_week(project)
    both = (before >= 0) & (after >= 0)
    return both & (((before > deadline) != (after > deadline)) | ((before >= end) != (after >= end)))


def week_of_delay_cliffs(result: ScheduleResult) -> tuple[Cliff, ...]:
    """The deadlines one more week of waiting would miss, with each penalty, the largest first.

    A project finishing in its deadline's own week is on time now and late a week later: the
    penalty is part of its cost of one more week (`decisions.delay`), however little of the
    week it would take.
    """
    model = ValueModel(result.settings)
    found = []
    for outcome in result.projects:
        project = result.plan.projects.get(outcome.id)
        if project is None or not outcome.scheduled or not project.late_penalty or project.deadline is None:
            continue
        if outcome.finish_week == model.deadline_week(project):
            slack = (project.deadline - date_of(outcome.finish_week, result.settings.as_of)).days
            found.append(Cliff(project.id, project.label, DEADLINE, project.deadline, True, -project.late_penalty, slack))
    return tuple(sorted(found, key=lambda c: (c.money, c.id)))


def share_of(cliffs: tuple[Cliff, ...], total: float) -> float:
    """How much of a figure (a cost, positive) the cliffs' money makes: 0 to 1, 0 when there is no figure."""
    if total <= 0:
        return 0.0
    return min(1.0, sum(-c.money for c in cliffs if c.money < 0) / total)


def _crossings(delta: ProjectDelta, project: Project, settings: Settings) -> list[Cliff]:
    model = ValueModel(settings)
    before, after = delta.base_finish_week, delta.scenario_finish_week
    found = []
    penalty = 0.0
    if project.deadline is not None and project.late_penalty:
        week = model.deadline_week(project)
        if (before > week) != (after > week):
            missed = after > week
            penalty = -project.late_penalty if missed else project.late_penalty
            found.append(Cliff(project.id, project.label, DEADLINE, project.deadline, missed, penalty))
    if project.value_end is not None:
        end = model.end_week(project)
        if end < settings.horizon_weeks and (before >= end) != (after >= end):
            found.append(Cliff(project.id, project.label, WINDOW, project.value_end, after >= end, delta.value_delta - penalty))
    return found
