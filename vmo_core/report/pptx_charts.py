"""Native PowerPoint charts for the board pack (python-pptx's chart API): the PMO can edit them.

Bars carry their labels as the app says them (money_short), set point by point; axes are
on round numbers with room for the labels; a loss is drawn in another colour.
"""

from __future__ import annotations

import math

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from vmo_core.report import fit
from vmo_core.report.model import Chart, Pack
from vmo_core.report.style import (
    FONT,
    GRIDLINES,
    INK,
    LINE_COLOURS,
    NEGATIVE,
    POSITIVE,
    RAG_FILL,
    SERIES_COLOURS,
    axis_money_format,
    chart_money_format,
)

TONES = {"positive": POSITIVE, "negative": NEGATIVE, **RAG_FILL}


def add_chart(slide, pack: Pack, chart: Chart, left, top, width, height) -> None:
    """A native chart of `chart` in the box (inches) on the slide; nothing when it has no category."""
    if not chart.categories:
        return
    size = LABEL_SIZES[-1]
    if chart.kind == "bar":  # names wrap over lines, in smaller type when long, and are never cut
        size = next((z for z in LABEL_SIZES if all(_label_lines(c, z) <= 3 for c in chart.categories)), size)
    categories = ["\n".join(fit.wrap_whole(str(c), size, LABEL_ROOM)) if chart.kind == "bar" else c for c in chart.categories]
    values = [v for s in chart.series for v in s.values]
    peak = max((abs(v) for v in values), default=0.0)
    number_format = chart_money_format(pack.currency, peak)
    data = CategoryChartData()  # python-pptx writes a number format here unescaped: set formats on the chart instead
    data.categories = categories
    for series in chart.series:
        data.add_series(series.name, series.values)
    kind = {"line": XL_CHART_TYPE.LINE, "column": XL_CHART_TYPE.COLUMN_CLUSTERED, "bar": XL_CHART_TYPE.BAR_CLUSTERED}[chart.kind]
    frame = slide.shapes.add_chart(kind, Inches(left), Inches(top), Inches(width), Inches(height), data)
    c = frame.chart
    c.font.size = Pt(12)
    c.font.name = FONT
    c.font.color.rgb = rgb_colour(INK)
    c.has_title = True
    c.chart_title.text_frame.text = chart.title
    title = c.chart_title.text_frame.paragraphs[0].runs[0].font
    title.size, title.bold = Pt(14), True
    c.has_legend = len(chart.series) > 1
    if c.has_legend:
        c.legend.position = XL_LEGEND_POSITION.BOTTOM
        c.legend.include_in_layout = False
    axis = c.value_axis
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = rgb_colour(GRIDLINES)
    axis.tick_labels.number_format = number_format
    axis.tick_labels.number_format_is_linked = False
    axis.format.line.fill.background()
    if chart.kind == "line":
        if peak >= 5_000_000:  # the axis's own ticks are then whole millions
            axis.tick_labels.number_format = axis_money_format(pack.currency, 1_000_000)
        _lines(c, chart)
        _date_axis(c.category_axis)
        return
    _bars(c, chart)
    if chart.kind == "bar":
        c.category_axis.reverse_order = True  # first row at the top, as in the table
        c.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
        c.category_axis.tick_labels.font.size = Pt(size)
    low, high, step = _bounds(values)
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = low, high, step
    axis.tick_labels.number_format = axis_money_format(pack.currency, step)
    axis.tick_labels.font.size = Pt(10)


LABEL_SIZES, LABEL_ROOM = (11, 10, 9, 8), 160  # a bar's name: type sizes tried, and its width in points


def _label_lines(text, size: float) -> int:
    return len(fit.wrap_whole(str(text), size, LABEL_ROOM))


def _lines(c, chart: Chart) -> None:
    palette = LINE_COLOURS[-len(chart.series) :] if len(chart.series) <= 2 else SERIES_COLOURS
    for n, s in enumerate(c.plots[0].series):
        colour = palette[n % len(palette)]
        s.smooth = False
        s.format.line.width = Pt(2.5 if colour == LINE_COLOURS[0] else 3)
        s.format.line.color.rgb = rgb_colour(colour)
        if colour == LINE_COLOURS[0]:
            s.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        _no_markers(s)


def _bars(c, chart: Chart) -> None:
    plot = c.plots[0]
    plot.gap_width = 60
    plot.overlap = -10 if len(chart.series) > 1 else 0
    for n, (s, series) in enumerate(zip(plot.series, chart.series)):
        s.invert_if_negative = False
        s.format.fill.solid()
        s.format.fill.fore_color.rgb = rgb_colour(SERIES_COLOURS[n % len(SERIES_COLOURS)])
        for p, tone in enumerate(series.tones):
            s.points[p].format.fill.solid()
            s.points[p].format.fill.fore_color.rgb = rgb_colour(TONES[tone])
        for p, label in enumerate(series.labels):
            data_label = s.points[p].data_label
            data_label.text_frame.text = label
            data_label.font.size = Pt(10 if len(chart.series) > 1 else 11)
            data_label.position = XL_LABEL_POSITION.OUTSIDE_END


def _bounds(values: list[float]) -> tuple[float, float, float]:
    """Value-axis limits on round numbers, with room beyond the bars for their labels."""
    low, high = min(0.0, *values), max(0.0, *values)
    span = (high - low) or 1.0
    low -= 0.25 * span if low < 0 else 0.0
    high += 0.25 * span if high > 0 else 0.0
    raw = (high - low) / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _no_markers(series) -> None:
    marker = series._element.get_or_add_marker()
    symbol = marker.find(qn("c:symbol"))
    if symbol is None:
        symbol = marker.makeelement(qn("c:symbol"), {})
        marker.insert(0, symbol)
    symbol.set("val", "none")


def _date_axis(axis) -> None:
    """A tick every six months, labelled 'Jan 2027'."""
    axis.tick_labels.number_format = "mmm yyyy"
    axis.tick_labels.number_format_is_linked = False
    element = axis._element
    for tag in ("c:majorUnit", "c:majorTimeUnit"):
        old = element.find(qn(tag))
        if old is not None:
            element.remove(old)
    unit = element.makeelement(qn("c:majorUnit"), {"val": "6"})
    time_unit = element.makeelement(qn("c:majorTimeUnit"), {"val": "months"})
    anchor = element.find(qn("c:extLst"))
    for child in (unit, time_unit):
        if anchor is not None:
            anchor.addprevious(child)
        else:
            element.append(child)


def rgb_colour(hex_colour: str) -> RGBColor:
    """A style colour ("1F2A44") as python-pptx takes it."""
    return RGBColor.from_string(hex_colour)
