"""The board pack, read back in the tools people use: every figure it shows is the core's.

The pack for the sample and its Accept Atlas scenario is written once as .pptx, .xlsx and
.pdf into artifacts/report/, read back with python-pptx, openpyxl and pdftotext, and
checked against the core's own answers, computed here independently. Its pages are
rendered to PNG there too (pdftoppm; the deck through LibreOffice) for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from pptx import Presentation
from pptx.util import Emu

import vmo_core
from vmo_core.cli import main
from vmo_core.decisions.benefits import benefits
from vmo_core.decisions.constraints import constraints
from vmo_core.decisions.intake import intake
from vmo_core.decisions.interventions import interventions
from vmo_core.decisions.stopping import stop_ranking
from vmo_core.engine import evaluation as engine
from vmo_core.engine.scenario import read_scenario
from vmo_core.errors import VmoError
from vmo_core.present.format import money, money_short
from vmo_core.present.sentences import describe_benefits, describe_comparison, describe_constraint, describe_intake
from vmo_core.report import build_pack, write_report
from vmo_core.report import fit as report_fit
from vmo_core.report.model import NUMERIC

ROOT = Path(__file__).resolve().parents[2]
ART = ROOT / "artifacts" / "report"
SAMPLE = vmo_core.load(ROOT / "data" / "sample")
SCENARIO = read_scenario(ROOT / "data" / "scenarios" / "accept-atlas.json")
GENERATED = dt.date(2026, 11, 30)
MONEY = re.compile(r"[+-]?£[\d,]+(?:\.\d)?[Mk]?")


@pytest.fixture(scope="module")
def pack():
    return build_pack(SAMPLE, SCENARIO, generated=GENERATED)


@pytest.fixture(scope="module")
def core():
    """The core's answers, computed here on their own, not taken from the pack."""
    comparison = engine.compare(SAMPLE, SCENARIO)
    return {
        "comparison": comparison,
        "plan": comparison.scenario,
        "constraints": constraints(SAMPLE, scenario=SCENARIO),
        "benefits": benefits(SAMPLE, scenario=SCENARIO),
        "stops": stop_ranking(SAMPLE, scenario=SCENARIO),
        "cod": engine.cost_of_delay_per_week(comparison.scenario),
    }


@pytest.fixture(scope="module")
def files(pack):
    ART.mkdir(parents=True, exist_ok=True)
    written = {}
    for suffix in (".pptx", ".xlsx", ".pdf"):
        path = ART / f"board-pack{suffix}"
        assert write_report(pack, path) == [], f"{suffix} was written with warnings"
        written[suffix] = path
    return written


def shown_texts(pack) -> set[str]:
    """Every figure the pack may show: tiles, table cells, chart labels; all checked against the core below."""
    texts = {t.short for t in pack.tiles} | {t.full for t in pack.tiles}
    for table in pack.tables:
        for row in table.rows:
            texts |= set(table.text(row, pack.currency))
    for section in pack.sections:
        if section.chart:
            texts |= {label for s in section.chart.series for label in s.labels}
    return texts


def allowed_money(pack) -> set[str]:
    allowed = set()
    for text in shown_texts(pack) | set(pack.sentences()):
        allowed |= set(MONEY.findall(text))
    return allowed


# ---------------------------------------------------------------- the content is the core's


def test_headline_figures_are_the_cores(pack, core):
    tiles = {t.key: t.value for t in pack.tiles}
    plan, comparison, report = core["plan"], core["comparison"], core["constraints"]
    assert tiles["economics.total_value"] == plan.total_value
    assert tiles["economics.cost_of_delay"] == sum(core["cod"].values())
    assert tiles["economics.value_at_risk"] == core["benefits"].value_at_risk
    assert tiles["economics.net_value_change"] == comparison.net_value_change
    pool = report.pool(report.constraint)
    assert (tiles["constraint.shadow_price"], tiles["constraint.fte_cost"]) == (pool.shadow_price, pool.fte_cost)
    assert tiles["constraint.unlimited"] == pool.unlimited_value_gain


