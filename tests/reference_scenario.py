"""The reference's own reading of a scenario: INTERFACES.md ("A scenario (JSON)") and
ECONOMICS.md ("Comparing a scenario with the baseline"), applied to the portfolio's records.

From the records and the scenario's JSON (a dict) it makes the plan the reference schedules:
the priority list, each project as the scenario leaves it (added, crashed), its demands and
predecessors, every pool's capacity week by week, and what was added and stopped; and, for
"A scenario is one repair of the plan", the baseline it changes, the projects it touches
(`reference_touched`) and whether it is a new plan (a `sequence`). The baseline carries the
plan's dates (`planned`: each scheduled project's `planned_start` week). It
imports nothing from the engine or the product's plan (vmo_core.engine, vmo_core.model.plan),
so a property test can let each side apply the scenario itself and compare the two.

Where the page is silent the reference says what it chose (`SILENT:`); the product agrees.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace

CRASH_SLACK = 1e-9  # ceil(n / k) of a product of floats: 21 / 1.4 is 15.000000000000002, and 15 weeks
SCHEDULED = ("active", "approved")


def week_of(day: dt.date, as_of: dt.date) -> int:
    """ECONOMICS.md, Time: (date - as_of).days // 7, floor."""
    return (day - as_of).days // 7


@dataclass(frozen=True)
class RefProject:
    """The fields of a project that the schedule and its value read (ECONOMICS.md, Projects)."""

    id: str
    status: str
    duration_weeks: int
    value_per_week: float
    priority: float | None = None
    earliest_start: dt.date | None = None
    decay_per_week: float = 0.0
    value_end: dt.date | None = None
    deadline: dt.date | None = None
    late_penalty: float = 0.0
    fixed_cost: float = 0.0


FIELDS = [f for f in RefProject.__dataclass_fields__ if f != "id"]
DATES = {"earliest_start", "value_end", "deadline"}


@dataclass
class RefCapacity:
    """A pool's capacity: `base`, then each (from week, capacity) in turn; the last at or before a week applies."""

    base: float
    steps: list[tuple[int, float]] = field(default_factory=list)

    def at(self, week: int) -> float:
        capacity = self.base
        for start, value in self.steps:  # in the order they take effect: a later one at the same week wins
            if start <= week:
                capacity = value
        return capacity


@dataclass
class RefPlan:
    portfolio: object  # the input records (vmo_core.model.portfolio.Portfolio)
    order: list[str]
    projects: dict[str, RefProject]
    demands: dict[str, dict[str, float]]
    predecessors: dict[str, tuple[str, ...]]
    capacity: dict[str, RefCapacity]
    added: list[str] = field(default_factory=list)
    stopped: list[str] = field(default_factory=list)
    # "A plan with dates": each scheduled project's planned_start, as a week (the baseline's; none: serial generation)
    planned: dict[str, int] = field(default_factory=dict)
    # "A scenario is one repair of the plan": the baseline it changes (None: this plan is the baseline), the
    # projects a change adds, accelerates or crashes, and whether a `sequence` made it a new plan
    base: RefPlan | None = None
    changed: list[str] = field(default_factory=list)
    replanned: bool = False

    @property
    def as_of(self) -> dt.date:
        return self.portfolio.settings.as_of

    def in_flight(self, project_id: str) -> bool:
        """`active` as the portfolio has it: a project the scenario adds is never in flight."""
        return self.projects[project_id].status == "active" and project_id not in self.added

    def cd3(self, project_id: str) -> float:
        project = self.projects[project_id]
        return project.value_per_week / project.duration_weeks


