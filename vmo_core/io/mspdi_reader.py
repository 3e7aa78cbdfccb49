"""One MS Project XML file read into projects, pools, demands and links (mspdi.py says what, for people).

A file is one of three shapes: a master project (summary tasks at outline level 1: one project
each), a flat plan (tasks with a duration or work and no summary at level 1: the file is one
project, `mspdi_flat`), or neither (no project: the caller refuses it, saying what was found).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vmo_core.errors import Problem
from vmo_core.io.mspdi_flat import flat_plan, flat_values, what_was_found
from vmo_core.io.mspdi_parts import LeftOut, Summary, project_values, status_of
from vmo_core.io.mspdi_xml import HOURS_A_WEEK, children, day, flag, hours, level, local, number, text, weeks_of
from vmo_core.io.register import PER_WEEK, weeks_between
from vmo_core.io.register_mapping import Mapping, normalised
from vmo_core.io.schema import MAX_POOLS, MAX_PROJECTS, amount

WORK_RESOURCE = "1"
FINISH_TO_START = "1"
LINK_TYPES = {"0": "finish-to-finish", "2": "start-to-finish", "3": "start-to-start"}
EARLIEST_START_CONSTRAINTS = {"2", "4"}  # must start on, start no earlier than


@dataclass
class FileRead:
    """What one file gave: the model's rows (as dicts and lists), and what was left out and why."""

    name: str
    shape: str  # "summaries", "flat" or "none"
    projects: list[dict[str, Any]]
    where: list[str]  # each project's place in the file, for a message
    pools: list[list]  # [id, name, capacity_fte, cost_per_fte_week]
    demands: list[tuple[str, str, float]]
    links: list[tuple[str, str]]
    currency: str | None
    problems: list[Problem]
    left_out: list[LeftOut]
    warnings: list[str]
    assignments: int
    custom_fields: tuple[str, ...]
    found: str = ""  # with no project: what the file holds instead


CURRENCY_SYMBOLS = {"£": "GBP", "€": "EUR", "$": "USD", "¥": "JPY", "₹": "INR", "CHF": "CHF"}


def currency_of(root) -> str | None:
    """The file's CurrencyCode, else the code its CurrencySymbol stands for ($: USD)."""
    code = text(root, "CurrencyCode")
    if len(code) == 3 and code.isascii() and code.isalpha():
        return code.upper()
    return CURRENCY_SYMBOLS.get(text(root, "CurrencySymbol"))


