"""Figure builders for calibration and forecasts, in the style of `charts` (and with its helpers).

Kept beside charts.py rather than in it, which is already past the house's ~400 lines.
The same rules: an explicit template, Okabe-Ito colours told apart by lightness, dashes
or markers too, dates rather than week numbers, user text only through `base.plotly_text`.
"""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from vmo_core.forecast.calibration import ALL, Calibration
from vmo_core.forecast.montecarlo import PlanForecast
from vmo_core.model.portfolio import Settings
from vmo_core.present.charts.base import DATE_TICKS, TICKS, iso_day, layout, money_axis, names, plotly_text
from vmo_core.present.palette import BLUE, GREY, ORANGE, SKY

BAND = "rgba(86,180,233,0.35)"  # SKY, see-through: the P10-P90 band


def calibration(cal: Calibration, *, title: str | None = None, labels_of: Mapping[str, str] | None = None) -> go.Figure:
    """How late and how short of the promise past work landed: each finished project's ratios,
    for all of them and by theme, with a dashed line at 1x (as estimated). `labels_of`: each
    project's name by id, for the hover (its id where it has none)."""
    labels_of = labels_of or {}
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        horizontal_spacing=0.04,
        subplot_titles=("Weeks taken ÷ weeks estimated", "Value realised ÷ value promised"),
    )
    groups = [(f"All ({cal.overall.n})", cal.overall, BLUE)]
    for name, group in sorted(cal.themes.items()):
        own = cal.own(name)
        label = plotly_text(f"{name} ({group.n})" if own else f"{name} ({group.n}, uses all)")
        groups.append((label, group, ORANGE if own else GREY))
    labels = [label for label, _, _ in groups]
    for col, measure in ((1, "duration"), (2, "value")):
        for label, group, colour in groups:
            ratios = group.duration_ratio if measure == "duration" else group.value_ratio[group.value_observed]
            names = [i for i, seen in zip(group.ids, group.value_observed) if measure == "duration" or seen]
            fig.add_trace(
                go.Box(
                    x=ratios,
                    y=[label] * len(ratios),
                    orientation="h",
                    name=label,
                    boxpoints="all",
                    jitter=0.4,
                    pointpos=0,
                    marker=dict(color=colour, size=9, symbol="circle" if group.name == ALL else "diamond"),
                    line=dict(color=colour),
                    fillcolor="rgba(0,0,0,0)",
                    text=[plotly_text(labels_of.get(n) or n) for n in names],
                    hovertemplate="%{text}: %{x:.2f}x<extra></extra>",
                    showlegend=False,
                ),
                row=1,
                col=col,
            )
        shown = [1.0] + [float(r) for _, g, _ in groups for r in (g.duration_ratio if measure == "duration" else g.value_ratio)]
        pad = 0.06 * max(0.2, max(shown) - min(shown))
        fig.update_xaxes(range=[min(shown) - pad, max(shown) + pad], row=1, col=col)
        fig.add_vline(x=1.0, line=dict(color=GREY, dash="dash", width=2), row=1, col=col)
    fig.update_xaxes(ticksuffix="x", zeroline=False)
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1], tickfont=TICKS)
    fig.update_annotations(font=dict(size=15))
    layout(fig, title=title, height=max(280, 46 * len(groups) + 140))
    fig.update_layout(margin=dict(t=90 if title else 50))
    return fig


def value_fan(forecast: PlanForecast, settings: Settings, *, title: str | None = None) -> go.Figure:
    """Cumulative value week by week: the P10-P90 band over the runs, the P50, and the plan (dashed)."""
    weeks = forecast.curve.shape[1]
    dates = [iso_day(w + 1, settings.as_of) for w in range(weeks)]
    p10, p50, p90 = forecast.curve
    fig = go.Figure()
    fig.add_scatter(x=dates, y=p10, line=dict(width=0), hoverinfo="skip", showlegend=False)
    fig.add_scatter(
        x=dates,
        y=p90,
        fill="tonexty",
        fillcolor=BAND,
        line=dict(width=0),
        name="Likely range (8 in 10 outcomes)",
        customdata=p10,
        hovertemplate="%{x|%d %b %Y}: %{customdata:,.0f} to %{y:,.0f}<extra>P10 to P90</extra>",
    )
    fig.add_scatter(
        x=dates,
        y=p50,
        name="Likely value",
        line=dict(color=BLUE, width=4),
        hovertemplate="%{x|%d %b %Y}: %{y:,.0f}<extra>P50</extra>",
    )
    fig.add_scatter(
        x=dates,
        y=forecast.plan_curve,
        name="The plan",
        line=dict(color=GREY, width=3, dash="dash"),
        hovertemplate="%{x|%d %b %Y}: %{y:,.0f}<extra>The plan</extra>",
    )
    money_axis(fig, settings.currency)
    fig.update_xaxes(tickformat=DATE_TICKS)
    return layout(fig, title=title, height=420)


def finish_ranges(forecast: PlanForecast, settings: Settings, *, limit: int | None = 40, title: str | None = None) -> go.Figure:
    """When each project lands: a bar from its P50 to its P85 delivery date, with the plan's date marked.

    Projects keep the plan's order; one unschedulable in half the runs or more has no bar.
    """
    rows = [p for p in forecast.projects if p.finish_p50 is not None][:limit]
    labels = names(rows)
    as_of = settings.as_of
    week_ms = 7 * 86_400_000
    fig = go.Figure()
    fig.add_bar(
        name="Likely to 85% sure",
        orientation="h",
        y=labels,
        base=[iso_day(p.finish_p50, as_of) for p in rows],
        x=[((p.finish_p85 if p.finish_p85 is not None else p.finish_p50) - p.finish_p50) * week_ms for p in rows],
        marker=dict(color=SKY, line=dict(color=BLUE, width=1)),
        customdata=[iso_day(p.finish_p85, as_of) if p.finish_p85 is not None else "never" for p in rows],
        hovertemplate="%{y}<br>P50 %{base|%d %b %Y}, P85 %{customdata|%d %b %Y}<extra></extra>",
        width=0.6,
    )
    fig.add_scatter(
        name="Likely",
        mode="markers",
        y=labels,
        x=[iso_day(p.finish_p50, as_of) for p in rows],
        marker=dict(color=BLUE, size=10, symbol="circle"),
        hovertemplate="%{y}<br>P50 %{x|%d %b %Y}<extra></extra>",
    )
    planned = [(label, p) for label, p in zip(labels, rows) if p.plan_finish_week is not None]
    fig.add_scatter(
        name="The plan",
        mode="markers",
        y=[label for label, _ in planned],
        x=[iso_day(p.plan_finish_week, as_of) for _, p in planned],
        marker=dict(color=GREY, size=12, symbol="line-ns-open", line=dict(width=3, color=GREY)),
        hovertemplate="%{y}<br>plan %{x|%d %b %Y}<extra></extra>",
    )
    horizon = iso_day(settings.horizon_weeks, as_of)
    fig.add_shape(type="line", x0=horizon, x1=horizon, y0=0, y1=1, yref="paper", line=dict(color=GREY, dash="dot"))
    fig.add_annotation(
        x=horizon, y=1, yref="paper", text="value counted to here", showarrow=False, yanchor="bottom", font=dict(color=GREY)
    )
    fig.update_layout(barmode="overlay")
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=labels, tickfont=TICKS)
    fig.update_xaxes(type="date", tickformat=DATE_TICKS)
    return layout(fig, title=title, height=max(320, 24 * len(rows) + 120))