def reference_baseline(pf) -> RefPlan:
    """The portfolio as it stands, in `priority` order (1 first), ties by id.

    SILENT: where a project has no priority; it goes after every one that has, by id.
    """
    projects = {p.id: RefProject(p.id, **{name: getattr(p, name) for name in FIELDS}) for p in pf.projects}
    scheduled = [p for p in projects.values() if p.status in SCHEDULED]
    ranked = sorted(scheduled, key=lambda p: (p.priority is None, p.priority if p.priority is not None else 0.0, p.id))
    demands: dict[str, dict[str, float]] = {p.id: {} for p in pf.projects}
    for d in pf.demands:
        demands[d.project_id][d.pool_id] = demands[d.project_id].get(d.pool_id, 0.0) + d.fte
    predecessors: dict[str, list[str]] = {}
    for dep in pf.dependencies:
        if dep.predecessor_id not in predecessors.get(dep.successor_id, []):
            predecessors.setdefault(dep.successor_id, []).append(dep.predecessor_id)
    capacity = {pool.id: RefCapacity(pool.capacity_fte) for pool in pf.pools}
    # SILENT: a planned_start on a project that is not scheduled (proposed, done, stopped) is no date of the plan.
    # (It could not matter: a repair in which no project has a start is serial generation.)
    records = {p.id: p for p in pf.projects}
    planned = {
        p: week_of(records[p].planned_start, pf.settings.as_of)
        for p in (q.id for q in ranked)
        if records[p].planned_start is not None
    }
    for change in sorted(pf.capacity_changes, key=lambda c: c.from_date):  # the last-dated of a week applies
        capacity[change.pool_id].steps.append((week_of(change.from_date, pf.settings.as_of), change.capacity_fte))
    return RefPlan(
        portfolio=pf,
        order=[p.id for p in ranked],
        projects=projects,
        demands=demands,
        predecessors={k: tuple(v) for k, v in predecessors.items()},
        capacity=capacity,
        planned=planned,
    )


def reference_plan(pf, scenario: dict | None = None) -> RefPlan:
    plan = reference_baseline(pf)
    for change in (scenario or {}).get("changes", []):
        plan = reference_apply(plan, change)
    return plan


def reference_apply(plan: RefPlan, change: dict) -> RefPlan:
    """A new plan: `plan` with one change applied. Bad changes raise ValueError."""
    plan = RefPlan(
        portfolio=plan.portfolio,
        order=list(plan.order),
        projects=dict(plan.projects),
        demands={k: dict(v) for k, v in plan.demands.items()},
        predecessors=dict(plan.predecessors),
        capacity={k: RefCapacity(v.base, list(v.steps)) for k, v in plan.capacity.items()},
        added=list(plan.added),
        stopped=list(plan.stopped),
        planned=dict(plan.planned),
        base=plan.base or plan,  # the first change's plan is the baseline
        changed=list(plan.changed),
        replanned=plan.replanned,
    )
    op = change["op"]
    if op == "add":
        _add(plan, change)
    elif op == "stop":
        project_id = _scheduled(plan, change["project"])
        plan.order.remove(project_id)  # removed from week 0: its people are free at once
        plan.stopped.append(project_id)
    elif op == "accelerate":
        _accelerate(plan, change)
    elif op == "capacity":
        _capacity(plan, change)
    elif op == "sequence":
        named = [_scheduled(plan, p) for p in change["order"]]
        if len(set(named)) != len(named):
            raise ValueError(f"a project is named twice in {named}")
        plan.order = named + [p for p in plan.order if p not in named]  # the rest keep their relative order
        plan.replanned = True  # a new plan: every project is touched
    elif op == "move":
        _move(plan, change)
    else:
        raise ValueError(f"unknown op {op!r}")
    return plan


def _scheduled(plan: RefPlan, project_id: str) -> str:
    if project_id not in plan.order:
        raise ValueError(f"{project_id!r} is not scheduled")
    return project_id


def _add(plan: RefPlan, change: dict) -> None:
    spec = change["project"]
    if isinstance(spec, str):  # a proposal of the portfolio
        if plan.projects[spec].status != "proposed" or spec in plan.order:
            raise ValueError(f"{spec!r} is not a proposal")
        plan.projects[spec] = replace(plan.projects[spec], status="approved")
        project_id = spec
    else:  # a new project: the fields of projects.csv, its demands and (optionally) predecessors
        project_id = spec["id"]
        if project_id in plan.projects:
            raise ValueError(f"{project_id!r} already exists")
        values = {}
        for name in FIELDS:
            raw = spec.get(name)
            if raw is None or raw == "":
                continue
            values[name] = dt.date.fromisoformat(raw) if name in DATES else raw
        values["status"] = "approved"
        values["duration_weeks"] = int(values["duration_weeks"])
        values["value_per_week"] = float(values["value_per_week"])
        plan.projects[project_id] = RefProject(project_id, **values)
        plan.demands[project_id] = {pool: float(fte) for pool, fte in (spec.get("demands") or {}).items()}
        if spec.get("predecessors"):
            plan.predecessors[project_id] = tuple(spec["predecessors"])
    position = change.get("position")
    if position is not None:  # 1-based within the scheduled list (SILENT: past its end, at the end)
        index = min(int(position) - 1, len(plan.order))
    else:  # just before the first project not in flight with a lower CD3, or at the end
        own = plan.cd3(project_id)
        lower = [i for i, other in enumerate(plan.order) if not plan.in_flight(other) and plan.cd3(other) < own]
        index = lower[0] if lower else len(plan.order)
    plan.order.insert(index, project_id)
    plan.added.append(project_id)
    plan.changed.append(project_id)  # a change adds it: touched


