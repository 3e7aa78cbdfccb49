"""Writing the board pack: all or nothing, by the file's ending, from the command line, from
the app's page, and without a browser for the chart images.
"""

from __future__ import annotations

import json

import openpyxl
import pytest
from pptx import Presentation

import vmo_core
from tests.report.support import ROOT, SAMPLE, deck_texts
from vmo_core.cli import main
from vmo_core.errors import VmoError
from vmo_core.present.format import money
from vmo_core.report import write_report
from vmo_core.report.model import NUMERIC

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
    assert value == vmo_core.schedule(SAMPLE).total_value
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
    app.switch_page("vmo_app/views/boardpack.py").run()
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


def test_the_board_pack_page_tells_what_changed_since_the_last_review(tmp_path, monkeypatch):
    """The app's store holds the sample's history: the workbook has the review's slips and the register."""
    import io

    from streamlit.testing.v1 import AppTest

    db = tmp_path / "vmo.duckdb"
    assert main(["sample-history", "--db", str(db)]) == 0
    monkeypatch.setenv("VMO_DB", str(db))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
    app.switch_page("vmo_app/views/boardpack.py").run()
    app.radio(key="boardpack.format").set_value(".xlsx").run()
    app.button(key="boardpack.build").click().run()
    assert not app.exception and not app.error, (app.exception, app.error)
    book = openpyxl.load_workbook(io.BytesIO(app.session_state["boardpack.built"]["data"]))
    assert {"Since the last review", "Decisions"} <= set(book.sheetnames)
    decisions = [row for row in book["Decisions"].iter_rows(min_row=5, values_only=True) if row[0]]
    assert [row[2] for row in decisions] == ["Steering committee"]


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
