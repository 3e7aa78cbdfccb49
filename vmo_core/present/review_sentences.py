"""Sentences for the review: what changed since the last one, and whether decisions kept their promise.

"Since the review of 9 Nov 2026: £949k of value delayed, most of all on Customer CRM
Replacement (£207k)." Money with its currency, dates as dates, projects by name.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from vmo_core.decisions.slip_results import Changes, IntakeRecord, JudgedDecision, Lateness
from vmo_core.engine.results import Comparison
from vmo_core.model.portfolio import Portfolio
from vmo_core.present.format import day, join_words, money_short, ordinal
from vmo_core.present.sentences import describe_changes

NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
TITLE_CHARS = 110  # a decision's offered name, read whole in the confirmation's field
LABEL_CHARS = 70  # a snapshot's note in a selector: enough to tell two reviews apart
ADOPTED = "adopted: "  # how the store names the source of an adopted snapshot


def count_words(n: float) -> str:
    """3 -> "three", 12 -> "12", 2.5 -> "2.5"."""
    if float(n).is_integer() and 0 <= n < len(NUMBER_WORDS):
        return NUMBER_WORDS[int(n)]
    return f"{n:,.1f}".rstrip("0").rstrip(".")


def weeks_words(n: float) -> str:
    """2 -> "two weeks", 1 -> "one week", 2.5 -> "2.5 weeks"."""
    return f"{count_words(abs(n))} week{'' if abs(n) == 1 else 's'}"


def snapshot_label(snapshot: Any) -> str:
    """'30 Nov 2026 · December steering review' for a store's snapshot (its as_of, note and source).

    An adopted snapshot is named by what was adopted; an import by its note, or else its source."""
    source = snapshot.source or ""
    what = source if source.startswith(ADOPTED) else (snapshot.note or source or f"snapshot {snapshot.id}")
    if len(what) > LABEL_CHARS:
        what = what[: LABEL_CHARS - 1].rstrip() + "…"
    return f"{day(snapshot.as_of)} · {what}"


def moment(iso: str) -> str:
    """'10 Nov 2026 at 11:30' from an ISO date and time (the text as it is when it is no date)."""
    try:
        when = dt.datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso)
    return f"{day(when.date())} at {when:%H:%M}"


def since_review(found: Changes) -> str:
    """The landing page's headline: the value delayed since the earlier snapshot, and where most of it is."""
    since = f"Since the review of {day(found.before_as_of)}"
    delayed = found.value_delayed
    currency = found.currency
    if delayed <= 0 or not found.slipped:
        forward = f"; {money_short(-delayed, currency)} of value brought forward" if delayed < 0 else ""
        return f"{since}: no value delayed{forward}."
    top = found.slipped[0]
    where = "mostly" if top.slip_cost >= delayed / 2 else "most of all on"
    most = money_short(top.slip_cost, currency)
    return f"{since}: {money_short(delayed, currency)} of value delayed, {where} {top.name} ({most})."


def moves_by(weeks: int | None) -> str:
    """'five weeks later', 'two weeks sooner', 'no change', or '' when one side is never delivered."""
    if weeks is None:
        return ""
    if weeks == 0:
        return "no change"
    return f"{weeks_words(weeks)} {'later' if weeks > 0 else 'sooner'}"


def lateness(item: Lateness) -> str:
    """'five weeks later', 'two weeks sooner', 'on time', or 'not scheduled now'."""
    if item.slip_weeks is None:
        return "not scheduled now" if item.finish_week is None else "not scheduled before"
    return "on time" if item.slip_weeks == 0 else moves_by(item.slip_weeks)


def promise_kept(judged: JudgedDecision, currency: str) -> str:
    """Whether a decision's promise is being kept, in money, against the snapshot it is judged on."""
    promises = [p for p in judged.projects if p.slip_cost is not None]
    if not judged.projects:
        return "It moved no project's delivery, so there is no date to hold it to."
    if not promises:
        return "None of the projects it moved is still on the plan to judge it by."
    late = [p for p in promises if p.slip_weeks is None or p.slip_weeks > 0]
    delayed = judged.value_delayed
    if not late and delayed <= 0:
        return f"Kept: every project it moved lands on or before the date it promised (as of {day(judged.as_of)})."
    count = _of(len(late), len(promises))
    return (
        f"Not kept: {count} {'lands' if len(late) == 1 else 'land'} later than it promised; "
        f"{money_short(delayed, currency)} of value delayed against its promise (as of {day(judged.as_of)})."
    )


def _of(some: int, total: int) -> str:
    """'all four projects it moved', 'the one project it moved', 'two of the five projects it moved'."""
    if total == 1:
        return "the one project it moved"
    share = f"all {count_words(total)}" if some == total else f"{count_words(some)} of the {count_words(total)}"
    return f"{share} projects it moved"


