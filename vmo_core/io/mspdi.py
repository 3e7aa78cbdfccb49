"""MS Project's XML (MSPDI, namespace http://schemas.microsoft.com/project) as a portfolio source.

What is read, and how (the README's "MS Project" says it for people):

- projects: the summary tasks at outline level 1, in the file's order (their priority). Id:
  the task's WBS code where every summary has a distinct one, else `UID<n>`; name: its Name.
  Status: PercentComplete 100 -> done, above 0 -> active, else approved. Duration: the
  summary's Duration (PT...H...M...S, in working hours at 40 hours a week, rounded up to a
  whole week); for active work its RemainingDuration; without a Duration, its Start and
  Finish as a register's dates are read. A "start no earlier than" or "must start on"
  constraint gives earliest_start; a Deadline gives the deadline.
- pools: resources of Type 1 (work). Capacity: MaxUnits (1 = one full-time person); cost
  per FTE-week: StandardRate (MSPDI stores a rate per hour) x 40.
- FTE: for each project and pool, the pool's work on the project's tasks (an assignment's
  Work, or its Units x its task's Duration) divided by the summary's Duration: the person-
  hours are kept and spread evenly over the project, as the model holds a demand constant.
- dependencies: finish-to-start links between summary tasks, or between tasks of different
  summaries, as links between their projects; a link inside one project says nothing the
  model needs.
- value per week and other project fields: from a custom field (an extended attribute, by
  its alias, its field name such as Number1, or its FieldID) when a mapping names it
  (`{"columns": {"value_per_week": {"column": "Annual benefit", "unit": "per_year"}}}`);
  without one, 0, with a warning.

What is left out is listed in the report: milestones, tasks outside any summary task,
resources that are not work resources, links of other types or to other files, and the
calendars (working time is taken as 40 hours a week). The file is parsed with defusedxml:
a document type declaration or an entity (a "billion laughs") is refused, not expanded.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vmo_core.errors import Problem
from vmo_core.io.mspdi_xml import children, day, flag, hours, local, number, parse_project, text
from vmo_core.io.register import PER_WEEK, Converted, weeks_between
from vmo_core.io.register_mapping import Mapping, normalised, read_mapping
from vmo_core.io.schema import MAX_POOLS, MAX_PROJECTS, RawTable, amount

HOURS_A_WEEK = 40
WORK_RESOURCE = "1"
FINISH_TO_START = "1"
LINK_TYPES = {"0": "finish-to-finish", "2": "start-to-finish", "3": "start-to-start"}
EARLIEST_START_CONSTRAINTS = {"2", "4"}  # must start on, start no earlier than


@dataclass(frozen=True)
class LeftOut:
    kind: str  # task, resource, link, calendar
    name: str
    reason: str


@dataclass(frozen=True)
class MspdiReport:
    """What an MS Project file gave, for the Data page's preview: counts read, what was left out, warnings."""

    projects: int = 0
    pools: int = 0
    assignments: int = 0
    links: int = 0
    left_out: tuple[LeftOut, ...] = ()
    warnings: tuple[str, ...] = ()
    custom_fields: tuple[str, ...] = ()  # the file's custom fields, by alias (else name), for a mapping to name
    status_date: dt.date | None = None

    def to_dict(self) -> dict:
        return {
            "read": {"projects": self.projects, "pools": self.pools, "assignments": self.assignments, "links": self.links},
            "left_out": [{"kind": x.kind, "name": x.name, "reason": x.reason} for x in self.left_out],
            "warnings": list(self.warnings),
        }


def _span(task) -> float | None:
    """A summary's whole length in working hours: its Duration, or its Start to Finish in weeks."""
    start, finish = day(task, "Start"), day(task, "Finish")
    fallback = weeks_between(start, finish) * HOURS_A_WEEK if start and finish and finish >= start else None
    return hours(text(task, "Duration")) or fallback


def weeks_of(work_hours: float) -> int:
    return max(1, math.ceil(round(work_hours / HOURS_A_WEEK, 9)))


# ---------------------------------------------------------------- the portfolio


