"""The board pack as a PowerPoint deck (python-pptx): one slide per section, native charts
the PMO can edit, the timeline as an image from the app's Gantt builder, speaker notes.

Every text box gets the largest font size at which its text fits (`fit`), and tables are
sized so each cell's text stays on one line: nothing spills out of its box.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from vmo_core.report import fit, images
from vmo_core.report.files import replace_atomically
from vmo_core.report.model import NUMERIC, Pack, Section, Table, cell_text
from vmo_core.report.pptx_charts import add_chart, rgb_colour
from vmo_core.report.style import (
    ACCENT,
    FONT,
    INK,
    MUTED,
    RAG_FILL,
    TILE_FILL,
    WHITE,
)

W, H = 13.333, 7.5  # inches, 16:9
MARGIN = 0.5
TITLE = (0.35, 0.75)  # top, height
LEAD = (1.12, 1.0)
BODY_TOP, BODY_BOTTOM = 2.25, 6.95
TILE_HEIGHT = 1.15
CELL_MARGIN = 0.05  # inches, left and right of a table cell
CELL_PAD = 0.03  # inches, above and below
TABLE_SIZES = (14, 13, 12, 11, 10, 9)  # as large as the table fits: a board reads it across the room
LEAD_SIZES = (20, 18, 16, 15, 14, 13, 12)
SAID_SIZES = (16, 14, 13, 12, 11, 10)  # sentences under a table
PARA_GAP = 6  # points between paragraphs of sentences
POINT_SIZES = (20, 18, 16, 15, 14, 13, 12)  # the summary's points: as large as they fit
POINT_GAP = 12
TEXT_MARGIN = 0.05  # inches, inside every text box


def write_pptx(pack: Pack, path: Path) -> list[str]:
    """Write the deck to `path` (whole or not at all); returns warnings for the user."""
    with tempfile.TemporaryDirectory(prefix="vmo-pack-") as scratch, ThreadPoolExecutor(max_workers=1) as pool:
        # the browser draws the timeline while the slides before it are built
        drawing = pool.submit(images.render, pack, images.timeline_names(pack.results), Path(scratch))
        prs = build_deck(pack, lambda: drawing.result()[0])
        replace_atomically(path, prs.save)
        return drawing.result()[1]


def build_deck(pack: Pack, pictures: Callable[[], dict[str, Path]]):
    """The deck; `pictures()` gives the chart images, asked for only when the first is placed."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(W), Inches(H)
    _title_slide(prs, pack)
    divided = False
    for section in pack.sections:
        if not section.in_deck:
            continue
        if section.appendix and not divided:
            _appendix_slide(prs, pack)
            divided = True
        if section.lists:
            summary_slide(prs, pack, section)
        else:
            _section_slides(prs, pack, section, pictures)
    return prs


# ---------------------------------------------------------------- slides


def _slide(prs, pack: Pack, title: str, lead: str, notes: tuple[str, ...]):
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    _text(slide, MARGIN, TITLE[0], W - 2 * MARGIN, TITLE[1], title, sizes=(28, 26, 24, 22, 20), bold=True, colour=INK)
    if lead:
        _text(slide, MARGIN, LEAD[0], W - 2 * MARGIN, LEAD[1], lead, sizes=LEAD_SIZES, colour=INK)
    footer = f"{pack.scenario_name} · as of {cell_text(pack.as_of, 'date', pack.currency)} · {len(prs.slides)}"
    _text(slide, MARGIN, H - 0.42, W - 2 * MARGIN, 0.3, footer, sizes=(10, 9, 8), colour=MUTED, align=PP_ALIGN.RIGHT)
    slide.notes_slide.notes_text_frame.text = "\n\n".join(notes)
    return slide


def _title_slide(prs, pack: Pack) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, Inches(2.3), prs.slide_width, Inches(0.08))
    band.fill.solid()
    band.fill.fore_color.rgb = rgb_colour(ACCENT)
    band.line.fill.background()
    _text(slide, MARGIN + 0.3, 0.9, W - 2 * MARGIN - 0.6, 1.3, pack.title, sizes=(44, 40, 36, 32, 28), bold=True, colour=INK)
    when = f"Board pack as of {cell_text(pack.as_of, 'date', pack.currency)}"
    _text(slide, MARGIN + 0.3, 2.6, W - 2 * MARGIN - 0.6, 0.7, when, sizes=(28, 24, 20), colour=INK)
    lines = (f"Scenario: {pack.scenario_name}", pack.subtitle, prepared_by(pack))
    _text(slide, MARGIN + 0.3, 3.5, W - 2 * MARGIN - 0.6, 1.2, "\n".join(lines), sizes=(18, 16, 14), colour=MUTED, gap=4)
    notes = [f"{pack.title}: the board pack as of {cell_text(pack.as_of, 'date', pack.currency)}.", pack.subtitle]
    notes.append(f"It shows {pack.scenario_name[:1].lower()}{pack.scenario_name[1:]}.")
    slide.notes_slide.notes_text_frame.text = "\n\n".join(notes)


