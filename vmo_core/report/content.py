"""What the board pack says, computed once from the core: figures, tables and sentences.

`build_pack(pf, scenario)` calls the same core functions as the app and the command line
(schedule, compare, constraints, intake, stop ranking, benefits, interventions) on the
plan as the scenario leaves it, and returns a `Pack` of plain data that every writer
renders. No writer computes a figure: each shows the pack's numbers. No clock bounds any
of them: the re-sequence is the best order (decisions/best.py), as on the app's pages.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from vmo_core.decisions.as_written import plan_as_written
from vmo_core.decisions.benefits import benefits
from vmo_core.decisions.constraints import constraints
from vmo_core.decisions.intake import IntakeResult, intake
from vmo_core.decisions.interventions import interventions
from vmo_core.decisions.sequencing import OptimiseResult
from vmo_core.decisions.stopping import stop_ranking
from vmo_core.engine import evaluation as engine
from vmo_core.engine.results import ScheduleResult
from vmo_core.engine.scenario import as_scenario
from vmo_core.forecast.montecarlo import forecast
from vmo_core.model.portfolio import Portfolio
from vmo_core.present.as_written import describe_plan_as_written
from vmo_core.present.format import money_short, week_date
from vmo_core.present.sentences import (
    describe_benefits,
    describe_comparison,
    describe_constraint,
    describe_intake,
    describe_intervention,
    describe_stop,
)
from vmo_core.report import sentences
from vmo_core.report.asks import placed_as_recommended, together
from vmo_core.report.model import (
    COUNT,
    DATE,
    PERCENT,
    Chart,
    History,
    Pack,
    Results,
    Section,
    Series,
    Tile,
)
from vmo_core.report.review import review_sections, review_tables, with_history
from vmo_core.report.summary import summary_section
from vmo_core.report.tables import build_tables

Progress = Callable[[float, str], None]
TIMELINE_ROWS = 30  # bars a slide can show legibly
CHART_POOLS = 8  # the pools with the highest shadow prices; the table lists them all
FORECAST_RUNS, FORECAST_SEED = 200, 0  # the likely figure on the summary: seeded, the same pack every time
UNNAMED = "Portfolio"


def portfolio_name(pf: Portfolio) -> str:
    """The settings' `name` row (any case), or "Portfolio": never the file it came from."""
    named = next((str(v).strip() for k, v in pf.settings.extra.items() if str(k).strip().lower() == "name"), "")
    return named or UNNAMED


def build_pack(
    pf: Portfolio,
    scenario: Any = None,
    *,
    best: OptimiseResult | None = None,
    generated: dt.date | None = None,
    progress: Progress | None = None,
    history: History | None = None,
) -> Pack:
    """The board pack's content for the portfolio as a scenario leaves it (None: as it stands);
    with a store's `history`, also what changed since the last review and the decisions taken.
    `best`: the best order for this portfolio and scenario, when the caller has it (the app's cache)."""
    say = progress or (lambda fraction, text: None)
    chosen = as_scenario(scenario) if scenario is not None else None
    if chosen is not None and not chosen.changes:
        chosen = None
    say(0.05, "Placing the scenario's proposals")
    chosen, weighed, placed = placed_as_recommended(pf, chosen)
    say(0.1, "Scheduling the plan")
    base = engine.schedule(pf)
    comparison = engine.compare(pf, chosen, baseline=base) if chosen else None
    plan = comparison.scenario if comparison else base
    say(0.2, "Pricing the constraint")
    report = constraints(pf, scenario=chosen)
    promises = benefits(pf, scenario=chosen)
    say(0.35, "Ranking what to stop")
    stops = stop_ranking(pf, scenario=chosen)
    say(0.5, "Weighing the proposals")
    intakes = _intakes(pf, chosen, plan, weighed)
    say(0.65, "Searching for interventions")
    found = interventions(pf, scenario=chosen, best=best)
    say(0.75, "Forecasting from past delivery")
    likely = forecast(pf, runs=FORECAST_RUNS, seed=FORECAST_SEED, scenario=chosen) if pf.actuals else None
    cod = engine.cost_of_delay_per_week(plan)
    written = plan_as_written(pf, baseline=base)  # the plan's own dates against capacity: None when it has none
    results = Results(base, plan, comparison, report, promises, stops, found, intakes, cod, forecast=likely, as_written=written)
    results = with_history(results, pf, history)
    say(0.8, "Weighing the asks together")
    results = dataclasses.replace(results, together=together(pf, chosen, results), placed=placed)
    say(0.85, "Writing the sentences")
    return _pack(pf, chosen, results, generated or dt.date.today())


