"""The pieces an MS Project file is read into: a project (a summary, or a flat plan) and what is left out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class LeftOut:
    kind: str  # task, resource, link, calendar
    name: str
    reason: str


@dataclass
class Summary:
    """A project of the file: a summary task and the tasks under it, or the whole of a flat plan."""

    task: Any  # the summary task (a flat plan: the file's own summary task, or None)
    row: int
    uid: str
    name: str
    tasks: list = field(default_factory=list)  # the tasks whose work and links are the project's
    id: str = ""
    flat_weeks: int | None = None  # a flat plan's weeks from its first start to its last finish


def status_of(done: float) -> str:
    return "done" if done >= 100 else "active" if done > 0 else "approved"


def planned_start(status: str, start: dt.date | None, as_of: dt.date | None) -> dt.date | None:
    """The plan's own start, where it says when work not yet begun is to start: on or after as_of."""
    return start if status == "approved" and start is not None and as_of is not None and start >= as_of else None


def project_values(
    s: Summary,
    status: str,
    duration: int | None,
    *,
    start: dt.date | None,
    as_of: dt.date | None,
    earliest_start: dt.date | None = None,
    deadline: dt.date | None = None,
) -> dict[str, Any]:
    """The project's fields as read from a plan, a summary task's or a flat plan's alike (its value is mapped apart)."""
    return {
        "id": s.id,
        "name": s.name,
        "status": status,
        "priority": s.row,
        "duration_weeks": duration,
        "value_per_week": 0,
        "earliest_start": earliest_start,
        "deadline": deadline,
        "planned_start": planned_start(status, start, as_of),
    }
