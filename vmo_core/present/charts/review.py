"""The review's figure: from the earlier snapshot's total value to the newest's, step by step."""

from __future__ import annotations

import itertools

import plotly.graph_objects as go

from vmo_core.decisions.review import review_steps
from vmo_core.decisions.slip_results import Changes
from vmo_core.present.charts.base import layout, money_axis
from vmo_core.present.format import day, money, money_short
from vmo_core.present.palette import BLUE, GREEN, GREY, VERMILION

# The steps of `review_steps` between its two totals, as the page names them, and what each holds
# (the hover's words: the precise term, such as the horizon, is here and not on the bar).
STEPS = {
    "delayed": ("Slips", "value delayed since the review, less any brought forward"),
    "reestimated": ("Re-estimates", "the projects whose value per week was re-estimated"),
    "horizon": (
        "Time moves on",
        "the value is counted over the same number of weeks from each review's date (the horizon): a later "
        "review counts weeks further out and leaves out the weeks now past",
    ),
    "entered": ("Entered", "projects new to the plan"),
    "delivered": (
        "Delivered",
        "projects finished since: their value is now being earned, so it is no longer value to come; not a loss",
    ),
    "left": ("Stopped or dropped", "projects stopped, sent back to proposals or no longer on the list: value given up"),
}


def review_waterfall(found: Changes, *, title: str | None = None) -> go.Figure:
    """The plan's value to come at the earlier snapshot, each step of the review, and at the newest.

    A bar per step, drawn from the level before it: value gained in blue, value lost in vermilion,
    value delivered (realised, not lost) in green, the two totals in grey."""
    currency = found.currency
    (_, before), *steps, (_, after) = review_steps(found)
    # "then" and "now" as well as the dates: two snapshots of one review date (an adoption) stay two bars
    labels = [f"Then, {day(found.before_as_of)}"] + [STEPS[s][0] for s, _ in steps] + [f"Now, {day(found.after_as_of)}"]
    amounts = [before] + [amount for _, amount in steps] + [after]
    levels = list(itertools.accumulate([before] + [a for _, a in steps]))
    bases = [0.0] + [min(level - a, level) for level, (_, a) in zip(levels[1:], steps)] + [0.0]
    heights = [before] + [abs(a) for _, a in steps] + [after]
    shown = [money_short(before, currency)]
    colours = [GREY]
    for step, amount in steps:
        if step == "delivered":
            shown.append(f"{money_short(-amount, currency)} delivered" if amount else money_short(0.0, currency))
            colours.append(GREEN)
        else:
            shown.append(money_short(amount, currency, signed=True))
            colours.append(BLUE if amount >= 0 else VERMILION)
    shown.append(money_short(after, currency))
    colours.append(GREY)
    said = ["the plan's value to come then"] + [STEPS[s][1] for s, _ in steps] + ["the plan's value to come now"]
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=heights,
            base=bases,
            marker=dict(color=colours, pattern_shape=["x" if c == VERMILION else "" for c in colours]),
            text=shown,
            textposition="outside",
            cliponaxis=False,
            customdata=[[money(a, currency), why] for a, why in zip(amounts, said)],
            hovertemplate="%{x}: %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        )
    )
    levels = levels + [after]
    low, high = min(levels), max(levels)
    if low > 0:  # the steps are small beside the totals: the axis starts near the lowest level, not at 0
        fig.update_yaxes(range=[max(0.0, low - 0.5 * (high - low) - 0.02 * high), high + 0.25 * (high - low) + 0.02 * high])
    money_axis(fig, currency)
    return layout(fig, title=title, height=420)