def _accelerate(plan: RefPlan, change: dict) -> None:
    """To the front of its group, and/or crashed by k >= 1: demand x k on every pool, ceil(n / k) weeks.

    SILENT: without `to_front`, it is moved only when no `crash` is given. The front of its group
    is just before the first other project of its group left in the list, or the end when none is.
    SILENT: an `accelerate` that neither moves the project to the front (`to_front` false) nor crashes it
    (k = 1) changes nothing and touches nothing: the page touches what a change accelerates or crashes.
    """
    project_id = _scheduled(plan, change["project"])
    crash = float(change.get("crash", 1))
    if crash < 1:
        raise ValueError(f"crash {crash} is below 1")
    if change.get("to_front", "crash" not in change):
        plan.changed.append(project_id)  # a change accelerates it: touched (and those it passes, by their ranks)
        plan.order.remove(project_id)
        group = plan.in_flight(project_id)
        same = [i for i, other in enumerate(plan.order) if plan.in_flight(other) == group]
        plan.order.insert(same[0] if same else len(plan.order), project_id)
    if crash > 1:
        plan.changed.append(project_id)  # a change crashes it: touched
    project = plan.projects[project_id]
    weeks = max(1, math.ceil(project.duration_weeks / crash - CRASH_SLACK))
    plan.projects[project_id] = replace(project, duration_weeks=weeks)
    plan.demands[project_id] = {pool: fte * crash for pool, fte in plan.demands.get(project_id, {}).items()}


def _capacity(plan: RefPlan, change: dict) -> None:
    """A pool's capacity from a week on, for good: it replaces every planned change from that week on.

    Without `from`, from the as-of date (week 0).
    """
    line = plan.capacity[change["pool"]]
    start = week_of(dt.date.fromisoformat(change["from"]), plan.as_of) if change.get("from") else 0
    line.steps = [(w, c) for w, c in line.steps if w < start] + [(start, float(change["capacity_fte"]))]


def _move(plan: RefPlan, change: dict) -> None:
    """One scheduled project to a 1-based place in the list; the rest keep their order.

    SILENT: the place counts in the list as the reference keeps it (the priority order, in which an
    in-flight project stands where its priority puts it, as for an `add`'s position); in-flight
    projects are placed first whatever the list says, so they "stay first". The project is taken
    out and put back so that it is the K-th of the list; past the end, it is the last. A place
    below 1 is bad input.
    """
    project_id = _scheduled(plan, change["project"])
    position = int(change["position"])
    if position < 1:
        raise ValueError(f"position {position} is below 1")
    plan.order.remove(project_id)
    plan.order.insert(min(position - 1, len(plan.order)), project_id)


def work_order(plan: RefPlan) -> list[str]:
    """The list as the schedule reads it: every in-flight project, then the rest, each group in list order."""
    return [p for p in plan.order if plan.in_flight(p)] + [p for p in plan.order if not plan.in_flight(p)]


def reference_touched(plan: RefPlan) -> set[str]:
    """ECONOMICS.md, "A scenario is one repair of the plan": the projects whose dates the repair frees.

    Every project a change adds, accelerates or crashes, and every project whose rank relative to
    another project (in the lists of both) differs between the baseline's list and the scenario's.
    A `sequence` touches every project; a `stop` or a `capacity` change touches nothing.

    SILENT: a rank is read in the order of work (in-flight projects first, each group in list order):
    an in-flight project is placed before every other whatever the list says, so a project put ahead
    of one in the list that it is still placed after has passed nothing.
    """
    if plan.base is None:
        return set()
    if plan.replanned:
        return set(plan.order)
    before, after = work_order(plan.base), work_order(plan)
    common = [p for p in after if p in before]
    rank_before = {p: i for i, p in enumerate(before)}
    rank_after = {p: i for i, p in enumerate(after)}
    touched = {p for p in plan.changed if p in plan.order}
    for a in common:
        for b in common:
            if a != b and (rank_before[a] < rank_before[b]) != (rank_after[a] < rank_after[b]):
                touched |= {a, b}
    return touched
