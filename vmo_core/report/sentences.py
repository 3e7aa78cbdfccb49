"""The board pack's own sentences, in the VMO's voice, from the same figures as the app.

The sentences the app already says (comparison, constraint, intake, stop, benefits,
interventions) come from `vmo_core.narrative`; these are the few only the pack says.
"""

from __future__ import annotations

from vmo_core.engine.results import ScheduleResult
from vmo_core.present.format import day, join_words, money, money_short, ordinal
from vmo_core.present.sentences import SHOWN, comparison_parts


def economics(plan: ScheduleResult, base: ScheduleResult | None, cost_of_delay: float, at_risk: float) -> str:
    s, cur = plan.settings, plan.settings.currency
    versus = f" (today's plan: {money_short(base.total_value, cur)})" if base is not None else ""
    people = _people(plan, short=True)
    return (
        f"This plan delivers {money_short(plan.total_value, cur)} of value over the {s.horizon_weeks} weeks to "
        f"{day(plan.plan.portfolio.date(s.horizon_weeks))}{versus}, for {money_short(plan.total_cost, cur)} of spend"
        f"{people}. "
        f"A week of delay across it costs {money_short(cost_of_delay, cur)}; "
        f"{money_short(at_risk, cur)} of promised business-case value is at risk."
    )


def _people(plan: ScheduleResult, *, short: bool) -> str:
    """', £744k of it on extra people' when the plan's capacity costs more (or less) than today's."""
    cur, people = plan.settings.currency, plan.capacity_cost
    write = money_short if short else money
    if people >= SHOWN:
        return f", {write(people, cur)} of it on extra people"
    if people <= -SHOWN:
        return f", after {write(-people, cur)} saved on people taken away"
    return ""


def exactly(plan: ScheduleResult, cost_of_delay: float) -> str:
    cur = plan.settings.currency
    return (
        f"Exactly {money(plan.total_value, cur)} of value for {money(plan.total_cost, cur)} of spend"
        f"{_people(plan, short=False)}, net {money(plan.net_value, cur, signed=True)}; "
        f"a week's delay on every project costs {money(cost_of_delay, cur)}."
    )


def changes_exactly(comparison) -> str:
    """The comparison's parts in full figures: the delays, what lands sooner, the people, the net."""
    cur = comparison.scenario.settings.currency
    parts = comparison_parts(comparison, cur, amount=money)
    return (
        f"Exactly: {join_words(parts)}; net value changes by {money(comparison.net_value_change, cur, signed=True)}, "
        "spend and people included. The project-by-project figures add up to it."
    )


def no_scenario() -> str:
    return "No scenario is applied: this pack shows the plan as it stands today."


def timeline(plan: ScheduleResult, *, shown: int, with_baseline: bool) -> str:
    delivered = [p for p in plan.projects if p.scheduled]
    settings = plan.settings
    if not delivered:
        return "No project can be scheduled in this plan."
    last = max(delivered, key=lambda p: p.finish_week)
    within = sum(1 for p in delivered if p.finish_week <= settings.horizon_weeks)
    count = len(delivered)
    share = f"All {count} scheduled projects are" if within == count else f"{within} of the {count} scheduled projects are"
    when = day(plan.plan.portfolio.date(last.finish_week))
    text = f"{share} delivered within the horizon; the last, {last.name or last.id}, on {when}."
    if plan.unschedulable:
        text += f" {join_words([p.name or p.id for p in plan.unschedulable])} cannot be scheduled."
    if shown < len(delivered):
        text += f" The chart shows the first {shown} by priority."
    if with_baseline:
        text += " Grey bars show today's plan."
    return text


def intake_summary(results) -> str:
    """'Accept Hydrogen Blending Pilot at its natural place; accept Atlas Digital Twin 10th instead ...'"""
    if not results:
        return "No proposal is waiting for intake."
    here = [r.name for r in results if r.recommendation == "accept"]
    elsewhere = [f"{r.name} {ordinal(r.best.position)}" for r in results if r.recommendation == "accept_elsewhere"]
    declined = [r.name for r in results if r.recommendation == "decline"]
    parts = []
    if here:
        parts.append(f"accept {join_words(here)} at {'their natural places' if len(here) > 1 else 'its natural place'}")
    if elsewhere:
        natural = "their natural places" if len(elsewhere) > 1 else "its natural place"
        parts.append(f"accept {join_words(elsewhere)} instead of at {natural}")
    if declined:
        parts.append(f"decline {join_words(declined)}")
    text = "; ".join(parts)
    count = len(results)
    return f"Of {count} proposal{'s' if count != 1 else ''}: {text}."


def interventions_lead(items, currency: str) -> str:
    from vmo_core.present.sentences import describe_intervention

    if not items:
        return "No single intervention adds value: the plan is as good as these moves make it."
    said = describe_intervention(items[0], currency)  # labels begin with a verb: "Stop ...", "Move ..."
    return f"First on the list: {said[:1].lower()}{said[1:]}"


def alternatives() -> str:
    return "Each move is weighed on its own against this plan: they are alternatives, not a sum."


def against_today(proposal: str) -> str:
    return f"This scenario accepts {proposal}; the intake figures weigh it on its own against today's plan."
