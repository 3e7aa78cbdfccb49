"""Figures of a schedule and a scenario: the timeline, value over time, the delay waterfall, orders."""

from __future__ import annotations

import plotly.graph_objects as go

from vmo_core.engine.evaluation import value_curve
from vmo_core.engine.results import Comparison, ScheduleResult
from vmo_core.present.charts.base import DATE_TICKS, TICKS, iso_day, layout, money_axis, names, plotly_text
from vmo_core.present.format import money_short, plural
from vmo_core.present.palette import BLUE, GREEN, GREY, ORANGE, PURPLE, SKY, STATUS_COLOURS, VERMILION


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
    labels = names(shown, most=48)
    if baseline is not None:
        before = baseline.by_id
        pairs = [(label, before.get(p.id)) for label, p in zip(labels, shown)]
        pairs = [(label, b) for label, b in pairs if b is not None and b.scheduled]
        fig.add_bar(
            name="Before",
            orientation="h",
            y=[label for label, _ in pairs],
            base=[iso_day(b.start_week, settings.as_of) for _, b in pairs],
            x=[(b.finish_week - b.start_week) * 7 * 86_400_000 for _, b in pairs],
            marker=dict(color="rgba(140,140,140,0.35)", line=dict(color=GREY, width=1.5)),
            hovertemplate="%{y}<br>before: %{base|%d %b %Y} to %{x}<extra></extra>",
            width=0.8,
        )
    groups = {}
    for label, p in zip(labels, shown):
        kind = "added" if p.id in added else ("active" if p.status == "active" else "approved")
        groups.setdefault(kind, []).append((label, p))
    kinds = {"active": "In flight", "approved": "Approved", "added": "Added"}
    for kind, rows in groups.items():
        fig.add_bar(
            name=kinds[kind],
            orientation="h",
            y=[label for label, _ in rows],
            base=[iso_day(p.start_week, settings.as_of) for _, p in rows],
            x=[(p.finish_week - p.start_week) * 7 * 86_400_000 for _, p in rows],
            marker=dict(color=STATUS_COLOURS[kind], pattern_shape="/" if kind == "added" else ""),
            customdata=[[iso_day(p.finish_week, settings.as_of), money_short(p.value, settings.currency)] for _, p in rows],
            hovertemplate="%{y}<br>%{base|%d %b %Y} to %{customdata[0]|%d %b %Y}<br>worth %{customdata[1]}<extra></extra>",
            width=0.5 if baseline is not None else 0.7,
        )
    horizon = iso_day(settings.horizon_weeks, settings.as_of)
    fig.add_shape(type="line", x0=horizon, x1=horizon, y0=0, y1=1, yref="paper", line=dict(color=GREY, dash="dash"))
    fig.add_annotation(
        x=horizon, y=1, yref="paper", text="value counted to here", showarrow=False, yanchor="bottom", font=dict(color=GREY)
    )
    fig.update_layout(barmode="overlay", bargap=0.25)
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=labels, tickfont=TICKS)
    fig.update_xaxes(type="date", tickformat=DATE_TICKS)
    return layout(fig, title=title, height=max(320, 26 * len(shown) + 120))


def value_curves(baseline: ScheduleResult, scenario: ScheduleResult | None = None, *, title: str | None = None) -> go.Figure:
    """Cumulative value earned week by week: the baseline against the scenario."""
    settings = baseline.settings
    fig, dates = _baseline_curve(baseline)
    if scenario is not None:
        fig.add_scatter(
            x=dates,
            y=value_curve(scenario),
            name="Scenario",
            line=dict(color=BLUE, width=4),
            hovertemplate="%{x|%d %b %Y}: %{y:,.0f}<extra>Scenario</extra>",
        )
    money_axis(fig, settings.currency)
    fig.update_xaxes(tickformat=DATE_TICKS)
    return layout(fig, title=title, height=380)


