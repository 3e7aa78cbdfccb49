"""The pack as a board paper, read back from its files: the title names the portfolio and the
date, never a file; the summary of asks (each with its money) and red flags comes right
after it; what changed since the last review and the decisions taken come from a store's
history; the big tables wait for the appendix; every slide has notes a presenter can read.
"""

from __future__ import annotations

import io
import re
import shutil

import openpyxl
import pytest
from pptx import Presentation

import vmo_core
from tests.report.support import ROOT, SAMPLE, SCENARIO, deck_texts, pdf_text, short
from vmo_core.decisions.slips import changes
from vmo_core.model.portfolio import week_of
from vmo_core.present.format import ordinal
from vmo_core.report import build_pack
from vmo_core.report.content import portfolio_name
from vmo_core.report.pdf import build_document
from vmo_core.report.pptx import build_deck
from vmo_core.store.duckdb_store import snapshots

# A new project first in the list, Atlas's twin: not a proposal, so the pack keeps it where the scenario puts it
# (a proposal is put where its intake recommends), and the regulatory reporting lands after its deadline.
TWIN = {"id": "TWIN", "name": "Atlas Twin", "status": "approved", "duration_weeks": 10, "value_per_week": 40000}
TWIN["demands"] = {"DATA": 3, "DEV": 4}
ATLAS_FIRST = {"name": "Atlas first", "changes": [{"op": "add", "project": TWIN, "position": 1}]}
NO_PICTURES = dict  # the deck and the PDF without chart images: what they say, not how they look


def slide_texts(slide) -> str:
    texts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            texts.append(shape.text_frame.text)
        if shape.has_table:
            texts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(texts)


def title_of(slide) -> str:
    """A slide's title: its first text box (the title slide's is the portfolio's name)."""
    return next(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame and shape.text_frame.text)


def every_text(prs) -> str:
    """All a deck says: slides, tables, chart titles, categories and labels, and the notes."""
    texts = deck_texts(prs)
    for slide in prs.slides:
        texts.append(slide.notes_slide.notes_text_frame.text)
        for shape in slide.shapes:
            if shape.has_chart:
                chart = shape.chart
                texts.append(chart.chart_title.text_frame.text if chart.has_title else "")
                texts += [str(c) for c in chart.plots[0].categories]
    return "\n".join(texts)


def workbook_text(data: bytes | str) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data) if isinstance(data, bytes) else data)
    return "\n".join(
        str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)
    )


def paths_in(text: str, *also: str) -> list[str]:
    """What in `text` looks like a file-system path: a slash, a data folder, a database file, a named folder."""
    found = [m for m in ("/", "\\", "data/", ".duckdb", *also) if m in text]
    return found + re.findall(r"\S*/\S*", text)[:3]


# ---------------------------------------------------------------- from a store: the history


def since_last_review(db):
    """`changes` between the snapshot before the newest and the newest, computed apart from the pack."""
    known = [s.id for s in snapshots(db)]
    return changes(vmo_core.load(f"{db}@{known[-2]}"), vmo_core.load(db))


def test_a_store_with_two_snapshots_gives_a_since_the_last_review_slide(history_files):
    db, files = history_files
    prs = Presentation(files[".pptx"])
    titles = [title_of(s) for s in prs.slides]
    assert titles[1].startswith("Summary"), titles
    assert titles[2] == "Since the last review" and titles[3] == "The decisions taken", titles
    found = since_last_review(db)
    review = slide_texts(prs.slides[2])
    assert f"{short(found.value_delayed)} of value has been delayed" in review
    worst = found.slipped[0]
    assert worst.name[:20] in review and f"+£{worst.slip_cost:,.0f}" in review
    decisions = slide_texts(prs.slides[3])
    assert "Steering committee" in decisions
    book = openpyxl.load_workbook(files[".xlsx"])
    sheet = book["Since the last review"]
    delayed = [row[5] for row in sheet.iter_rows(min_row=5, values_only=True) if row[0]]
    assert sum(delayed) == pytest.approx(found.value_delayed, abs=1e-6)  # every slip, the exact figures
    assert "Decisions" in book.sheetnames
    pdf = " ".join(pdf_text(files[".pdf"]).split())
    assert pdf.index("Summary") < pdf.index("Since the last review") < pdf.index("The decisions taken")


def test_a_folder_has_no_review_slide(files):
    prs = Presentation(files[".pptx"])
    assert not [s for s in prs.slides if title_of(s) in ("Since the last review", "The decisions taken")]
    assert "Since the last review" not in openpyxl.load_workbook(files[".xlsx"]).sheetnames


def test_no_file_system_path_anywhere(history_files):
    db, files = history_files
    where = (str(db.parent), db.name, "history.duckdb", "tmp")
    deck = every_text(Presentation(files[".pptx"]))
    assert not paths_in(deck, *where), paths_in(deck, *where)
    pdf = pdf_text(files[".pdf"])
    assert not paths_in(pdf, *where), paths_in(pdf, *where)
    book = workbook_text(str(files[".xlsx"]))
    assert not paths_in(book, *where), paths_in(book, *where)


def test_every_slide_has_notes_a_presenter_can_read(history_files):
    prs = Presentation(history_files[1][".pptx"])
    for number, slide in enumerate(prs.slides, start=1):
        notes = slide.notes_slide.notes_text_frame.text.strip()
        assert len(notes) > 40 and notes.endswith("."), f"slide {number}: {notes!r}"


