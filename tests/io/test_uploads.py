"""Uploads checked as an import is, edits checked the same way, downloads that import back
unchanged: the work behind the Data page (vmo_core.uploads, vmo_core.export), without Streamlit.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import vmo_core
from vmo_core.io import export, uploads
from vmo_core.io.export import write_xlsx

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DIR = ROOT / "data" / "sample"
SAMPLE = vmo_core.load(SAMPLE_DIR)


def sample_files() -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in SAMPLE_DIR.glob("*.csv")}


# ---------------------------------------------------------------- uploads


def test_a_clean_csv_upload_is_the_sample():
    pf, problems = uploads.validate_uploads(sample_files())
    assert problems == []
    assert pf == SAMPLE
    assert pf.source.startswith("upload of ")


def test_a_clean_xlsx_upload_is_the_sample(tmp_path):
    write_xlsx(SAMPLE, tmp_path / "Board pack data.xlsx")
    pf, problems = uploads.validate_uploads({"Board pack data.xlsx": (tmp_path / "Board pack data.xlsx").read_bytes()})
    assert problems == []
    assert pf == SAMPLE


def test_file_names_are_read_without_regard_to_case():
    files = {name.upper().replace(".CSV", ".csv"): data for name, data in sample_files().items()}
    assert uploads.validate_uploads(files) == (SAMPLE, [])


def test_a_bad_upload_names_file_row_and_column_and_loads_nothing():
    files = sample_files()
    lines = files["projects.csv"].decode().splitlines()
    assert lines[2].startswith("CRM,")  # row 3 as a spreadsheet shows it
    cells = lines[2].split(",")
    cells[4] = "-3"  # duration_weeks
    lines[2] = ",".join(cells)
    files["projects.csv"] = ("\n".join(lines) + "\n").encode()
    files["demands.csv"] += b"CRM,NOBODY,2\n"
    pf, problems = uploads.validate_uploads(files)
    assert pf is None
    where = {(p.file, p.row, p.column) for p in problems}
    assert ("projects.csv", 3, "duration_weeks") in where
    rows = len(files["demands.csv"].decode().splitlines())
    assert ("demands.csv", rows, "pool_id") in where
    assert any("NOBODY" in p.message for p in problems)


def test_an_upload_missing_files_says_which():
    pf, problems = uploads.validate_uploads({"projects.csv": sample_files()["projects.csv"]})
    assert pf is None
    assert {p.file for p in problems} >= {"settings.csv", "pools.csv", "demands.csv"}
    assert all("missing file" in p.message for p in problems)


def test_a_damaged_workbook_and_a_mixed_upload_are_problems():
    pf, problems = uploads.validate_uploads({"plan.xlsx": b"not a workbook"})
    assert pf is None and problems[0].file == "plan.xlsx" and "not a readable .xlsx" in problems[0].message
    pf, problems = uploads.validate_uploads({**sample_files(), "plan.xlsx": b""})
    assert pf is None and "single .xlsx" in problems[0].message


def test_files_not_named_like_a_portfolio_file_are_reported():
    assert uploads.unrecognised_uploads(["projects.csv", "Projets.csv", "notes.csv", "plan.xlsx"]) == ["Projets.csv", "notes.csv"]


# ---------------------------------------------------------------- edits


def test_an_unedited_table_saves_back_to_the_same_portfolio():
    for table in ("projects", "pools"):
        frame = uploads.editable_frame(SAMPLE, table)
        assert list(frame.index[:2]) == [2, 3]  # rows numbered as a spreadsheet shows them
        assert uploads.validate_edit(SAMPLE, table, frame) == (SAMPLE, [])


def test_an_edit_changes_exactly_that_cell():
    frame = uploads.editable_frame(SAMPLE, "pools")
    frame.loc[2, "capacity_fte"] = 9.5
    pf, problems = uploads.validate_edit(SAMPLE, "pools", frame)
    assert problems == []
    assert pf.pools[0].capacity_fte == 9.5
    assert pf.pools[1:] == SAMPLE.pools[1:] and pf.projects == SAMPLE.projects


def test_a_bad_edit_names_the_row_on_the_screen_and_saves_nothing():
    frame = uploads.editable_frame(SAMPLE, "projects")
    frame.loc[4, "duration_weeks"] = 0
    frame.loc[5, "status"] = "someday"
    pf, problems = uploads.validate_edit(SAMPLE, "projects", frame)
    assert pf is None
    assert {(p.file, p.row, p.column) for p in problems} == {
        ("projects (edited)", 4, "duration_weeks"),
        ("projects (edited)", 5, "status"),
    }


def test_deleting_a_pool_still_in_use_is_a_problem_in_demands():
    frame = uploads.editable_frame(SAMPLE, "pools").drop(index=2)
    pf, problems = uploads.validate_edit(SAMPLE, "pools", frame)
    assert pf is None
    assert problems and all(p.file == "demands.csv" and p.column == "pool_id" for p in problems)


# ---------------------------------------------------------------- downloads


def test_the_downloads_upload_back_unchanged():
    assert uploads.validate_uploads({"portfolio.xlsx": export.xlsx_bytes(SAMPLE)}) == (SAMPLE, [])
    with zipfile.ZipFile(io.BytesIO(export.csv_zip_bytes(SAMPLE))) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    assert "projects.csv" in files
    assert uploads.validate_uploads(files) == (SAMPLE, [])