def prepared_by(pack: Pack) -> str:
    return f"Prepared by the Value Management Office on {cell_text(pack.generated, 'date', pack.currency)}."


def _appendix_slide(prs, pack: Pack) -> None:
    said = "The big tables behind the evidence: every figure is also in the workbook, a sheet per table."
    slide = _slide(prs, pack, "Appendix", "", (said,))
    _text(slide, MARGIN, 3.0, W - 2 * MARGIN, 1.0, said, sizes=(24, 22, 20), colour=MUTED)


def summary_slide(prs, pack: Pack, section: Section) -> None:
    """The decisions requested beside the red flags, each point a paragraph of its own."""
    slide = _slide(prs, pack, section.title, section.lead, section.notes)
    gap = 0.4
    width = (W - 2 * MARGIN - gap) / len(section.lists)
    said = ["\n".join(points) for _, points in section.lists]
    room = (width - 2 * TEXT_MARGIN) * 72
    height = BODY_BOTTOM - BODY_TOP - 0.55
    size = min(fit.best_size(t, room, (height - 2 * TEXT_MARGIN) * 72, sizes=POINT_SIZES, gap=POINT_GAP) for t in said)
    for n, ((heading, _), text) in enumerate(zip(section.lists, said)):
        left = MARGIN + n * (width + gap)
        colour = ACCENT if n == 0 else RAG_FILL["red"]
        _text(slide, left, BODY_TOP - 0.1, width, 0.5, heading, sizes=(22, 20), bold=True, colour=colour)
        _text(slide, left, BODY_TOP + 0.45, width, height, text, sizes=(size,), colour=INK, gap=POINT_GAP)


def _section_slides(prs, pack: Pack, section: Section, pictures: Callable[[], dict[str, Path]]) -> None:
    if section.appendix and section.table is not None and not section.table.deck_rows:
        _long_table_slides(prs, pack, section)
        return
    if section.image:
        names = images.timeline_names(pack.results) if section.image == "timeline" else [section.image]
        for n, name in enumerate(names, start=1):
            title = section.title + (f" ({n} of {len(names)})" if len(names) > 1 else "")
            slide = _slide(prs, pack, title, section.lead, section.notes)
            _picture(slide, pictures().get(name), BODY_TOP, BODY_BOTTOM)
        return
    slide = _slide(prs, pack, section.title, section.lead, section.notes)
    top = BODY_TOP
    if section.tiles:
        _tiles(slide, section.tiles, top)
        top += TILE_HEIGHT + 0.2
    said = "\n".join(section.sentences)
    bottom = BODY_BOTTOM
    if said:
        room = (W - 2 * MARGIN - 2 * TEXT_MARGIN) * 72
        needed = fit.height_of(said, SAID_SIZES[1], room, gap=PARA_GAP) / 72 + 2 * TEXT_MARGIN
        bottom = BODY_BOTTOM - min(needed, 0.5 * (BODY_BOTTOM - top)) - 0.15
    below = bottom + 0.15
    left, room = MARGIN, W - 2 * MARGIN
    if section.table is not None and section.chart is not None:
        chart_first = section.key == "constraint"
        table_width = room * (0.5 if chart_first else 0.6) - 0.1
        chart_width = room - table_width - 0.2
        table_left = left + chart_width + 0.2 if chart_first else left
        chart_left = left if chart_first else left + table_width + 0.2
        _table(slide, pack, section.table, table_left, top, table_width, bottom - top, rows=_deck_rows(section.table))
        add_chart(slide, pack, section.chart, chart_left, top, chart_width, bottom - top)
    elif section.table is not None:
        below = _table(slide, pack, section.table, left, top, room, bottom - top, rows=_deck_rows(section.table)) + 0.2
    elif section.chart is not None:
        add_chart(slide, pack, section.chart, left, top, room, bottom - top)
    if said:
        _text(slide, MARGIN, below, room, BODY_BOTTOM - below, said, sizes=SAID_SIZES, colour=INK, gap=PARA_GAP)


def _deck_rows(table: Table) -> tuple:
    return table.rows[: table.deck_rows] if table.deck_rows else table.rows