def delay_waterfall(comparison: Comparison, *, most: int = 12, title: str | None = None) -> go.Figure:
    """How the scenario's net value change adds up, project by project, read from the top down to the net."""
    currency = comparison.scenario.settings.currency
    after, before = comparison.scenario.by_id, comparison.baseline.by_id
    moved = [d for d in comparison.projects if abs(d.value_delta) > 0.5]
    steps = [(label, d.value_delta) for label, d in zip(names(moved), moved)]
    steps.sort(key=lambda s: s[1])
    if len(steps) > most:
        kept = steps[: most // 2] + steps[-(most - most // 2) :]
        rest = sum(v for s, v in steps if (s, v) not in kept)
        steps = kept[: most // 2] + [(plural(len(steps) - most, "other"), rest)] + kept[most // 2 :]
    added, stopped = [after[p] for p in comparison.added], [before[p] for p in comparison.stopped]
    steps += [(f"+ {label}", p.value) for label, p in zip(names(added), added)]
    steps += [(f"- {label}", -p.value) for label, p in zip(names(stopped), stopped)]
    spend = comparison.spend_change
    if abs(spend) > 0.5:
        steps.append(("Spend", -spend))
    people = comparison.capacity_cost
    if abs(people) > 0.5:
        steps.append(("People", -people))
    fig = go.Figure(
        go.Waterfall(
            orientation="h",
            y=[s for s, _ in steps] + ["Net change"],
            x=[v for _, v in steps] + [comparison.net_value_change],
            measure=["relative"] * len(steps) + ["total"],
            text=[money_short(v, currency, signed=True) for _, v in steps]
            + [money_short(comparison.net_value_change, currency, signed=True)],
            textposition="outside",
            cliponaxis=False,
            increasing=dict(marker=dict(color=BLUE)),
            decreasing=dict(marker=dict(color=ORANGE)),  # lighter than the blue: reads in greyscale too
            totals=dict(marker=dict(color=GREY)),
            connector=dict(line=dict(color=GREY, width=1)),
            hovertemplate="%{y}: %{x:,.0f}<extra></extra>",
        )
    )
    fig.update_xaxes(range=_padded(_running([v for _, v in steps])))  # room for the figures beside the bars
    money_axis(fig, currency, axis="x")
    fig.update_yaxes(autorange="reversed", tickfont=TICKS)
    return layout(fig, title=title, height=max(320, 30 * (len(steps) + 1) + 120))


def _running(steps: list[float]) -> list[float]:
    """Where a waterfall's bars start and end: 0, then each running total."""
    totals, total = [0.0], 0.0
    for step in steps:
        total += step
        totals.append(total)
    return totals


def _padded(points: list[float], share: float = 0.18) -> list[float]:
    """An axis range over `points` with `share` of their spread spare at each end."""
    low, high = min(points), max(points)
    spare = share * max(high - low, 1.0)
    return [low - spare, high + spare]


def order_values(values: dict[str, float], currency: str, *, title: str | None = None) -> go.Figure:
    """Total value of each candidate order (current, CD3, optimised)."""
    colours = [GREY, SKY, BLUE, ORANGE][: len(values)]
    fig = go.Figure(
        go.Bar(
            x=[plotly_text(v) for v in values],
            y=list(values.values()),
            marker_color=colours,
            text=[money_short(v, currency) for v in values.values()],
            textposition="outside",
            hovertemplate="%{x}: %{y:,.0f}<extra></extra>",
        )
    )
    money_axis(fig, currency)
    return layout(fig, title=title, height=360)


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
        trace.name = plotly_text(name)
        trace.hovertemplate = "%{x|%d %b %Y}: %{y:,.0f}<extra>%{fullData.name}</extra>"
    fig.update_layout(legend=dict(orientation="v", yanchor="top", y=0.98, xanchor="left", x=0.02))  # clear of the title
    return fig


def _baseline_curve(baseline: ScheduleResult) -> tuple[go.Figure, list[str]]:
    """A figure with the baseline's cumulative value, grey and dashed (the line others are read
    against), and the dates of its weeks over the horizon."""
    settings = baseline.settings
    dates = [iso_day(w + 1, settings.as_of) for w in range(settings.horizon_weeks)]
    fig = go.Figure()
    fig.add_scatter(
        x=dates,
        y=value_curve(baseline),
        name="Baseline",
        line=dict(color=GREY, width=3, dash="dash"),
        hovertemplate="%{x|%d %b %Y}: %{y:,.0f}<extra>Baseline</extra>",
    )
    return fig, dates


SCENARIO_STYLES = ((BLUE, "solid"), (ORANGE, "dot"), (GREEN, "dashdot"), (VERMILION, "longdash"), (PURPLE, "longdashdot"))


def scenario_curves(named_results: dict[str, ScheduleResult], baseline: ScheduleResult, *, title: str | None = None) -> go.Figure:
    """Cumulative value earned week by week: the baseline and several named scenarios, overlaid.

    Each scenario has its own colour and its own dash, so the lines part in greyscale too.
    """
    settings = baseline.settings
    fig, dates = _baseline_curve(baseline)
    for index, (name, result) in enumerate(named_results.items()):
        colour, dash = SCENARIO_STYLES[index % len(SCENARIO_STYLES)]
        fig.add_scatter(
            x=dates,
            y=value_curve(result, weeks=settings.horizon_weeks),
            name=plotly_text(name),
            line=dict(color=colour, width=3, dash=dash),
            hovertemplate="%{x|%d %b %Y}: %{y:,.0f}<extra>%{fullData.name}</extra>",
        )
    money_axis(fig, settings.currency)
    fig.update_xaxes(tickformat=DATE_TICKS)
    return layout(fig, title=title, height=440)