class Reader:
    def __init__(self, path: Path, root, mapping: Mapping, *, prefix: str = ""):
        self.path, self.root, self.mapping, self.prefix = path, root, mapping, prefix
        self.left_out: list[LeftOut] = []
        self.warnings: list[str] = []
        self.problems: list[Problem] = []
        self.names: dict[str, str] = {}  # task UID -> its name, for a link's description

    def leave(self, kind: str, name: str, reason: str) -> None:
        self.left_out.append(LeftOut(kind, name, reason))

    def read(self, as_of: dt.date | None) -> FileRead:
        summaries, owner = self._summaries()
        shape = "summaries"
        if not summaries:
            self.left_out = []  # "outside any summary task" says nothing of a flat plan
            flat = flat_plan(self)
            summaries, owner = ([flat], {text(t, "UID"): flat for t in flat.tasks}) if flat else ([], {})
            shape = "flat" if flat else "none"
        pools, pool_rows = self._pools()
        projects = [self._project(s, as_of) for s in summaries]
        demands, assignments = self._demands(summaries, owner, pools)
        links = self._links(owner)
        calendars = children(self.root, "Calendars")
        if calendars:
            self.leave("calendar", f"{len(calendars)} calendar(s)", "working time is taken as 40 hours a week")
        custom = tuple(text(a, "Alias") or text(a, "FieldName") for a in children(self.root, "ExtendedAttributes"))
        return FileRead(
            self.path.name,
            shape,
            projects,
            [f"task {s.name!r} (UID {s.uid})" if s.flat_weeks is None else f"the plan {s.name!r}" for s in summaries],
            pool_rows,
            demands,
            links,
            currency_of(self.root),
            self.problems,
            self.left_out,
            self.warnings,
            assignments,
            tuple(c for c in custom if c),
            what_was_found(self.root) if shape == "none" else "",
        )

    def _summaries(self) -> tuple[list[Summary], dict[str, Summary]]:
        summaries: list[Summary] = []
        owner: dict[str, Summary] = {}  # task UID -> the summary it belongs to
        current, inactive = None, False  # the summary being read; whether it is an inactive one
        for task in children(self.root, "Tasks"):
            uid, name = text(task, "UID"), text(task, "Name") or f"UID {text(task, 'UID')}"
            self.names[uid] = name
            if flag(task, "IsNull") or level(task) == 0:
                continue  # an empty row, or the file's own project summary
            if level(task) == 1:
                current, inactive = None, not flag(task, "Active", default=True)
                if inactive:
                    self.leave("task", name, "an inactive task, with the tasks under it")
                elif flag(task, "Summary"):
                    current = Summary(task, len(summaries) + 1, uid, name)
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
            s.id = self.prefix + (code if by_wbs else f"UID{s.uid}")
        return summaries, owner

    def _project(self, s: Summary, as_of: dt.date | None) -> dict[str, Any]:
        if s.flat_weeks is not None:
            values = flat_values(self, s, as_of)
        else:
            values = self._summary_values(s, as_of)
        values.update(self._custom_fields(s))
        return values

    def _summary_values(self, s: Summary, as_of: dt.date | None) -> dict[str, Any]:
        task = s.task
        done = number(task, "PercentComplete")
        status = status_of(done)
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
        earliest = day(task, "ConstraintDate") if constraint else None
        return project_values(
            s, status, duration, start=start, as_of=as_of, earliest_start=earliest, deadline=day(task, "Deadline")
        )

    def _custom_fields(self, s: Summary) -> dict[str, Any]:
        """The project fields a mapping takes from custom fields (extended attributes)."""
        ids = {}
        for attribute in children(self.root, "ExtendedAttributes"):
            for name in ("Alias", "FieldName", "FieldID"):
                if text(attribute, name):
                    ids.setdefault(normalised(text(attribute, name)), text(attribute, "FieldID"))
        own = [] if s.task is None else [a for a in s.task if local(a.tag) == "ExtendedAttribute"]
        values = {text(a, "FieldID"): text(a, "Value") for a in own}
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
            rows.append([pool_id, name, capacity, number(resource, "StandardRate") * HOURS_A_WEEK])
        if len(rows) > MAX_POOLS:
            self.problems.append(
                Problem(
                    self.path.name, None, "Resources", f"holds {len(rows):,} work resources; expected at most {amount(MAX_POOLS)}"
                )
            )
        return pools, rows

    def _demands(self, summaries: list[Summary], owner, pools) -> tuple[list, int]:
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
        span = {s.id: _span(s) for s in summaries}
        demands = []
        for (project_id, pool), total in work.items():
            if total > 0 and span.get(project_id):
                demands.append((project_id, pool, total / span[project_id]))
        return demands, read

    def _links(self, owner) -> list:
        links, seen = [], set()
        for successor_uid, summary in owner.items():
            task = next(t for t in summary.tasks if text(t, "UID") == successor_uid)
            for link in (c for c in task if local(c.tag) == "PredecessorLink"):
                predecessor = owner.get(text(link, "PredecessorUID"))
                before = text(link, "PredecessorUID")
                described = f"{self.names.get(before, 'UID ' + before)} -> {self.names.get(successor_uid, successor_uid)}"
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
                    links.append((predecessor.id, summary.id))
        return links


def _span(s: Summary) -> float | None:
    """A project's whole length in working hours: a flat plan's weeks; a summary's Duration, or its Start to Finish."""
    if s.flat_weeks is not None:
        return s.flat_weeks * HOURS_A_WEEK
    start, finish = day(s.task, "Start"), day(s.task, "Finish")
    fallback = weeks_between(start, finish) * HOURS_A_WEEK if start and finish and finish >= start else None
    return hours(text(s.task, "Duration")) or fallback