def test_tables_are_the_cores_figures(pack, core):
    schedule = pack.table("Schedule")
    assert [(r[1], r[6], r[7]) for r in schedule.rows] == [(p.id, p.value, p.cost) for p in core["plan"].projects]
    pools = pack.table("Shadow prices")
    assert [(r[0], r[4], r[5], r[7]) for r in pools.rows] == [
        (p.id, p.shadow_price, p.fte_cost, p.unlimited_value_gain) for p in core["constraints"].pools
    ]
    stops = pack.table("Stop ranking")
    assert [(r[1], r[3], r[4], r[5], r[6]) for r in stops.rows] == [
        (o.id, o.net_value_change, o.value_lost, o.spend_saved, o.others_gain) for o in core["stops"].projects
    ]
    promised = {b.id: (b.promised_value, b.forecast_value, b.value_shortfall, b.rag) for b in core["benefits"].projects}
    assert {r[1]: (r[6], r[7], r[8], r[0]) for r in pack.table("Benefits").rows} == promised
    curve = pack.table("Value curve")
    assert curve.rows[-1][2] == pytest.approx(engine.schedule(SAMPLE).total_value, rel=1e-12)
    assert curve.rows[-1][3] == pytest.approx(core["plan"].total_value, rel=1e-12)


def test_the_changes_add_up_to_the_net_value_change(pack, core):
    """Project by project, what is added, stopped and spent: the finance team's audit trail."""
    changes = pack.table("Changes")
    assert sum(row[-1] for row in changes.rows) == pytest.approx(core["comparison"].net_value_change, abs=1e-6)
    moved = {d.id: d.value_delta for d in core["comparison"].projects if abs(d.value_delta) > 0.5}
    assert {r[0]: r[-1] for r in changes.rows if r[2] == "moves" and abs(r[-1]) > 0.5} == moved
    assert {r[0] for r in changes.rows if r[2] == "added"} == {"ATLAS"}
    assert {r[0] for r in changes.rows if r[2] == "stopped"} == {"BOREALIS"}


def test_intake_covers_every_proposal(pack):
    rows = {r[0]: r for r in pack.table("Intake").rows}
    assert set(rows) == {p.id for p in SAMPLE.projects if p.status == "proposed"}
    on_its_own = intake(SAMPLE, "ATLAS")  # the scenario accepts ATLAS: weighed against today's plan
    assert rows["ATLAS"][2:7] == (
        "today's plan",
        on_its_own.chosen.position,
        on_its_own.chosen.own_value,
        on_its_own.chosen.delay_cost,
        on_its_own.chosen.net_value_change,
    )
    for proposal in ("NOVA", "HYDRO", "CYBRX"):
        result = intake(SAMPLE, proposal, scenario=SCENARIO)
        assert rows[proposal][6] == result.chosen.net_value_change
        assert rows[proposal][9] == result.best.net_value_change
        assert describe_intake(result, SAMPLE) in pack.section("intake").sentences


def test_interventions_are_the_cores(pack):
    found = {i.label: i for i in interventions(SAMPLE, scenario=SCENARIO, search_seconds=1.0).interventions}
    for row in pack.table("Interventions").rows:
        if row[5] != "resequence":  # the re-sequencing search is time-limited; every other move is exact
            assert (row[2], row[3], row[4]) == (found[row[1]].net_value_change, found[row[1]].cost, len(found[row[1]].moves))


def test_the_sentences_are_the_apps(pack, core):
    assert pack.section("changes").lead == describe_comparison(core["comparison"], SAMPLE, list(SCENARIO.changes))
    assert pack.section("constraint").lead == describe_constraint(core["constraints"], "GBP")
    assert pack.section("benefits").lead == describe_benefits(core["benefits"], "GBP")
    economics = pack.section("economics").lead
    assert money_short(core["plan"].total_value, "GBP") in economics
    assert money_short(sum(core["cod"].values()), "GBP") in economics


# ---------------------------------------------------------------- the deck


def deck_texts(prs) -> list[str]:
    texts = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
            if shape.has_chart:
                for series in shape.chart.plots[0].series:
                    texts += [series.points[i].data_label.text_frame.text for i in range(len(list(series.values)))]
    return texts


def test_the_deck_shows_only_the_cores_figures(pack, files):
    prs = Presentation(files[".pptx"])
    texts = deck_texts(prs)
    everything = "\n".join(texts)
    for tile in pack.tiles:
        assert tile.short in everything, tile.label
    stray = {m for text in texts for m in MONEY.findall(text)} - allowed_money(pack)
    assert not stray, f"figures in the deck that the core did not give: {stray}"
    for section in pack.sections:
        if section.in_deck:
            assert section.lead in everything, section.key


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
                cut = [n for n, i in enumerate(shown) if table.columns[i].cut]
                assert any(
                    all(
                        a == b or (n in cut and a.endswith("…") and b.startswith(a[:-1]))
                        for n, (a, b) in enumerate(zip(cells, m))
                    )
                    for m in match
                ), f"{table.key}: {cells}"
                checked += 1
    assert checked >= 40


