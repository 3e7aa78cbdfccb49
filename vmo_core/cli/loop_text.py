"""The loop's readable output: snapshots, what changed since a review, decisions and their promises.

Built from the same documents `--json` prints, so the two never disagree; money with its
currency and thousands separators, dates as dates, projects by name.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from vmo_core.cli.text import text_table
from vmo_core.model.portfolio import Portfolio
from vmo_core.present.format import day, money, weeks
from vmo_core.store.records import Snapshot


def _date(iso: str | None) -> str:
    return "never" if iso is None else day(dt.date.fromisoformat(iso))


def _moment(iso: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day(moment.date())} {moment:%H:%M}"


def _name(project_id: str, *portfolios: Portfolio | None) -> str:
    for pf in portfolios:
        if pf is not None and project_id in pf.project_index:
            return pf.project_index[project_id].label[:40]
    return project_id


def snapshots_text(found: list[Snapshot], db: Path) -> str:
    if not found:
        return f"{db} holds no snapshot yet."
    rows = [
        [str(s.id), day(s.as_of), _moment(s.imported_at), str(s.projects), s.by or "-", s.source[:40], s.note[:50]] for s in found
    ]
    table = text_table(["Snapshot", "As of", "Imported", "Projects", "By", "Source", "Note"], rows, right={0, 3})
    newest = found[-1]
    return f"{table}\n\nThe newest, snapshot {newest.id} (as of {day(newest.as_of)}), is the plan."


def _headline(document: dict, currency: str) -> str:
    since = f"Since the review of {_date(document['before_as_of'])} (now as of {_date(document['after_as_of'])})"
    delayed = document["value_delayed"]
    if delayed > 0:
        return f"{since}, {money(delayed, currency)} of value has been delayed."
    if delayed < 0:
        return f"{since}, {money(-delayed, currency)} of value has been brought forward."
    return f"{since}, no value has been delayed or brought forward."


def changes_text(document: dict, *, before: Portfolio, after: Portfolio) -> str:
    cur = after.currency
    moved = [p for p in document["projects"] if p["slip_weeks"] != 0 or p["slip_cost"] != 0]
    rows = [
        [
            _name(p["id"], after, before),
            _date(p["before_finish"]),
            _date(p["after_finish"]),
            "n/a" if p["slip_weeks"] is None else f"{p['slip_weeks']:+d}",
            money(p["slip_cost"], cur, signed=True),
        ]
        for p in moved
    ]
    parts = [_headline(document, cur)]
    if rows:
        table = text_table(["Project", "Was delivered", "Now delivered", "Weeks", "Value delayed"], rows, right={3, 4})
        steady = len(document["projects"]) - len(moved)
        parts.append(table + (f"\n{steady} other project{'s' if steady != 1 else ''} land as planned." if steady else ""))
    entered = [f"{_name(p['id'], after)} ({money(p['value'], cur)} over the horizon)" for p in document["entered"]]
    left = [f"{_name(p['id'], after, before)} ({p['status']})" for p in document["left"]]
    again = [
        f"{_name(p['id'], after)}: {money(p['before'], cur)} a week, now {money(p['after'], cur)}"
        for p in document["reestimated"]
    ]
    for title, lines in (("Entered the plan", entered), ("Left the plan", left), ("Re-estimated value", again)):
        if lines:
            parts.append(f"{title}:\n" + "\n".join(f"  - {line}" for line in lines))
    return "\n\n".join(parts)


def adopted_text(result: dict, name: str, currency: str) -> str:
    return (
        f"Adopted {name!r} as the plan: snapshot {result['snapshot']}, decision {result['decision']}. "
        f"It changes net value by {money(result['net_value_change'], currency, signed=True)}."
    )


def _lateness(slip_weeks: int | None) -> str:
    if slip_weeks is None:
        return "n/a"
    if slip_weeks == 0:
        return "on time"
    return weeks(slip_weeks) if slip_weeks > 0 else f"{weeks(-slip_weeks)} early"


def _promise(decision: dict, currency: str) -> str:
    judged = [p for p in decision["projects"] if p["slip_cost"] is not None]
    late = [p for p in judged if p["slip_weeks"] is None or p["slip_weeks"] > 0]
    cost = sum(p["slip_cost"] for p in judged)
    if not judged:
        return (
            "None of the projects it moved is still in the plan to judge it by."
            if decision["projects"]
            else "It moved no project's delivery."
        )
    if not late and cost <= 0:
        return "Every project it moved that is still in the plan lands on or before the date it promised."
    count = f"{len(late)} of the {len(judged)} projects it moved that are still in the plan land later than it promised"
    return f"{count}; {money(cost, currency)} of value delayed against its promise."


def decisions_text(judged: list[dict], current: Portfolio | None) -> str:
    if not judged or current is None:
        return "No decision has been adopted yet."
    cur, parts = current.currency, []
    for decision in judged:
        who = f" by {decision['by']}" if decision["by"] else ""
        head = (
            f"Decision {decision['id']}: {decision['name']!r}, adopted {_moment(decision['adopted_at'])}{who} "
            f"(snapshot {decision['snapshot']}); it predicted a net value change of "
            f"{money(decision['predicted_net_value_change'], cur, signed=True)}."
        )
        rows = [
            [
                _name(p["id"], current),
                _date(p["predicted_finish"]),
                _date(p["current_finish"]),
                _lateness(p["slip_weeks"]),
                f"not judged ({p.get('status', 'off the plan')})"
                if p["slip_cost"] is None
                else money(p["slip_cost"], cur, signed=True),
            ]
            for p in decision["projects"]
        ]
        table = text_table(["Project", "Promised", "Now forecast", "Late by", "Value delayed"], rows, right={3, 4})
        note = f"\nNote: {decision['note']}" if decision["note"] else ""
        parts.append(f"{head}{note}\n{table if rows else ''}\n{_promise(decision, cur)}")
    return "\n\n".join(parts)
