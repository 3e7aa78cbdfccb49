"""Since the last review, and the decisions taken: the pack's account of the loop over time.

From a store's history (`History`): `changes` between the snapshot of the last review (the
one before the newest) and the newest, and every decision of the register judged against
the newest snapshot (`judge`), as `changes --db` and `decisions --db` say them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from vmo_core.decisions.slips import changes, judge
from vmo_core.model.portfolio import Portfolio
from vmo_core.present.format import day, join_words, money, money_short
from vmo_core.report.model import COUNT, DATE, SIGNED, WEEKS, Column, History, Judged, Results, Section, Table

REVIEW_ROWS = 8  # slips on the slide; the spreadsheet has them all
REVIEW, DECISIONS = "Since the last review", "Decisions"


def with_history(r: Results, pf: Portfolio, history: History | None) -> Results:
    """The results with the slips since the last review and the judged register, when there is a history."""
    if history is None:
        return r
    review = changes(history.previous, pf) if history.previous is not None else None
    judged = tuple(Judged(record, judge(record, pf, result=r.baseline)) for record in history.decisions)
    return dataclasses.replace(r, review=review, decisions=judged)


def review_tables(r: Results) -> list[Table]:
    return ([_review_table(r)] if r.review is not None else []) + ([_decisions_table(r)] if r.decisions else [])


def review_sections(pf: Portfolio, r: Results, tables: dict) -> list[Section]:
    found = []
    if r.review is not None:
        found.append(_review_section(pf, r, tables[REVIEW]))
    if r.decisions:
        found.append(_decisions_section(pf, r, tables[DECISIONS]))
    return found


# ---------------------------------------------------------------- since the last review


def _moved(r: Results):
    return [s for s in r.review.projects if s.slip_cost != 0 or (s.slip_weeks or 0) != 0]


def _review_table(r: Results) -> Table:
    columns = (
        Column("Id", width=0.8, deck=False, key=True),
        Column("Project", width=3.0, wrap=True),
        Column("Was delivered", DATE, 1.2),
        Column("Now delivered", DATE, 1.2),
        Column("Weeks later", WEEKS, 0.9),
        Column("Value delayed", SIGNED, 1.3),
    )
    rows = tuple((s.id, s.name, s.before_finish, s.after_finish, s.slip_weeks, s.slip_cost) for s in _moved(r))
    note = "Each project delivered later (or sooner) than the last review said, valued on today's figures."
    return Table(REVIEW, "What moved since the last review", columns, rows, deck_rows=REVIEW_ROWS, note=note)


def review_lead(found, currency: str) -> str:
    since = f"Since the review of {day(found.before_as_of)}"
    delayed = found.value_delayed
    if delayed >= 0.5:
        return f"{since}, {money_short(delayed, currency)} of value has been delayed."
    if delayed <= -0.5:
        return f"{since}, {money_short(-delayed, currency)} of value has been brought forward."
    return f"{since}, no value has been delayed or brought forward."


def _review_section(pf: Portfolio, r: Results, table: Table) -> Section:
    cur, found = pf.currency, r.review
    lead = review_lead(found, cur)
    said = []
    if found.entered:
        said.append("Entered the plan: " + join_words([f"{e.name} ({money_short(e.value, cur)})" for e in found.entered]) + ".")
    if found.left:
        said.append("Left the plan: " + join_words([f"{x.name} ({x.status})" for x in found.left]) + ".")
    top = found.slipped[:3]
    notes = [lead]
    if top:
        worst = [f"{s.name}, {money(s.slip_cost, cur)}" for s in top]
        notes.append(f"The costliest slips: {join_words(worst)}.")
    notes += said
    notes.append(f"Exactly {money(found.value_delayed, cur, signed=True)} of value delayed in all.")
    return Section("review", "Since the last review", lead, tuple(notes), table=table, sentences=tuple(said))


# ---------------------------------------------------------------- the decisions taken


def _adopted(record: dict) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(str(record.get("adopted_at", ""))).date()
    except ValueError:
        return None


def _late(judged) -> tuple[int, int]:
    """(late, judged): how many of the projects it moved that are still on the plan land later than promised."""
    held = [p for p in judged.projects if p.slip_cost is not None]
    return sum(1 for p in held if p.slip_weeks is None or p.slip_weeks > 0), len(held)


def _decisions_table(r: Results) -> Table:
    columns = (
        Column("Decision", width=2.6, wrap=True),
        Column("Adopted", DATE, 1.1),
        Column("By", width=1.6, wrap=True),
        Column("Promised", SIGNED, 1.2),
        Column("Late projects", COUNT, 0.9),
        Column("Of", COUNT, 0.5),
        Column("Value delayed since", SIGNED, 1.4),
        Column("Note", width=3.0, deck=False),
    )
    rows = tuple(
        (
            d.judged.name,
            _adopted(d.record),
            str(d.record.get("by") or ""),
            d.judged.predicted_net_value_change,
            *_late(d.judged),
            d.judged.value_delayed,
            str(d.record.get("note") or ""),
        )
        for d in r.decisions
    )
    note = "Each decision's promise, judged against the newest snapshot: value delayed against the dates it predicted."
    return Table(DECISIONS, "The decisions taken, and whether they hold", columns, rows, deck_rows=REVIEW_ROWS, note=note)


def decision_sentence(d: Judged, currency: str) -> str:
    j = d.judged
    adopted = _adopted(d.record)
    when = f", adopted {day(adopted)}" if adopted else ""
    who = f" by {d.record['by']}" if d.record.get("by") else ""
    promised = j.predicted_net_value_change  # said without a sign a slide could break from its figure
    more = f"{money_short(abs(promised), currency)} {'more' if promised >= 0 else 'less'} net value"
    head = f"\u201c{j.name}\u201d{when}{who}, promised {more}"
    late, held = _late(j)
    if not held:
        return f"{head}; none of the projects it moved is still on the plan to judge it by."
    if not late and j.value_delayed <= 0:
        return f"{head}; every project it moved lands on or before the date it promised."
    delayed = money_short(j.value_delayed, currency)
    return f"{head}; {late} of the {held} projects it moved land later, {delayed} delayed against it."


def _decisions_section(pf: Portfolio, r: Results, table: Table) -> Section:
    cur = pf.currency
    count = len(r.decisions)
    holding = sum(1 for d in r.decisions if d.judged.value_delayed <= 0.5)
    if not holding:
        hold = "none holds its promise" if count > 1 else "it does not hold its promise"
    else:
        verb = "holds its" if holding == 1 else "hold their"
        hold = "it holds its promise" if count == 1 else f"{holding} of them {verb} promise"
    lead = (
        f"{count} decision{'s' if count != 1 else ''} in the register; {hold}"
        f" against the newest snapshot, as of {day(pf.settings.as_of)}."
    )
    said = tuple(decision_sentence(d, cur) for d in r.decisions[:3])
    return Section("decisions", "The decisions taken", lead, (lead, *said), table=table, sentences=said)