def _intakes(pf: Portfolio, chosen, plan: ScheduleResult, weighed: dict) -> tuple[tuple[IntakeResult, str], ...]:
    """Every proposal's intake: against this plan, or (one this scenario accepts) against today's,
    at the place the scenario gives it (the recommended one: `placed_as_recommended`)."""
    added = set(plan.plan.added) if chosen else set()
    found = []
    for project in pf.projects:
        if project.status != "proposed":
            continue
        if project.id in added:
            if project.id not in weighed:
                position = next((c.get("position") for c in chosen.changes if c.get("project") == project.id), None)
                weighed[project.id] = intake(pf, project.id, position=position)
            found.append((weighed[project.id], "today's plan"))
        elif project.id not in plan.plan.order:
            found.append((intake(pf, project.id, scenario=chosen), "this plan"))
    return tuple(found)


def _pack(pf: Portfolio, chosen, r: Results, generated: dt.date) -> Pack:
    s, cur = pf.settings, pf.currency
    name = chosen.name if chosen else "The plan as it stands"
    tables = {t.key: t for t in build_tables(pf, r) + review_tables(r)}
    sections = [
        summary_section(pf, chosen, r),
        *review_sections(pf, r, tables),
        _economics(pf, r, tables),
        _constraint(pf, r, tables),
        _changes(pf, chosen, r, tables),
        _interventions(pf, r, tables),
        _intake(pf, r, tables),
        _benefits(pf, r, tables),
        _timeline(r),
        *_appendix(r, tables),
    ]
    horizon_end = pf.date(s.horizon_weeks)
    assumptions = (
        ("As of", s.as_of, DATE),
        ("Horizon (weeks)", s.horizon_weeks, COUNT),
        ("Horizon ends", horizon_end, DATE),
        ("Discount rate (a year)", s.discount_rate, PERCENT),
        ("Spend", "undiscounted, as paid" if s.discount_rate > 0 else "undiscounted, like value", "text"),
        ("Currency", cur, "text"),
        ("Portfolio", portfolio_name(pf), "text"),
        ("Scenario", name, "text"),
        ("Generated", generated, DATE),
    )
    subtitle = (
        f"Value over {s.horizon_weeks} weeks to {week_date(s.horizon_weeks, s)}, "
        f"discounted at {s.discount_rate:.1%} a year; spend undiscounted; in {cur}."
    ).replace(".0%", "%")
    if s.discount_rate <= 0:
        subtitle = f"Value and spend over {s.horizon_weeks} weeks to {week_date(s.horizon_weeks, s)}, undiscounted, in {cur}."
    return Pack(
        title=portfolio_name(pf),
        subtitle=subtitle,
        scenario_name=name,
        changes=tuple(sentences.change_words(c, pf) for c in chosen.changes) if chosen else (),
        currency=cur,
        as_of=s.as_of,
        horizon_weeks=s.horizon_weeks,
        discount_rate=s.discount_rate,
        portfolio=portfolio_name(pf),
        generated=generated,
        sections=tuple(sections),
        tables=tuple(tables.values()),
        assumptions=assumptions,
        results=r,
    )


# ---------------------------------------------------------------- sections


