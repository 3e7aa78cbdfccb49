"""The board paper's first page: the decisions asked of the board, each with its money, and
the red flags (deadlines at risk with their penalty, the constraint and its price, the plan
against the likely figure from past delivery).

A deadline is at risk when the plan delivers the project within DEADLINE_DAYS of it, or
after it (missed: ECONOMICS.md's one-off penalty applies when F > the deadline's week).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vmo_core.model.portfolio import Portfolio, week_of
from vmo_core.present.format import day, join_words, money_short, ordinal, weeks
from vmo_core.report.asks import accepted
from vmo_core.report.model import Results, Section

DEADLINE_DAYS = 28  # delivered this close to a deadline, a slip of a few weeks costs the penalty
ASKS, FLAGS = "Decisions requested", "Red flags"
NO_ASK = "None: the plan as it stands needs no decision today."
NO_FLAG = "None: no deadline is at risk, no pool holds the plan back and past delivery gives no warning."


@dataclass(frozen=True)
class DeadlineRisk:
    id: str
    name: str
    deadline: dt.date
    finish: dt.date | None  # None: the plan cannot schedule it
    slack_weeks: int | None  # weeks between delivery and the deadline's week; negative: missed
    penalty: float

    @property
    def missed(self) -> bool:
        return self.slack_weeks is None or self.slack_weeks < 0


def deadlines_at_risk(r: Results) -> tuple[DeadlineRisk, ...]:
    """The plan's projects delivered after their deadline or within DEADLINE_DAYS of it, missed first."""
    pf = r.plan.plan.portfolio
    found = []
    for outcome in r.plan.projects:
        project = r.plan.plan.projects[outcome.id]  # as the plan has it: a scenario's new project too
        if project.deadline is None:
            continue
        due = week_of(project.deadline, pf.settings.as_of)
        slack = None if outcome.finish_week is None else due - outcome.finish_week
        if slack is None or slack * 7 <= DEADLINE_DAYS:
            finish = None if outcome.finish_week is None else pf.date(outcome.finish_week)
            found.append(DeadlineRisk(outcome.id, project.label, project.deadline, finish, slack, project.late_penalty))
    return tuple(sorted(found, key=lambda d: (not d.missed, d.slack_weeks if d.slack_weeks is not None else -(10**9), d.id)))


def summary_section(pf: Portfolio, chosen, r: Results) -> Section:
    cur = pf.currency
    asks = scenario_asks(chosen, r, cur) + intake_asks(r, cur) + intervention_asks(r, cur)
    flags = deadline_flags(r, cur) + constraint_flags(r, cur) + forecast_flags(r, cur) + empty_flags(r)
    lead = _lead(len(asks), len(flags))
    both = together_said(r, cur)
    notes = (lead, *asks, *both, *flags)  # read aloud in order: each ask, how they add up, then what weighs against them
    none = "None: nothing is scheduled, so the plan has no decision to ask." if empty(r) else NO_ASK
    lists = ((ASKS, (*asks, *both) or (none,)), (FLAGS, flags or (NO_FLAG,)))
    return Section("summary", "Summary: the decisions and the red flags", lead, notes, lists=lists)


def _lead(asks: int, flags: int) -> str:
    decisions = f"{asks} decision{'s' if asks != 1 else ''} for the board"
    warnings = "no red flag" if not flags else f"{flags} red flag{'s' if flags != 1 else ''} to weigh them against"
    return f"{decisions.capitalize()}, and {warnings}."


# ---------------------------------------------------------------- the asks


def empty(r: Results) -> bool:
    return not any(p.scheduled for p in r.plan.projects)


def empty_flags(r: Results) -> tuple[str, ...]:
    """An empty plan is itself the flag: nothing scheduled earns nothing."""
    if not empty(r):
        return ()
    if not r.plan.projects:
        return ("No project is active or approved: the plan delivers nothing until one is accepted.",)
    return ("No project of the plan can be scheduled: it delivers nothing until capacity or dependencies allow.",)


