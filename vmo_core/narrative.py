"""Money, dates and sentences for people: the only place figures are rounded.

The core keeps every figure exact; these functions turn them into what an executive reads.
"""

from __future__ import annotations

import datetime as dt

from vmo_core.model import Settings, date_of, week_of
from vmo_core.results import Comparison, ProjectDelta

SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€", "JPY": "¥", "AUD": "A$", "CAD": "C$", "INR": "₹"}
DELAY_WORDS = {
    "revenue": "delayed revenue",
    "savings": "deferred savings",
    "risk": "risk carried longer",
    "other": "delayed value",
}


def money(amount: float, currency: str, *, signed: bool = False) -> str:
    """Full figure with thousands separators: £1,234,567 (or -£1,234,567)."""
    sign = "-" if amount < 0 else ("+" if signed and amount > 0 else "")
    return f"{sign}{_symbol(currency)}{abs(amount):,.0f}"


def money_short(amount: float, currency: str, *, signed: bool = False) -> str:
    """Headline figure: £1.2M, £420k, £950."""
    size = abs(amount)
    sign = "-" if amount < 0 and round(size) else ("+" if signed and amount > 0 and round(size) else "")
    if size >= 999_500:
        text = f"{size / 1e6:,.1f}M"
    elif size >= 1_000:
        text = f"{size / 1e3:,.0f}k"
    else:
        text = f"{size:,.0f}"
    return f"{sign}{_symbol(currency)}{text}"


def _symbol(currency: str) -> str:
    return SYMBOLS.get(currency, f"{currency} ")


def day(date: dt.date) -> str:
    """3 Mar 2027."""
    return f"{date.day} {date:%b %Y}"


def week_date(week: int | None, settings: Settings) -> str:
    return "never" if week is None else day(date_of(week, settings.as_of))


def weeks(count: int) -> str:
    return f"{count} week{'s' if abs(count) != 1 else ''}"


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


def describe_comparison(comparison: Comparison, portfolio, changes: list[dict], *, most: int = 2) -> str:
    """One or two plain sentences: what the scenario changes and what it costs."""
    currency = portfolio.currency
    settings = portfolio.settings
    projects = {**portfolio.project_index}
    lead = describe_changes(changes)
    delayed = sorted((d for d in comparison.projects if d.value_delta < 0), key=lambda d: d.value_delta)
    sooner = sorted((d for d in comparison.projects if d.value_delta > 0), key=lambda d: -d.value_delta)
    clauses = []
    if delayed:
        named = [_delay_phrase(d, projects.get(d.id), settings, currency) for d in delayed[:most]]
        rest = len(delayed) - most
        text = "delays " + _join(named + ([f"{rest} more" if rest > 1 else "1 more"] if rest > 0 else []))
        clauses.append(text)
    if sooner:
        named = [
            f"{d.id} by {weeks(-(d.finish_delta_weeks or 0))} (+{money_short(d.value_delta, currency)})" for d in sooner[:most]
        ]
        rest = len(sooner) - most
        clauses.append("brings forward " + _join(named + ([f"{rest} more"] if rest > 0 else [])))
    if not clauses:
        clauses.append("moves no other project")
    cost = comparison.delay_cost
    cost_text = (
        f"the delays cost {money_short(cost, currency)}"
        if cost > 0
        else f"it unlocks {money_short(-cost, currency)} of value sooner"
        if cost < 0
        else "it costs nothing in delays"
    )
    net = comparison.net_value_change
    return (
        f"{lead} {', but '.join(clauses)}. In all, {cost_text}; "
        f"net value change {money_short(net, currency, signed=True)} over the horizon."
    )


def _delay_phrase(delta: ProjectDelta, project, settings: Settings, currency: str) -> str:
    cost = money_short(-delta.value_delta, currency)
    if delta.finish_delta_weeks is None:
        return f"{delta.id} indefinitely ({cost}, {delay_words(delta, project, settings)})"
    if delta.finish_delta_weeks == 0:
        return f"{delta.id}'s value ({cost})"
    return f"{delta.id} by {weeks(delta.finish_delta_weeks)} ({cost}, {delay_words(delta, project, settings)})"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