def _economics(pf: Portfolio, r: Results, tables: dict) -> Section:
    cur = pf.currency
    cod = sum(r.cost_of_delay.values())
    tiles = [
        Tile("economics.total_value", "Value over the horizon", r.plan.total_value, cur),
        Tile("economics.cost_of_delay", "Cost of delay, per week", cod, cur),
        Tile("economics.value_at_risk", "Business-case value at risk", r.benefits.value_at_risk, cur),
    ]
    if r.comparison:
        tiles.append(
            Tile("economics.net_value_change", "Net value change against today", r.comparison.net_value_change, cur, True)
        )
    else:
        tiles.append(Tile("economics.total_cost", "Spend on the plan", r.plan.total_cost, cur))
    lead = sentences.economics(r.plan, r.baseline if r.comparison else None, cod, r.benefits.value_at_risk)
    curve = tables["Value curve"]
    chart = Chart(
        "line",
        "Value earned to date, as a running total",
        tuple(row[1] for row in curve.rows),
        tuple(Series(c.name, tuple(row[i] for row in curve.rows)) for i, c in enumerate(curve.columns) if i >= 2),
        table=curve.key,
    )
    basis = sentences.basis(pf.settings)
    written = describe_plan_as_written(r.as_written, cur)  # '' when the plan carries no dates
    shown = (written, basis) if written else (basis,)
    notes = (lead, sentences.exactly(r.plan, cod), *shown)
    return Section("economics", "Portfolio economics", lead, notes, tuple(tiles), chart=chart, sentences=shown)


def _constraint(pf: Portfolio, r: Results, tables: dict) -> Section:
    cur = pf.currency
    lead = describe_constraint(r.constraints, cur)
    tiles = ()
    if r.constraints.binding:
        pool = r.constraints.pool(r.constraints.constraint)
        tiles = (
            Tile("constraint.shadow_price", f"One more FTE in {pool.name}", pool.shadow_price, cur),
            Tile("constraint.fte_cost", "What one FTE costs, over the horizon", pool.fte_cost, cur),
            Tile("constraint.unlimited", "With no limit at all", pool.unlimited_value_gain, cur),
        )
    table = tables["Shadow prices"]
    pools = r.constraints.pools[:CHART_POOLS]
    worth, costs = tuple(p.shadow_price for p in pools), tuple(p.fte_cost for p in pools)
    chart = Chart(
        "bar",
        "One more FTE: worth and cost" + (f" (top {CHART_POOLS} pools)" if len(r.constraints.pools) > CHART_POOLS else ""),
        tuple(p.name for p in pools),
        (Series("One more FTE is worth", worth, _labels(worth, cur)), Series("One FTE costs", costs, _labels(costs, cur))),
        table=table.key,
    )
    if not pools:  # no team or resource at all: nothing to price, and said so
        lead = "The portfolio has no resource pool, so no constraint can be priced: add the teams and their capacity."
        return Section("constraint", "The constraint, and what relaxing it is worth", lead, (lead,))
    return Section("constraint", "The constraint, and what relaxing it is worth", lead, (lead,), tiles, table, chart)


def _changes(pf: Portfolio, chosen, r: Results, tables: dict) -> Section:
    if r.comparison is None:
        return Section("changes", "The scenario's changes", sentences.no_scenario(), in_deck=False)
    lead = describe_comparison(r.comparison, pf, list(chosen.changes))
    table = tables["Changes"]
    cur = pf.currency
    shown = table.rows[: table.deck_rows]
    values = tuple(row[-1] for row in shown)
    series = Series("Value change", values, _labels(values, cur, signed=True), _signs(values))
    chart = Chart("bar", "Value change, project by project", tuple(row[1] for row in shown), (series,))
    notes = (lead, sentences.changes_exactly(r.comparison))
    title = f"The scenario's changes: {chosen.name}"
    return Section("changes", title, lead, notes, table=table, chart=chart)