def _long_table_slides(prs, pack: Pack, section: Section) -> None:
    """An appendix table over as many slides as it takes."""
    table = section.table
    chunks = _pages(pack, table, W - 2 * MARGIN, BODY_BOTTOM - BODY_TOP)
    pages = len(chunks)
    for page, rows in enumerate(chunks):
        title = section.title + (f" ({page + 1} of {pages})" if pages > 1 else "")
        slide = _slide(prs, pack, title, section.lead, section.notes)
        _table(slide, pack, table, MARGIN, BODY_TOP, W - 2 * MARGIN, BODY_BOTTOM - BODY_TOP, rows=rows)


# ---------------------------------------------------------------- text


def _text(slide, left, top, width, height, text, *, sizes, bold=False, colour=INK, align=PP_ALIGN.LEFT, gap=0.0):
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = MSO_ANCHOR.TOP
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(frame, side, Inches(TEXT_MARGIN))
    room = (width - 2 * TEXT_MARGIN) * 72
    smallest = min(sizes)
    if any(fit.width(word, smallest, bold=bold) > room * fit.SLACK for word in text.split()):  # a word wider than the box
        text = "\n".join(line for part in text.split("\n") for line in fit.wrap_whole(part, smallest, room, bold=bold))
    size = fit.best_size(text, room, (height - 2 * TEXT_MARGIN) * 72, sizes=sizes, bold=bold, gap=gap)
    for n, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        paragraph.alignment = align
        paragraph.line_spacing = 1.0
        paragraph.space_before = Pt(gap if n else 0)
        paragraph.space_after = Pt(0)
        _run(paragraph, line, size, bold=bold, colour=colour)
    return box


def _run(paragraph, text, size, *, bold=False, colour=INK):
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = FONT
    run.font.color.rgb = rgb_colour(colour)
    return run


def _tiles(slide, tiles, top) -> None:
    gap = 0.2
    width = (W - 2 * MARGIN - gap * (len(tiles) - 1)) / len(tiles)
    room = (width - 0.2 - 2 * TEXT_MARGIN) * 72
    label_size = min(fit.best_size(t.label, room, (0.4 - 2 * TEXT_MARGIN) * 72, sizes=(13, 12, 11, 10)) for t in tiles)
    for n, tile in enumerate(tiles):
        left = MARGIN + n * (width + gap)
        card = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Inches(left), Inches(top), Inches(width), Inches(TILE_HEIGHT))
        card.adjustments[0] = 0.08
        card.fill.solid()
        card.fill.fore_color.rgb = rgb_colour(TILE_FILL)
        card.line.fill.background()
        card.shadow.inherit = False
        _text(slide, left + 0.1, top + 0.06, width - 0.2, 0.4, tile.label, sizes=(label_size,), colour=MUTED)
        _text(slide, left + 0.1, top + 0.42, width - 0.2, 0.68, tile.short, sizes=(32, 28, 24), bold=True, colour=INK)


def _picture(slide, path: Path | None, top: float, bottom: float) -> None:
    if path is None:
        _text(slide, MARGIN, top, W - 2 * MARGIN, 0.8, "The chart image could not be drawn on this machine.", sizes=(16,))
        return
    from PIL import Image

    with Image.open(path) as image:
        ratio = image.width / image.height
    room_w, room_h = W - 2 * MARGIN, bottom - top
    width = min(room_w, room_h * ratio)
    height = width / ratio
    slide.shapes.add_picture(str(path), Inches(MARGIN + (room_w - width) / 2), Inches(top), Inches(width), Inches(height))


# ---------------------------------------------------------------- tables


def _deck_columns(table: Table) -> list[int]:
    return [i for i, c in enumerate(table.columns) if c.deck]


WRAP_LINES = 3  # lines a name may take in a cell before the table's type shrinks


def _lines(pack: Pack, table: Table, row, shown, rooms, size) -> int:
    """Lines the row takes at `size`: one, or more where a name wraps (never cut)."""
    return max(
        [1]
        + [
            len(fit.wrap_whole(cell_text(row[i], table.columns[i].kind, pack.currency), size, room))
            for i, room in zip(shown, rooms)
            if table.columns[i].wrap
        ]
    )


