"""What every figure shares: the template, the font, the layout, money axes and dates.

Every figure uses an explicit template (Streamlit's default one renders exported images
nearly black), colours from the palette with different lightness, dashes or labels so
they also read in greyscale, and dates rather than week numbers.

User text (names, ids, themes, scenario names) goes into a figure through `plotly_text` only.
Plotly draws its text fields (titles, tick labels, legend names, hover labels, annotations,
bar text) as a subset of HTML: the tags <a href> (a live link, http, https or mailto, with
target and popup), <b>, <i>, <em>, <s>, <u>, <sup>, <sub>, <span style> and <br>, and the
entities &amp; &lt; &gt; &nbsp; &mu; &times; &plusmn; &deg; and numeric ones (&#60; &#x3c;).
Other tags (<img>, <script>) show as text. Escaping &, < and > is therefore enough (checked
in Chromium by tests/app/browser/test_hostile_in_chromium.py): no tag can open, and an entity
in a name shows as typed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from numbers import Real
from typing import Any

import plotly.graph_objects as go

from vmo_core.model.portfolio import date_of
from vmo_core.present.format import money_ticks

TEMPLATE = "plotly_white"

# Direction overrides, embeddings and isolates (U+202A-202E, U+2066-2069), and control characters:
# removed from user text before it is shown, so a name cannot reorder the text around it.
CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def without_controls(text: Any) -> str:
    """`text` (None: "") without direction or control characters."""
    return CONTROLS.sub("", "" if text is None else str(text))


def plotly_text(text: Any) -> str:
    """User text for a Plotly text field: shown as written, never as Plotly's HTML (see above)."""
    return without_controls(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


FONT = dict(family="Liberation Sans, Arial, sans-serif", size=15)
SMALLEST = 12  # px: the least any text in a figure is drawn at, so that a projector's room can read it
TICKS = dict(size=13)  # a long list of names down an axis
DATE_TICKS = "%b<br>%Y"  # month over year: narrow enough to stay level on a timeline a few hundred pixels wide


def names(rows, *, most: int = 44) -> list[str]:
    """Each row (with `id` and `name`) as a reader knows it, ready for an axis: its name (its id when it
    has none), and the id beside a name that two rows share, since an axis merges equal labels."""
    shown = [(r.name or r.id)[:most] for r in rows]
    twice = {n for n, count in Counter(shown).items() if count > 1}
    return [plotly_text(f"{n} ({r.id})" if n in twice else n) for n, r in zip(shown, rows)]


def layout(fig: go.Figure, *, title: str | None = None, height: int | None = None) -> go.Figure:
    fig.update_layout(
        template=TEMPLATE,
        font=FONT,
        title=dict(text=plotly_text(title)) if title else None,
        margin=dict(l=10, r=10, t=50 if title else 30, b=10),  # 30: room for a label above the plot ("horizon")
        legend=dict(orientation="h", yanchor="top", y=_below_ticks(height), xanchor="left", x=0),  # clear of the title
        hoverlabel=dict(font_size=14),
        # Plotly shrinks a bar's label to fit the bar: never below SMALLEST (hidden instead; the hover says it).
        uniformtext=dict(minsize=SMALLEST, mode="hide"),
        **({"height": height} if height else {}),
    )
    fig.update_xaxes(tickangle=0)  # labels read level; a list of names goes down the side (horizontal bars)
    return fig


def _below_ticks(height: int | None) -> float:
    """Where a legend under the plot starts (paper units): about 64 px down, below two lines of date ticks."""
    plot = max((height or 450) - 80, 100)  # the plotting area, roughly: the figure less its margins
    return -min(0.3, 64 / plot)


def money_axis(fig: go.Figure, currency: str, axis: str = "y", *, span: tuple[float, float] | None = None) -> None:
    """Ticks in the app's money units (£500k, £1.5M, £1.0bn: `format.money_ticks`), never Plotly's SI
    prefixes ("£1G"). The ticks span `span`, else the axis's range when one is set, else the figure's
    data on that axis (bars from 0, a waterfall's running levels). Call it once the traces are in."""
    low, high = span or _axis_span(fig, axis)
    ticks, labels = money_ticks(low, high, currency)
    getattr(fig, f"update_{axis}axes")(tickmode="array", tickvals=ticks, ticktext=labels)


def _axis_span(fig: go.Figure, axis: str) -> tuple[float, float]:
    """The lowest and highest money the figure draws on `axis` ("x" or "y")."""
    set_range = getattr(fig.layout, f"{axis}axis").range
    if set_range:
        return float(set_range[0]), float(set_range[1])
    seen: list[float] = []
    for trace in fig.data:
        horizontal = getattr(trace, "orientation", None) == "h"
        along = "x" if horizontal else "y"
        if along != axis:
            continue
        drawn = getattr(trace, along, None)
        values = [float(v) for v in ([] if drawn is None else drawn) if isinstance(v, Real) and math.isfinite(v)]
        if trace.type == "waterfall":
            levels, level = [0.0], 0.0
            for value, measure in zip(values, trace.measure or ["relative"] * len(values), strict=False):
                level = value if measure in ("absolute", "total") else level + value
                levels.append(level)
            values = levels
        elif trace.type == "bar":
            bases = trace.base if isinstance(trace.base, list | tuple) else [trace.base or 0.0] * len(values)
            values = [float(b or 0.0) + v for b, v in zip(bases, values, strict=False)] + [float(b or 0.0) for b in bases]
            values.append(0.0)
        seen += values
    return (min(seen), max(seen)) if seen else (0.0, 1.0)


def iso_day(week: int, as_of: dt.date) -> str:
    return date_of(week, as_of).isoformat()
