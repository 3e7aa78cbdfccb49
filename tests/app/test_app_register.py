"""The Data page's register step (vmo_app/register.py): the mapping as editable tables and
back, kept beside the database for next time, and the page drawn with the step in it.

File uploads and the data editor cannot be driven by AppTest; the core's checks behind them
are tested in tests/io/test_register.py and test_mspdi.py, and the bytes-in helpers below.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.support import on, shown
from tests.io.mspdi_support import ASSIGNMENTS, RESOURCES, TASKS, project_xml
from tests.io.register_support import completed, register_rows, write_register
from vmo_core.io import register_uploads
from vmo_core.io.loading import load
from vmo_core.io.register_mapping import Mapping, PoolColumn, mapping_from_dict
from vmo_core.io.register_suggest import suggest_mapping

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = load(ROOT / "data" / "sample")


@pytest.fixture
def ui(tmp_path, monkeypatch):
    (tmp_path / "var").mkdir()  # the app makes no folder VMO_DB names
    monkeypatch.setenv("VMO_DB", str(tmp_path / "var" / "vmo.duckdb"))
    from vmo_app import register

    return register


def test_the_tables_a_person_edits_give_back_the_mapping(ui):
    headers, _ = register_rows(SAMPLE)
    mapping = completed(suggest_mapping(headers), SAMPLE)
    document = ui.mapping_document(ui.columns_frame(mapping), ui.pools_frame(mapping), kept=mapping, settings=mapping.settings)
    assert mapping_from_dict(document) == mapping


def test_an_emptied_row_leaves_its_field_unmapped_and_a_missing_capacity_is_the_cores_to_name(ui):
    mapping = Mapping(columns={"id": "Ref", "name": "Title"}, pools=(PoolColumn("Dev FTE", "DEV", "Dev", 4.0),))
    columns, pools = ui.columns_frame(mapping), ui.pools_frame(mapping)
    columns.loc[columns["Field"] == "name", "Column"] = ""
    pools.loc[0, "Capacity FTE"] = None
    document = ui.mapping_document(columns, pools, kept=mapping, settings={"as_of": dt.date(2027, 1, 4)})
    read = mapping_from_dict(document)
    assert read.columns == {"id": "Ref"}
    assert read.pools[0].capacity_fte is None  # loading names pools[1].capacity_fte


def test_the_mapping_is_kept_beside_the_database_for_a_register_with_its_columns(ui, tmp_path):
    headers, _ = register_rows(SAMPLE)
    mapping = completed(suggest_mapping(headers), SAMPLE)
    ui.keep(mapping)
    assert ui.saved_mapping_path() == tmp_path / "var" / "register-mapping.json"
    assert ui.kept_mapping(headers) == mapping
    assert ui.kept_mapping(["Ref", "Something else"]) is None  # another register: suggested afresh


def test_a_register_and_a_project_file_are_checked_from_their_bytes(tmp_path):
    headers, rows = register_rows(SAMPLE)
    data = write_register(tmp_path / "r.xlsx", headers, rows).read_bytes()
    assert register_uploads.uploaded_headers("My Register.xlsx", data)[0] == headers
    new, problems = register_uploads.check_register("My Register.xlsx", data, completed(suggest_mapping(headers), SAMPLE))
    assert problems == [] and new.source == "register My Register.xlsx" and len(new.projects) == 45
    _, problems = register_uploads.check_register("My Register.xlsx", data, suggest_mapping(headers))
    assert {p.column for p in problems} >= {"settings.as_of", "pools[1].capacity_fte"}

    xml = project_xml(TASKS, RESOURCES, ASSIGNMENTS).encode()
    assert register_uploads.project_file_fields("plan.xml", xml) == (("Annual benefit",), dt.date(2027, 1, 4))
    new, report, problems = register_uploads.check_project_file("plan.xml", xml)
    assert problems == [] and [p.id for p in new.projects] == ["DP", "CA", "SR"] and report.projects == 3
    _, _, problems = register_uploads.check_project_file("plan.xml", b"<Project><Tasks>")
    assert problems[0].file == "plan.xml" and "is not readable XML" in problems[0].message


def test_the_data_page_offers_the_register_step(ui):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    on(app, "data.py")
    assert not app.exception
    assert "A project register (one sheet) or an MS Project file" in [shown(e.label) for e in app.expander]


def test_the_register_step_names_its_own_controls_not_the_mappings_keys(ui):
    from vmo_core.errors import Problem

    capacity = Problem("mapping", None, "pools[2].capacity_fte", "team 'Development' has no capacity; expected its FTE")
    said = ui._said_here(capacity)
    assert (said.file, said.row, said.column) == ("the teams above", 2, "Capacity FTE")
    ambiguous = Problem(
        "change-portfolio.xlsx sheet Register",
        5,
        "Start",
        "'02/11/2026' could be 2 November 2026 or 11 February 2026; write it as 2026-11-02 or 2026-02-11, or "
        'add "date_order": "DMY" (day first) or "MDY" to the mapping\'s settings',
    )
    assert ui._said_here(ambiguous).message.endswith("or choose the register's date order above (day first or month first)")
    left = ui.left_out_lines([(None, "hidden column H ('Old score')"), (4, "a section heading ('Customer')")])
    assert left == ["Hidden column H ('Old score')", "Row 4: a section heading ('Customer')"]
