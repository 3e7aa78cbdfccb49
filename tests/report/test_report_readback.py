"""The pack read back from its files, as the board reads it: the text of every slide (tables,
chart titles, categories and labels) and every note, every PDF page (pdftotext) and every
workbook cell. Every proposal the evidence recommends is asked for, at the one place it
recommends, wherever the pack names it; the asks say what they give together; no id, code
or JSON; no name cut with an ellipsis; value and spend said on one basis; sponsors shown.
"""

from __future__ import annotations

import re
import shutil

import openpyxl
import pytest
from pptx import Presentation

import vmo_core
from tests.report.support import ART, ROOT, SAMPLE, pdf_text, short
from tests.report.test_report_board import every_text
from vmo_core.decisions.intake import intake
from vmo_core.present.format import ordinal
from vmo_core.report import build_pack, write_report
from vmo_core.report.summary import ASKS

CODE = ("resequence", "add_capacity", "accept_elsewhere", "to_front", '"op"', "{'", '{"', "CD3", "Delay cost")
CUT = ("\u2026", "...")
NAMES = [p.label for p in SAMPLE.projects] + [p.label for p in SAMPLE.pools]


def hidden_ids() -> set[str]:
    """The ids of the sample's projects and pools that no name holds as a word (CRM is in 'Customer CRM Replacement')."""
    ids = {p.id for p in SAMPLE.projects} | {p.id for p in SAMPLE.pools}
    return {i for i in ids if not any(re.search(rf"\b{re.escape(i)}\b", name) for name in NAMES)}


def book_cells(path) -> list[tuple[str, str]]:
    """(column heading, text) of every text cell of every sheet, the heading from the row of bold cells above."""
    found = []
    for sheet in openpyxl.load_workbook(path).worksheets:
        heads: dict[int, str] = {}
        for row in sheet.iter_rows():
            if any(c.font is not None and c.font.bold and isinstance(c.value, str) for c in row):
                heads = {c.column: str(c.value) for c in row if c.value is not None}
                continue
            found += [(heads.get(c.column, ""), c.value) for c in row if isinstance(c.value, str)]
    return found


def read(files) -> dict[str, str]:
    deck = every_text(Presentation(files[".pptx"]))
    book = "\n".join(text for _, text in book_cells(files[".xlsx"]))
    return {".pptx": deck, ".pdf": " ".join(pdf_text(files[".pdf"]).split()), ".xlsx": book}


def asks_on_the_deck(path) -> str:
    """The summary slide's list of decisions."""
    for slide in Presentation(path).slides:
        shapes = [s for s in slide.shapes if s.has_text_frame]
        for n, shape in enumerate(shapes):
            if shape.text_frame.text == ASKS:
                return shapes[n + 1].text_frame.text
    raise AssertionError("no list of decisions on the deck")


@pytest.fixture(scope="module")
def plain_files():
    """The sample's pack as it stands (no scenario), in the three formats."""
    pack = build_pack(SAMPLE)
    written = {}
    ART.mkdir(parents=True, exist_ok=True)
    for suffix in (".pptx", ".pdf", ".xlsx"):
        written[suffix] = ART / f"plain-pack{suffix}"
        write_report(pack, written[suffix])
    return written


def places_said(text: str, name: str) -> set[str]:
    """Every place the text gives the proposal: the first ordinal after its name, before any other figure."""
    return {m.group(1) for m in re.finditer(rf"{re.escape(name)}\D{{0,45}}?\b(\d+(?:st|nd|rd|th))\b", text)}


def test_every_recommended_proposal_is_asked_at_its_one_place(plain_files):
    asks = asks_on_the_deck(plain_files[".pptx"])
    texts = read(plain_files)
    recommended = 0
    for proposal in (p for p in SAMPLE.projects if p.status == "proposed"):
        result = intake(SAMPLE, proposal.id)
        if result.recommendation == "decline":
            assert f"Decline {proposal.label}" in " ".join(asks.split()) or "Decline" in asks
            continue
        recommended += 1
        place = ordinal(result.best.position)
        ask = f"Accept {proposal.label} {place} in the list: net value {short(result.best.net_value_change, signed=True)}."
        assert ask in asks.split("\n"), f"{ask!r} is not among the asks:\n{asks}"
        for suffix, text in texts.items():
            assert places_said(text, proposal.label) <= {place}, f"{suffix}: {proposal.label} at another place than {place}"
    assert recommended == 4  # every one of the sample's four, not two


