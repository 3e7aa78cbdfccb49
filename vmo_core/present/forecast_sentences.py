"""Sentences for people about calibration and forecasts: ranges, not single points.

Figures are rounded here only (`narrative.money_short`); the core keeps them exact.
"""

from __future__ import annotations

from vmo_core.forecast.calibration import Calibration
from vmo_core.forecast.montecarlo import Forecast, Range
from vmo_core.model.portfolio import Settings
from vmo_core.present.format import money_short, percent, times, week_date


def money_range(spread: Range, currency: str) -> str:
    """£871k to £2.8M (P50 £1.9M)."""
    return f"{_span(spread, currency)} (P50 {money_short(spread.p50, currency)})"


def _span(spread: Range, currency: str) -> str:
    return f"{money_short(spread.p10, currency)} to {money_short(spread.p90, currency)}"


def describe_calibration(calibration: Calibration) -> str:
    """How late and how short of the promise past work landed, and which themes have their own record."""
    if calibration.empty:
        return (
            "There is no finished work to learn from yet: record finished projects' estimated and actual weeks "
            "and values in actuals.csv to calibrate forecasts."
        )
    overall = calibration.overall
    duration, value = overall.duration, overall.value
    late = (
        f"took {times(duration.p50)} their estimated weeks at the median (1 in 10 took {times(duration.p90)} or more)"
        if duration.p50 > 1.0
        else f"took {times(duration.p50)} their estimated weeks at the median"
    )
    short = (
        f"realised {percent(value.p50)} of the promised value per week (1 in 10 realised {percent(value.p10)} or less)"
        if value.n
        else "recorded no value figures, so values stay as estimated"
    )
    own = sorted(name for name in calibration.themes if calibration.own(name))
    enough = calibration.min_theme_projects
    if own:
        groups = (
            f"{', '.join(own)} {'has' if len(own) == 1 else 'have'} the {enough} finished projects needed to be "
            f"calibrated on {'its' if len(own) == 1 else 'their'} own record; other work draws on all {overall.n}."
        )
    else:
        groups = (
            f"No theme has the {enough} finished projects needed for its own calibration, so all work draws on all {overall.n}."
        )
    return f"Past work landed late and short: {overall.n} finished projects {late} and {short}. {groups}"


def describe_forecast(fc: Forecast, settings: Settings) -> str:
    """The range of value over the horizon against the plan's single figure, and the latest P85 finish."""
    currency = settings.currency
    plan = fc.forecast.plan_total_value
    if not fc.calibrated:
        return (
            f"No delivery actuals, so the forecast equals the plan: "
            f"{money_short(plan, currency)} over the {settings.horizon_weeks}-week horizon, with no range."
        )
    spread = fc.total_value
    text = (
        f"Over {fc.runs:,} runs calibrated on past delivery, value over the {settings.horizon_weeks}-week horizon comes to "
        f"{money_range(spread, currency)}, against the plan's single figure of {money_short(plan, currency)}."
    )
    latest = [p for p in fc.projects if p.finish_p85 is not None]
    slips = [(p.finish_p85 - p.plan_finish_week, p) for p in latest if p.plan_finish_week is not None]
    if slips:
        weeks, worst = max(slips, key=lambda s: (s[0], s[1].id))
        if weeks > 0:
            text += (
                f" The widest slip: {worst.id}, planned for {week_date(worst.plan_finish_week, settings)}, "
                f"lands by {week_date(worst.finish_p85, settings)} in 85% of runs."
            )
    return text


def describe_change_range(fc: Forecast, currency: str) -> str:
    """'With past delivery, this change costs £871k to £2.8M in delays (P50 £1.9M; the plan says £5.2M); ...'"""
    change = fc.change
    if change is None:
        return ""
    if not fc.calibrated:
        return "No delivery actuals, so no range: the change costs what the plan says."
    delay = change.delay_cost
    if delay.p90 < 0:  # every run but the odd tenth brings value forward
        flipped = Range(-delay.p90, -delay.p50, -delay.p10)
        cost = f"unlocks {_span(flipped, currency)} of value sooner (P50 {money_short(flipped.p50, currency)}"
        plan = -change.plan_delay_cost
    else:
        cost = f"costs {_span(delay, currency)} in delays (P50 {money_short(delay.p50, currency)}"
        plan = change.plan_delay_cost
    return (
        f"With past delivery ({fc.runs:,} runs), this change {cost}; the plan's single figure "
        f"{money_short(plan, currency)}); net value change "
        f"{money_short(change.net_value_change.p10, currency, signed=True)} to "
        f"{money_short(change.net_value_change.p90, currency, signed=True)}; "
        f"chance it loses money {percent(change.chance_of_loss)}."
    )
