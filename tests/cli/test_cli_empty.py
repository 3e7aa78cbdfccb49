"""An empty portfolio (no project scheduled, and one with no pool either) and a one-project one:
every command gives a sensible answer or a clear message, and the board pack is written in
every format and says what the plan is (before, the deck failed on an empty chart and the PDF
said "Red flags: None")."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import openpyxl
import pytest
from pptx import Presentation

from tests.cli_support import call, strict_json
from tests.small import KINDS, small_portfolio
from tests.tools import require_tool


@pytest.fixture(scope="module")
def portfolios(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("small")
    made = {}
    for kind in KINDS:
        made[kind] = small_portfolio(root / kind, kind)
    return made


SCENARIO = {"name": "One more data engineer", "changes": [{"op": "capacity", "pool": "DATA", "capacity_fte": 7}]}

# command: what it must say on the empty portfolio, and on the one-project one
SAID = {
    "schedule": ("No project is active or approved, so nothing is scheduled", "Operational Data Lake"),
    "compare": ("no work waits for people there", "no work waits for people there"),
    "optimise": ("already the best found: £0", "already the best found: £2.3M"),
    "constraints": ("No pool holds value back", "No pool holds value back"),
    "stop-ranking": ("nothing to stop", "Stopping Operational Data Lake would be missed least"),
    "interventions": ("No single intervention adds value", "Put more people on Operational Data Lake"),
    "benefits": ("No project carries a business-case promise", "Operational Data Lake"),
    "forecast": ("the forecast equals the plan: £0", "the forecast equals the plan: £2.3M"),
}
EXTRA = {"compare": ["--scenario", "SCENARIO"], "optimise": ["--time-limit", "5", "--evaluations", "200"]}


@pytest.mark.parametrize("kind", ["empty", "one"])
@pytest.mark.parametrize("command", sorted(SAID))
def test_every_command_answers_a_small_portfolio(portfolios, kind, command, capsys, tmp_path):
    scenario = tmp_path / "scenario.json"
    scenario.write_text(json.dumps(SCENARIO))
    extra = [str(scenario) if a == "SCENARIO" else a for a in EXTRA.get(command, [])]
    code, out, err = call(capsys, command, portfolios[kind], *extra)
    assert (code, err) == (0, ""), err
    assert SAID[command][kind == "one"] in out
    code, out, err = call(capsys, command, portfolios[kind], *extra, "--json")
    assert code == 0 and isinstance(strict_json(out), dict)


@pytest.mark.parametrize("kind", ["empty", "one"])
def test_intake_with_no_proposal_says_there_is_none(portfolios, kind, capsys):
    code, out, err = call(capsys, "intake", portfolios[kind], "--proposal", "ATLAS")
    assert code == 2 and out == ""
    assert "'ATLAS' is not a proposal waiting for intake: this portfolio has none" in err
    assert "status 'proposed'" in err


def _deck_text(path: Path) -> str:
    texts = []
    for slide in Presentation(path).slides:
        texts += [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        texts += [c.text for s in slide.shapes if s.has_table for row in s.table.rows for c in row.cells]
        texts.append(slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else "")
    return "\n".join(texts)


def _pdf_text(path: Path) -> str:
    pdftotext = require_tool("pdftotext (poppler-utils)", "pdftotext")
    return subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True).stdout


def _book_text(path: Path) -> str:
    book = openpyxl.load_workbook(path)
    return "\n".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v is not None)


READ = {".pptx": _deck_text, ".pdf": _pdf_text, ".xlsx": _book_text}
FLAG = {
    "empty": "No project is active or approved: the plan delivers nothing until one is accepted.",
    "no-pool": "No project is active or approved: the plan delivers nothing until one is accepted.",
    "one": "Operational Data Lake",
}


@pytest.mark.parametrize("suffix", [".pptx", ".pdf", ".xlsx"])
@pytest.mark.parametrize("kind", ["empty", "no-pool", "one"])
def test_the_board_pack_of_a_small_portfolio_is_written_and_says_so(portfolios, kind, suffix, capsys, tmp_path):
    out = tmp_path / f"pack{suffix}"
    code, said, err = call(capsys, "report", portfolios[kind], "--out", out)
    assert (code, err) == (0, ""), err
    assert "Wrote the board pack" in said
    text = " ".join(READ[suffix](out).split())  # the lines a PDF wraps, joined
    assert FLAG[kind] in text
    assert "None." not in text  # never a bare "Red flags: None.": what there is, or why there is none, is said
    if kind != "one":
        assert "nothing is scheduled, so the plan has no decision to ask" in text
    elif suffix != ".xlsx":  # one project and no flag: why there is none
        assert "no deadline is at risk, no pool holds the plan back and past delivery gives no warning" in text
    if kind == "no-pool" and suffix != ".xlsx":
        assert "no resource pool, so no constraint can be priced" in text