@dataclass
class _Summary:
    task: Any
    row: int
    uid: str
    name: str
    tasks: list = field(default_factory=list)  # the summary itself and every task under it
    id: str = ""


def read_mspdi(path: str | Path, *, mapping: Mapping | str | Path | None = None, as_of: dt.date | None = None) -> Converted:
    """An MS Project XML file as the portfolio's raw tables, with the report of what was read and left out."""
    path = Path(path)
    if mapping is not None and not isinstance(mapping, Mapping):
        mapping = read_mapping(mapping)
    root = parse_project(path)
    return _Reader(path, root, mapping or Mapping()).converted(as_of)


class _Reader:
    def __init__(self, path: Path, root, mapping: Mapping):
        self.path, self.root, self.mapping = path, root, mapping
        self.left_out: list[LeftOut] = []
        self.warnings: list[str] = []
        self.problems: list[Problem] = []
        self.names: dict[str, str] = {}  # task UID -> its name, for a link's description

    def leave(self, kind: str, name: str, reason: str) -> None:
        self.left_out.append(LeftOut(kind, name, reason))

    def converted(self, as_of: dt.date | None) -> Converted:
        summaries, owner = self._summaries()
        pools, pool_rows = self._pools()
        projects = [self._project(s) for s in summaries]
        demands, assignments = self._demands(summaries, owner, pools)
        links = self._links(owner)
        settings = self._settings(as_of)
        calendars = children(self.root, "Calendars")
        if calendars:
            self.leave("calendar", f"{len(calendars)} calendar(s)", "working time is taken as 40 hours a week")
        label = self.path.name
        fields = ["id", "name", "status", "priority", "duration_weeks", "value_per_week", "earliest_start", "deadline"]
        extra = [n for n in self.mapping.columns if n not in fields]
        rows = [(s.row, [p.get(n) for n in fields + extra]) for s, p in zip(summaries, projects)]
        tables = {
            "settings": RawTable(
                "settings", label, ["key", "value"], [(n, [k, v]) for n, (k, v) in enumerate(settings.items(), 1)]
            ),
            "pools": RawTable("pools", label, ["id", "name", "capacity_fte", "cost_per_fte_week"], pool_rows),
            "projects": RawTable("projects", label, fields + extra, rows),
            "demands": RawTable("demands", label, ["project_id", "pool_id", "fte"], demands),
            "dependencies": RawTable("dependencies", label, ["predecessor_id", "successor_id"], links),
        }
        custom = tuple(text(a, "Alias") or text(a, "FieldName") for a in children(self.root, "ExtendedAttributes"))
        report = MspdiReport(
            len(projects),
            len(pools),
            assignments,
            len(links),
            tuple(self.left_out),
            tuple(self.warnings),
            tuple(c for c in custom if c),
            day(self.root, "StatusDate"),
        )
        where = {s.row: f"task {s.name!r} (UID {s.uid})" for s in summaries}
        return Converted(tables, self.problems, lambda p: self._named(p, where), report)

    def _named(self, problem: Problem, where: dict[int, str]) -> Problem:
        if problem.column == "key" and "as_of" in problem.message:
            return Problem(problem.file, None, "StatusDate", problem.message)  # reported already, in the file's terms
        element = {"duration_weeks": "Duration", "earliest_start": "ConstraintDate", "deadline": "Deadline"}
        column = self.mapping.columns.get(problem.column) or element.get(problem.column) or problem.column
        task = where.get(problem.row) if problem.row is not None else None
        return Problem(problem.file, None, f"{task}, {column}" if task else column, problem.message)

    def _settings(self, as_of: dt.date | None) -> dict[str, Any]:
        settings = {k: v for k, v in self.mapping.settings.items()}
        if as_of is not None:
            settings["as_of"] = as_of
        if "as_of" not in settings:
            status = day(self.root, "StatusDate")
            if status is None:
                missing = "is missing; expected the file's status date, or as_of given in a mapping or by the caller"
                self.problems.append(Problem(self.path.name, None, "StatusDate", missing))
            else:
                settings["as_of"] = status
        if "currency" not in settings and re.fullmatch(r"[A-Za-z]{3}", text(self.root, "CurrencyCode")):
            settings["currency"] = text(self.root, "CurrencyCode").upper()
        return settings

    def _summaries(self) -> tuple[list[_Summary], dict[str, _Summary]]:
        summaries: list[_Summary] = []
        owner: dict[str, _Summary] = {}  # task UID -> the summary it belongs to
        current, inactive = None, False  # the summary being read; whether it is an inactive one
        for task in children(self.root, "Tasks"):
            uid, name = text(task, "UID"), text(task, "Name") or f"UID {text(task, 'UID')}"
            self.names[uid] = name
            level = int(number(task, "OutlineLevel", 1))
            if flag(task, "IsNull") or level == 0:
                continue  # an empty row, or the file's own project summary
            if level == 1:
                current, inactive = None, not flag(task, "Active", default=True)
                if inactive:
                    self.leave("task", name, "an inactive task, with the tasks under it")
                elif flag(task, "Summary"):
                    current = _Summary(task, len(summaries) + 1, uid, name)
                    summaries.append(current)
                else:
                    what = "a milestone" if flag(task, "Milestone") else "a task"
                    self.leave("task", name, f"{what} outside any summary task")
                continue
            if current is None:
                if not inactive:
                    self.leave("task", name, "a task outside any summary task")
            elif not flag(task, "Active", default=True):
                self.leave("task", f"{name} (in {current.name})", "an inactive task")
            else:
                if flag(task, "Milestone"):
                    self.leave("task", f"{name} (in {current.name})", "a milestone: no work (its links still count)")
                current.tasks.append(task)
                owner[uid] = current
        for s in summaries:  # the summary itself, for its own assignments and links
            s.tasks.insert(0, s.task)
            owner[s.uid] = s
        if len(summaries) > MAX_PROJECTS:
            self.problems.append(
                Problem(
                    self.path.name,
                    None,
                    "Tasks",
                    f"holds {len(summaries):,} summary tasks; expected at most {amount(MAX_PROJECTS)}",
                )
            )
        codes = [text(s.task, "WBS") for s in summaries]
        by_wbs = all(codes) and len(set(codes)) == len(codes)
        for s, code in zip(summaries, codes):
            s.id = code if by_wbs else f"UID{s.uid}"
        return summaries, owner

    def _project(self, s: _Summary) -> dict[str, Any]:
        task = s.task
        done = number(task, "PercentComplete")
        status = "done" if done >= 100 else "active" if done > 0 else "approved"
        work = hours(text(task, "RemainingDuration")) if status == "active" else None
        if work is None:
            work = hours(text(task, "Duration"))
            if work is not None and status == "active":
                work *= (100 - done) / 100
        start, finish = day(task, "Start"), day(task, "Finish")
        if work is not None and work > 0:
            duration = weeks_of(work)
        elif start and finish and finish >= start:
            duration = weeks_between(start, finish)
        else:
            duration = None
            missing = "is missing or zero, and so are Start and Finish; expected the summary's duration"
            self.problems.append(Problem(self.path.name, None, f"task {s.name!r} (UID {s.uid}), Duration", missing))
        constraint = text(task, "ConstraintType") in EARLIEST_START_CONSTRAINTS
        values = {
            "id": s.id,
            "name": s.name,
            "status": status,
            "priority": s.row,
            "duration_weeks": duration,
            "value_per_week": 0,
            "earliest_start": day(task, "ConstraintDate") if constraint else None,
            "deadline": day(task, "Deadline"),
        }
        values.update(self._custom_fields(s))
        return values

    def _custom_fields(self, s: _Summary) -> dict[str, Any]:
        """The project fields a mapping takes from custom fields (extended attributes)."""
        ids = {}
        for attribute in children(self.root, "ExtendedAttributes"):
            for name in ("Alias", "FieldName", "FieldID"):
                if text(attribute, name):
                    ids.setdefault(normalised(text(attribute, name)), text(attribute, "FieldID"))
        values = {a_id: text(a, "Value") for a in s.task if local(a.tag) == "ExtendedAttribute" for a_id in [text(a, "FieldID")]}
        out: dict[str, Any] = {}
        for name, custom in self.mapping.columns.items():
            raw = values.get(ids.get(normalised(custom), custom))
            if raw is None or raw == "":
                if name == "value_per_week":
                    self.warnings.append(f"{s.name}: no {custom!r} custom field, so its value per week is 0")
                continue
            factor = PER_WEEK.get(self.mapping.unit(name), 1)
            try:
                out[name] = float(raw) * factor if factor != 1 else raw
            except ValueError:
                out[name] = raw  # the model's reader names what is wrong with it
        if "value_per_week" not in self.mapping.columns:
            self.warnings.append(f"{s.name}: no custom field is mapped to value per week, so its value per week is 0")
        return out

    def _pools(self) -> tuple[dict[str, str], list]:
        pools: dict[str, str] = {}  # resource UID -> pool id
        rows = []
        for resource in children(self.root, "Resources"):
            uid, name = text(resource, "UID"), text(resource, "Name")
            if not name or flag(resource, "IsNull"):
                continue  # MS Project's unnamed placeholder resource
            kind = text(resource, "Type") or WORK_RESOURCE
            if kind != WORK_RESOURCE:
                self.leave(
                    "resource", name, {"0": "a material resource", "2": "a cost resource"}.get(kind, "not a work resource")
                )
                continue
            pool_id = name if name not in pools.values() else f"{name} (UID {uid})"
            pools[uid] = pool_id
            capacity = number(resource, "MaxUnits", 1.0)
            rows.append((len(rows) + 1, [pool_id, name, capacity, number(resource, "StandardRate") * HOURS_A_WEEK]))
        if len(rows) > MAX_POOLS:
            self.problems.append(
                Problem(
                    self.path.name, None, "Resources", f"holds {len(rows):,} work resources; expected at most {amount(MAX_POOLS)}"
                )
            )
        return pools, rows

    def _demands(self, summaries, owner, pools) -> tuple[list, int]:
        tasks = {text(t, "UID"): t for s in summaries for t in s.tasks}
        work: dict[tuple[str, str], float] = {}
        read = 0
        for assignment in children(self.root, "Assignments"):
            task_uid, resource_uid = text(assignment, "TaskUID"), text(assignment, "ResourceUID")
            summary, pool = owner.get(task_uid), pools.get(resource_uid)
            if summary is None or pool is None:
                continue  # on a task or a resource that is left out, and listed there
            hours_of_work = hours(text(assignment, "Work"))
            if hours_of_work is None:
                hours_of_work = number(assignment, "Units", 1.0) * (hours(text(tasks[task_uid], "Duration")) or 0)
            work[summary.id, pool] = work.get((summary.id, pool), 0.0) + hours_of_work
            read += 1
        span = {s.id: _span(s.task) for s in summaries}
        demands = []
        for (project_id, pool), total in work.items():
            if total > 0 and span.get(project_id):
                demands.append((len(demands) + 1, [project_id, pool, total / span[project_id]]))
        return demands, read

    def _links(self, owner) -> list:
        links, seen = [], set()
        for successor_uid, summary in owner.items():
            task = next(t for t in summary.tasks if text(t, "UID") == successor_uid)
            for link in (c for c in task if local(c.tag) == "PredecessorLink"):
                predecessor = owner.get(text(link, "PredecessorUID"))
                before = text(link, "PredecessorUID")
                described = f"{self.names.get(before, 'UID ' + before)} -> {self.names[successor_uid]}"
                kind = text(link, "Type") or FINISH_TO_START
                if flag(link, "CrossProject"):
                    self.leave("link", described, "a link to another project file")
                elif predecessor is None:
                    self.leave("link", described, "its predecessor is left out")
                elif predecessor is summary:
                    continue  # inside one project: its duration holds it already
                elif kind != FINISH_TO_START:
                    self.leave(
                        "link",
                        described,
                        f"a {LINK_TYPES.get(kind, 'link of type ' + kind)} link; the model's are finish-to-start",
                    )
                elif (predecessor.id, summary.id) not in seen:
                    seen.add((predecessor.id, summary.id))
                    links.append((len(links) + 1, [predecessor.id, summary.id]))
        return links
