"""A flat plan: the tasks of one project with no summary task at outline level 1, read as one project.

This is the common shape of a single project's plan. Its work tasks (active, not summaries, not
milestones, with a duration or work) are the project: its length is whole weeks from the
earliest Start to the latest Finish of those tasks, both days counted, rounded up (for work in
progress, from as_of: what remains); its status comes from the file's own summary task's percent
complete (else the tasks', weighted by their durations); each resource's work on its tasks is
spread evenly over its length, as FTE. Not begun, it is planned to start at its tasks' earliest
Start when that is on or after as_of: the plan as written, which the schedule then repairs to
the capacity there is.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from vmo_core.io.mspdi_parts import Summary, project_values, status_of
from vmo_core.io.mspdi_xml import children, day, flag, hours, level, number, text, weeks_of
from vmo_core.io.register import weeks_between


def _has_work(task) -> bool:
    return (hours(text(task, "Duration")) or 0) > 0 or (hours(text(task, "Work")) or 0) > 0


def flat_plan(reader) -> Summary | None:
    """The file's work tasks as one project, or None when it has none (what_was_found says what it has);
    `reader` (mspdi_reader.Reader) is told what is left out."""
    top, work, inactive_branch = None, [], False
    for task in children(reader.root, "Tasks"):
        name = text(task, "Name") or f"UID {text(task, 'UID')}"
        if flag(task, "IsNull"):
            continue
        if level(task) == 0:
            top = task if top is None else top
            continue
        if level(task) == 1:
            inactive_branch = not flag(task, "Active", default=True)
            if inactive_branch:
                reader.leave("task", name, "an inactive task, with the tasks under it")
                continue
        elif inactive_branch:
            continue
        if not flag(task, "Active", default=True):
            reader.leave("task", name, "an inactive task")
        elif flag(task, "Milestone"):
            reader.leave("task", name, "a milestone: no work")
        elif not flag(task, "Summary"):
            if _has_work(task):
                work.append(task)
            else:
                reader.leave("task", name, "no duration and no work")
    if not work:
        return None
    stem = Path(reader.path.name).stem
    name = text(reader.root, "Title") or (text(top, "Name") if top is not None else "") or stem
    first, last = _dates(work)
    if first and last and last >= first:
        weeks = weeks_between(first, last)
    else:
        weeks = weeks_of(sum(hours(text(t, "Duration")) or 0 for t in work) or 1)
        reader.warnings.append(f"{name}: its tasks have no Start and Finish, so they are taken one after another")
    uid = text(top, "UID") if top is not None else "0"
    return Summary(top, 1, uid, name, list(work), id=stem, flat_weeks=weeks)


def _dates(tasks) -> tuple[dt.date | None, dt.date | None]:
    starts = [d for d in (day(t, "Start") for t in tasks) if d]
    finishes = [d for d in (day(t, "Finish") for t in tasks) if d]
    return (min(starts) if starts else None), (max(finishes) if finishes else None)


def flat_values(reader, s: Summary, as_of: dt.date | None) -> dict[str, Any]:
    """The project a flat plan is: its fields, as a summary task's are read."""
    top = s.task
    if top is not None and text(top, "PercentComplete"):
        done = number(top, "PercentComplete")
    else:
        weights = [(hours(text(t, "Duration")) or 0, number(t, "PercentComplete")) for t in s.tasks]
        total = sum(w for w, _ in weights)
        done = sum(w * p for w, p in weights) / total if total else 0.0
    status = status_of(done)
    first, last = _dates(s.tasks)
    duration = s.flat_weeks
    if status == "active" and as_of is not None and last is not None:
        if last >= as_of:
            duration = weeks_between(max(as_of, first or as_of), last)
        else:
            duration = 1
            reader.warnings.append(f"{s.name}: its tasks were due to finish by {last:%d %b %Y}, before as_of; one week is left")
    deadline = day(top, "Deadline") if top is not None else None
    return project_values(s, status, duration, start=first, as_of=as_of, deadline=deadline)


def what_was_found(root) -> str:
    """What a file with no project holds: "3 tasks (1 milestone), none with a duration or work; 12 resources"."""
    tasks = [t for t in children(root, "Tasks") if not flag(t, "IsNull") and level(t) != 0]
    resources = [r for r in children(root, "Resources") if text(r, "Name") and not flag(r, "IsNull")]
    people = f"{len(resources)} resource{'s' if len(resources) != 1 else ''}"
    if not tasks:
        return f"no task but the project's own summary task; {people}"
    kinds = {
        "milestone": sum(flag(t, "Milestone") for t in tasks),
        "inactive": sum(not flag(t, "Active", default=True) for t in tasks),
    }
    said = ", ".join(f"{n} {k}{'s' if n != 1 and k == 'milestone' else ''}" for k, n in kinds.items() if n)
    count = f"{len(tasks)} task{'s' if len(tasks) != 1 else ''}" + (f" ({said})" if said else "")
    return f"{count}, none with a duration or work to schedule; {people}"
