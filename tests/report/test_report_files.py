"""The board pack's files, read back in the tools people use: the deck with python-pptx, the
workbook with openpyxl, the PDF with pdftotext. Every sentence is the pack's, and every money
figure in them is one the core gave (tests/report/support.py). The pages are rendered to PNG in
artifacts/report/ (pdftoppm; the deck through LibreOffice) for a person to look at.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import openpyxl
from pptx import Presentation
from pptx.util import Emu

from tests.report.support import ART, PLACED, SAMPLE, deck_texts, pdf_text, short, stray_figures
from tests.tools import require_tool, tool_missing
from vmo_core.present.format import ordinal
from vmo_core.present.sentences import describe_comparison
from vmo_core.report import fit as report_fit
from vmo_core.report.pptx import TABLE_SIZES, WRAP_LINES

# ---------------------------------------------------------------- the deck


def test_the_deck_shows_only_the_cores_figures(pack, files, core):
    prs = Presentation(files[".pptx"])
    texts = deck_texts(prs)
    notes = [slide.notes_slide.notes_text_frame.text for slide in prs.slides if slide.has_notes_slide]
    everything = "\n".join(texts)
    for tile in pack.tiles:
        assert tile.short in everything, tile.label
    stray = stray_figures(texts + notes, core)
    assert not stray, f"figures in the deck that the core did not give: {stray}"
    said = "\n".join(notes)
    for section in pack.sections:  # the pack's sentences, whose every figure test_report_content checks
        if section.in_deck:
            assert section.lead in everything, section.key
            assert all(" ".join(t.split()) in " ".join(everything.split()) for t in section.sentences), section.key
            assert all(note in said for note in section.notes), section.key


def test_the_decks_tables_are_the_packs(pack, files):
    prs = Presentation(files[".pptx"])
    tables = {t.key: t for t in pack.tables}
    checked = 0
    for slide in prs.slides:
        for shape in slide.shapes:
            if not shape.has_table:
                continue
            grid = shape.table
            headers = [c.text for c in grid.rows[0].cells]
            table = next(t for t in tables.values() if [c.name for c in t.columns if c.deck] == headers)
            shown = [i for i, c in enumerate(table.columns) if c.deck]
            for r in range(1, len(grid.rows)):
                cells = [c.text for c in grid.rows[r].cells]
                expected = [table.text(row, "GBP") for row in table.rows]
                match = [[e[i] for i in shown] for e in expected]
                assert any(cells == m for m in match), f"{table.key}: {cells}"  # every name whole, never cut
                checked += 1
    assert checked >= 40


def test_the_deck_has_native_charts_and_speaker_notes(pack, files, core):
    prs = Presentation(files[".pptx"])
    charts = [shape.chart for slide in prs.slides for shape in slide.shapes if shape.has_chart]
    assert len(charts) >= 5
    economics = next(c for c in charts if c.chart_title.text_frame.text == pack.section("economics").chart.title)
    assert [list(s.values) for s in economics.plots[0].series] == [list(s.values) for s in pack.section("economics").chart.series]
    pictures = [shape for slide in prs.slides for shape in slide.shapes if shape.shape_type == 13]
    assert pictures, "the timeline is an image from the app's Gantt builder"
    for slide in list(prs.slides):
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()
    notes = "\n".join(slide.notes_slide.notes_text_frame.text for slide in prs.slides)
    assert describe_comparison(core["comparison"], SAMPLE, list(PLACED.changes)) in notes


class Measure:
    """Text widths from fpdf2 with Liberation Sans: a measure independent of the writer's own."""

    def __init__(self):
        from fpdf import FPDF

        regular = require_tool("fonts-liberation (Liberation Sans)", report_fit.font_path(False))
        bold = require_tool("fonts-liberation (Liberation Sans Bold)", report_fit.font_path(True))
        self.pdf = FPDF(unit="pt")
        self.pdf.add_font("S", "", str(regular))
        self.pdf.add_font("S", "B", str(bold))

    def width(self, text: str, size: float, bold: bool) -> float:
        self.pdf.set_font("S", "B" if bold else "", size)
        return self.pdf.get_string_width(text)

    def lines(self, text: str, size: float, bold: bool, room: float) -> int:
        count = 0
        for paragraph in text.split("\n"):
            line = ""
            count += 1
            for word in paragraph.split(" "):
                assert self.width(word, size, bold) <= room, f"{word!r} is wider than its box"
                trial = f"{line} {word}" if line else word
                if line and self.width(trial, size, bold) > room:
                    count += 1
                    line = word
                else:
                    line = trial
        return count