def test_the_deck_has_native_charts_and_speaker_notes(pack, files):
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
    assert describe_comparison(engine.compare(SAMPLE, SCENARIO), SAMPLE, list(SCENARIO.changes)) in notes


class Measure:
    """Text widths from fpdf2 with Liberation Sans: a measure independent of the writer's own."""

    def __init__(self):
        from fpdf import FPDF

        regular, bold = report_fit.font_path(False), report_fit.font_path(True)
        if not (regular and bold):
            pytest.skip("fonts-liberation is not installed: text cannot be measured (make chromium installs it)")
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
                        assert lines <= (2 if r == 0 else 1), f"slide {number}: {cell.text!r} does not fit its cell"
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
                elif column.kind == "date" and value is not None:
                    assert cell.value.date() == value and cell.number_format == "d mmm yyyy"
    schedule = book["Schedule"]
    assert [schedule.cell(row=r, column=7).value for r in range(5, 5 + len(core["plan"].projects))] == [
        p.value for p in core["plan"].projects
    ]


def test_the_workbook_has_assumptions_and_native_charts(pack, files):
    book = openpyxl.load_workbook(files[".xlsx"])
    assumptions = {row[0]: row[1] for row in book["Assumptions"].iter_rows(min_row=5, values_only=True) if row[0]}
    settings = SAMPLE.settings
    assert assumptions["As of"].date() == settings.as_of
    assert assumptions["Horizon (weeks)"] == settings.horizon_weeks
    assert assumptions["Discount rate (a year)"] == settings.discount_rate
    assert assumptions["Currency"] == "GBP"
    changes = [json.loads(row[1]) for row in book["Assumptions"].iter_rows(values_only=True) if str(row[0]).startswith("Change ")]
    assert changes == [dict(c) for c in SCENARIO.changes]
    charted = [sheet.title for sheet in book.worksheets if sheet._charts]
    assert {"Value curve", "Changes", "Shadow prices", "Interventions", "Stop ranking", "Benefits"} <= set(charted)
    with zipfile.ZipFile(files[".xlsx"]) as archive:
        assert len([n for n in archive.namelist() if n.startswith("xl/charts/chart")]) >= 6
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=5, values_only=True) if row[0]}
    for tile in pack.tiles:
        assert summary[tile.label] == tile.value


# ---------------------------------------------------------------- the PDF and the page images


