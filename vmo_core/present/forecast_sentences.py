"""Sentences for people about calibration and forecasts: ranges, not single points, and
what calibrated estimates change in a recommendation.

Figures are rounded here only (`format.money_short`); the core keeps them exact.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vmo_core.forecast.calibration import Calibration
from vmo_core.forecast.montecarlo import Forecast, Range
from vmo_core.model.portfolio import Settings
from vmo_core.present.format import money_short, ordinal, percent, period_words, times, week_date
from vmo_core.present.sentences import project_name

if TYPE_CHECKING:
    from vmo_core.decisions.calibrated import IntakeShift, OrderShift
    from vmo_core.decisions.intake import IntakeResult


def money_range(spread: Range, currency: str) -> str:
    """£871k to £2.8M (likely £1.9M): the middle eight in ten of the simulated outcomes, and the median (P50)."""
    return f"{_span(spread, currency)} (likely {money_short(spread.p50, currency)})"


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
            f"{money_short(plan, currency)} over {period_words(settings)}, with no range."
        )
    spread = fc.total_value
    text = (
        f"Going by past delivery, value over {period_words(settings)} comes to "
        f"{money_range(spread, currency)}, against the plan's single figure of {money_short(plan, currency)}."
    )
    latest = [p for p in fc.projects if p.finish_p85 is not None]
    slips = [(p.finish_p85 - p.plan_finish_week, p) for p in latest if p.plan_finish_week is not None]
    if slips:
        weeks, worst = max(slips, key=lambda s: (s[0], s[1].id))
        if weeks > 0:
            text += (
                f" The widest slip: {worst.name or worst.id}, planned for {week_date(worst.plan_finish_week, settings)}, "
                f"is 85% likely to land by {week_date(worst.finish_p85, settings)}."
            )
    return text


def describe_change_range(fc: Forecast, currency: str) -> str:
    """'Going by past delivery, this change costs £871k to £2.8M in delays (likely £1.9M; the plan's single figure £5.2M); ...'"""
    change = fc.change
    if change is None:
        return ""
    if not fc.calibrated:
        return "No delivery actuals, so no range: the change costs what the plan says."
    delay = change.delay_cost
    if delay.p90 < 0:  # every run but the odd tenth brings value forward
        flipped = Range(-delay.p90, -delay.p50, -delay.p10)
        cost = f"unlocks {_span(flipped, currency)} of value sooner (likely {money_short(flipped.p50, currency)}"
        plan = -change.plan_delay_cost
    else:
        cost = f"costs {_span(delay, currency)} in delays (likely {money_short(delay.p50, currency)}"
        plan = change.plan_delay_cost
    people = change.capacity_cost
    if people >= 0.5:
        people_text = f" (the extra people's {money_short(people, currency)} included)"
    elif people <= -0.5:
        people_text = f" (the {money_short(-people, currency)} saved on people included)"
    else:
        people_text = ""
    return (
        f"Going by past delivery, this change {cost}; the plan's single figure "
        f"{money_short(plan, currency)}); net value change "
        f"{money_short(change.net_value_change.p10, currency, signed=True)} to "
        f"{money_short(change.net_value_change.p90, currency, signed=True)}{people_text}; "
        f"chance it loses money {percent(change.chance_of_loss)}."
    )


def intake_verdict(result: IntakeResult) -> str:
    """'decline it' or 'accept it 4th': the advice, in the words the shift sentence quotes."""
    if result.recommendation == "decline":
        return "decline it"
    return f"accept it {ordinal(result.best.position)}"


def describe_intake_shift(shift: IntakeShift, currency: str) -> str:
    """Whether calibrated estimates change the intake recommendation, with both best nets."""
    if shift.calibration.empty:
        return "No delivery actuals: calibrated estimates are the raw ones, so the recommendation is the same."
    raw, cal = shift.raw.best, shift.calibrated.best
    figures = (
        f"best net {money_short(cal.net_value_change, currency, signed=True)} calibrated, "
        f"{money_short(raw.net_value_change, currency, signed=True)} on the raw estimates"
    )
    if not shift.changed:
        return (
            f"On calibrated estimates ({_basis(shift.calibration)}) the recommendation stands: "
            f"{intake_verdict(shift.calibrated)} ({figures})."
        )
    return (
        f"On calibrated estimates ({_basis(shift.calibration)}) the recommendation changes from "
        f"'{intake_verdict(shift.raw)}' to '{intake_verdict(shift.calibrated)}' ({figures})."
    )


def describe_order_shift(shift: OrderShift, currency: str, portfolio=None) -> str:
    """What the best order found on calibrated estimates is worth, and which projects it moves
    (by name, with the portfolio)."""
    if shift.calibration.empty:
        return "No delivery actuals: calibrated estimates are the raw ones, so the order is the same."
    lead = (
        f"On calibrated estimates ({_basis(shift.calibration)}) the best order found is worth "
        f"{money_short(shift.calibrated.total_value, currency)} where the raw estimates promised "
        f"{money_short(shift.raw.total_value, currency)}"
    )
    moves = shift.moves
    if not moves:
        return lead + "; it is the same order."
    named = [f"{project_name(p, portfolio)} {_places(abs(a - b))} {'earlier' if b < a else 'later'}" for p, a, b in moves[:3]]
    more = f" and {len(moves) - 3} more" if len(moves) > 3 else ""
    return (
        f"{lead}; it moves {len(moves)} project{'s' if len(moves) != 1 else ''} against the raw order "
        f"({', '.join(named)}{more}), worth {money_short(shift.gain, currency, signed=True)} over keeping the raw order."
    )


def _basis(calibration: Calibration) -> str:
    """'as 11 finished projects typically went (their P50): 1.3x the weeks, 86% of the value; Digital on its
    own record'."""
    overall = calibration.overall
    own = [name for name in calibration.themes if calibration.own(name)]
    themes = f"; {', '.join(sorted(own))} on {'its' if len(own) == 1 else 'their'} own record" if own else ""
    return (
        f"as {overall.n} finished projects typically went: {times(overall.duration.p50)} the weeks, "
        f"{percent(overall.value.p50)} of the value{themes}"
    )


def _places(count: int) -> str:
    return f"{count} place{'s' if count != 1 else ''}"


def describe_plan_against_likely(fc: Forecast, currency: str) -> str:
    """One sentence when the plan's value is above even the P90 of its forecast from past delivery
    ('' when it is not, or with no actuals): the plan is then a stretch, and the P50 the likely figure."""
    plan, spread = fc.forecast.plan_total_value, fc.total_value
    if not fc.calibrated or plan <= spread.p90:
        return ""
    return (
        f"The plan's {money_short(plan, currency)} is above even the high end of what past delivery gives "
        f"({money_short(spread.p90, currency)}): the likely figure is {money_short(spread.p50, currency)}, "
        f"{percent(1 - spread.p50 / plan)} below the plan."
    )
