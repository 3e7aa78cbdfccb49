"""Figure builders: core results in, Plotly figures out. Pages and the board pack share them.

Every figure uses an explicit template (Streamlit's default one renders exported images
nearly black), colours from the Okabe-Ito palette (safe for colour-blind viewers) with
different lightness, dashes or labels so they also read in greyscale, and dates rather
than week numbers. User text (project names) only ever goes into Plotly text fields,
which Plotly renders as text.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import plotly.graph_objects as go

from vmo_core.constraints import ConstraintReport
from vmo_core.decisions import BenefitsReport, StopRanking
from vmo_core.engine import value_curve
from vmo_core.model import date_of
from vmo_core.narrative import SYMBOLS, money_short
from vmo_core.results import Comparison, ScheduleResult

TEMPLATE = "plotly_white"
BLUE, ORANGE, GREEN, VERMILION, SKY, PURPLE, YELLOW, GREY = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#56B4E9",
    "#CC79A7",
    "#F0E442",
    "#8C8C8C",
)
RAG_COLOURS = {"green": GREEN, "amber": ORANGE, "red": VERMILION}
STATUS_COLOURS = {"active": BLUE, "approved": SKY, "added": ORANGE}
FONT = dict(family="Liberation Sans, Arial, sans-serif", size=15)


def _layout(fig: go.Figure, *, title: str | None = None, height: int | None = None) -> go.Figure:
    fig.update_layout(
        template=TEMPLATE,
        font=FONT,
        title=dict(text=title) if title else None,
        margin=dict(l=10, r=10, t=50 if title else 10, b=10),
        legend=dict(orientation="h", yanchor="top", y=-0.12, xanchor="left", x=0),  # below: clear of the title
        hoverlabel=dict(font_size=14),
        **({"height": height} if height else {}),
    )
    return fig


def _prefix(currency: str) -> str:
    return SYMBOLS.get(currency, currency + " ")


def _money_axis(fig: go.Figure, currency: str, axis: str = "y") -> None:
    getattr(fig, f"update_{axis}axes")(tickprefix=_prefix(currency), tickformat="~s", separatethousands=True)


def _day(week: int, as_of: dt.date) -> str:
    return date_of(week, as_of).isoformat()


# ---------------------------------------------------------------- the plan


def gantt(
    result: ScheduleResult,
    *,
    baseline: ScheduleResult | None = None,
    added: tuple[str, ...] = (),
    title: str | None = None,
    limit: int | None = None,
    only: set[str] | None = None,
) -> go.Figure:
    """Each project from start to delivery, by priority; with a baseline, its bars show behind.

    `only` keeps the named projects (those a change moved, say); `limit` keeps the first few.
    """
    settings = result.settings
    shown = [p for p in result.projects if p.scheduled and (only is None or p.id in only)][:limit]
    fig = go.Figure()
    labels = [f"{p.id}  {p.name}"[:48] for p in shown]
    if baseline is not None:
        before = baseline.by_id
        pairs = [(label, before.get(p.id)) for label, p in zip(labels, shown)]
        pairs = [(label, b) for label, b in pairs if b is not None and b.scheduled]
        fig.add_bar(
            name="Before",
            orientation="h",
            y=[label for label, _ in pairs],
            base=[_day(b.start_week, settings.as_of) for _, b in pairs],
            x=[(b.finish_week - b.start_week) * 7 * 86_400_000 for _, b in pairs],
            marker=dict(color="rgba(140,140,140,0.35)", line=dict(color=GREY, width=1.5)),
            hovertemplate="%{y}<br>before: %{base|%d %b %Y} to %{x}<extra></extra>",
            width=0.8,
        )
    groups = {}
    for label, p in zip(labels, shown):
        kind = "added" if p.id in added else ("active" if p.status == "active" else "approved")
        groups.setdefault(kind, []).append((label, p))
    names = {"active": "In flight", "approved": "Approved", "added": "Added"}
    for kind, rows in groups.items():
        fig.add_bar(
            name=names[kind],
            orientation="h",
            y=[label for label, _ in rows],
            base=[_day(p.start_week, settings.as_of) for _, p in rows],
            x=[(p.finish_week - p.start_week) * 7 * 86_400_000 for _, p in rows],
            marker=dict(color=STATUS_COLOURS[kind], pattern_shape="/" if kind == "added" else ""),
            customdata=[[_day(p.finish_week, settings.as_of), money_short(p.value, settings.currency)] for _, p in rows],
            hovertemplate="%{y}<br>%{base|%d %b %Y} to %{customdata[0]|%d %b %Y}<br>worth %{customdata[1]}<extra></extra>",
            width=0.5 if baseline is not None else 0.7,
        )
    horizon = _day(settings.horizon_weeks, settings.as_of)
    fig.add_shape(type="line", x0=horizon, x1=horizon, y0=0, y1=1, yref="paper", line=dict(color=GREY, dash="dash"))
    fig.add_annotation(x=horizon, y=1, yref="paper", text="horizon", showarrow=False, yanchor="bottom", font=dict(color=GREY))
    fig.update_layout(barmode="overlay", bargap=0.25)
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=labels, tickfont=dict(size=12))
    fig.update_xaxes(type="date", tickformat="%b %Y")
    return _layout(fig, title=title, height=max(320, 24 * len(shown) + 120))


def value_curves(baseline: ScheduleResult, scenario: ScheduleResult | None = None, *, title: str | None = None) -> go.Figure:
    """Cumulative value earned week by week: the baseline against the scenario."""
    settings = baseline.settings
    weeks = settings.horizon_weeks
    dates = [_day(w + 1, settings.as_of) for w in range(weeks)]
    fig = go.Figure()
    fig.add_scatter(
        x=dates,
        y=value_curve(baseline),
        name="Baseline",
        line=dict(color=GREY, width=3, dash="dash"),
        hovertemplate="%{x|%d %b %Y}: %{y:,.0f}<extra>Baseline</extra>",
    )
    if scenario is not None:
        fig.add_scatter(
            x=dates,
            y=value_curve(scenario),
            name="Scenario",
            line=dict(color=BLUE, width=4),
            hovertemplate="%{x|%d %b %Y}: %{y:,.0f}<extra>Scenario</extra>",
        )
    _money_axis(fig, settings.currency)
    fig.update_xaxes(tickformat="%b %Y")
    return _layout(fig, title=title, height=380)


def delay_waterfall(comparison: Comparison, *, most: int = 12, title: str | None = None) -> go.Figure:
    """How the scenario's net value change adds up, project by project."""
    currency = comparison.scenario.settings.currency
    steps = [(d.id, d.value_delta) for d in comparison.projects if abs(d.value_delta) > 0.5]
    steps.sort(key=lambda s: s[1])
    if len(steps) > most:
        kept = steps[: most // 2] + steps[-(most - most // 2) :]
        rest = sum(v for s, v in steps if (s, v) not in kept)
        steps = kept[: most // 2] + [("others", rest)] + kept[most // 2 :]
    after = comparison.scenario.by_id
    before = comparison.baseline.by_id
    steps += [(f"+ {p}", after[p].value) for p in comparison.added]
    steps += [(f"- {p}", -before[p].value) for p in comparison.stopped]
    spend = comparison.scenario.total_cost - comparison.baseline.total_cost
    if abs(spend) > 0.5:
        steps.append(("spend", -spend))
    fig = go.Figure(
        go.Waterfall(
            x=[s for s, _ in steps] + ["Net change"],
            y=[v for _, v in steps] + [comparison.net_value_change],
            measure=["relative"] * len(steps) + ["total"],
            text=[money_short(v, currency, signed=True) for _, v in steps]
            + [money_short(comparison.net_value_change, currency, signed=True)],
            textposition="outside",
            increasing=dict(marker=dict(color=BLUE)),
            decreasing=dict(marker=dict(color=ORANGE)),  # lighter than the blue: reads in greyscale too
            totals=dict(marker=dict(color=GREY)),
            connector=dict(line=dict(color=GREY, width=1)),
            hovertemplate="%{x}: %{y:,.0f}<extra></extra>",
        )
    )
    _money_axis(fig, currency)
    return _layout(fig, title=title, height=420)


# ---------------------------------------------------------------- the constraint


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
            x=[_day(w, as_of) for w in range(weeks)],
            y=pools,
            colorscale="Cividis",
            zmin=0,
            zmax=100,
            colorbar=dict(title="% used", ticksuffix="%"),
            hovertemplate="%{y}, week of %{x|%d %b %Y}: %{z:.0f}% used<extra></extra>",
        )
    )
    fig.update_xaxes(tickformat="%b %Y")
    return _layout(fig, title=title, height=max(260, 38 * len(pools) + 120))


