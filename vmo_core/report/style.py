"""The board pack's look, shared by its writers: the font, colours (the app's Okabe-Ito
palette, `present.palette`, as hex without the #) and the Excel number formats that show
money as people read it while keeping exact numbers."""

from __future__ import annotations

from vmo_core.present.format import symbol
from vmo_core.present.palette import BLUE, GREEN, GREY, ORANGE, SKY, VERMILION

FONT = "Arial"  # Liberation Sans has its metrics, so what fits when measured with it fits in PowerPoint
INK = "1F2A44"  # titles and text
MUTED = "5A6270"  # labels, footers
ACCENT = BLUE.lstrip("#")
TILE_FILL = "EEF2F7"  # tiles and table stripes
WHITE = "FFFFFF"  # text on a dark fill, and plain cells
GRIDLINES = "DDDDDD"  # a chart's value gridlines
SERIES_COLOURS = tuple(c.lstrip("#") for c in (BLUE, ORANGE, GREEN, SKY))  # bars, as the app draws them
LINE_COLOURS = tuple(c.lstrip("#") for c in (GREY, BLUE))  # today's plan grey and dashed, the scenario blue
NEGATIVE = VERMILION.lstrip("#")
POSITIVE = BLUE.lstrip("#")
RAG_FILL = {"red": "C0392B", "amber": "D68A00", "green": "1E8449"}  # darker than the charts': white text reads on them


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """ "0072B2" -> (0, 114, 178)."""
    return tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))


def _quoted(text: str) -> str:
    return '"' + text.replace('"', "") + '"'


def money_format(currency: str, *, signed: bool = False) -> str:
    """Whole money with thousands separators: "£"#,##0, negatives with a minus before the symbol."""
    sym = _quoted(symbol(currency))
    plus = '"+"' if signed else ""
    return f"{plus}{sym}#,##0;-{sym}#,##0;{sym}0"


def chart_money_format(currency: str, peak: float) -> str:
    """Axis and label format for a chart whose largest figure is `peak`: £1.2M or £420k, as the app says it."""
    sym = _quoted(symbol(currency))
    if peak >= 999_500:
        return f'{sym}#,##0.0,,"M";-{sym}#,##0.0,,"M";{sym}0'
    if peak >= 1_000:
        return f'{sym}#,##0,"k";-{sym}#,##0,"k";{sym}0'
    return f"{sym}#,##0;-{sym}#,##0;{sym}0"


def axis_money_format(currency: str, step: float) -> str:
    """Tick labels for an axis whose ticks are `step` apart: £2M, £500k, £2.5M."""
    sym = _quoted(symbol(currency))
    if step >= 1_000_000:
        digits = "#,##0" if step % 1_000_000 == 0 else "#,##0.0"
        return f'{sym}{digits},,"M";-{sym}{digits},,"M";{sym}0'
    if step >= 1_000:
        return f'{sym}#,##0,"k";-{sym}#,##0,"k";{sym}0'
    return f"{sym}#,##0;-{sym}#,##0;{sym}0"
