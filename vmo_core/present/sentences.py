"""Sentences for people about schedules and decisions: what changed, and what it costs."""

from __future__ import annotations

from vmo_core.decisions.cliffs import DEADLINE, Cliff, crossed
from vmo_core.engine.results import Comparison, ProjectDelta
from vmo_core.model.portfolio import Settings, week_of
from vmo_core.present.format import day, join_words, money_short, ordinal, plural, weeks

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


def describe_changes(changes: list[dict], portfolio=None) -> str:
    """'Adding Atlas Digital Twin and stopping Borealis Network Analytics' from a change list.

    With the portfolio, projects and pools are named as people know them (their ids when they
    have no name, or are not in it); without it, by id.
    """
    parts = []
    for change in changes:
        op = change.get("op")
        target = change.get("project")
        target = _change_target(target, portfolio)
        if op == "add":
            parts.append(f"adding {target}")
        elif op == "stop":
            parts.append(f"stopping {target}")
        elif op == "accelerate":
            parts.append(f"accelerating {target}")
        elif op == "capacity":
            parts.append(f"setting {pool_name(change.get('pool'), portfolio)} to {change.get('capacity_fte')} FTE")
        elif op == "move":
            place = change.get("position")
            parts.append(f"moving {target} to {ordinal(place)}" if isinstance(place, int) else f"moving {target}")
        elif op == "sequence":
            parts.append("putting the work in a new order")
    if not parts:
        return "The scenario changes nothing"
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return text[0].upper() + text[1:]


def project_name(project_id, portfolio) -> str:
    """A project as people know it: its name, else its id."""
    project = portfolio.project_index.get(project_id) if portfolio is not None and isinstance(project_id, str) else None
    return project.label if project is not None else str(project_id)


def pool_name(pool_id, portfolio) -> str:
    """A pool (a team) as people know it: its name, else its id."""
    pool = portfolio.pool_index.get(pool_id) if portfolio is not None and isinstance(pool_id, str) else None
    return pool.label if pool is not None else str(pool_id)


def _change_target(target, portfolio) -> str:
    """The project a change is about: a new project's own name, or an existing one's."""
    if isinstance(target, dict):
        return str(target.get("name") or target.get("id"))
    return project_name(target, portfolio)


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
    lead = describe_changes(changes, portfolio)
    clauses = _effects(comparison, portfolio, most)
    if not clauses:
        clauses.append(_nothing_moved(comparison, changes))
    net = comparison.net_value_change
    return (
        f"{lead} {', but '.join(clauses)}. {what_moved(comparison)}. "
        f"In all, {join_words(comparison_parts(comparison, currency))}; "
        f"net value change {money_short(net, currency, signed=True)} over the planning period."
    )


def _nothing_moved(comparison: Comparison, changes: list[dict]) -> str:
    """Why a change moved nothing, where the change itself says: people added to a team no work waits
    on (the repair brings forward whatever they free, so none does) only cost; people taken from a
    team with room to spare only save."""
    if not changes or any(c.get("op") != "capacity" for c in changes):
        return "moves no other project"
    if comparison.capacity_cost > 0:
        return "moves no project: no work waits for people there, so the extra people only add cost"
    return "moves no project: the team had people to spare"


def what_moved(comparison: Comparison, *, most: int = 2) -> str:
    """How many projects land sooner and later, and any that only now can, or no longer can, be
    scheduled: '14 projects land sooner, none later'; '1 project lands sooner, 2 later; Claims
    Automation can be scheduled at last'; '...; Broker Portal can no longer be scheduled'."""
    deltas = comparison.projects
    sooner = sum(1 for d in deltas if (d.finish_delta_weeks or 0) < 0)
    later = sum(1 for d in deltas if (d.finish_delta_weeks or 0) > 0)
    started = [d.name or d.id for d in deltas if d.base_finish_week is None and d.scenario_finish_week is not None]
    lost = [d.name or d.id for d in deltas if d.base_finish_week is not None and d.scenario_finish_week is None]
    if sooner == 0:
        text = "No project lands sooner"
    else:
        text = "1 project lands sooner" if sooner == 1 else f"{sooner:,} projects land sooner"
    text += ", none later" if later == 0 else f", {later:,} later"
    if started:
        text += f"; {join_words(started[:most] + _more(len(started) - most))} can be scheduled at last"
    if lost:
        text += f"; {join_words(lost[:most] + _more(len(lost) - most))} can no longer be scheduled"
    return text


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
            f"{d.name or d.id} by {weeks(-(d.finish_delta_weeks or 0))} (+{money_short(d.value_delta, currency)})"
            for d in sooner[:most]
        ]
        clauses.append("brings forward " + join_words(named + _more(len(sooner) - most)))
    return clauses


