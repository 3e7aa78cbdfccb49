"""The board pack as a printable PDF (fpdf2): the deck's content, A4 landscape, a section to a
page, with the app's charts as images, full tables and the sentences a presenter says.

Text is set in Liberation Sans (fonts-liberation), which has £, € and the rest; without it
the document falls back to Helvetica, says so, and shows characters it lacks as '?'.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from vmo_core.report import fit, images
from vmo_core.report.files import replace_atomically
from vmo_core.report.model import NUMERIC, RAG, Pack, Section, Table, cell_text
from vmo_core.report.style import ACCENT, INK, MUTED, RAG_FILL, TILE_FILL, WHITE, rgb

IMAGES = ["economics", "constraint", "changes", "interventions", "benefits", "stop"]  # by section key
FALLBACK = "helvetica"
HEADING_ROOM = 30  # mm a heading needs below it: itself and the first lines of what it heads
TABLE_KEEP_ROWS = 4  # rows that start a table with its header on one page
APPENDIX_TABLE_ROOM, APPENDIX_PICTURE_ROOM = 60, 110  # mm an appendix section's title, lead and first rows (or chart) take


class _Document(FPDF):
    def __init__(self, pack: Pack):
        super().__init__(orientation="L", unit="mm", format="A4")
        self.pack = pack
        self.warnings: list[str] = []
        self.family = "Sans"
        regular, bold = fit.font_path(False), fit.font_path(True)
        if regular and bold:
            self.add_font("Sans", "", str(regular))
            self.add_font("Sans", "B", str(bold))
        else:
            self.family = FALLBACK
            self.warnings.append(
                f"The font Liberation Sans was not found in {fit.FONT_DIR} (Debian's fonts-liberation); "
                "the PDF uses Helvetica, which cannot show some characters: they print as '?'."
            )
        self.set_margins(15, 14, 15)
        self.set_auto_page_break(True, margin=14)
        self.set_title(self.safe(pack.title))
        self.set_author("Value Management Office")

    def safe(self, text: str) -> str:
        if self.family != FALLBACK:
            return text
        return text.encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float, *, bold: bool = False, colour: str = INK) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*rgb(colour))

    def footer(self) -> None:
        self.set_y(-10)
        self.font(8, colour=MUTED)
        said = f"{self.pack.title} · as of {cell_text(self.pack.as_of, 'date', self.pack.currency)} · page {self.page_no()}"
        self.cell(0, 5, self.safe(said), align="R")

    def keep(self, needed: float) -> None:
        """A new page unless `needed` mm are left: a heading never stands at a page's foot without what follows it."""
        if self.h - self.b_margin - self.get_y() < needed:
            self.add_page()

    def para(self, text: str, size: float = 11, *, bold: bool = False, colour: str = INK, gap: float = 2) -> None:
        self.font(size, bold=bold, colour=colour)
        self.multi_cell(0, size * 0.45, self.safe(text), new_x="LMARGIN", new_y="NEXT", align="L")
        self.ln(gap)


def write_pdf(pack: Pack, path: Path) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="vmo-pack-") as scratch:
        wanted = IMAGES + images.timeline_names(pack.results)
        pictures, warnings = images.render(pack, wanted, Path(scratch))
        doc = build_document(pack, pictures)
        replace_atomically(path, doc.output)
    return doc.warnings + warnings


def build_document(pack: Pack, pictures: dict[str, Path]) -> _Document:
    doc = _Document(pack)
    _cover(doc, pack)
    for section in pack.sections:
        if section.in_deck and not section.appendix and not section.lists:
            _section(doc, pack, section, pictures)
    doc.add_page()
    doc.para("Appendix", 20, bold=True, gap=4)
    for section in (s for s in pack.sections if s.appendix):
        doc.keep(APPENDIX_PICTURE_ROOM if section.key in pictures else APPENDIX_TABLE_ROOM)  # its title with what follows
        doc.para(section.title, 15, bold=True)
        doc.para(section.lead)
        if section.key in pictures:
            _picture(doc, pictures[section.key])
        _table(doc, pack, section.table, size=8 if section.key == "schedule" else 9)
        doc.ln(6)
    _assumptions(doc, pack)
    return doc


def _cover(doc: _Document, pack: Pack) -> None:
    """The title, the date and the scenario; then the summary: the decisions requested and the red flags."""
    doc.add_page()
    doc.ln(4)
    doc.para(pack.title, 28, bold=True, gap=1)
    doc.para(f"Board pack as of {cell_text(pack.as_of, 'date', pack.currency)}", 16, gap=3)
    doc.set_draw_color(*rgb(ACCENT))
    doc.set_line_width(1.2)
    doc.line(doc.l_margin, doc.get_y(), doc.w - doc.r_margin, doc.get_y())
    doc.ln(4)
    doc.para(f"Scenario: {pack.scenario_name}. {pack.subtitle}", 11, colour=MUTED, gap=1)
    by = f"Prepared by the Value Management Office on {cell_text(pack.generated, 'date', pack.currency)}."
    doc.para(by, 11, colour=MUTED, gap=5)
    summary = pack.summary
    doc.para(summary.title, 18, bold=True, gap=2)
    doc.para(summary.lead, 13, gap=3)
    for n, (heading, points) in enumerate(summary.lists):
        doc.keep(HEADING_ROOM)
        doc.para(heading, 14, bold=True, colour=ACCENT if n == 0 else RAG_FILL["red"], gap=1.5)
        for point in points:
            doc.para(f"\u2022 {point}", 11.5, gap=2)
        doc.ln(2)


