"""Every renderer of the board pack writes every name (issue 25, finding 7): a portfolio whose
names hold line breaks (Alt+Enter in Excel; the .pptx failed with "raqm_layout() failed"), tabs,
NUL, a terminal's escape sequences, direction overrides and 200-character names (a name of
10,000 failed the .pdf; names are bounded at 200 where they are read), named so itself and with a
scenario named so, is written as a .pptx, a .pdf and an .xlsx whose texts fit their boxes and
hold the names as they are read.
"""

from __future__ import annotations

import re

import openpyxl
import pytest
from pptx import Presentation

import vmo_core
from tests.names_support import LONG, NAMES, hostile_folder
from tests.report.support import GENERATED, deck_texts, pdf_text
from tests.report.test_report_files import test_every_text_fits_its_box as assert_every_text_fits
from vmo_core.engine.scenario import read_scenario
from vmo_core.report import build_pack, write_report

CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = hostile_folder(tmp_path_factory.mktemp("names") / "pf")
    pack = build_pack(vmo_core.load(folder), read_scenario(folder.parent / "s.json"), generated=GENERATED)
    files = {suffix: folder.parent / f"pack{suffix}" for suffix in (".pptx", ".pdf", ".xlsx")}
    for path in files.values():
        assert write_report(pack, path) == [], path.name
    return pack, files


def test_the_pack_holds_the_names_as_read(written):
    pack, _ = written
    assert pack.title == "Board portfolio"
    assert pack.scenario_name == "Accept Atlas" and ("Scenario", "Accept Atlas", "text") in pack.assumptions


def test_the_deck_says_the_names_and_fits_them(written):
    pack, files = written
    texts = "\n".join(deck_texts(Presentation(files[".pptx"])))
    assert "Board portfolio" in texts and CONTROLS.findall(texts) == []
    assert_every_text_fits({".pptx": files[".pptx"]})


def test_the_pdf_says_the_names(written):
    _, files = written
    text = pdf_text(files[".pdf"])
    assert (
        "Board portfolio" in text and CONTROLS.findall(text.replace("\x0c", "")) == []
    )  # pdftotext ends a page with a form feed


def test_the_workbook_keeps_the_names_as_read(written):
    _, files = written
    cells = {
        str(c.value) for sheet in openpyxl.load_workbook(files[".xlsx"]).worksheets for row in sheet.iter_rows() for c in row
    }
    read = {name for _, name in NAMES}
    assert read & cells and LONG in cells and not any(CONTROLS.search(c) for c in cells)
