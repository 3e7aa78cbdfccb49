"""Sentences for people about schedules and decisions: what changed, and what it costs."""

from __future__ import annotations

from vmo_core.engine.results import Comparison, ProjectDelta
from vmo_core.model.portfolio import Settings, week_of
from vmo_core.present.format import join_words, money_short, ordinal, weeks

DELAY_WORDS = {
    "revenue": "delayed revenue",
    "savings": "deferred savings",
    "risk": "risk carried longer",
    "other": "delayed value",
}


def delay_words(delta: ProjectDelta, project, settings: Settings) -> str:
    """How a delay's cost is spoken of: by benefit type, or as a missed window."""
    if delta.scenario_finish_week is None:
        return "its value lost"
    for limit in (project.deadline, project.value_end):
        if limit is not None:
            limit_week = week_of(limit, settings.as_of)
            base = delta.base_finish_week
            if base is not None and base <= limit_week < delta.scenario_finish_week:
                return "a missed window"
    return DELAY_WORDS.get(delta.benefit_type, DELAY_WORDS["other"])


def describe_changes(changes: list[dict]) -> str:
    """'Adding ATLAS and stopping BOREALIS' from a change list."""
    parts = []
    for change in changes:
        op = change.get("op")
        target = change.get("project")
        target = target.get("id") if isinstance(target, dict) else target
        if op == "add":
            parts.append(f"adding {target}")
        elif op == "stop":
            parts.append(f"stopping {target}")
        elif op == "accelerate":
            parts.append(f"accelerating {target}")
        elif op == "capacity":
            parts.append(f"setting {change.get('pool')} to {change.get('capacity_fte')} FTE")
        elif op == "sequence":
            parts.append("re-sequencing the work")
    if not parts:
        return "The scenario changes nothing"
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return text[0].upper() + text[1:]


SHOWN = 0.5  # money: a part smaller than this (it would read £0) is not said


def comparison_parts(comparison: Comparison, currency: str, *, amount=money_short) -> list[str]:
    """What a scenario's delays cost, what it brings forward and what its people cost, each as said.

    'the delays cost £801k', 'work brought forward gains £7.1M', 'the extra people cost £406k'
    (or 'the people taken away save £200k'): never a negative cost. `amount` writes the money
    (`money` for the exact figures of the board pack's notes).
    """
    parts = []
    if comparison.value_lost_to_delays >= SHOWN:
        parts.append(f"the delays cost {amount(comparison.value_lost_to_delays, currency)}")
    if comparison.value_gained_sooner >= SHOWN:
        parts.append(f"work brought forward gains {amount(comparison.value_gained_sooner, currency)}")
    if not parts:
        parts.append("nothing is delayed or brought forward")
    people = comparison.capacity_cost
    if people >= SHOWN:
        parts.append(f"the extra people cost {amount(people, currency)}")
    elif people <= -SHOWN:
        parts.append(f"the people taken away save {amount(-people, currency)}")
    return parts


def describe_comparison(comparison: Comparison, portfolio, changes: list[dict], *, most: int = 2) -> str:
    """One or two plain sentences: what the scenario changes, what its delays cost, what it
    brings forward, what its people cost, and the net."""
    currency = portfolio.currency
    lead = describe_changes(changes)
    clauses = _effects(comparison, portfolio, most)
    if not clauses:
        clauses.append("moves no other project")
    net = comparison.net_value_change
    return (
        f"{lead} {', but '.join(clauses)}. In all, {join_words(comparison_parts(comparison, currency))}; "
        f"net value change {money_short(net, currency, signed=True)} over the horizon."
    )


def _effects(comparison: Comparison, portfolio, most: int) -> list[str]:
    """'delays X by 3 weeks (£2.5M, a missed window) and 2 more', 'brings forward Y by 1 week (+£20k)'."""
    currency, settings, projects = portfolio.currency, portfolio.settings, portfolio.project_index
    delayed = sorted((d for d in comparison.projects if d.value_delta < 0), key=lambda d: d.value_delta)
    sooner = sorted((d for d in comparison.projects if d.value_delta > 0), key=lambda d: -d.value_delta)
    clauses = []
    if delayed:
        named = [_delay_phrase(d, projects.get(d.id), settings, currency) for d in delayed[:most]]
        clauses.append("delays " + join_words(named + _more(len(delayed) - most)))
    if sooner:
        named = [
            f"{d.id} by {weeks(-(d.finish_delta_weeks or 0))} (+{money_short(d.value_delta, currency)})" for d in sooner[:most]
        ]
        clauses.append("brings forward " + join_words(named + _more(len(sooner) - most)))
    return clauses