def shadow_prices(report: ConstraintReport, currency: str, *, title: str | None = None) -> go.Figure:
    """What one more FTE is worth in each pool, against what it costs."""
    pools = list(report.pools)
    fig = go.Figure()
    fig.add_bar(
        name="One more FTE is worth",
        x=[p.name for p in pools],
        y=[p.shadow_price for p in pools],
        marker_color=BLUE,
        text=[money_short(p.shadow_price, currency) for p in pools],
        textposition="outside",
    )
    fig.add_bar(
        name="One FTE costs",
        x=[p.name for p in pools],
        y=[p.fte_cost for p in pools],
        marker=dict(color=ORANGE, pattern_shape="/"),
        text=[money_short(p.fte_cost, currency) for p in pools],
        textposition="outside",
    )
    fig.update_layout(barmode="group")
    _money_axis(fig, currency)
    return _layout(fig, title=title, height=400)


# ---------------------------------------------------------------- decisions


def stop_bars(ranking: StopRanking, currency: str, *, most: int = 15, title: str | None = None) -> go.Figure:
    """Net value of stopping each project today; the longest bar right is missed least."""
    rows = list(ranking.projects[:most])[::-1]
    fig = go.Figure(
        go.Bar(
            orientation="h",
            y=[f"{o.id}  {o.name}"[:44] for o in rows],
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
    _money_axis(fig, currency, axis="x")
    return _layout(fig, title=title, height=max(300, 28 * len(rows) + 100))


def benefit_bars(report: BenefitsReport, currency: str, *, title: str | None = None) -> go.Figure:
    """Promised against forecast value per business case, labelled with its RAG."""
    rows = sorted(report.projects, key=lambda b: -b.value_shortfall)
    fig = go.Figure()
    fig.add_bar(
        name="Promised",
        x=[b.id for b in rows],
        y=[b.promised_value for b in rows],
        marker=dict(color="rgba(140,140,140,0.5)", line=dict(color=GREY, width=1)),
    )
    fig.add_bar(
        name="Forecast",
        x=[b.id for b in rows],
        y=[b.forecast_value for b in rows],
        marker=dict(color=[RAG_COLOURS[b.rag] for b in rows]),
        text=[b.rag.upper() for b in rows],
        textposition="outside",
    )
    fig.update_layout(barmode="group")
    _money_axis(fig, currency)
    return _layout(fig, title=title, height=420)


def order_values(values: dict[str, float], currency: str, *, title: str | None = None) -> go.Figure:
    """Total value of each candidate order (current, CD3, optimised)."""
    colours = [GREY, SKY, BLUE, ORANGE][: len(values)]
    fig = go.Figure(
        go.Bar(
            x=list(values),
            y=list(values.values()),
            marker_color=colours,
            text=[money_short(v, currency) for v in values.values()],
            textposition="outside",
            hovertemplate="%{x}: %{y:,.0f}<extra></extra>",
        )
    )
    _money_axis(fig, currency)
    return _layout(fig, title=title, height=360)


def order_curves(
    current: ScheduleResult,
    better: ScheduleResult,
    *,
    names: tuple[str, str] = ("Today's order", "Optimised order"),
    title: str | None = None,
) -> go.Figure:
    """Cumulative value of two orders of the same work, named for the reader (value_curves, relabelled)."""
    fig = value_curves(current, better, title=title)
    for trace, name in zip(fig.data, names):
        trace.name = name
        trace.hovertemplate = "%{x|%d %b %Y}: %{y:,.0f}<extra>" + name.replace("<", "&lt;") + "</extra>"
    fig.update_layout(legend=dict(orientation="v", yanchor="top", y=0.98, xanchor="left", x=0.02))  # clear of the title
    return fig


def intake_places(result, currency: str, *, title: str | None = None) -> go.Figure:
    """Net value change of accepting a proposal at each place in the list; the chosen and the best marked."""
    from vmo_core.narrative import ordinal

    places = list(result.places)
    labels, ahead = [], []
    for place in places:
        order = [p.id for p in place.comparison.scenario.projects]
        index = order.index(result.proposal) if result.proposal in order else -1
        after = order[index + 1] if 0 <= index < len(order) - 1 else None
        labels.append(ordinal(place.position))  # words, not numbers: a category axis reads numbers as indexes
        ahead.append(f"ahead of {after}" if after else "last")
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
    _money_axis(fig, currency)
    return _layout(fig, title=title, height=380)


def intervention_bars(items, currency: str, *, title: str | None = None) -> go.Figure:
    """Net value change of each intervention, highest at the top."""
    rows = list(items)[::-1]
    fig = go.Figure(
        go.Bar(
            orientation="h",
            y=[i.label[:60] for i in rows],
            x=[i.net_value_change for i in rows],
            marker=dict(color=[BLUE if i.action != "add_capacity" else SKY for i in rows]),
            text=[money_short(i.net_value_change, currency, signed=True) for i in rows],
            textposition="auto",
            hovertemplate="%{y}: %{x:,.0f}<extra></extra>",
        )
    )
    _money_axis(fig, currency, axis="x")
    return _layout(fig, title=title, height=max(300, 34 * len(rows) + 100))


SCENARIO_STYLES = ((BLUE, "solid"), (ORANGE, "dot"), (GREEN, "dashdot"), (VERMILION, "longdash"), (PURPLE, "longdashdot"))


def scenario_curves(named_results: dict[str, ScheduleResult], baseline: ScheduleResult, *, title: str | None = None) -> go.Figure:
    """Cumulative value earned week by week: the baseline and several named scenarios, overlaid.

    Each scenario has its own colour and its own dash, so the lines part in greyscale too.
    """
    settings = baseline.settings
    dates = [_day(w + 1, settings.as_of) for w in range(settings.horizon_weeks)]
    fig = go.Figure()
    fig.add_scatter(
        x=dates,
        y=value_curve(baseline),
        name="Baseline",
        line=dict(color=GREY, width=3, dash="dash"),
        hovertemplate="%{x|%d %b %Y}: %{y:,.0f}<extra>Baseline</extra>",
    )
    for index, (name, result) in enumerate(named_results.items()):
        colour, dash = SCENARIO_STYLES[index % len(SCENARIO_STYLES)]
        fig.add_scatter(
            x=dates,
            y=value_curve(result, weeks=settings.horizon_weeks),
            name=name.replace("<", "&lt;"),
            line=dict(color=colour, width=3, dash=dash),
            hovertemplate="%{x|%d %b %Y}: %{y:,.0f}<extra>%{fullData.name}</extra>",
        )
    _money_axis(fig, settings.currency)
    fig.update_xaxes(tickformat="%b %Y")
    return _layout(fig, title=title, height=440)


def benefit_gaps(report: BenefitsReport, currency: str, *, most: int = 15, title: str | None = None) -> go.Figure:
    """Promised value not now forecast, per business case that falls short, largest first, labelled with its RAG."""
    short = sorted((b for b in report.projects if b.value_shortfall > 0.5), key=lambda b: -b.value_shortfall)
    rows = short[:most][::-1]
    patterns = {"red": "x", "amber": "/", "green": ""}
    fig = go.Figure(
        go.Bar(
            orientation="h",
            y=[f"{b.id}  {b.name}"[:44] for b in rows],
            x=[b.value_shortfall for b in rows],
            marker=dict(color=[RAG_COLOURS[b.rag] for b in rows], pattern_shape=[patterns[b.rag] for b in rows]),
            text=[f"{b.rag.upper()}  {money_short(b.value_shortfall, currency)}" for b in rows],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:,.0f} short<extra></extra>",
        )
    )
    _money_axis(fig, currency, axis="x")
    fig.update_xaxes(range=[0, max((b.value_shortfall for b in rows), default=1.0) * 1.25])
    return _layout(fig, title=title, height=max(300, 30 * len(rows) + 100))
