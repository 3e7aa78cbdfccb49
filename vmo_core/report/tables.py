"""The board pack's tables, as the spreadsheet's sheets and the deck's and PDF's tables show them.

Each row keeps the core's exact figures (money as floats, dates as dates); `cell_text`
writes them for people. The changes table adds up: its value changes sum to the scenario's
net value change, so a finance team can audit where every pound of it comes from.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from vmo_core.engine import evaluation as engine
from vmo_core.model.portfolio import Portfolio
from vmo_core.present.format import ordinal
from vmo_core.report.model import COUNT, DATE, FTE, MONEY, RAG, SIGNED, WEEKS, Column, Results, Table

DECK_ROWS = 10  # rows of a long table on a slide; the rest are in the spreadsheet
RANK = Column("#", COUNT, 0.35)
PROJECT = Column("Id", width=0.9, deck=False, key=True)  # in the workbook only: the source files' id
NAME = Column("Project", width=2.6, wrap=True)  # a project's name, beside its id
SPONSOR = Column("Sponsor", width=1.4, wrap=True)  # shown where the data has sponsors


def build_tables(pf: Portfolio, r: Results) -> list[Table]:
    return [
        _schedule_table(pf, r),
        _curve_table(pf, r),
        *([_changes_table(r)] if r.comparison else []),
        _pools_table(r),
        _interventions_table(r),
        _intake_table(pf, r),
        _stop_table(r),
        _benefits_table(pf, r),
    ]


def _schedule_table(pf: Portfolio, r: Results) -> Table:
    before = r.baseline.by_id
    columns = [
        Column("#", COUNT, 0.4),
        PROJECT,
        NAME,
        SPONSOR,
        Column("Status", width=0.9),
        Column("Starts", DATE, 1.1),
        Column("Delivered", DATE, 1.1),
        Column("Value", MONEY, 1.2),
        Column("Cost", MONEY, 1.1),
        Column("A week later costs", MONEY, 1.1),
    ]
    if r.comparison:
        columns += [Column("Was delivered", DATE, 1.1), Column("Weeks moved", WEEKS, 0.7), Column("Value change", SIGNED, 1.2)]
    columns.append(Column("Note", width=2.0))
    rows = []
    for n, p in enumerate(r.plan.projects, start=1):
        b = before.get(p.id)
        row = [n, p.id, p.name, _sponsor(r.plan.plan.portfolio, p.id), "added" if p.id in r.plan.plan.added else p.status]
        row += [_date(pf, p.start_week), _date(pf, p.finish_week), p.value, p.cost, r.cost_of_delay.get(p.id, 0.0)]
        if r.comparison:
            moved = None if b is None or b.finish_week is None or p.finish_week is None else p.finish_week - b.finish_week
            row += [_date(pf, b.finish_week) if b else None, moved, p.value - (b.value if b else 0.0)]
        added = b is None and r.comparison is not None
        row.append(f"cannot be scheduled: it {_named(p.reason, pf)}" if p.reason else ("added by the scenario" if added else ""))
        rows.append(tuple(row))
    return _without_empty_sponsor(Table("Schedule", "The plan, project by project", tuple(columns), tuple(rows)))


def _curve_table(pf: Portfolio, r: Results) -> Table:
    weeks = pf.settings.horizon_weeks
    base = engine.value_curve(r.baseline)
    plan = engine.value_curve(r.plan, weeks=weeks)
    columns = [Column("Week", COUNT), Column("Week ending", DATE), Column("Today's plan", MONEY)]
    if r.comparison:
        columns.append(Column("This scenario", MONEY))
    rows = tuple((w + 1, pf.date(w + 1), float(base[w])) + ((float(plan[w]),) if r.comparison else ()) for w in range(weeks))
    return Table("Value curve", "Value earned by the end of each week", tuple(columns), rows)


def _changes_table(r: Results) -> Table:
    c = r.comparison
    before, after = c.baseline.by_id, c.scenario.by_id
    rows = [
        (
            d.id,
            d.name,
            "moves",
            _week(r, d.base_finish_week),
            _week(r, d.scenario_finish_week),
            d.finish_delta_weeks,
            d.value_delta,
        )
        for d in c.projects
        if d.id not in c.added and (d.finish_changed or abs(d.value_delta) > 0.5)
    ]
    rows = [row for row in rows if row[3] is not None or row[4] is not None]  # never scheduled, before or now: nothing moved
    new = "not in the plan"
    rows += [(p, after[p].name, "added", new, _week(r, after[p].finish_week), None, after[p].value) for p in c.added]
    gone = "stopped"
    rows += [(p, before[p].name, "stopped", _week(r, before[p].finish_week), gone, None, -before[p].value) for p in c.stopped]
    rows.sort(key=lambda row: (-abs(row[-1]), row[0]))
    spend = c.spend_change
    if abs(spend) > 0.5:
        rows.append(("", "Change in spend on the plan's projects", "spend", "", "", None, -spend))
    people = c.capacity_cost
    if abs(people) > 0.5:
        what = "Extra people: the scenario's capacity" if people > 0 else "People taken away: the scenario's capacity"
        rows.append(("", f"{what}, costed over the horizon", "people", "", "", None, -people))
    columns = (
        Column("Id", width=1.1, deck=False, key=True),
        Column("Project", width=2.2, wrap=True),
        Column("Change", width=0.8),
        Column("Was delivered", DATE, 1.1),
        Column("Now delivered", DATE, 1.1),
        Column("Weeks", WEEKS, 0.75),
        Column("Value change", SIGNED, 1.2),
    )
    note = (
        "The value changes add up to the net value change: the delays, what is added or stopped, "
        "spend, and the cost of the people."
    )
    return Table("Changes", "What the scenario changes, project by project", columns, tuple(rows), deck_rows=DECK_ROWS, note=note)


def _pools_table(r: Results) -> Table:
    columns = (
        Column("Id", width=0.7, deck=False, key=True),
        Column("Pool", width=2.2, wrap=True),
        Column("FTE now", FTE, 0.7),
        Column("Peak load", FTE, 0.7),
        Column("One more FTE is worth", MONEY, 1.3),
        Column("One FTE costs", MONEY, 1.2),
        Column("Net of one more FTE", SIGNED, 1.3, deck=False),
        Column("Unlimited capacity adds", MONEY, 1.3),
    )
    rows = tuple(
        (p.id, p.name, p.capacity_fte, p.peak_load, p.shadow_price, p.fte_cost, p.net_of_one_fte, p.unlimited_value_gain)
        for p in r.constraints.pools
    )
    return Table("Shadow prices", "What one more FTE in each pool is worth, against its cost", columns, rows)


def _interventions_table(r: Results) -> Table:
    columns = (
        RANK,
        Column("Intervention", width=4.0, wrap=True),
        Column("Net value change", SIGNED, 1.3),
        Column("Cost", MONEY, 1.1),
        Column("Moves", COUNT, 0.7),
    )
    rows = tuple(
        (n, i.label, i.net_value_change, i.cost, len(i.moves)) for n, i in enumerate(r.interventions.interventions, start=1)
    )
    return Table("Interventions", "The short list, each move weighed on its own", columns, rows, deck_rows=DECK_ROWS)


def _intake_table(pf: Portfolio, r: Results) -> Table:
    columns = (
        Column("Id", width=0.9, deck=False, key=True),
        Column("Proposal", width=2.3, wrap=True),
        SPONSOR,
        Column("Weighed against", width=1.2, deck=False),
        Column("Recommendation", width=1.3),
        Column("Its value", MONEY, 1.1),
        Column("Others lose to delays", MONEY, 1.1),
        Column("Others gain sooner", MONEY, 1.1),
        Column("Net value change", SIGNED, 1.2),
    )
    verdict = {"decline": "Decline"}
    rows = []
    for x, against in r.intakes:
        place = x.chosen if x.recommendation == "decline" else x.best  # the recommended place; a decline, at the first tried
        c = place.comparison
        said = verdict.get(x.recommendation, f"Accept {ordinal(x.best.position)}")
        row = (x.proposal, x.name, _sponsor(pf, x.proposal), against, said, place.own_value)
        row += (c.value_lost_to_delays, c.value_gained_sooner)
        rows.append((*row, place.net_value_change))
    note = (
        "Each proposal at the place the evidence recommends (a declined one where its value per week of work puts it); "
        "what its delays to others cost and what others gain sooner, with its net value change."
    )
    table = Table("Intake", "Every proposal: what accepting it costs and what it is worth", columns, tuple(rows), note=note)
    return _without_empty_sponsor(table)


def _stop_table(r: Results) -> Table:
    columns = (
        RANK,
        PROJECT,
        NAME,
        Column("Net if stopped", SIGNED, 1.2),
        Column("Value lost", MONEY, 1.2),
        Column("Spend saved", MONEY, 1.1),
        Column("Others gain", MONEY, 1.1),
        Column("Moves", COUNT, 0.6),
    )
    rows = tuple(
        (n, o.id, o.name, o.net_value_change, o.value_lost, o.spend_saved, o.others_gain, len(o.moves))
        for n, o in enumerate(r.stops.projects, start=1)
    )
    return Table(
        "Stop ranking", "The net value of stopping each project today, missed least first", columns, rows, deck_rows=DECK_ROWS
    )


RAG_ORDER = {"red": 0, "amber": 1, "green": 2}


def _benefits_table(pf: Portfolio, r: Results) -> Table:
    columns = (
        Column("RAG", RAG, 0.7),
        PROJECT,
        NAME,
        SPONSOR,
        Column("Promised by", DATE, 1.1),
        Column("Forecast", DATE, 1.1),
        Column("Weeks late", WEEKS, 0.6),
        Column("Promised value", MONEY, 1.2),
        Column("Forecast value", MONEY, 1.2),
        Column("Shortfall", MONEY, 1.1),
    )
    lines = sorted(r.benefits.projects, key=lambda b: (RAG_ORDER[b.rag], -b.value_shortfall, b.id))
    rows = tuple(
        (
            b.rag,
            b.id,
            b.name,
            _sponsor(pf, b.id),
            b.promised_finish or _date(pf, b.promised_finish_week),  # the date promised, not its week's start
            _date(pf, b.forecast_finish_week),
            b.slip_weeks,
            b.promised_value,
            b.forecast_value,
            b.value_shortfall,
        )
        for b in lines
    )
    return _without_empty_sponsor(Table("Benefits", "Business cases: promised against forecast, with RAG", columns, rows))


def _named(reason: str, pf: Portfolio) -> str:
    """A reason with the project it depends on named, not given by id."""
    return re.sub(r"(?<=depends on )([^,]+)(?=,)", lambda m: _label(pf, m.group(1)), reason)


def _label(pf: Portfolio, project_id: str) -> str:
    project = pf.project_index.get(project_id)
    return project.label if project is not None else project_id


def _sponsor(pf: Portfolio, project_id: str) -> str:
    project = pf.project_index.get(project_id)
    return project.sponsor if project is not None else ""


def _without_empty_sponsor(table: Table) -> Table:
    """The table without its sponsor column when no row has a sponsor: sponsors where the data has them."""
    at = table.columns.index(SPONSOR)
    if any(row[at] for row in table.rows):
        return table
    columns = table.columns[:at] + table.columns[at + 1 :]
    rows = tuple(row[:at] + row[at + 1 :] for row in table.rows)
    return dataclasses.replace(table, columns=columns, rows=rows)


def _date(pf: Portfolio, week: int | None) -> dt.date | None:
    return None if week is None else pf.date(week)


def _week(r: Results, week: int | None) -> dt.date | None:
    return None if week is None else r.plan.plan.portfolio.date(week)
