"""The review's figure: from the earlier snapshot's total value to the newest's, step by step."""

from __future__ import annotations

import itertools

import plotly.graph_objects as go

from vmo_core.decisions.review import review_steps
from vmo_core.decisions.slip_results import Changes
from vmo_core.present.charts.base import layout, money_axis
from vmo_core.present.format import day, money, money_short
from vmo_core.present.palette import BLUE, GREY, VERMILION

# The steps of `Changes.bridge` between its two totals, as the page names them, and what each holds.
STEPS = {
    "delayed": ("Slips", "value delayed since the review, less any brought forward"),
    "reestimated": ("Re-estimates", "the projects whose value per week was re-estimated"),
    "horizon": ("Horizon moves on", "the rest: value counted to a later horizon, as the calendar moves on"),
    "entered": ("Entered", "projects new to the plan"),
    "left": ("Left", "projects done, stopped or sent back to proposals"),
}


def review_waterfall(found: Changes, *, title: str | None = None) -> go.Figure:
    """Total value over the horizon at the earlier snapshot, each step of the bridge, and at the newest."""
    currency = found.currency
    (_, before), *steps, (_, after) = review_steps(found)
    # "then" and "now" as well as the dates: two snapshots of one review date (an adoption) stay two bars
    labels = [f"Then, {day(found.before_as_of)}"] + [STEPS[s][0] for s, _ in steps] + [f"Now, {day(found.after_as_of)}"]
    amounts = [before] + [amount for _, amount in steps] + [after]
    shown = [money_short(before, currency)] + [money_short(a, currency, signed=True) for _, a in steps]
    said = ["the plan then"] + [STEPS[s][1] for s, _ in steps] + ["the plan now"]
    fig = go.Figure(
        go.Waterfall(
            x=labels,
            y=amounts,
            measure=["absolute"] + ["relative"] * len(steps) + ["total"],
            text=shown + [money_short(after, currency)],
            textposition="outside",
            customdata=[[money(a, currency), why] for a, why in zip(amounts, said)],
            hovertemplate="%{x}: %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
            increasing=dict(marker=dict(color=BLUE)),
            decreasing=dict(marker=dict(color=VERMILION)),  # darker than the blue: reads in greyscale too
            totals=dict(marker=dict(color=GREY)),
            connector=dict(line=dict(color=GREY, width=1)),
        )
    )
    money_axis(fig, currency)
    levels = list(itertools.accumulate([before] + [a for _, a in steps])) + [after]
    low, high = min(levels), max(levels)
    if low > 0:  # the steps are small beside the totals: the axis starts near the lowest level, not at 0
        fig.update_yaxes(range=[max(0.0, low - 0.5 * (high - low) - 0.02 * high), high + 0.25 * (high - low) + 0.02 * high])
    return layout(fig, title=title, height=420)