def _layout(pack: Pack, table: Table, rows, width: float, height: float | None):
    """(font size, column widths, header lines, each row's height): the largest size at which every
    figure, date and word fits one line, each name wraps to at most WRAP_LINES lines, and headers two."""
    shown = _deck_columns(table)
    total = sum(table.columns[i].width for i in shown)
    widths = [width * table.columns[i].width / total for i in shown]
    rooms = [(w - 2 * CELL_MARGIN) * 72 for w in widths]
    for size in TABLE_SIZES:
        cells_fit = all(
            fit.width(cell_text(row[i], table.columns[i].kind, pack.currency), size) <= room * fit.SLACK
            for row in rows
            for i, room in zip(shown, rooms)
            if not table.columns[i].wrap
        )
        header = max(len(fit.wrap(table.columns[i].name, size, room, bold=True)) for i, room in zip(shown, rooms))
        words_fit = all(
            fit.width(word, size, bold=True) <= room * fit.SLACK
            for i, room in zip(shown, rooms)
            for word in table.columns[i].name.split()
        )
        lines = [_lines(pack, table, row, shown, rooms, size) for row in rows]
        line = size * fit.LINE / 72
        heights = [n * line + 2 * CELL_PAD for n in lines]
        needed = sum(heights) + header * (line + 2 * CELL_PAD)
        short = max(lines, default=1) <= WRAP_LINES
        if cells_fit and words_fit and short and header <= 2 and (height is None or needed <= height):
            return size, widths, header, heights
    size = TABLE_SIZES[-1]
    line = size * fit.LINE / 72
    return size, widths, 2, [_lines(pack, table, row, shown, rooms, size) * line + 2 * CELL_PAD for row in rows]


def _header_height(size: float, header: int) -> float:
    return header * (size * fit.LINE / 72 + 2 * CELL_PAD)


def _pages(pack: Pack, table: Table, width: float, height: float) -> list[tuple]:
    """The table's rows in slides' worth, each as many as fit `height` at the smallest type."""
    size = TABLE_SIZES[-1]
    _, _, header, heights = _layout(pack, table, table.rows, width, None)
    room = height - _header_height(size, 2)
    pages, page, used = [], [], 0.0
    for row, h in zip(table.rows, heights):
        if page and used + h > room:
            pages.append(tuple(page))
            page, used = [], 0.0
        page.append(row)
        used += h
    return pages + [tuple(page)] if page or not pages else pages


def _table(slide, pack: Pack, table: Table, left, top, width, height, *, rows) -> float:
    """A native table of `rows` (as many as fit `height`); returns where it ends."""
    shown = _deck_columns(table)
    rows = list(rows)
    rest = len(table.rows) - len(rows) if table.deck_rows else 0
    more_room = 0.35
    while True:
        room = height - (more_room if rest else 0)
        size, widths, header, heights = _layout(pack, table, rows, width, room)
        if len(rows) <= 1 or sum(heights) + _header_height(size, header) <= room:
            break
        rest += 1
        rows.pop()
    frame = slide.shapes.add_table(len(rows) + 1, len(shown), Inches(left), Inches(top), Inches(width), Inches(1))
    grid = frame.table
    grid.first_row = True
    for n, w in enumerate(widths):
        grid.columns[n].width = Emu(int(Inches(w)))
    grid.rows[0].height = Emu(int(Inches(_header_height(size, header))))
    for r, h in enumerate(heights, start=1):
        grid.rows[r].height = Emu(int(Inches(h)))
    for n, i in enumerate(shown):
        _cell(grid.cell(0, n), table.columns[i].name, size, bold=True, right=table.columns[i].kind in NUMERIC, header=True)
    for r, row in enumerate(rows, start=1):
        for n, i in enumerate(shown):
            column = table.columns[i]
            text = cell_text(row[i], column.kind, pack.currency)
            if column.wrap:  # a name wraps over the lines its row was given; a word too long for one is broken, never cut
                room = (widths[n] - 2 * CELL_MARGIN) * 72
                if any(fit.width(word, size) > room * fit.SLACK for word in text.split()):
                    text = "\n".join(fit.wrap_whole(text, size, room))
            cell = _cell(grid.cell(r, n), text, size, right=column.kind in NUMERIC, stripe=r % 2 == 0)
            cell.text_frame.word_wrap = column.wrap
            if column.kind == "rag":
                cell.fill.fore_color.rgb = rgb_colour(RAG_FILL[row[i]])
                run = cell.text_frame.paragraphs[0].runs[0]
                run.font.color.rgb = rgb_colour(WHITE)
                run.font.bold = True
    end = top + sum(heights) + _header_height(size, header)
    if rest:
        more = f"And {rest} more in the spreadsheet's {table.key} sheet."
        _text(slide, left, end + 0.05, width, 0.3, more, sizes=(11, 10), colour=MUTED)
        end += 0.35
    return end


def _cell(cell, text, size, *, bold=False, right=False, header=False, stripe=False):
    cell.margin_left = cell.margin_right = Inches(CELL_MARGIN)
    cell.margin_top = cell.margin_bottom = Inches(CELL_PAD)
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    cell.fill.solid()
    cell.fill.fore_color.rgb = rgb_colour(INK if header else (TILE_FILL if stripe else WHITE))
    frame = cell.text_frame
    frame.word_wrap = header
    for n, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.RIGHT if right else PP_ALIGN.LEFT
        _run(paragraph, line, size, bold=bold, colour=WHITE if header else INK)
    return cell
