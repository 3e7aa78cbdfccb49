"""What every figure shares: the template, the font, the layout, money axes and dates.

Every figure uses an explicit template (Streamlit's default one renders exported images
nearly black), colours from the palette with different lightness, dashes or labels so
they also read in greyscale, and dates rather than week numbers. User text (project names)
only ever goes into Plotly text fields, which Plotly renders as text.
"""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from vmo_core.model.portfolio import date_of
from vmo_core.present.format import SYMBOLS

TEMPLATE = "plotly_white"


FONT = dict(family="Liberation Sans, Arial, sans-serif", size=15)


def layout(fig: go.Figure, *, title: str | None = None, height: int | None = None) -> go.Figure:
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


def money_prefix(currency: str) -> str:
    return SYMBOLS.get(currency, currency + " ")


def money_axis(fig: go.Figure, currency: str, axis: str = "y") -> None:
    getattr(fig, f"update_{axis}axes")(tickprefix=money_prefix(currency), tickformat="~s", separatethousands=True)


def iso_day(week: int, as_of: dt.date) -> str:
    return date_of(week, as_of).isoformat()
