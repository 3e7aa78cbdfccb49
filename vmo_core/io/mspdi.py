"""MS Project's XML (MSPDI, namespace http://schemas.microsoft.com/project) as a portfolio source.

What is read, and how (the README's "MS Project" says it for people; `mspdi_reader` reads a file):

- projects: a master project's summary tasks at outline level 1, in the file's order (their
  priority). Id: the task's WBS code where every summary has a distinct one, else `UID<n>`;
  name: its Name. Status: PercentComplete 100 -> done, above 0 -> active, else approved.
  Duration: the summary's Duration (PT...H...M...S, in working hours at 40 hours a week,
  rounded up to a whole week); for active work its RemainingDuration; without a Duration, its
  Start and Finish as a register's dates are read. A "start no earlier than" or "must start on"
  constraint gives earliest_start; a Deadline gives the deadline; its Start, when work has not
  begun and it is on or after as_of, the planned_start (the plan as written, repaired to capacity).
- a flat plan (tasks with a duration or work, no summary at outline level 1: one project's
  plan) is one project, its id the file's name (`mspdi_flat` says how it is summed).
- a folder of MS Project files (or several files): each file's projects, a flat plan's id its
  file's name, a summary's `FILE/WBS`; resources of the same name are one pool (the largest
  MaxUnits); as_of the given date, else the latest status date.
- pools: resources of Type 1 (work). Capacity: MaxUnits (1 = one full-time person); cost
  per FTE-week: StandardRate (MSPDI stores a rate per hour) x 40.
- FTE: for each project and pool, the pool's work on the project's tasks (an assignment's
  Work, or its Units x its task's Duration) divided by the project's length: the person-
  hours are kept and spread evenly over the project, as the model holds a demand constant.
- dependencies: finish-to-start links between summary tasks, or between tasks of different
  summaries, as links between their projects; a link inside one project says nothing the
  model needs.
- value per week and other project fields: from a custom field (an extended attribute, by
  its alias, its field name such as Number1, or its FieldID) when a mapping names it
  (`{"columns": {"value_per_week": {"column": "Annual benefit", "unit": "per_year"}}}`);
  without one, 0, with a warning.
- as_of: given (the command line's --as-of), else a mapping's, else the file's StatusDate
  (MS Project leaves it out when none is set: then the message asks for --as-of). Currency:
  the file's CurrencyCode, else its CurrencySymbol (£ GBP, € EUR, $ USD).

A file with no project (no summary and no task with work: a calendar or a resource sheet) is
refused, saying what it holds. What is left out is listed in the report: milestones, tasks
outside any summary task, resources that are not work resources, links of other types or to
other files, and the calendars (working time is taken as 40 hours a week). The file is parsed
with defusedxml: a document type declaration or an entity (a "billion laughs") is refused,
not expanded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vmo_core.errors import Problem, VmoError
from vmo_core.io.converted import Converted
from vmo_core.io.mspdi_parts import LeftOut
from vmo_core.io.mspdi_reader import FileRead, Reader
from vmo_core.io.mspdi_xml import day, parse_project
from vmo_core.io.register_mapping import Mapping, read_mapping
from vmo_core.io.schema import RawTable

__all__ = ["LeftOut", "MspdiReport", "read_mspdi"]


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
    shape: str = "summaries"  # summaries (a master project), flat (one project), files (a folder)

    def to_dict(self) -> dict:
        return {
            "read": {"projects": self.projects, "pools": self.pools, "assignments": self.assignments, "links": self.links},
            "left_out": [{"kind": x.kind, "name": x.name, "reason": x.reason} for x in self.left_out],
            "warnings": list(self.warnings),
        }


def read_mspdi(
    source: str | Path | Sequence[str | Path], *, mapping: Mapping | str | Path | None = None, as_of: dt.date | None = None
) -> Converted:
    """An MS Project XML file, a folder of them or a list of them as the portfolio's raw tables,
    with the report of what was read and left out."""
    if mapping is not None and not isinstance(mapping, Mapping):
        mapping = read_mapping(mapping)
    mapping = mapping or Mapping()
    if isinstance(source, (str, Path)) and not Path(source).is_dir():
        paths, label = [Path(source)], Path(source).name
    else:
        paths = project_files(source)
        label = Path(source).name if isinstance(source, (str, Path)) else "MS Project files"
    several = len(paths) > 1
    readers = [Reader(p, parse_project(p), mapping, prefix=f"{p.stem}/" if several else "") for p in paths]
    known = as_of or mapping.settings.get("as_of")
    dates = [d for d in (day(r.root, "StatusDate") for r in readers) if d]
    reads = [r.read(known or (max(dates) if dates else None)) for r in readers]
    return _converted(label, reads, mapping, known=known, dates=dates)


def project_files(source) -> list[Path]:
    """The MS Project files of a folder (its .xml files, by name) or a list."""
    if isinstance(source, (str, Path)):
        folder = Path(source)
        paths = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".xml" and p.is_file())
        if not paths:
            raise VmoError(f"{folder}: no MS Project .xml file in the folder")
        return paths
    return [Path(p) for p in source]


def _converted(label: str, reads: list[FileRead], mapping: Mapping, *, known, dates) -> Converted:
    problems = [p for r in reads for p in r.problems]
    for r in reads:
        if r.shape == "none":
            problems.append(Problem(r.name, None, None, _no_project(r)))
    settings: dict[str, Any] = dict(mapping.settings)
    if known or dates:
        settings["as_of"] = known or max(dates)
    else:
        what = "file has" if len(reads) == 1 else "files have"
        problems.append(
            Problem(
                label,
                None,
                None,
                f"has no status date (the StatusDate element: MS Project leaves it out when none is set), so "
                f"as_of, the date week 0 starts, is unknown; pass --as-of YYYY-MM-DD on the command line (or "
                f"set Project > Status Date in MS Project and save as XML again); none of the {what} one",
            )
        )
    currencies = [r.currency for r in reads if r.currency]
    if "currency" not in settings and currencies:
        settings["currency"] = currencies[0]
    pools: dict[str, list] = {}
    for r in reads:
        for pool_id, name, capacity, cost in r.pools:
            if pool_id in pools:  # the same team in two plans: one pool, as large as the largest says
                pools[pool_id][2] = max(pools[pool_id][2], capacity)
                pools[pool_id][3] = pools[pool_id][3] or cost
            else:
                pools[pool_id] = [pool_id, name, capacity, cost]
    fields = ["id", "name", "status", "priority", "duration_weeks", "value_per_week", "earliest_start", "deadline"]
    fields += ["planned_start"]
    extra = [n for n in mapping.columns if n not in fields]
    projects = [p for r in reads for p in r.projects]
    where = [(r.name if len(reads) > 1 else "", w) for r in reads for w in r.where]
    rows = []
    for n, values in enumerate(projects, 1):
        values = {**values, "priority": n}
        rows.append((n, [values.get(f) for f in fields + extra]))
    demands = [(n, list(d)) for n, d in enumerate((d for r in reads for d in r.demands), 1)]
    links = [(n, list(k)) for n, k in enumerate((k for r in reads for k in r.links), 1)]
    pool_rows = list(enumerate(pools.values(), 1))
    tables = {
        "settings": RawTable("settings", label, ["key", "value"], [(n, [k, v]) for n, (k, v) in enumerate(settings.items(), 1)]),
        "pools": RawTable("pools", label, ["id", "name", "capacity_fte", "cost_per_fte_week"], pool_rows),
        "projects": RawTable("projects", label, fields + extra, rows),
        "demands": RawTable("demands", label, ["project_id", "pool_id", "fte"], demands),
        "dependencies": RawTable("dependencies", label, ["predecessor_id", "successor_id"], links),
    }
    report = MspdiReport(
        len(projects),
        len(pools),
        sum(r.assignments for r in reads),
        len(links),
        tuple(x for r in reads for x in r.left_out),
        tuple(w for r in reads for w in r.warnings),
        tuple(dict.fromkeys(c for r in reads for c in r.custom_fields)),
        max(dates) if dates else None,
        "files" if len(reads) > 1 else reads[0].shape if reads else "none",
    )
    places = {n: f"{file}, {w}" if file and file != w else w for n, (file, w) in enumerate(where, 1)}
    return Converted(tables, problems, lambda p: _named(p, places, mapping), report)


def _no_project(r: FileRead) -> str:
    return (
        f"holds no project to schedule: {r.found}. Expected summary tasks at outline level 1 (one project each) "
        "or tasks with durations (the file as one project): add the tasks, with their durations and the "
        "resources who do the work, in MS Project, then save it again with File > Save As > XML"
    )


def _named(problem: Problem, where: dict[int, str], mapping: Mapping) -> Problem:
    if problem.column == "key" and "as_of" in problem.message:
        return Problem(problem.file, None, None, problem.message)  # reported already, in the file's terms
    element = {"duration_weeks": "Duration", "earliest_start": "ConstraintDate", "deadline": "Deadline", "planned_start": "Start"}
    column = mapping.columns.get(problem.column) or element.get(problem.column) or problem.column
    task = where.get(problem.row) if problem.row is not None else None
    return Problem(problem.file, None, f"{task}, {column}" if task else column, problem.message)