def _more(rest: int) -> list[str]:
    return [f"{rest} more"] if rest > 0 else []


def _delay_phrase(delta: ProjectDelta, project, settings: Settings, currency: str) -> str:
    cost = money_short(-delta.value_delta, currency)
    named = delta.name or delta.id
    if delta.finish_delta_weeks is None:
        return f"{named} indefinitely ({cost}, {delay_words(delta, project, settings)})"
    if delta.finish_delta_weeks == 0:
        return f"{named}'s value ({cost})"
    return f"{named} by {weeks(delta.finish_delta_weeks)} ({cost}, {delay_words(delta, project, settings)})"


def describe_optimise(result, currency: str) -> str:
    gain = result.value_unlocked
    if gain <= 0:
        return (
            f"The current order is already the best found: {money_short(result.total_value, currency)} "
            f"over the planning period (best value per week first: {money_short(result.cd3_total_value, currency)})."
        )
    return (
        f"Reordering the work unlocks {money_short(gain, currency)} sooner: {money_short(result.total_value, currency)} "
        f"over the planning period against {money_short(result.baseline_total_value, currency)} in today's order "
        f"(best value per week first: {money_short(result.cd3_total_value, currency)})."
    )


def describe_constraint(report, currency: str) -> str:
    if not report.binding:
        return "No pool holds value back: one more FTE anywhere would not deliver anything sooner."
    pool = report.pool(report.constraint)
    verdict = "worth hiring" if pool.net_of_one_fte > 0 else "not worth its cost"
    return (
        f"{pool.name} is the constraint: one more FTE there is worth {money_short(pool.shadow_price, currency)} "
        f"over the planning period and costs {money_short(pool.fte_cost, currency)}, {verdict}; with no limit at all it "
        f"would add {money_short(pool.unlimited_value_gain, currency)}."
    )


def describe_intake(result, portfolio) -> str:
    currency = portfolio.currency
    chosen, best = result.chosen, result.best
    where = "at its natural place" if result.by_cd3 else "at the place asked"  # natural: by CD3
    effect = ", but ".join(_effects(chosen.comparison, portfolio, 2)) or "moves no other project"
    moved = sum(1 for d in chosen.comparison.projects if d.value_delta)
    if moved > 1 and (said := _delay_parts(chosen.comparison, currency)):
        effect += "; in all " + said
    cost = f" and costs {money_short(chosen.own_cost, currency)}" if chosen.own_cost else ""
    net = money_short(chosen.net_value_change, currency, signed=True)
    text = (
        f"Accepting {result.name} {where} ({ordinal(chosen.position)}) {effect}. It is worth "
        f"{money_short(chosen.own_value, currency)} over the planning period{cost}: net {net}."
    )
    text += _place_cliffs(chosen, currency)
    if result.recommendation == "decline":
        return text + " Recommendation: decline; no place in the list makes it pay."
    if result.recommendation == "accept":
        return text + " Recommendation: accept it there."
    delays = _delay_parts(best.comparison, currency) or "it delays nothing"
    text += (
        f" Recommendation: accept it {ordinal(best.position)} instead: {delays}, "
        f"net {money_short(best.net_value_change, currency, signed=True)}."
    )
    if crossed(chosen.comparison) and not crossed(best.comparison):
        text += f" At {ordinal(best.position)}, no deadline is missed and no project's value ends first."
    return text


def _delay_parts(comparison, currency: str) -> str:
    """'the delays cost £6.0M and it brings £0.8M forward': the two parts the headline shows, never their net."""
    parts = []
    if comparison.value_lost_to_delays:
        parts.append(f"the delays cost {money_short(comparison.value_lost_to_delays, currency)}")
    if comparison.value_gained_sooner:
        parts.append(f"it brings {money_short(comparison.value_gained_sooner, currency)} forward")
    return " and ".join(parts)


def _place_cliffs(place, currency: str) -> str:
    """' At 9th, Water Quality Regulatory Reporting misses its 29 Oct 2027 deadline: a £2.5M penalty.' or ''."""
    said = describe_cliffs(crossed(place.comparison), currency)
    return f" At {ordinal(place.position)}, {said}" if said else ""


def describe_stop(option, currency: str) -> str:
    """The project we would miss least of its kind: in flight (`active`), or not started yet."""
    net = money_short(option.net_value_change, currency, signed=True)
    among = "in flight" if getattr(option, "in_flight", False) else "not started yet"
    return (
        f"Stopping {option.name or option.id} would be missed least of the projects {among}: net {net} "
        f"({money_short(option.value_lost, currency)} of its own value lost, {money_short(option.spend_saved, currency)} "
        f"of spend saved, {money_short(option.others_gain, currency)} gained by others landing sooner)."
    )