def pt(length) -> float:
    return Emu(length).pt


def test_every_text_fits_its_box(files):
    measure = Measure()
    prs = Presentation(files[".pptx"])
    width, height = pt(prs.slide_width), pt(prs.slide_height)
    boxes = 0
    for number, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, f"slide {number}: {shape.name} starts off the slide"
            assert pt(shape.left + shape.width) <= width + 0.5 and pt(shape.top + shape.height) <= height + 0.5, (
                f"slide {number}: {shape.name} runs off the slide"
            )
            if shape.has_text_frame and shape.text_frame.text:
                frame = shape.text_frame
                runs = [r for p in frame.paragraphs for r in p.runs]
                size = runs[0].font.size.pt
                bold = bool(runs[0].font.bold)
                room = pt(shape.width - frame.margin_left - frame.margin_right)
                gaps = sum(p.space_before.pt if p.space_before is not None else 0 for p in frame.paragraphs)
                needed = measure.lines(frame.text, size, bold, room) * size * report_fit.LINE + gaps
                assert needed <= pt(shape.height - frame.margin_top - frame.margin_bottom) + 0.01, (
                    f"slide {number}: {frame.text[:60]!r} needs {needed:.0f} pt at {size} pt"
                )
                boxes += 1
            if shape.has_table:
                bottom = pt(shape.top) + sum(pt(row.height) for row in shape.table.rows)
                assert bottom <= height - 20, f"slide {number}: the table runs into the footer"
                for r, row in enumerate(shape.table.rows):
                    for c, cell in enumerate(row.cells):
                        run = cell.text_frame.paragraphs[0].runs[0]
                        room = pt(shape.table.columns[c].width - cell.margin_left - cell.margin_right)
                        lines = measure.lines(cell.text, run.font.size.pt, bool(run.font.bold), room)
                        # a name wraps, never cut (over WRAP_LINES only at the smallest type); its row is as tall as it needs
                        wraps = WRAP_LINES if run.font.size.pt > TABLE_SIZES[-1] else 200
                        most = 2 if r == 0 else (wraps if cell.text_frame.word_wrap else 1)
                        assert lines <= most, f"slide {number}: {cell.text!r} does not fit its cell"
                        assert "\u2026" not in cell.text, f"slide {number}: {cell.text!r} is cut"
                        assert lines * run.font.size.pt * report_fit.LINE <= pt(row.height) + 0.01
    assert boxes > 30


# ---------------------------------------------------------------- the workbook


def test_the_workbook_keeps_exact_numbers_with_formats(pack, files, core):
    book = openpyxl.load_workbook(files[".xlsx"])
    for table in pack.tables:
        sheet = book[table.key]
        header = [c.value for c in sheet[4]]
        assert header == [c.name for c in table.columns]
        for r, row in enumerate(table.rows, start=5):
            for c, (value, column) in enumerate(zip(row, table.columns), start=1):
                cell = sheet.cell(row=r, column=c)
                if column.kind in ("money", "signed"):
                    assert cell.value == value, f"{table.key}!{cell.coordinate}"
                    assert '"£"#,##0' in cell.number_format
                elif column.kind == "date" and isinstance(value, str):  # a word where there is no date: "stopped"
                    assert cell.value in (value, value or None), f"{table.key}!{cell.coordinate}"
                elif column.kind == "date" and value is not None:
                    assert cell.value.date() == value and cell.number_format == "d mmm yyyy"
    schedule = book["Schedule"]
    assert [schedule.cell(row=r, column=8).value for r in range(5, 5 + len(core["plan"].projects))] == [
        p.value for p in core["plan"].projects
    ]


