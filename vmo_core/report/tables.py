"""The board pack's tables, as the spreadsheet's sheets and the deck's and PDF's tables show them.

Each row keeps the core's exact figures (money as floats, dates as dates); `cell_text`
writes them for people. The changes table adds up: its value changes sum to the scenario's
net value change, so a finance team can audit where every pound of it comes from.
"""

from __future__ import annotations

import datetime as dt

from vmo_core.engine import evaluation as engine
from vmo_core.model.portfolio import Portfolio
from vmo_core.present.format import ordinal
from vmo_core.report.model import COUNT, DATE, FTE, MONEY, RAG, SIGNED, WEEKS, Column, Results, Table

DECK_ROWS = 10  # rows of a long table on a slide; the rest are in the spreadsheet
RANK = Column("#", COUNT, 0.35)
PROJECT = Column("Project", width=0.9)
NAME = Column("Name", width=2.6, cut=True)  # a project's name, beside PROJECT


def build_tables(pf: Portfolio, r: Results) -> list[Table]:
    return [
        _schedule_table(pf, r),
        _curve_table(pf, r),
        *([_changes_table(r)] if r.comparison else []),
        _pools_table(r),
        _interventions_table(r),
        _intake_table(r),
        _stop_table(r),
        _benefits_table(pf, r),
    ]


def _schedule_table(pf: Portfolio, r: Results) -> Table:
    before = r.baseline.by_id
    columns = [
        Column("#", COUNT, 0.4),
        PROJECT,
        NAME,
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
        row = [n, p.id, p.name, "added" if p.id in r.plan.plan.added else p.status]
        row += [_date(pf, p.start_week), _date(pf, p.finish_week), p.value, p.cost, r.cost_of_delay.get(p.id, 0.0)]
        if r.comparison:
            moved = None if b is None or b.finish_week is None or p.finish_week is None else p.finish_week - b.finish_week
            row += [_date(pf, b.finish_week) if b else None, moved, p.value - (b.value if b else 0.0)]
        added = b is None and r.comparison is not None
        row.append(f"cannot be scheduled: it {p.reason}" if p.reason else ("added by the scenario" if added else ""))
        rows.append(tuple(row))
    return Table("Schedule", "The plan, project by project", tuple(columns), tuple(rows))


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
    rows += [(p, after[p].name, "added", None, _week(r, after[p].finish_week), None, after[p].value) for p in c.added]
    rows += [(p, before[p].name, "stopped", _week(r, before[p].finish_week), None, None, -before[p].value) for p in c.stopped]
    rows.sort(key=lambda row: (-abs(row[-1]), row[0]))
    spend = c.spend_change
    if abs(spend) > 0.5:
        rows.append(("Spend", "Change in spend on the plan's projects", "spend", None, None, None, -spend))
    people = c.capacity_cost
    if abs(people) > 0.5:
        what = "Extra people: the scenario's capacity" if people > 0 else "People taken away: the scenario's capacity"
        rows.append(("Capacity", f"{what}, costed week by week", "capacity", None, None, None, -people))
    columns = (
        Column("Project", width=1.1),
        Column("Name", width=2.2, cut=True),
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
        Column("Pool", width=0.7, deck=False),
        Column("Name", width=2.2, cut=True),
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
        Column("Intervention", width=4.0, cut=True),
        Column("Net value change", SIGNED, 1.3),
        Column("Cost", MONEY, 1.1),
        Column("Moves", COUNT, 0.7),
        Column("Action", width=1.0, deck=False),
        Column("Target", width=0.8, deck=False),
    )
    rows = tuple(
        (n, i.label, i.net_value_change, i.cost, len(i.moves), i.action, i.target)
        for n, i in enumerate(r.interventions.interventions, start=1)
    )
    return Table("Interventions", "The short list, each move weighed on its own", columns, rows, deck_rows=DECK_ROWS)


def _intake_table(r: Results) -> Table:
    columns = (
        Column("Proposal", width=0.9),
        Column("Name", width=2.3, cut=True),
        Column("Weighed against", width=1.2, deck=False),
        Column("Place (CD3)", COUNT, 0.8),
        Column("Its value", MONEY, 1.1),
        Column("Delay cost", MONEY, 1.1),
        Column("Net value change", SIGNED, 1.2),
        Column("Recommendation", width=1.5),
        Column("Best place", COUNT, 0.7, deck=False),
        Column("Net at best place", SIGNED, 1.2, deck=False),
    )
    verdict = {"accept": "Accept", "decline": "Decline"}
    rows = tuple(
        (
            x.proposal,
            x.name,
            against,
            x.chosen.position,
            x.chosen.own_value,
            x.chosen.delay_cost,
            x.chosen.net_value_change,
            verdict.get(x.recommendation, f"Accept {ordinal(x.best.position)}"),
            x.best.position,
            x.best.net_value_change,
        )
        for x, against in r.intakes
    )
    return Table("Intake", "Every proposal: what accepting it costs and what it is worth", columns, rows)


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
            _date(pf, b.promised_finish_week),
            _date(pf, b.forecast_finish_week),
            b.slip_weeks,
            b.promised_value,
            b.forecast_value,
            b.value_shortfall,
        )
        for b in lines
    )
    return Table("Benefits", "Business cases: promised against forecast, with RAG", columns, rows)


def _date(pf: Portfolio, week: int | None) -> dt.date | None:
    return None if week is None else pf.date(week)


def _week(r: Results, week: int | None) -> dt.date | None:
    return None if week is None else r.plan.plan.portfolio.date(week)