def _section(doc: _Document, pack: Pack, section: Section, pictures: dict[str, Path]) -> None:
    doc.add_page()
    doc.para(section.title, 20, bold=True, gap=3)
    doc.para(section.lead, 13, gap=4)
    if section.tiles:
        _tiles(doc, section.tiles)
    names = images.timeline_names(pack.results) if section.image == "timeline" else [section.key]
    for name in names:
        if name in pictures:
            _picture(doc, pictures[name])
    if section.table is not None:
        _table(doc, pack, section.table, size=9)
    for said in section.sentences:
        doc.para(said, 11)
    shown = {section.lead, *section.sentences}
    extra = [n for n in section.notes if n not in shown]
    if extra:
        doc.ln(2)
        doc.keep(HEADING_ROOM)
        doc.para("What to say", 12, bold=True, colour=MUTED, gap=1)
        for note in extra:
            doc.para(note, 11, colour=MUTED)


def _tiles(doc: _Document, tiles) -> None:
    gap, height = 4, 22
    width = (doc.epw - gap * (len(tiles) - 1)) / len(tiles)
    top = doc.get_y()
    for n, tile in enumerate(tiles):
        left = doc.l_margin + n * (width + gap)
        doc.set_fill_color(*rgb(TILE_FILL))
        doc.rect(left, top, width, height, style="F", round_corners=True, corner_radius=2)
        doc.set_xy(left + 3, top + 2.5)
        doc.font(9, colour=MUTED)
        doc.cell(width - 6, 5, doc.safe(tile.label))
        doc.set_xy(left + 3, top + 8)
        doc.font(20, bold=True)
        doc.cell(width - 6, 9, doc.safe(tile.short))
        doc.set_xy(left + 3, top + 16.5)
        doc.font(8, colour=MUTED)
        doc.cell(width - 6, 4, doc.safe(f"exactly {tile.full}"))
    doc.set_xy(doc.l_margin, top + height + 5)


def _picture(doc: _Document, path: Path) -> None:
    from PIL import Image

    with Image.open(path) as image:
        ratio = image.height / image.width
    width = doc.epw
    height = width * ratio
    room = doc.h - doc.b_margin - doc.get_y()
    if height > room:
        if room < 0.6 * height:
            doc.add_page()
        else:
            width, height = room / ratio, room
    doc.image(str(path), x=doc.l_margin + (doc.epw - width) / 2, y=doc.get_y(), w=width, h=height)
    doc.set_y(doc.get_y() + height + 4)


def _table(doc: _Document, pack: Pack, table: Table | None, *, size: float) -> None:
    if table is None or not table.rows:
        return
    table = table.without_keys()  # ids are for the workbook
    row_height = size * 0.5 + 1.6  # mm: a line and the cell's padding
    needed = (len(table.rows) + 2) * row_height
    room = doc.h - doc.b_margin - doc.get_y()
    if needed > room and needed < doc.eph * 0.6:  # a short table is not split over two pages
        doc.add_page()
    else:  # a long one starts with its heading and a few rows together, never its heading alone
        doc.keep(min(needed, (TABLE_KEEP_ROWS + 1) * row_height))
    doc.font(size)
    heading = FontFace(emphasis="BOLD", color=rgb(WHITE), fill_color=rgb(INK))
    align = ["RIGHT" if c.kind in NUMERIC else "LEFT" for c in table.columns]
    with doc.table(
        col_widths=[c.width for c in table.columns],
        text_align=align,
        headings_style=heading,
        cell_fill_color=rgb(TILE_FILL),
        cell_fill_mode="ROWS",
        borders_layout="NONE",
        line_height=size * 0.5,
        padding=(0.8, 1.2),
        width=doc.epw,
    ) as grid:
        row = grid.row()
        for column in table.columns:
            row.cell(doc.safe(column.name))
        for values in table.rows:
            row = grid.row()
            for value, column in zip(values, table.columns):
                text = doc.safe(cell_text(value, column.kind, pack.currency))
                if column.kind == RAG:
                    style = FontFace(emphasis="BOLD", color=rgb(WHITE), fill_color=rgb(RAG_FILL[value]))
                    row.cell(text, style=style)
                else:
                    row.cell(text)
    doc.ln(3)


def _assumptions(doc: _Document, pack: Pack) -> None:
    doc.keep(HEADING_ROOM)
    doc.para("Assumptions", 15, bold=True)
    for label, value, kind in pack.assumptions:
        doc.para(f"{label}: {cell_text(value, kind, pack.currency)}", 10, gap=0.5)
    if pack.changes:
        doc.ln(2)
        doc.keep(HEADING_ROOM)
        doc.para("Scenario changes, in order", 11, bold=True, gap=1)
        for number, change in enumerate(pack.changes, start=1):
            doc.para(f"{number}. {change}", 9, gap=0.5)
