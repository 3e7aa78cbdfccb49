"""The plan as written against what capacity allows: which projects cannot start when the plan
says, and the value their delay costs.

ECONOMICS.md: "A plan with dates" is scheduled as the repair of those dates, to capacity. The
contract names no figure for the gap, so it is defined here, from its own terms:

- The plan **as written** puts each scheduled project (active or approved) at its written
  start, `planned_start`, as if every team had room for it: its start is the later of that
  week and its lower bound (its `earliest_start`, and its predecessors' finishes in the plan as
  written; a `done` predecessor finished at week 0; never before week 0). A project without a
  `planned_start` starts at its lower bound. It finishes `duration_weeks` later, at `W`.
- **What capacity allows** is the portfolio's own schedule (the repair of the dates), where
  the project finishes at `F` (or is unschedulable).
- A project with a `planned_start` **cannot start when planned** when its start there is later
  than its start as written, or it cannot be scheduled at all. Its **value delayed** is
  `V(W) - V(F)` (V(F) = 0 when unschedulable), with V the contract's value formula: never
  negative, since V does not rise as F moves later.
- The gap is the count of such projects and the sum of their value delayed. A project that
  capacity lets start sooner than written gains nothing here: the figure is what the plan
  as written promises and capacity cannot deliver.

Nothing is said when no scheduled project carries a `planned_start` (`plan_as_written` is None).
"""

from __future__ import annotations

from dataclasses import dataclass

from vmo_core.engine import evaluation as engine
from vmo_core.engine.results import ScheduleResult
from vmo_core.engine.valuation import ValueModel
from vmo_core.model.portfolio import Portfolio


@dataclass(frozen=True)
class LateStart:
    """One project that cannot start when the plan says."""

    id: str
    name: str
    written_start_week: int  # its start as written (capacity unlimited)
    start_week: int | None  # its start as capacity allows (None: unschedulable)
    value_delayed: float  # V(as written) - V(as capacity allows)

    @property
    def weeks_late(self) -> int | None:
        return None if self.start_week is None else self.start_week - self.written_start_week

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "written_start_week": self.written_start_week,
            "start_week": self.start_week,
            "weeks_late": self.weeks_late,
            "value_delayed": self.value_delayed,
        }


@dataclass(frozen=True)
class PlanAsWritten:
    """The gap between the plan as written and what capacity allows (see the module's docstring)."""

    dated: int  # scheduled projects carrying a planned start
    late: tuple[LateStart, ...]  # those that cannot start when planned, the most value delayed first
    value_as_written: float  # the dated projects' value, each delivered as written
    value_delayed: float  # the sum of the late projects' value delayed

    def to_dict(self) -> dict:
        return {
            "dated": self.dated,
            "late": len(self.late),
            "value_as_written": self.value_as_written,
            "value_delayed": self.value_delayed,
            "projects": [p.to_dict() for p in self.late],
        }


def written_starts(pf: Portfolio, baseline: ScheduleResult) -> dict[str, int | None]:
    """Each scheduled project's start in the plan as written: its planned start, or its lower bound
    when later (or when it has none), with unlimited capacity. None: it can never start (it depends
    on a project that is not scheduled)."""
    plan = baseline.plan
    listed = set(plan.order)
    starts: dict[str, int | None] = {}

    def finish(project_id: str) -> int | None:
        if project_id not in listed:
            return 0 if plan.projects.get(project_id) and plan.projects[project_id].status == "done" else None
        start = start_of(project_id)
        return None if start is None else start + plan.projects[project_id].duration_weeks

    def start_of(project_id: str) -> int | None:
        if project_id in starts:
            return starts[project_id]
        project = plan.projects[project_id]
        bound = max(0, pf.week(project.earliest_start) if project.earliest_start else 0)
        for predecessor in plan.predecessors.get(project_id, ()):
            done = finish(predecessor)
            if done is None:
                starts[project_id] = None
                return None
            bound = max(bound, done)
        written = pf.week(project.planned_start) if project.planned_start is not None else bound
        starts[project_id] = max(bound, written)
        return starts[project_id]

    for project_id in plan.order:
        start_of(project_id)
    return starts


def plan_as_written(pf: Portfolio, *, baseline: ScheduleResult | None = None) -> PlanAsWritten | None:
    """The plan as written against what capacity allows; None when no scheduled project has a planned start."""
    baseline = baseline or engine.schedule(pf)
    plan = baseline.plan
    dated = [i for i in plan.order if plan.projects[i].planned_start is not None]
    if not dated:
        return None
    written = written_starts(pf, baseline)
    model = ValueModel(pf.settings)
    outcome = baseline.by_id
    late, as_written = [], 0.0
    for project_id in dated:
        start = written[project_id]
        if start is None:  # it can never start, as written or not: no promise to miss
            continue
        project = plan.projects[project_id]
        promised = model.value(project, start + project.duration_weeks)
        as_written += promised
        now = outcome[project_id]
        if now.start_week is not None and now.start_week <= start:
            continue
        delayed = max(0.0, promised - model.value(project, now.finish_week))
        late.append(LateStart(project_id, project.label, start, now.start_week, delayed))
    late.sort(key=lambda p: (-p.value_delayed, p.id))
    return PlanAsWritten(len(dated), tuple(late), as_written, sum(p.value_delayed for p in late))
