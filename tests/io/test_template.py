"""The template workbook: instructions, an example row a sheet, drop-downs, and it imports back as it is."""

from __future__ import annotations

import dataclasses

import openpyxl
import pytest

from vmo_core.engine.evaluation import schedule
from vmo_core.errors import VmoError
from vmo_core.io.loading import load
from vmo_core.io.schema import SCHEMA
from vmo_core.io.template import example_portfolio, write_template


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return write_template(tmp_path_factory.mktemp("template") / "template.xlsx")


def test_the_template_imports_back_as_it_is_and_schedules(template):
    pf = load(template)
    assert dataclasses.replace(pf, source="") == dataclasses.replace(example_portfolio(), source="")
    plan = schedule(pf)
    assert [(p.id, p.start_week, p.finish_week) for p in plan.projects] == [("EXAMPLE", 0, 10)]
    assert plan.total_value > 0


def test_instructions_first_then_one_sheet_per_file_with_its_header(template):
    book = openpyxl.load_workbook(template)
    assert book.sheetnames == ["Instructions", *SCHEMA]
    assert book["Instructions"]["A1"].value == "How to fill this workbook"
    for name, columns in SCHEMA.items():
        assert [c.value for c in book[name][1]] == [c.name for c in columns]
        assert book[name].max_row >= 2, f"{name} has no example row"


def drop_downs(book, sheet: str) -> dict[str, str]:
    """The drop-downs of a sheet: column header -> the list or range offered."""
    sheet = book[sheet]
    headers = {c.column_letter: c.value for c in sheet[1]}
    return {
        headers[str(rule.sqref).split(":")[0].rstrip("0123456789")]: rule.formula1
        for rule in sheet.data_validations.dataValidation
    }


def test_drop_downs_for_status_benefit_type_and_ids(template):
    book = openpyxl.load_workbook(template)
    assert drop_downs(book, "projects") == {
        "status": '"proposed,approved,active,done,stopped"',
        "benefit_type": '"revenue,savings,risk,other"',
    }
    assert drop_downs(book, "demands") == {"project_id": "=projects!$A$2:$A$1000", "pool_id": "=pools!$A$2:$A$1000"}
    assert drop_downs(book, "capacity_changes") == {"pool_id": "=pools!$A$2:$A$1000"}


def test_an_unwritable_path_is_refused_and_nothing_is_left(tmp_path):
    with pytest.raises(VmoError, match="the folder .*no such folder does not exist"):
        write_template(tmp_path / "no such folder" / "t.xlsx")
    with pytest.raises(VmoError, match="expected a file name ending .xlsx"):
        write_template(tmp_path / "t.csv")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_the_old_file_whole(tmp_path):
    (tmp_path / "t.xlsx").mkdir()  # a folder in the way: the rename fails
    with pytest.raises(VmoError, match="cannot write the template"):
        write_template(tmp_path / "t.xlsx")
    assert [p.name for p in tmp_path.iterdir()] == ["t.xlsx"]