# ---------------------------------------------------------------- the summary, right after the title


def test_the_summary_with_the_asks_and_money_comes_right_after_the_title(files, core):
    prs = Presentation(files[".pptx"])
    cover, summary = slide_texts(prs.slides[0]), slide_texts(prs.slides[1])
    assert "Board pack as of 30 Nov 2026" in cover and portfolio_name(SAMPLE) in cover
    assert "Decisions requested" in summary and "Red flags" in summary
    net = short(core["comparison"].net_value_change, signed=True)
    place = ordinal(core["intakes"]["ATLAS"].best.position)  # where the evidence puts the proposal it adds
    adopt = f"Adopt the scenario \u201c{SCENARIO.name}\u201d, with Atlas Digital Twin {place} in the list"
    assert f"{adopt}, where the intake evidence puts it: net value {net}" in " ".join(summary.split())
    top = core["interventions"][0]
    assert f"net value {short(top.net_value_change, signed=True)}" in summary
    accepted = {c["project"] for c in SCENARIO.changes if c["op"] == "add"}  # its ask is the scenario's own
    waiting = [x for p, x in core["intakes"].items() if p not in accepted and x.recommendation != "decline"]
    best = max(waiting, key=lambda x: x.best.net_value_change)
    assert f"Accept {best.name}" in summary and short(best.best.net_value_change, signed=True) in summary
    report = core["constraints"]
    pool = report.pool(report.constraint)
    assert f"{pool.name} holds the portfolio back" in summary and short(pool.shadow_price) in summary
    assert f"past delivery makes {short(core['forecast'].p50)} likely" in summary  # the plan against P50
    pdf = " ".join(pdf_text(files[".pdf"]).split())
    first = pdf.split("page 1")[0]
    assert "Decisions requested" in first and short(core["comparison"].net_value_change, signed=True) in first
    assert "In brief" not in pdf


@pytest.fixture(scope="module")
def missed():
    """Atlas first in the list: the regulatory reporting lands after its deadline."""
    return build_pack(SAMPLE, ATLAS_FIRST)


def test_a_missed_deadline_is_named_on_the_summary_with_its_penalty(missed, tmp_path):
    regulatory = SAMPLE.project("REGRPT")
    lands = vmo_core.compare(SAMPLE, ATLAS_FIRST).scenario.by_id["REGRPT"].finish_week
    assert lands > week_of(regulatory.deadline, SAMPLE.settings.as_of), "the case needs the deadline missed"
    summary = slide_texts(build_deck(missed, NO_PICTURES).slides[1])
    flag = f"{regulatory.name} misses its deadline of 29 Oct 2027"
    assert flag in " ".join(summary.split()) and short(regulatory.late_penalty) in summary
    (tmp_path / "missed.pdf").write_bytes(bytes(build_document(missed, {}).output()))
    text = pdf_text(tmp_path / "missed.pdf")
    assert flag in " ".join(text.split()).split("page 1")[0]


def test_a_deadline_just_met_is_at_risk_not_missed(files):
    """The plan as it stands delivers the regulatory reporting in its deadline's week."""
    pack = build_pack(SAMPLE, None)
    flags = dict(pack.summary.lists)["Red flags"]
    regulatory = SAMPLE.project("REGRPT")
    assert any(f.startswith(f"{regulatory.name} is delivered") and "in its deadline's week" in f for f in flags), flags
    assert not any("misses its deadline" in f for f in flags)


# ---------------------------------------------------------------- the appendix, and the title's name


def test_no_table_longer_than_a_slide_before_the_appendix(history_files):
    prs = Presentation(history_files[1][".pptx"])
    titles = [title_of(s) for s in prs.slides]
    appendix = titles.index("Appendix")
    for number, slide in enumerate(list(prs.slides)[:appendix], start=1):
        continued = re.search(r"\(\d+ of \d+\)$", titles[number - 1])  # a slide of several: only the timeline's images
        assert not continued or "timeline" in titles[number - 1], titles[number - 1]
        for shape in slide.shapes:
            if shape.has_table:
                bottom = shape.top + sum(row.height for row in shape.table.rows)
                assert bottom < prs.slide_height, f"slide {number}: a table runs off the slide"
    headers = [
        tuple(c.text for c in shape.table.rows[0].cells)
        for slide in list(prs.slides)[:appendix]
        for shape in slide.shapes
        if shape.has_table
    ]
    assert len(headers) == len(set(headers)), "a table goes on over two slides before the appendix"
    assert any(t.startswith("Appendix: benefits RAG table") for t in titles[appendix:])


def test_the_title_is_the_portfolios_name_from_its_settings(tmp_path):
    folder = tmp_path / "named"
    shutil.copytree(ROOT / "data" / "sample", folder)
    with (folder / "settings.csv").open("a", encoding="utf-8") as settings:
        settings.write("name,Riverside Water\n")
    pf = vmo_core.load(folder)
    assert portfolio_name(pf) == "Riverside Water" and portfolio_name(SAMPLE) == "Portfolio"
    pack = build_pack(pf, None)
    assert title_of(build_deck(pack, NO_PICTURES).slides[0]) == "Riverside Water"
    assert dict((label, value) for label, value, _ in pack.assumptions)["Portfolio"] == "Riverside Water"