def scenario_asks(chosen, r: Results, currency: str) -> tuple[str, ...]:
    if r.comparison is None:
        return ()
    net = r.comparison.net_value_change
    pf = r.plan.plan.portfolio
    placed = [f"{pf.project_index[p].label} {ordinal(best)} in the list" for p, (_, best) in r.placed.items()]
    where = f", with {join_words(placed)}, where the intake evidence puts {'them' if len(placed) > 1 else 'it'}"
    named = f"the scenario \u201c{chosen.name}\u201d" + (where if placed else "")
    if net < 0:  # advised against, and said without a minus sign that a slide could break from its figure
        return (f"Do not adopt {named}: it loses {money_short(-net, currency)} of net value against today's plan.",)
    return (f"Adopt {named}: net value {money_short(net, currency, signed=True)} against today's plan.",)


def intake_asks(r: Results, currency: str) -> tuple[str, ...]:
    """Every proposal worth accepting, best first, at the place the evidence recommends; then those to decline."""
    weighed = [x for x, against in r.intakes if against == "this plan"]
    asks = [
        f"Accept {x.name or x.proposal} {ordinal(x.best.position)} in the list: "
        f"net value {money_short(x.best.net_value_change, currency, signed=True)}."
        for x in accepted(r)
    ]
    declined = [x for x in weighed if x.recommendation == "decline"]
    if declined:
        said = [f"{x.name or x.proposal} (it loses {money_short(-x.best.net_value_change, currency)})" for x in declined]
        asks.append(f"Decline {join_words(said)}: even at the best place in the list.")
    return tuple(asks)


def intervention_asks(r: Results, currency: str) -> tuple[str, ...]:
    items = r.interventions.interventions
    if not items:
        return ()
    top = items[0]
    cost = f", for {money_short(top.cost, currency)}" if top.cost > 0 else ""
    net = money_short(top.net_value_change, currency, signed=True)
    return (f"Approve the top intervention, {top.label[:1].lower()}{top.label[1:]}: net value {net}{cost}.",)


def together_said(r: Results, currency: str) -> tuple[str, ...]:
    """How the asks with money add up: 'Together: +£X, not the sum +£Y ...' when they interact."""
    both = r.together
    if both is None:
        return ()
    net, total = money_short(both.net_value_change, currency, signed=True), money_short(both.sum_of_asks, currency, signed=True)
    head = f"Adopted together, the {both.count} asks that add value give net value {net} against today's plan"
    if not both.differs or net == total:
        return (f"{head}, the sum of their figures.",)
    return (f"{head}, not the sum {total}: they interact, and each figure above is weighed on its own.",)


# ---------------------------------------------------------------- the red flags


def deadline_flags(r: Results, currency: str) -> tuple[str, ...]:
    return tuple(_deadline_flag(d, currency) for d in deadlines_at_risk(r))


def _deadline_flag(d: DeadlineRisk, currency: str) -> str:
    penalty = f"a {money_short(d.penalty, currency)} penalty" if d.penalty > 0 else "no penalty is set, but the window closes"
    if d.finish is None:
        return f"{d.name} cannot be scheduled, so it misses its deadline of {day(d.deadline)}: {penalty}."
    if d.missed:
        late = weeks(-d.slack_weeks)
        return f"{d.name} misses its deadline of {day(d.deadline)}: delivered {day(d.finish)}, {late} late; {penalty}."
    room = "in its deadline's week" if d.slack_weeks == 0 else f"{weeks(d.slack_weeks)} before its deadline"
    cost = f"a slip past {day(d.deadline)} costs {penalty}" if d.penalty > 0 else penalty
    return f"{d.name} is delivered {day(d.finish)}, {room}: {cost}."


def constraint_flags(r: Results, currency: str) -> tuple[str, ...]:
    if not r.constraints.binding:
        return ()
    pool = r.constraints.pool(r.constraints.constraint)
    worth, cost = money_short(pool.shadow_price, currency), money_short(pool.fte_cost, currency)
    return (f"{pool.name or pool.id} holds the portfolio back: one more FTE there is worth {worth}, against {cost} it costs.",)


def forecast_flags(r: Results, currency: str) -> tuple[str, ...]:
    fc = r.forecast
    if fc is None or not fc.calibrated:
        return ()
    plan, likely = r.plan.total_value, fc.total_value
    said = f"The plan counts on {money_short(plan, currency)} of value; past delivery makes {money_short(likely.p50, currency)}"
    spread = f"likely, between {money_short(likely.p10, currency)} and {money_short(likely.p90, currency)} in 8 runs of 10"
    if plan > likely.p50:
        return (f"{said} {spread}: {money_short(plan - likely.p50, currency)} less than planned.",)
    return (f"{said} {spread}.",)