def describe_benefits(report, currency: str) -> str:
    """'Of 25 business cases, 12 are on track, 7 amber and 6 red; £10.8M of promised value is at risk.
    One more is stopped: £1.2M of promised benefit forgone (Data Quality Programme).'"""
    counts = {colour: sum(1 for p in report.projects if p.rag == colour) for colour in ("red", "amber", "green")}
    total = len(report.projects)
    stopped = tuple(getattr(report, "stopped", ()))
    forgone = ""
    if stopped:
        which = join_words([p.name or p.id for p in stopped[:3]]) + (" and others" if len(stopped) > 3 else "")
        more = "One more is" if len(stopped) == 1 else f"{len(stopped):,} more are"
        forgone = (
            f" {more} stopped: {money_short(sum(p.promised_value for p in stopped), currency)} of promised "
            f"benefit forgone ({which})."
        )
    if not total:
        return (
            "No scheduled project carries a business-case promise to track." + forgone
            if stopped
            else ("No project carries a business-case promise to track.")
        )
    return (
        f"Of {plural(total, 'business case')}, {counts['green']} {'is' if counts['green'] == 1 else 'are'} on track, "
        f"{counts['amber']} amber and {counts['red']} red; "
        f"{money_short(report.value_at_risk, currency)} of promised value is at risk." + forgone
    )


def describe_intervention(item, currency: str) -> str:
    cost = f", costs {money_short(item.cost, currency)}" if item.cost > 0 else ""
    moved = f", moves {len(item.moves)} project{'s' if len(item.moves) != 1 else ''}" if item.moves else ""
    return f"{item.label}: net {money_short(item.net_value_change, currency, signed=True)}{cost}{moved}."


# ---------------------------------------------------------------- cliffs: deadlines and value windows


def describe_cliff(cliff: Cliff, currency: str) -> str:
    """'Water Quality Regulatory Reporting misses its 29 Oct 2027 deadline: a £2.5M penalty'."""
    amount = money_short(abs(cliff.money), currency)
    if cliff.kind == DEADLINE:
        if cliff.missed:
            return f"{cliff.name} misses its {day(cliff.date)} deadline: a {amount} penalty"
        return f"{cliff.name} now meets its {day(cliff.date)} deadline: a {amount} penalty avoided"
    if cliff.missed:
        return f"{cliff.name} lands after its value ends on {day(cliff.date)}: {amount} of value lost"
    return f"{cliff.name} now lands before its value ends on {day(cliff.date)}: {amount} of value kept"


def describe_cliffs(cliffs: tuple[Cliff, ...], currency: str, *, most: int = 2) -> str:
    """The deadlines and windows crossed, as one sentence ('' when none), the largest first."""
    said = [describe_cliff(c, currency) for c in cliffs[:most]]
    if not said:
        return ""
    return "; ".join(said + _more(len(cliffs) - most)) + "."  # each begins with a name: no capital to add


def describe_crossings(comparison: Comparison, currency: str) -> str:
    """Which deadlines and value windows a scenario crosses, and their money ('' when none)."""
    return describe_cliffs(crossed(comparison), currency)


def describe_week_of_delay(delays, currency: str) -> str:
    """What drives the cost of a week of delay when one deadline's penalty does ('' when none).

    'Of the £3.1M a week of delay costs, £2.5M is one penalty: Water Quality Regulatory Reporting
    lands 4 days before its 29 Oct 2027 deadline, and a week later would miss it.'
    """
    cliffs = delays.cliffs
    if not cliffs:
        return ""
    penalties = money_short(sum(-c.money for c in cliffs), currency)
    total = money_short(delays.per_week, currency)
    top = cliffs[0]
    kind = "one penalty" if len(cliffs) == 1 else f"{len(cliffs)} penalties"
    others = f" ({len(cliffs) - 1} more deadlines likewise)" if len(cliffs) > 1 else ""
    return (
        f"Of the {total} a week of delay costs, {penalties} is {kind}: {top.name} lands {_ahead_of(top.slack_days)} "
        f"its {day(top.date)} deadline, and a week later would miss it{others}."
    )


def _ahead_of(count: int | None) -> str:
    """'4 days before', '1 day before', or 'on' for a project landing on its deadline's day."""
    return f"{_days(count)} before" if count else "on"


def _days(count: int | None) -> str:
    count = count or 0
    return f"{count} day{'s' if count != 1 else ''}"