def test_the_workbook_says_the_leads_and_only_the_cores_figures(pack, files, core):
    book = openpyxl.load_workbook(files[".xlsx"])
    strings = [v for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    for section in pack.sections:  # the pack's sentences, whose every figure test_report_content checks
        assert section.lead in strings, section.key
    stray = stray_figures(strings, core)
    assert not stray, f"figures in the workbook that the core did not give: {stray}"


def test_the_workbook_has_assumptions_and_native_charts(pack, files, core):
    book = openpyxl.load_workbook(files[".xlsx"])
    assumptions = {row[0]: row[1] for row in book["Assumptions"].iter_rows(min_row=5, values_only=True) if row[0]}
    settings = SAMPLE.settings
    assert assumptions["As of"].date() == settings.as_of
    assert assumptions["Horizon (weeks)"] == settings.horizon_weeks
    assert assumptions["Discount rate (a year)"] == settings.discount_rate
    assert assumptions["Currency"] == "GBP"
    changes = [row[1] for row in book["Assumptions"].iter_rows(values_only=True) if str(row[0]).startswith("Change ")]
    assert changes == [  # in words, never as JSON: Atlas where its intake puts it
        f"Add Atlas Digital Twin, {ordinal(core['intakes']['ATLAS'].best.position)} in the list.",
        "Stop Borealis Network Analytics today; its people are free at once.",
        "Accelerate Customer CRM Replacement: move it to the front of the list "
        "and staff it 1.5 times as heavily to finish sooner.",
        "Set Data Engineering to 8 FTE from 1 Mar 2027.",
    ]
    assert assumptions["Spend"] == "undiscounted, as paid"
    charted = [sheet.title for sheet in book.worksheets if sheet._charts]
    assert {"Value curve", "Changes", "Shadow prices", "Interventions", "Stop ranking", "Benefits"} <= set(charted)
    with zipfile.ZipFile(files[".xlsx"]) as archive:
        assert len([n for n in archive.namelist() if n.startswith("xl/charts/chart")]) >= 6
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=5, values_only=True) if row[0]}
    for tile in pack.tiles:
        assert summary[tile.label] == tile.value


# ---------------------------------------------------------------- the PDF and the page images


def test_the_pdf_says_the_sentences_and_only_the_cores_figures(pack, files, core):
    text = pdf_text(files[".pdf"])
    flat = " ".join(text.split())
    for sentence in pack.sentences():  # the pack's sentences, whose every figure test_report_content checks
        assert " ".join(sentence.split()) in flat, sentence[:80]
    stray = stray_figures([text], core)
    assert not stray, f"figures in the PDF that the core did not give: {stray}"
    for tile in pack.tiles:
        assert tile.full in flat


def mean_brightness(path: Path) -> float:
    from PIL import Image, ImageStat

    with Image.open(path) as image:
        return ImageStat.Stat(image.convert("L")).mean[0]


def test_pdf_pages_render_to_png(files):
    pdftoppm = require_tool("pdftoppm (poppler-utils)", "pdftoppm")
    for old in ART.glob("pdf-page-*.png"):
        old.unlink()
    subprocess.run([pdftoppm, "-png", "-r", "70", str(files[".pdf"]), str(ART / "pdf-page")], check=True, timeout=120)
    pages = sorted(ART.glob("pdf-page-*.png"))
    assert len(pages) >= 9
    assert all(mean_brightness(p) > 200 for p in pages), "a page came out dark"


def test_deck_slides_render_to_png_through_libreoffice(files, tmp_path, core):
    office = require_tool("LibreOffice", "soffice")
    pdftoppm = require_tool("pdftoppm (poppler-utils)", "pdftoppm")
    profile = (tmp_path / "lo-profile").as_uri()
    command = [office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path)]
    subprocess.run([*command, str(files[".pptx"])], check=True, capture_output=True, timeout=240)
    converted = tmp_path / "board-pack.pdf"
    assert converted.exists()
    for old in ART.glob("deck-slide-*.png"):
        old.unlink()
    subprocess.run([pdftoppm, "-png", "-r", "80", str(converted), str(ART / "deck-slide")], check=True, timeout=120)
    slides = sorted(ART.glob("deck-slide-*.png"))
    assert len(slides) == len(Presentation(files[".pptx"]).slides)
    assert all(mean_brightness(p) > 180 for p in slides), "a slide came out dark"
    said = pdf_text(converted)
    assert short(core["plan"].total_value) in said


def test_chart_images_stay_light_with_streamlit_imported(pack, tmp_path):
    """Streamlit's default Plotly template renders exported images nearly black; ours set their own."""
    import streamlit  # noqa: F401

    from vmo_core.report import images

    made, warnings = images.render(pack, ["economics", "timeline-1"], tmp_path, scale=1)
    if warnings and not made:
        tool_missing("Chromium for the chart images (kaleido)", warnings[0])
    assert set(made) == {"economics", "timeline-1"}
    assert all(mean_brightness(p) > 200 for p in made.values())
