"""Figures of the decisions: load and shadow prices, stopping, benefits, intake, interventions."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go

from vmo_core.decisions.benefits import BenefitsReport
from vmo_core.decisions.cliffs import Cliff, crossed
from vmo_core.decisions.constraints import ConstraintReport
from vmo_core.decisions.stopping import StopRanking
from vmo_core.present.charts.base import DATE_TICKS, TICKS, iso_day, layout, money_axis, names, plotly_text
from vmo_core.present.format import money_short, ordinal
from vmo_core.present.palette import BLUE, GREEN, GREY, ORANGE, RAG_COLOURS, SKY, VERMILION
from vmo_core.present.sentences import describe_cliff


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
    fig.update_xaxes(tickformat=DATE_TICKS)
    return layout(fig, title=title, height=max(260, 38 * len(pools) + 120))


LABELLED_POOLS = 12  # above this many teams the bars' figures would touch: the hover and the axis say them


def shadow_prices(report: ConstraintReport, currency: str, *, title: str | None = None) -> go.Figure:
    """What one more FTE is worth in each pool, above what it costs; the constraint at the top."""
    pools = list(report.pools)[::-1]
    labels = names(pools)
    fig = go.Figure()
    for name, amounts, marker in (  # a horizontal group draws its first bar lowest
        ("One FTE costs", [p.fte_cost for p in pools], dict(color=ORANGE, pattern_shape="/")),
        ("One more FTE is worth", [p.shadow_price for p in pools], dict(color=BLUE)),
    ):
        fig.add_bar(
            name=name,
            orientation="h",
            y=labels,
            x=amounts,
            marker=marker,
            text=[money_short(a, currency) for a in amounts] if len(pools) <= LABELLED_POOLS else None,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:,.0f}<extra>" + name + "</extra>",
        )
    fig.update_layout(barmode="group", legend=dict(traceorder="reversed"))
    widest = max((max(p.fte_cost, p.shadow_price) for p in pools), default=1.0)
    least = min((p.shadow_price for p in pools), default=0.0)
    fig.update_xaxes(range=[min(0.0, least * 1.2), max(widest, 1.0) * 1.2])  # room for the labels outside the bars
    money_axis(fig, currency, axis="x")
    fig.update_yaxes(tickfont=TICKS)
    per_team = 56 if len(pools) <= LABELLED_POOLS else 36  # many teams: thinner bars, no figures on them
    return layout(fig, title=title, height=max(300, per_team * len(pools) + 120))


def stop_bars(ranking: StopRanking, currency: str, *, most: int = 15, title: str | None = None) -> go.Figure:
    """Net value of stopping each project today; the longest bar right is missed least."""
    rows = list(ranking.projects[:most])[::-1]
    fig = go.Figure(
        go.Bar(
            orientation="h",
            y=names(rows),
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
    fig.update_yaxes(tickfont=TICKS)
    return layout(fig, title=title, height=max(300, 28 * len(rows) + 100))


def benefit_bars(report: BenefitsReport, currency: str, *, most: int = 25, title: str | None = None) -> go.Figure:
    """Promised against forecast value per business case, labelled with its RAG: the `most` largest
    shortfalls (the largest at the top), then every other business case summed in one pair of bars."""
    ordered = sorted(report.projects, key=lambda b: (-b.value_shortfall, -b.promised_value, b.id))
    kept, rest = ordered[:most], ordered[most:]
    rows = kept[::-1]  # a horizontal chart draws its first row lowest
    labels = names(rows)
    promised = [b.promised_value for b in rows]
    forecast = [b.forecast_value for b in rows]
    colours = [RAG_COLOURS[b.rag] for b in rows]
    said = [b.rag.upper() for b in rows]
    if rest:  # at the bottom: one pair of bars for the rest, not hundreds of thin ones
        labels = [f"The other {len(rest):,} summed"] + labels
        promised = [math.fsum(b.promised_value for b in rest)] + promised
        forecast = [math.fsum(b.forecast_value for b in rest)] + forecast
        colours = [GREY] + colours
        said = [money_short(forecast[0] - promised[0], currency, signed=True)] + said
    fig = go.Figure()
    fig.add_bar(
        name="Promised",
        orientation="h",
        y=labels,
        x=promised,
        marker=dict(color="rgba(140,140,140,0.5)", line=dict(color=GREY, width=1)),
        hovertemplate="%{y}: %{x:,.0f} promised<extra></extra>",
    )
    fig.add_bar(
        name="Forecast",
        orientation="h",
        y=labels,
        x=forecast,
        marker=dict(color=colours),
        text=said,
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}: %{x:,.0f} forecast<extra></extra>",
    )
    fig.update_layout(barmode="group", bargap=0.2, legend=dict(traceorder="reversed"))
    money_axis(fig, currency, axis="x")
    fig.update_yaxes(tickfont=TICKS)
    return layout(fig, title=title, height=max(320, 40 * len(labels) + 120))


def intake_places(
    result, currency: str, *, title: str | None = None, cliffs: Mapping[int, tuple[Cliff, ...]] | None = None
) -> go.Figure:
    """Net value change of accepting a proposal at each place in the list; the chosen and the best marked,
    and a place where a deadline or value window is crossed says which in its hover. `cliffs`: each
    place's (`intake.cliffs_by_place`); None: found in each place's comparison."""
    places = list(result.places)
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
            x=[p.position for p in places],  # a number axis: its ticks thin out by themselves and stay level
            y=[p.net_value_change for p in places],
            marker=dict(color=colours, pattern_shape=patterns),
            customdata=[_place_hover(p, currency, None if cliffs is None else cliffs[p.position]) for p in places],
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        )
    )

    middle = (places[0].position + places[-1].position) / 2
    for place, colour, words in ((result.chosen, ORANGE, "chosen"), (result.best, GREEN, "best")):
        if words == "best" and result.best is result.chosen:
            continue
        said = f"{words}: {money_short(place.net_value_change, currency, signed=True)}"
        _mark(fig, place, said, colour, place.position <= middle)
    first, last = places[0].position, places[-1].position
    fig.update_xaxes(title="Place in the priority list (1 = first)", tickformat="d", range=[first - 0.7, last + 0.7])
    money_axis(fig, currency)
    return layout(fig, title=title, height=380)


def _mark(fig: go.Figure, place, words: str, colour: str, leftish: bool) -> None:
    """A place's label on an arrow, and under it the deadline or window it misses, if any.

    The words run inwards from the bar, so that a place at either end keeps them on the chart;
    the second line is an annotation of its own (text in a figure holds no markup).
    """
    cliffs = [c for c in crossed(place.comparison) if c.missed]
    rise = (56 if cliffs else 36) if place.net_value_change >= 0 else -36  # above a gain (both lines), below a loss
    side = dict(xanchor="left" if leftish else "right", font=dict(color=colour, size=15), bgcolor="rgba(255,255,255,0.9)")
    x, y, ax = place.position, place.net_value_change, 24 if leftish else -24
    fig.add_annotation(x=x, y=y, text=words, showarrow=True, arrowhead=0, ax=ax, ay=-rise, **side)
    if cliffs:
        said = f"{plotly_text(cliffs[0].name)}: {cliffs[0].kind} missed"
        fig.add_annotation(x=x, y=y, text=said, showarrow=False, xshift=ax, yshift=rise - 20, **side)


def _place_hover(place, currency: str, cliffs: tuple[Cliff, ...] | None) -> list[str]:
    """['9th, ahead of Customer CRM Replacement: net -£559k', 'Water Quality ... misses its 29 Oct 2027 deadline ...']."""
    ahead = f"ahead of {plotly_text(place.ahead_of_label)}" if place.ahead_of else "last"  # the project listed after it
    if cliffs is None:
        cliffs = crossed(place.passing_comparison())  # every place's, so none is kept in the cached answer
    return [
        f"{ordinal(place.position)}, {ahead}: net {money_short(place.net_value_change, currency, signed=True)}",
        plotly_text(describe_cliff(cliffs[0], currency)) if cliffs else "no deadline missed, no value ending first",
    ]


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
    fig.update_yaxes(tickfont=TICKS)
    return layout(fig, title=title, height=max(300, 34 * len(rows) + 100))


def benefit_gaps(report: BenefitsReport, currency: str, *, most: int = 15, title: str | None = None) -> go.Figure:
    """Promised value not now forecast, per business case that falls short, largest first, labelled with its RAG."""
    short = sorted((b for b in report.projects if b.value_shortfall > 0.5), key=lambda b: -b.value_shortfall)
    rows = short[:most][::-1]
    patterns = {"red": "x", "amber": "/", "green": ""}
    fig = go.Figure(
        go.Bar(
            orientation="h",
            y=names(rows),
            x=[b.value_shortfall for b in rows],
            marker=dict(color=[RAG_COLOURS[b.rag] for b in rows], pattern_shape=[patterns[b.rag] for b in rows]),
            text=[f"{b.rag.upper()}  {money_short(b.value_shortfall, currency)}" for b in rows],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:,.0f} short<extra></extra>",
        )
    )
    fig.update_xaxes(range=[0, max((b.value_shortfall for b in rows), default=1.0) * 1.25])
    money_axis(fig, currency, axis="x")
    fig.update_yaxes(tickfont=TICKS)
    return layout(fig, title=title, height=max(300, 30 * len(rows) + 100))
