"""The plan as written against what capacity allows, in words for people."""

from __future__ import annotations

from vmo_core.decisions.as_written import PlanAsWritten
from vmo_core.present.format import money_short, plural


def describe_plan_as_written(gap: PlanAsWritten | None, currency: str) -> str:
    """'31 projects cannot start when planned; £4.2M of value delayed: ...'; '' when no project has a date."""
    if gap is None:
        return ""
    if not gap.late:
        return "Every project can start when the plan says: the teams have the people for it."
    count = len(gap.late)
    them = "it" if count == 1 else "them"
    return (
        f"{plural(count, 'project')} cannot start when planned; {money_short(gap.value_delayed, currency)} of value delayed: "
        f"the plan as written needs more people than the teams have, so capacity puts {them} later."
    )