def pdf_text(path: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed (poppler-utils; `make chromium` installs it)")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text


def test_the_pdf_says_the_sentences_and_only_the_cores_figures(pack, files):
    text = pdf_text(files[".pdf"])
    flat = " ".join(text.split())
    for sentence in pack.sentences():
        assert " ".join(sentence.split()) in flat, sentence[:80]
    stray = set(MONEY.findall(text)) - allowed_money(pack)
    assert not stray, f"figures in the PDF that the core did not give: {stray}"
    for tile in pack.tiles:
        assert tile.full in flat


def mean_brightness(path: Path) -> float:
    from PIL import Image, ImageStat

    with Image.open(path) as image:
        return ImageStat.Stat(image.convert("L")).mean[0]


def test_pdf_pages_render_to_png(files):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm is not installed (poppler-utils; `make chromium` installs it)")
    for old in ART.glob("pdf-page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(files[".pdf"]), str(ART / "pdf-page")], check=True, timeout=120)
    pages = sorted(ART.glob("pdf-page-*.png"))
    assert len(pages) >= 9
    assert all(mean_brightness(p) > 200 for p in pages), "a page came out dark"


def test_deck_slides_render_to_png_through_libreoffice(files, tmp_path):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if not office or not shutil.which("pdftoppm"):
        pytest.skip("LibreOffice or pdftoppm is not installed (`make chromium` installs them, as root)")
    profile = (tmp_path / "lo-profile").as_uri()
    command = [office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path)]
    subprocess.run([*command, str(files[".pptx"])], check=True, capture_output=True, timeout=240)
    converted = tmp_path / "board-pack.pdf"
    assert converted.exists()
    for old in ART.glob("deck-slide-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(converted), str(ART / "deck-slide")], check=True, timeout=120)
    slides = sorted(ART.glob("deck-slide-*.png"))
    assert len(slides) == len(Presentation(files[".pptx"]).slides)
    assert all(mean_brightness(p) > 180 for p in slides), "a slide came out dark"
    said = pdf_text(converted)
    assert money_short(engine.compare(SAMPLE, SCENARIO).scenario.total_value, "GBP") in said


def test_chart_images_stay_light_with_streamlit_imported(pack, tmp_path):
    """Streamlit's default Plotly template renders exported images nearly black; ours set their own."""
    import streamlit  # noqa: F401

    from vmo_core.report import images

    made, warnings = images.render(pack, ["economics", "timeline-1"], tmp_path, scale=1)
    if warnings and not made:
        pytest.skip(f"no chart images on this machine: {warnings[0]}")
    assert set(made) == {"economics", "timeline-1"}
    assert all(mean_brightness(p) > 200 for p in made.values())


# ---------------------------------------------------------------- writing: all or nothing, and the command line


def test_a_failed_write_leaves_the_old_file_and_no_litter(pack, tmp_path, monkeypatch):
    from vmo_core.report import xlsx

    target = tmp_path / "pack.xlsx"
    target.write_bytes(b"the old pack")

    def broken(pack):
        raise RuntimeError("disk full")

    monkeypatch.setattr(xlsx, "build_workbook", broken)
    with pytest.raises(RuntimeError):
        write_report(pack, target)
    assert target.read_bytes() == b"the old pack"
    assert [p.name for p in tmp_path.iterdir()] == ["pack.xlsx"]


def test_an_unknown_ending_is_refused(pack, tmp_path):
    with pytest.raises(VmoError, match=r"\.docx"):
        write_report(pack, tmp_path / "pack.docx")
    assert not list(tmp_path.iterdir())


def test_the_command_line_writes_by_the_ending(tmp_path, capsys):
    out = tmp_path / "pack.xlsx"
    assert main(["report", str(ROOT / "data" / "sample"), "--out", str(out), "--json"]) == 0
    said = json.loads(capsys.readouterr().out)
    assert said["format"] == "xlsx" and said["warnings"] == [] and out.exists()
    book = openpyxl.load_workbook(out)
    assert "Changes" not in book.sheetnames  # no scenario: the plan as it stands
    value = next(r[1] for r in book["Summary"].iter_rows(values_only=True) if r[0] == "Value over the horizon")
    assert value == engine.schedule(SAMPLE).total_value
    assert main(["report", str(ROOT / "data" / "sample"), "--out", str(tmp_path / "pack.docx")]) == 2
    assert "expected .pptx, .xlsx or .pdf" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack.xlsx"]


def test_money_is_shown_with_the_currency_and_thousands_separators(pack):
    table = pack.table("Shadow prices")
    texts = table.text(table.rows[0], "GBP")
    assert texts[4] == money(table.rows[0][4], "GBP") and texts[4].startswith("£") and "," in texts[4]
    assert all(c.kind in NUMERIC or c.kind in ("text", "date", "rag") for t in pack.tables for c in t.columns)


# ---------------------------------------------------------------- the app's page


def test_the_board_pack_page_builds_a_download_of_the_session_scenario(tmp_path, monkeypatch):
    import io

    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    app.session_state["vmo.changes"] = [{"op": "stop", "project": "DQ"}]
    app.switch_page("views/boardpack.py").run()
    assert not app.exception, app.exception
    assert app.selectbox(key="boardpack.scenario").value == "session"
    app.radio(key="boardpack.format").set_value(".xlsx").run()
    app.button(key="boardpack.build").click().run()
    assert not app.exception and not app.error, (app.exception, app.error)
    assert [b.key for b in app.get("download_button")] == ["boardpack.download"]
    built = app.session_state["boardpack.built"]
    book = openpyxl.load_workbook(io.BytesIO(built["data"]))
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row[0]}
    expected = vmo_core.compare(SAMPLE, {"changes": [{"op": "stop", "project": "DQ"}]})
    assert summary["Net value change against today"] == expected.net_value_change
    assert built["name"].endswith(".xlsx")


def test_without_a_browser_the_files_are_written_and_say_why_charts_are_missing(pack, tmp_path, monkeypatch):
    import kaleido

    def no_browser(*args, **kwargs):
        raise RuntimeError("Chromium not found")

    monkeypatch.setattr(kaleido, "write_fig_from_object_sync", no_browser)
    warnings = write_report(pack, tmp_path / "pack.pptx")
    assert warnings and "make chromium" in warnings[0] and "Chromium not found" in warnings[0]
    prs = Presentation(tmp_path / "pack.pptx")
    texts = "\n".join(t for t in deck_texts(prs))
    assert "could not be drawn" in texts
    assert main(["report", str(ROOT / "data" / "sample"), "--out", str(tmp_path / "pack.pdf")]) == 0
    assert (tmp_path / "pack.pdf").stat().st_size > 10_000
