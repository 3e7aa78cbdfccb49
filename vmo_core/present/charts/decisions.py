"""Figures of the decisions: load and shadow prices, stopping, benefits, intake, interventions."""

from __future__ import annotations

import datetime as dt

import numpy as np
import plotly.graph_objects as go

from vmo_core.decisions.benefits import BenefitsReport
from vmo_core.decisions.constraints import ConstraintReport
from vmo_core.decisions.stopping import StopRanking
from vmo_core.present.charts.base import iso_day, layout, money_axis, plotly_text
from vmo_core.present.format import money_short
from vmo_core.present.palette import BLUE, GREEN, GREY, ORANGE, RAG_COLOURS, SKY, VERMILION


def load_heatmap(
    load: np.ndarray, capacity: np.ndarray, pools: list[str], as_of: dt.date, *, weeks: int, title: str | None = None
) -> go.Figure:
    """Share of each pool's capacity in use, week by week (100% = full)."""
    weeks = min(weeks, load.shape[1]) if load.size else 0
    share = (
        np.divide(load[:, :weeks], capacity[:, :weeks], out=np.zeros((len(pools), weeks)), where=capacity[:, :weeks] > 0) * 100
    )
    fig = go.Figure(
        go.Heatmap(
            z=share,
            x=[iso_day(w, as_of) for w in range(weeks)],
            y=[plotly_text(p) for p in pools],
            colorscale="Cividis",
            zmin=0,
            zmax=100,
            colorbar=dict(title="% used", ticksuffix="%"),
            hovertemplate="%{y}, week of %{x|%d %b %Y}: %{z:.0f}% used<extra></extra>",
        )
    )
    fig.update_xaxes(tickformat="%b %Y")
    return layout(fig, title=title, height=max(260, 38 * len(pools) + 120))


def shadow_prices(report: ConstraintReport, currency: str, *, title: str | None = None) -> go.Figure:
    """What one more FTE is worth in each pool, against what it costs."""
    pools = list(report.pools)
    fig = go.Figure()
    fig.add_bar(
        name="One more FTE is worth",
        x=[plotly_text(p.name) for p in pools],
        y=[p.shadow_price for p in pools],
        marker_color=BLUE,
        text=[money_short(p.shadow_price, currency) for p in pools],
        textposition="outside",
    )
    fig.add_bar(
        name="One FTE costs",
        x=[plotly_text(p.name) for p in pools],
        y=[p.fte_cost for p in pools],
        marker=dict(color=ORANGE, pattern_shape="/"),
        text=[money_short(p.fte_cost, currency) for p in pools],
        textposition="outside",
    )
    fig.update_layout(barmode="group")
    money_axis(fig, currency)
    return layout(fig, title=title, height=400)


def stop_bars(ranking: StopRanking, currency: str, *, most: int = 15, title: str | None = None) -> go.Figure:
    """Net value of stopping each project today; the longest bar right is missed least."""
    rows = list(ranking.projects[:most])[::-1]
    fig = go.Figure(
        go.Bar(
            orientation="h",
            y=[plotly_text(f"{o.id}  {o.name}"[:44]) for o in rows],
            x=[o.net_value_change for o in rows],
            marker=dict(
                color=[BLUE if o.net_value_change > 0 else VERMILION for o in rows],
                pattern_shape=["" if o.net_value_change > 0 else "x" for o in rows],
            ),
            text=[money_short(o.net_value_change, currency, signed=True) for o in rows],
            textposition="auto",
            hovertemplate="%{y}: %{x:,.0f}<extra></extra>",
        )
    )
    money_axis(fig, currency, axis="x")
    return layout(fig, title=title, height=max(300, 28 * len(rows) + 100))


def benefit_bars(report: BenefitsReport, currency: str, *, title: str | None = None) -> go.Figure:
    """Promised against forecast value per business case, labelled with its RAG."""
    rows = sorted(report.projects, key=lambda b: -b.value_shortfall)
    fig = go.Figure()
    fig.add_bar(
        name="Promised",
        x=[plotly_text(b.id) for b in rows],
        y=[b.promised_value for b in rows],
        marker=dict(color="rgba(140,140,140,0.5)", line=dict(color=GREY, width=1)),
    )
    fig.add_bar(
        name="Forecast",
        x=[plotly_text(b.id) for b in rows],
        y=[b.forecast_value for b in rows],
        marker=dict(color=[RAG_COLOURS[b.rag] for b in rows]),
        text=[b.rag.upper() for b in rows],
        textposition="outside",
    )
    fig.update_layout(barmode="group")
    money_axis(fig, currency)
    return layout(fig, title=title, height=420)