def _interventions(pf: Portfolio, r: Results, tables: dict) -> Section:
    cur = pf.currency
    items = r.interventions.interventions
    lead = sentences.interventions_lead(items, cur)
    if not items:
        return Section("interventions", "Recommended interventions", lead, (lead,))
    table = tables["Interventions"]
    values = tuple(i.net_value_change for i in items)
    series = Series("Net value change", values, _labels(values, cur, signed=True), _signs(values))
    chart = Chart("bar", "Net value change, by rank", tuple(str(n) for n in range(1, len(items) + 1)), (series,))
    notes = tuple(f"{n}. {describe_intervention(item, cur)}" for n, item in enumerate(items[:3], start=1))
    notes += (sentences.alternatives(), _stop_lead(r, cur))
    return Section(
        "interventions", "Recommended interventions", lead, notes, table=table, chart=chart, sentences=(sentences.alternatives(),)
    )


def _intake(pf: Portfolio, r: Results, tables: dict) -> Section:
    results = [result for result, _ in r.intakes]
    lead = sentences.intake_summary(results)
    said = []
    for result, against in r.intakes:
        text = _intake_said(result, pf)
        said.append(text if against == "this plan" else f"{sentences.against_today(result.name)} {text}")
    table = tables["Intake"] if results else None
    return Section("intake", "Intake decisions", lead, (lead, *said), table=table)


def _intake_said(result: IntakeResult, pf: Portfolio) -> str:
    """The app's intake sentence, said at the one place the pack names: the recommended one."""
    if result.recommendation == "decline":  # weighed where its value per week of work puts it: no place is asked
        return describe_intake(result, pf).replace("at its natural place (", "where its value per week of work puts it (", 1)
    if result.best is not result.chosen:
        result = dataclasses.replace(result, chosen=result.best, by_cd3=False)
    text = describe_intake(result, pf)
    for where in ("at its natural place (", "at the place asked ("):
        text = text.replace(where, "at the place the evidence recommends (", 1)
    return text


def _benefits(pf: Portfolio, r: Results, tables: dict) -> Section:
    lead = describe_benefits(r.benefits, pf.currency)
    table = tables["Benefits"] if r.benefits.projects else None
    short = [row for row in table.rows if row[-1] > 0.5][:12] if table else []
    chart = None
    if short:
        shortfall = tuple(row[-1] for row in short)
        labels = tuple(f"{row[0].upper()} {money_short(row[-1], pf.currency)}" for row in short)
        series = Series("Shortfall", shortfall, labels, tuple(row[0] for row in short))
        names = tuple(row[2] for row in short)  # by name, as the board knows them
        chart = Chart("bar", "Promised value not now forecast, by business case", names, (series,))
    return Section("benefits", "Benefits: promised against forecast", lead, (lead,), chart=chart)


def _timeline(r: Results) -> Section:
    delivered = sum(1 for p in r.plan.projects if p.scheduled)
    lead = sentences.timeline(r.plan, shown=min(delivered, TIMELINE_ROWS), with_baseline=r.comparison is not None)
    return Section("timeline", "The plan's timeline", lead, (lead,), image="timeline")


def _appendix(r: Results, tables: dict) -> list[Section]:
    """The big tables, after the evidence: the benefits RAG table, the stop ranking, the schedule."""
    cur = r.plan.settings.currency
    found = []
    if r.benefits.projects:
        lead = describe_benefits(r.benefits, cur)
        found.append(
            Section("benefits_table", "Appendix: benefits RAG table", lead, (lead,), table=tables["Benefits"], appendix=True)
        )
    stop = _stop_lead(r, cur)
    found.append(Section("stop", "Appendix: stop or continue", stop, (stop,), table=tables["Stop ranking"], appendix=True))
    exactly = sentences.exactly(r.plan, sum(r.cost_of_delay.values()))
    found.append(Section("schedule", "Appendix: the schedule", exactly, table=tables["Schedule"], in_deck=False, appendix=True))
    return found


def _stop_lead(r: Results, currency: str) -> str:
    if not r.stops.projects:
        return "No project is scheduled, so there is nothing to stop."
    return describe_stop(r.stops.missed_least, currency)


def _labels(values, currency: str, *, signed: bool = False) -> tuple[str, ...]:
    return tuple(money_short(v, currency, signed=signed) for v in values)


def _signs(values) -> tuple[str, ...]:
    return tuple("negative" if v < 0 else "positive" for v in values)