def test_the_asks_say_what_they_give_together(files, plain_files, core):
    net, total = core["together"]
    asks = " ".join(asks_on_the_deck(files[".pptx"]).split())
    said = (
        f"Adopted together, the 5 asks that add value give net value {short(net, signed=True)} against today's plan, "
        f"not the sum {short(total, signed=True)}: they interact"
    )
    assert said in asks
    plain = " ".join(asks_on_the_deck(plain_files[".pptx"]).split())
    assert re.search(r"Adopted together, the 5 asks that add value give net value [+-]£[\d.]+[Mk]? against today's plan", plain)


def test_a_scenario_pack_names_one_place_for_the_proposal_it_adds(files, core):
    atlas = core["intakes"]["ATLAS"]  # weighed against today's plan, at the place the scenario gave it
    place = ordinal(atlas.best.position)
    asks = " ".join(asks_on_the_deck(files[".pptx"]).split())
    assert f"with Atlas Digital Twin {place} in the list, where the intake evidence puts it" in asks
    for suffix, text in read(files).items():
        assert places_said(text, "Atlas Digital Twin") == {place}, suffix


@pytest.fixture(scope="module")
def store_files(request):
    """From a store with history, for the scenario: what changed since the last review and the decisions taken too."""
    return request.getfixturevalue("history_files")[1]


@pytest.mark.parametrize("which", ["files", "plain_files", "store_files"])
def test_no_id_code_json_or_cut_name_anywhere(which, request):
    files = request.getfixturevalue(which)
    ids = hidden_ids()
    assert {"DLAKE", "ATLAS", "BOREALIS", "DATA"} <= ids
    for suffix, text in read(files).items():
        if suffix == ".xlsx":  # the workbook keeps ids for matching rows to the source files, in columns headed Id
            text = "\n".join(t for head, t in book_cells(files[".xlsx"]) if head != "Id")
        shown = sorted(i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text))
        assert not shown, f"{suffix}: ids {shown}"
        assert not [c for c in CODE if c in text], f"{suffix}: {[c for c in CODE if c in text]}"
        assert not [c for c in CUT if c in text], f"{suffix}: a cut name"
        assert "week by week" not in text, f"{suffix}: a running total titled weekly"
        assert not re.search(r"(?:delivered|Delivered)\s+never", text), suffix


def test_value_and_spend_are_said_on_one_basis_with_sponsors(plain_files):
    texts = read(plain_files)
    note = "Value is discounted at 8% a year; spend is not: it is counted in full, as paid."
    assert note in " ".join(texts[".pptx"].split()) and note in texts[".pdf"]
    assert "undiscounted, as paid" in texts[".xlsx"]
    sponsors = {p.sponsor for p in SAMPLE.projects if p.sponsor}
    assert sponsors and all(any(s in text for s in sponsors) for text in texts.values())
    heads = {head for head, _ in book_cells(plain_files[".xlsx"])}
    assert "Sponsor" in heads


@pytest.mark.parametrize("which", ["files", "plain_files", "store_files"])
def test_no_heading_is_left_at_the_foot_of_a_pdf_page(which, request, pack):
    files = request.getfixturevalue(which)
    headings = {s.title for s in pack.sections} | {ASKS, "Red flags", "What to say", "Assumptions", "Scenario changes, in order"}
    headings |= {f"Appendix: {t}" for t in ("benefits RAG table", "stop or continue", "the schedule")}
    pages = pdf_text(files[".pdf"]).split("\f")
    for number, page in enumerate(pages[:-1], start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        body = [line for line in lines if "· page " not in line]  # the footer
        if not body:  # a chart image's page
            continue
        stranded = [line for line in body[-1:] if line in headings]
        stranded += [line for line in body[-3:] if line.startswith("Appendix: ")]  # a title and its lead, the table over the page
        assert not stranded, f"page {number} ends with {stranded}: its heading stands apart from what it heads"


def test_a_proposal_the_evidence_declines_is_asked_to_be_declined_with_no_place(tmp_path):
    folder = tmp_path / "sample"
    shutil.copytree(ROOT / "data" / "sample", folder)
    projects = folder / "projects.csv"
    projects.write_text(re.sub(r"(?m)^(HYDRO,[^,]*,proposed,[^,]*,[^,]*,)\d+", r"\g<1>50", projects.read_text()))
    pf = vmo_core.load(folder)
    assert intake(pf, "HYDRO").recommendation == "decline"
    pack = build_pack(pf)
    asks = dict(pack.summary.lists)[ASKS]
    assert any(a.startswith("Decline Hydrogen Blending Pilot (it loses ") for a in asks)
    assert not any("Accept Hydrogen" in a for a in asks)
    said = " ".join(pack.sentences())
    assert "CD3" not in said and "decline Hydrogen Blending Pilot, even at the best place" in said
    (row,) = [r for r in pack.table("Intake").rows if r[0] == "HYDRO"]
    assert row[4] == "Decline"