def intake_places(result, currency: str, *, title: str | None = None) -> go.Figure:
    """Net value change of accepting a proposal at each place in the list; the chosen and the best marked."""
    from vmo_core.present.format import ordinal

    places = list(result.places)
    labels, ahead = [], []
    for place in places:
        after = place.ahead_of  # the project listed just after it (no comparison is built for this)
        labels.append(ordinal(place.position))  # words, not numbers: a category axis reads numbers as indexes
        ahead.append(f"ahead of {plotly_text(after)}" if after else "last")
    colours, patterns = [], []
    for place in places:
        if place is result.chosen:
            colours.append(ORANGE)
            patterns.append("/")
        elif place is result.best:
            colours.append(GREEN)
            patterns.append("")
        else:
            colours.append(BLUE if place.net_value_change > 0 else VERMILION)
            patterns.append("" if place.net_value_change > 0 else "x")
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=[p.net_value_change for p in places],
            marker=dict(color=colours, pattern_shape=patterns),
            customdata=[[a, money_short(p.net_value_change, currency, signed=True)] for a, p in zip(ahead, places)],
            hovertemplate="place %{x}, %{customdata[0]}: net %{customdata[1]}<extra></extra>",
        )
    )
    for place, label, colour, words in (
        (result.chosen, labels[places.index(result.chosen)], ORANGE, "chosen"),
        (result.best, labels[places.index(result.best)], GREEN, "best"),
    ):
        if words == "best" and result.best is result.chosen:
            continue
        fig.add_annotation(
            x=label,
            y=place.net_value_change,
            text=f"{words}: {money_short(place.net_value_change, currency, signed=True)}",
            showarrow=True,
            arrowhead=0,
            ay=-36 if place.net_value_change >= 0 else 36,
            font=dict(color=colour, size=15),
        )
    fig.update_xaxes(title="Place in the priority list (1 = first)", type="category")
    money_axis(fig, currency)
    return layout(fig, title=title, height=380)


def intervention_bars(items, currency: str, *, title: str | None = None) -> go.Figure:
    """Net value change of each intervention, highest at the top."""
    rows = list(items)[::-1]
    fig = go.Figure(
        go.Bar(
            orientation="h",
            y=[plotly_text(i.label[:60]) for i in rows],
            x=[i.net_value_change for i in rows],
            marker=dict(color=[BLUE if i.action != "add_capacity" else SKY for i in rows]),
            text=[money_short(i.net_value_change, currency, signed=True) for i in rows],
            textposition="auto",
            hovertemplate="%{y}: %{x:,.0f}<extra></extra>",
        )
    )
    money_axis(fig, currency, axis="x")
    return layout(fig, title=title, height=max(300, 34 * len(rows) + 100))


def benefit_gaps(report: BenefitsReport, currency: str, *, most: int = 15, title: str | None = None) -> go.Figure:
    """Promised value not now forecast, per business case that falls short, largest first, labelled with its RAG."""
    short = sorted((b for b in report.projects if b.value_shortfall > 0.5), key=lambda b: -b.value_shortfall)
    rows = short[:most][::-1]
    patterns = {"red": "x", "amber": "/", "green": ""}
    fig = go.Figure(
        go.Bar(
            orientation="h",
            y=[plotly_text(f"{b.id}  {b.name}"[:44]) for b in rows],
            x=[b.value_shortfall for b in rows],
            marker=dict(color=[RAG_COLOURS[b.rag] for b in rows], pattern_shape=[patterns[b.rag] for b in rows]),
            text=[f"{b.rag.upper()}  {money_short(b.value_shortfall, currency)}" for b in rows],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:,.0f} short<extra></extra>",
        )
    )
    money_axis(fig, currency, axis="x")
    fig.update_xaxes(range=[0, max((b.value_shortfall for b in rows), default=1.0) * 1.25])
    return layout(fig, title=title, height=max(300, 30 * len(rows) + 100))