def intake_record_sentence(record: IntakeRecord, currency: str) -> str:
    """'The last three intakes land on average five weeks later than predicted', and what it says for the next."""
    if record.decisions == 0:
        return "No decision that took in a project has one on the plan to judge yet: there is no intake record."
    intakes = "The last intake" if record.decisions == 1 else f"The last {count_words(record.decisions)} intakes"
    if record.mean_slip_weeks is None:
        return f"{intakes} cannot be scheduled now: {money_short(record.slip_cost, currency)} of value delayed."
    mean = record.mean_slip_weeks
    average = "" if record.projects == 1 else " on average"
    if mean == 0:
        return f"{intakes} land{average} on the date predicted: the next intake's forecast can be taken as it is."
    direction = "later" if mean > 0 else "sooner"
    cost = f" ({money_short(record.slip_cost, currency)} of value delayed)" if record.slip_cost > 0 else ""
    advice = (
        f"expect the next intake to land about {weeks_words(round(mean, 1))} after its forecast."
        if mean > 0
        else "the next intake's forecast is, if anything, cautious."
    )
    verb = "lands" if record.decisions == 1 else "land"
    return f"{intakes} {verb}{average} {weeks_words(round(mean, 1))} {direction} than predicted{cost}: {advice}"


STATUS_WORDS = {
    "done": "Done",
    "stopped": "Stopped",
    "proposed": "Back to proposals",
    "gone": "No longer in the portfolio",
    "active": "In flight",
    "approved": "Approved",
}


def status_words(status: str) -> str:
    return STATUS_WORDS.get(status, status)


def on_day(date: dt.date | None) -> str:
    """'8 Mar 2027', or 'never' when it cannot be scheduled."""
    return "never" if date is None else day(date)


def adoption_sentence(
    comparison: Comparison, *, name: str, changes: list[dict] | None = None, portfolio: Portfolio | None = None
) -> str:
    """What adopting a scenario will change, said before anyone confirms it: with `changes`, every
    one of them by name (a hire, a crash, a move or a new order included), then what they move."""
    currency = comparison.scenario.settings.currency
    named = {**{p.id: p.name for p in comparison.baseline.projects}, **{p.id: p.name for p in comparison.scenario.projects}}
    moved = len(comparison.moved)
    parts = [f"moves the delivery of {count_words(moved)} project{'s' if moved != 1 else ''}"]
    net = money_short(comparison.net_value_change, currency, signed=True)
    if changes:
        made = describe_changes(changes, portfolio)
        made = made[:1].lower() + made[1:]
        return f"Adopting “{name}” means {made}; it {join_words(parts)}: a net value change of {net} over the planning period."
    if comparison.added:
        parts.append("takes in " + join_words([named.get(p, p) for p in comparison.added]))
    if comparison.stopped:
        parts.append("stops " + join_words([named.get(p, p) for p in comparison.stopped]))
    return f"Adopting “{name}” {join_words(parts)}: a net value change of {net} over the planning period."


def going_back_sentence(predicted: dict, *, label: str, currency: str) -> str:
    """What going back to an earlier plan will change (`decisions.review.going_back`'s record)."""
    moved, back = len(predicted["predicted"]), len(predicted["added"])
    parts = [f"moves the delivery of {count_words(moved)} project{'s' if moved != 1 else ''}"]
    if back:
        parts.append(f"puts {count_words(back)} back on the list")
    net = money_short(predicted["predicted_net_value_change"], currency, signed=True)
    return f"Going back to the plan of {label} {join_words(parts)}: a net value change of {net} over the planning period."


def decision_title(changes: list[dict], pf: Portfolio) -> str:
    """A decision's name from its changes, by project and team name: 'Stop Data Quality Programme
    and take in Atlas' (the name a confirmation offers, to be edited)."""
    projects = {p.id: p.label for p in pf.projects}
    teams = {p.id: p.label for p in pf.pools}
    parts = [p for p in (_change_words(change, projects, teams) for change in changes) if p]
    said = join_words(parts) or "Keep the plan"
    shown = len(parts)
    while len(said) > TITLE_CHARS and shown > 1:  # a name to read whole in its field: the first, then how many more
        shown -= 1
        rest = len(parts) - shown
        said = join_words([*parts[:shown], f"{count_words(rest)} more change{'s' if rest != 1 else ''}"])
    return said[:1].upper() + said[1:]


def _change_words(change: dict, projects: dict[str, str], teams: dict[str, str]) -> str:
    target = change.get("project")
    if isinstance(target, dict):
        name = target.get("name") or target.get("id", "")
    else:
        name = projects.get(target, str(target))
    op = change.get("op")
    if op == "add":
        return f"take in {name}"
    if op == "stop":
        return f"stop {name}"
    if op == "accelerate":
        return f"speed up {name}"
    if op == "capacity":
        return f"set {teams.get(change.get('pool'), change.get('pool'))} to {float(change.get('capacity_fte', 0)):g} FTE"
    if op == "sequence":
        return "put the work in a new order"
    if op == "move":
        place = change.get("position")
        return f"move {name} to {ordinal(place)}" if isinstance(place, int) and not isinstance(place, bool) else f"move {name}"
    return ""