def _more(rest: int) -> list[str]:
    return [f"{rest} more"] if rest > 0 else []


def _delay_phrase(delta: ProjectDelta, project, settings: Settings, currency: str) -> str:
    cost = money_short(-delta.value_delta, currency)
    if delta.finish_delta_weeks is None:
        return f"{delta.id} indefinitely ({cost}, {delay_words(delta, project, settings)})"
    if delta.finish_delta_weeks == 0:
        return f"{delta.id}'s value ({cost})"
    return f"{delta.id} by {weeks(delta.finish_delta_weeks)} ({cost}, {delay_words(delta, project, settings)})"


def describe_optimise(result, currency: str) -> str:
    gain = result.value_unlocked
    if gain <= 0:
        return (
            f"The current order is already the best found: {money_short(result.total_value, currency)} "
            f"over the horizon (CD3 order: {money_short(result.cd3_total_value, currency)})."
        )
    return (
        f"Re-sequencing unlocks {money_short(gain, currency)} sooner: {money_short(result.total_value, currency)} over "
        f"the horizon against {money_short(result.baseline_total_value, currency)} in today's order "
        f"(CD3 order alone: {money_short(result.cd3_total_value, currency)})."
    )


def describe_constraint(report, currency: str) -> str:
    if not report.binding:
        return "No pool holds value back: one more FTE anywhere would not deliver anything sooner."
    pool = report.pool(report.constraint)
    verdict = "worth hiring" if pool.net_of_one_fte > 0 else "not worth its cost"
    return (
        f"{pool.name} is the constraint: one more FTE there is worth {money_short(pool.shadow_price, currency)} "
        f"over the horizon and costs {money_short(pool.fte_cost, currency)}, {verdict}; with no limit at all it "
        f"would add {money_short(pool.unlimited_value_gain, currency)}."
    )


def describe_intake(result, portfolio) -> str:
    currency = portfolio.currency
    chosen, best = result.chosen, result.best
    where = "where CD3 puts it" if result.by_cd3 else "at the place asked"
    effect = ", but ".join(_effects(chosen.comparison, portfolio, 2)) or "moves no other project"
    moved = sum(1 for d in chosen.comparison.projects if d.value_delta)
    if moved > 1 and chosen.delay_cost:
        total = money_short(abs(chosen.delay_cost), currency)
        effect += f"; in all the delays cost {total}" if chosen.delay_cost > 0 else f"; in all it unlocks {total} sooner"
    cost = f" and costs {money_short(chosen.own_cost, currency)}" if chosen.own_cost else ""
    net = money_short(chosen.net_value_change, currency, signed=True)
    text = (
        f"Accepting {result.proposal} {where} ({ordinal(chosen.position)}) {effect}. {result.proposal} is worth "
        f"{money_short(chosen.own_value, currency)} over the horizon{cost}: net {net}."
    )
    if result.recommendation == "decline":
        return text + " Recommendation: decline; no place in the list makes it pay."
    if result.recommendation == "accept":
        return text + " Recommendation: accept it there."
    delays = (
        f"its delays cost {money_short(best.delay_cost, currency)}"
        if best.delay_cost >= 0
        else f"it brings {money_short(-best.delay_cost, currency)} of value forward"
    )
    return (
        text + f" Recommendation: accept it {ordinal(best.position)} instead: {delays}, "
        f"net {money_short(best.net_value_change, currency, signed=True)}."
    )


def describe_stop(option, currency: str) -> str:
    return (
        f"Stopping {option.id} would be missed least: net {money_short(option.net_value_change, currency, signed=True)} "
        f"({money_short(option.value_lost, currency)} of its own value lost, {money_short(option.spend_saved, currency)} "
        f"of spend saved, {money_short(option.others_gain, currency)} gained by others landing sooner)."
    )


def describe_benefits(report, currency: str) -> str:
    counts = {colour: sum(1 for p in report.projects if p.rag == colour) for colour in ("red", "amber", "green")}
    total = len(report.projects)
    if not total:
        return "No project carries a business-case promise to track."
    return (
        f"Of {total} business cases, {counts['green']} are on track, {counts['amber']} amber and {counts['red']} red; "
        f"{money_short(report.value_at_risk, currency)} of promised value is at risk."
    )


def describe_intervention(item, currency: str) -> str:
    cost = f", costs {money_short(item.cost, currency)}" if item.cost > 0 else ""
    moved = f", moves {len(item.moves)} project{'s' if len(item.moves) != 1 else ''}" if item.moves else ""
    return f"{item.label}: net {money_short(item.net_value_change, currency, signed=True)}{cost}{moved}."
