"""Hostile portfolio files: every number and date bounded, and files that are not what they say.

Each bound is enforced by the loader with a message that names the file, the row and the
column and says the accepted range (the ranges are io/schema.py's, listed in the README); a
portfolio right at the bounds loads, schedules and prints strict JSON.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

import vmo_core
from tests.io.hostile_support import PROJECTS, SETTINGS, folder, problems_of, strict_json
from vmo_core.io import export, readers
from vmo_core.io.loading import load

# ---------------------------------------------------------------- every number and date bounded

CELL_BOUNDS = [
    (
        {"settings": "key,value\nas_of,9999-12-31\n"},
        "settings.csv, row 2, column value: as_of: '9999-12-31' is out of range; expected a date from 1900-01-01 to 2199-12-31",
    ),
    (
        {"settings": "key,value\nas_of,1899-12-31\n"},
        "settings.csv, row 2, column value: as_of: '1899-12-31' is out of range; expected a date from 1900-01-01 to 2199-12-31",
    ),
    (
        {"settings": SETTINGS + "horizon_weeks,100000000\n"},
        "settings.csv, row 3, column value: horizon_weeks: '100000000' is out of range; "
        "expected a number at least 1 and at most 1,040 weeks",
    ),
    (
        {"settings": SETTINGS + "horizon_weeks,1041\n"},
        "settings.csv, row 3, column value: horizon_weeks: '1041' is out of range; "
        "expected a number at least 1 and at most 1,040 weeks",
    ),
    (
        {"settings": SETTINGS + "discount_rate,-0.995\n"},
        "settings.csv, row 3, column value: discount_rate: '-0.995' is out of range; "
        "expected a number at least -0.99 and at most 10 (a yearly rate: 0.05 is 5%)",
    ),
    (
        {"settings": SETTINGS + "discount_rate,10.5\n"},
        "settings.csv, row 3, column value: discount_rate: '10.5' is out of range; "
        "expected a number at least -0.99 and at most 10 (a yearly rate: 0.05 is 5%)",
    ),
    (
        {"pools": "id,capacity_fte\nDEV,1000001\n"},
        "pools.csv, row 2, column capacity_fte: '1000001' is out of range; "
        "expected a number at least 0 and at most 1,000,000 FTE",
    ),
    (
        {"pools": "id,capacity_fte,cost_per_fte_week\nDEV,5,1e308\n"},
        "pools.csv, row 2, column cost_per_fte_week: '1e308' is out of range; "
        "expected a number at least 0 and at most 1,000,000,000,000",
    ),
    (
        {"pools": "id,capacity_fte,cost_per_fte_week\nDEV,5,1e400\n"},
        "pools.csv, row 2, column cost_per_fte_week: '1e400' is not a finite number; expected a plain number such as 1500 or 2.5",
    ),
    (
        {"projects": "id,status,duration_weeks,value_per_week\nA,approved,1000000000,1\nB,proposed,2,500\n"},
        "projects.csv, row 2, column duration_weeks: '1000000000' is out of range; "
        "expected a number at least 1 and at most 520 weeks",
    ),
    (
        {"projects": "id,status,duration_weeks,value_per_week\nA,approved,521,1\nB,proposed,2,500\n"},
        "projects.csv, row 2, column duration_weeks: '521' is out of range; expected a number at least 1 and at most 520 weeks",
    ),
]
for column, bad in [
    ("value_per_week", "1e13"),
    ("late_penalty", "2e12"),
    ("fixed_cost", "1000000000001"),
    ("promised_value_per_week", "1e300"),
]:
    header = "id,status,duration_weeks,value_per_week" + ("" if column == "value_per_week" else f",{column}")
    row = "A,approved,4," + (bad if column == "value_per_week" else f"1,{bad}")
    CELL_BOUNDS.append(
        (
            {"projects": f"{header}\n{row}\nB,proposed,2,500\n"},
            f"projects.csv, row 2, column {column}: '{bad}' is out of range; "
            "expected a number at least 0 and at most 1,000,000,000,000",
        )
    )
CELL_BOUNDS += [
    (
        {"projects": "id,status,priority,duration_weeks,value_per_week\nA,approved,-2e9,4,1\nB,proposed,,2,500\n"},
        "projects.csv, row 2, column priority: '-2e9' is out of range; "
        "expected a number at least -1,000,000,000 and at most 1,000,000,000",
    ),
    (
        {"projects": "id,status,duration_weeks,value_per_week,earliest_start\nA,approved,4,1,2300-01-01\nB,proposed,2,500,\n"},
        "projects.csv, row 2, column earliest_start: '2300-01-01' is out of range; expected a date from 1900-01-01 to 2199-12-31",
    ),
    (
        {"projects": "id,status,duration_weeks,value_per_week,deadline\nA,approved,4,1,2150-01-01\nB,proposed,2,500,\n"},
        "projects.csv, row 2, column deadline: 2150-01-01 is more than 100 years from as_of (2027-01-04); "
        "expected a date from 1927-01-04 to 2127-01-05",
    ),
    (
        {"projects": "id,status,duration_weeks,value_per_week,promised_finish\nA,approved,4,1,1901-01-01\nB,proposed,2,500,\n"},
        "projects.csv, row 2, column promised_finish: 1901-01-01 is more than 100 years from as_of (2027-01-04); "
        "expected a date from 1927-01-04 to 2127-01-05",
    ),
    (
        {"demands": "project_id,pool_id,fte\nA,DEV,2e6\n"},
        "demands.csv, row 2, column fte: '2e6' is out of range; expected a number at least 0 and at most 1,000,000 FTE",
    ),
    (
        {"capacity_changes": "pool_id,from,capacity_fte\nDEV,2200-01-01,3\n"},
        "capacity_changes.csv, row 2, column from: '2200-01-01' is out of range; expected a date from 1900-01-01 to 2199-12-31",
    ),
    (
        {"capacity_changes": "pool_id,from,capacity_fte\nDEV,2199-12-31,3\n"},
        "capacity_changes.csv, row 2, column from: 2199-12-31 is more than 100 years from as_of (2027-01-04); "
        "expected a date from 1927-01-04 to 2127-01-05",
    ),
    (
        {"capacity_changes": "pool_id,from,capacity_fte\nDEV,2028-01-01,1e7\n"},
        "capacity_changes.csv, row 2, column capacity_fte: '1e7' is out of range; "
        "expected a number at least 0 and at most 1,000,000 FTE",
    ),
    (
        {"actuals": "project_id,estimated_weeks,actual_weeks\nA,0.05,4\n"},
        "actuals.csv, row 2, column estimated_weeks: '0.05' is out of range; "
        "expected a number at least 0.1 and at most 1,040 weeks",
    ),
    (
        {"actuals": "project_id,estimated_weeks,actual_weeks\nA,4,2000\n"},
        "actuals.csv, row 2, column actual_weeks: '2000' is out of range; expected a number at least 0.1 and at most 1,040 weeks",
    ),
    (
        {"actuals": "project_id,estimated_weeks,actual_weeks,estimated_value_per_week\nA,4,5,1e13\n"},
        "actuals.csv, row 2, column estimated_value_per_week: '1e13' is out of range; "
        "expected a number at least 0 and at most 1,000,000,000,000",
    ),
]


@pytest.mark.parametrize("files, problem", CELL_BOUNDS, ids=[p.split(":")[0].replace(" ", "") for _, p in CELL_BOUNDS])
def test_each_bound_is_enforced_with_file_row_column_and_range(tmp_path, files, problem):
    assert problems_of(folder(tmp_path, **files)) == [problem]


def test_a_portfolio_right_at_the_bounds_loads_schedules_and_prints_strict_json(tmp_path):
    """Every number at its largest (or smallest) accepted value, every date at an edge of its window."""
    settings_csv = "key,value\nas_of,2099-12-31\nhorizon_weeks,1040\ndiscount_rate,-0.99\ncurrency,GBP\n"
    pools_csv = "id,capacity_fte,cost_per_fte_week\nDEV,1000000,1e12\nOPS,0,0\n"
    header = (
        "id,status,priority,duration_weeks,value_per_week,earliest_start,decay_per_week,value_end,deadline,"
        "late_penalty,fixed_cost,promised_finish,promised_value_per_week"
    )
    big = "1000000000000"
    rows = [
        f"A,active,1e9,520,{big},2199-12-31,0,2199-12-31,1999-12-31,{big},{big},1999-12-31,{big}",
        f"B,approved,-1e9,520,{big},,0.999,,2199-12-31,{big},{big},2199-12-31,{big}",
        f"C,proposed,0,1,{big},1999-12-31,0,,,{big},{big},,",
    ]
    projects_csv = header + "\n" + "\n".join(rows) + "\n"
    demands_csv = "project_id,pool_id,fte\nA,DEV,1000000\nB,DEV,1000000\nC,DEV,1000000\n"
    changes_csv = "pool_id,from,capacity_fte\nDEV,2199-12-31,1000000\nOPS,1999-12-31,1000000\n"
    actuals_csv = f"project_id,estimated_weeks,actual_weeks,estimated_value_per_week,realised_value_per_week\nA,0.1,0.1,{big},0\n"
    pf = load(
        folder(
            tmp_path / "edge",
            settings=settings_csv,
            pools=pools_csv,
            projects=projects_csv,
            demands=demands_csv,
            capacity_changes=changes_csv,
            actuals=actuals_csv,
        )
    )

    result = vmo_core.schedule(pf)
    # A (in flight) may start only at its earliest start, 5,217 weeks on: B, delivered by then, takes all of DEV first
    assert (result.by_id["A"].start_week, result.by_id["A"].finish_week, result.by_id["B"].finish_week) == (5217, 5737, 520)
    strict_json(result.to_dict())
    scenario = {
        "changes": [
            {"op": "add", "project": "C", "position": 10_000},
            {"op": "accelerate", "project": "B", "crash": 10},
            {"op": "capacity", "pool": "OPS", "capacity_fte": 1e6, "from": "2199-12-31"},
        ]
    }
    strict_json(vmo_core.compare(pf, scenario).to_dict())


def test_the_biggest_single_project_allowed_schedules(tmp_path):
    projects_csv = "id,status,duration_weeks,value_per_week,fixed_cost\nA,approved,520,1e12,1e12\n"
    pf = load(folder(tmp_path, projects=projects_csv, demands="project_id,pool_id,fte\nA,DEV,5\n"))
    result = vmo_core.schedule(pf)
    assert (result.by_id["A"].start_week, result.by_id["A"].finish_week) == (0, 520)
    strict_json(result.to_dict())


def rows_csv(header: str, rows: list[str]) -> str:
    return header + "\n" + "\n".join(rows) + "\n"


def test_at_most_10000_projects_and_1000_pools(tmp_path):
    projects_csv = rows_csv("id,status,duration_weeks,value_per_week", [f"P{i},approved,1,1" for i in range(10_001)])
    assert problems_of(folder(tmp_path / "projects", projects=projects_csv, demands="project_id,pool_id,fte\n")) == [
        "projects.csv: holds 10,001 projects; expected at most 10,000"
    ]
    pools_csv = rows_csv("id,capacity_fte", [f"T{i},1" for i in range(1_001)])
    assert problems_of(folder(tmp_path / "pools", pools=pools_csv, demands="project_id,pool_id,fte\n")) == [
        "pools.csv: holds 1,001 pools; expected at most 1,000"
    ]


def test_the_work_still_to_do_is_bounded_so_every_finish_stays_in_the_calendar(tmp_path):
    # 385 x 520 = 200,200 weeks still to do; the done and stopped ones do not count
    rows = [f"P{i},approved,520,1" for i in range(385)] + [f"D{i},{s},520,1" for i, s in enumerate(["done", "stopped"] * 20)]
    projects_csv = rows_csv("id,status,duration_weeks,value_per_week", rows)
    assert problems_of(folder(tmp_path / "long", projects=projects_csv, demands="project_id,pool_id,fte\n")) == [
        "projects.csv, column duration_weeks: the projects still to do hold 200,200 weeks of work; "
        "expected at most 200,000 in all"
    ]
    rows = [f"P{i},approved,520,1" for i in range(384)]  # 199,680 weeks: fine
    load(
        folder(
            tmp_path / "fine",
            projects=rows_csv("id,status,duration_weeks,value_per_week", rows),
            demands="project_id,pool_id,fte\n",
        )
    )


def test_pools_times_weeks_of_work_is_bounded_so_the_schedule_grid_stays_small(tmp_path):
    pools_csv = rows_csv("id,capacity_fte", [f"T{i},1" for i in range(1_000)])
    projects_csv = rows_csv("id,status,duration_weeks,value_per_week", [f"P{i},approved,520,1" for i in range(40)])
    assert problems_of(folder(tmp_path, pools=pools_csv, projects=projects_csv, demands="project_id,pool_id,fte\n")) == [
        "projects.csv, column duration_weeks: 1,000 pools x (20,800 weeks of work + 5,220 weeks that dates can reach) "
        "is 26,020,000 pool-weeks to schedule; expected at most 25,000,000: fewer pools or less work"
    ]


def test_work_counts_as_long_as_past_delivery_can_stretch_it(tmp_path):
    # a forecast may draw the ratio 10 for every project: 20,001 weeks become 200,010
    projects_csv = rows_csv(
        "id,status,duration_weeks,value_per_week", ["A,approved,1,1"] + [f"P{i},approved,500,1" for i in range(40)]
    )
    actuals_csv = "project_id,estimated_weeks,actual_weeks\nA,1,10\n"
    assert problems_of(folder(tmp_path, projects=projects_csv, actuals=actuals_csv, demands="project_id,pool_id,fte\n")) == [
        "projects.csv, column duration_weeks: the projects still to do hold 200,010 weeks of work (each duration x 10, the "
        "largest actual_weeks / estimated_weeks in actuals, as forecasts may draw); expected at most 200,000 in all"
    ]


def test_a_table_has_at_most_100000_rows_and_1000_columns(tmp_path):
    demands_csv = rows_csv("project_id,pool_id,fte", ["A,DEV,1"] * 100_001)
    assert problems_of(folder(tmp_path / "rows", demands=demands_csv)) == [
        "demands.csv: has more than 100,000 rows; expected at most 100,000 under the header"
    ]
    wide = "id,status,duration_weeks,value_per_week," + ",".join(f"x{i}" for i in range(997)) + "\n"
    assert problems_of(folder(tmp_path / "columns", projects=wide + "A,approved,4,1\n")) == [
        "projects.csv, row 1: has 1,001 columns; expected at most 1,000"
    ]


def test_a_file_has_a_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 100)
    big = PROJECTS + "".join(f"P{i},proposed,1,1\n" for i in range(10))
    assert problems_of(folder(tmp_path / "csv", projects=big)) == [
        f"projects.csv: is {len(big)} bytes; expected a CSV file of at most 100 bytes"
    ]
    monkeypatch.undo()
    workbook = export.export(load(folder(tmp_path / "src")), tmp_path / "pf.xlsx")
    monkeypatch.setattr(readers, "MAX_XLSX_UNPACKED_BYTES", 1_000)
    (message,) = problems_of(workbook)
    assert re.fullmatch(r"pf\.xlsx: unpacks to [\d,]+ bytes; expected a workbook of at most 1,000", message)


# ---------------------------------------------------------------- files that are not what they say


def test_an_unclosed_quote_is_named_on_its_row_and_nothing_else_is_blamed(tmp_path):
    projects_csv = (
        'id,name,status,duration_weeks,value_per_week\nA,Alpha,approved,4,1000\nB,"Beta,proposed,2,500\nC,Gamma,proposed,3,8\n'
    )
    assert problems_of(folder(tmp_path, projects=projects_csv)) == [
        'projects.csv, row 3: a quote (") opened on this row is never closed, so the rest of the file would run into one '
        "cell; close the quote, or remove it"
    ]


def test_a_quote_closed_in_the_middle_of_a_cell_is_named_on_its_row(tmp_path):
    projects_csv = 'id,name,status,duration_weeks,value_per_week\nA,Alpha,approved,4,1000\nB,"Beta" Two,proposed,2,500\n'
    assert problems_of(folder(tmp_path, projects=projects_csv)) == [
        'projects.csv, row 3: a quote (") that closes a cell on this row (or on a line it runs into) is followed by more '
        'text; expected a comma after it: quote the whole cell, and double each quote inside it ("")'
    ]


def test_a_folder_named_projects_csv_is_a_clear_problem(tmp_path):
    source = folder(tmp_path)
    (source / "projects.csv").unlink()
    (source / "projects.csv").mkdir()
    assert problems_of(source) == ["projects.csv: is a folder, not a CSV file; expected a CSV file"]


def test_a_csv_with_a_byte_order_mark_loads(tmp_path):
    pf = load(folder(tmp_path, projects=b"\xef\xbb\xbf" + PROJECTS.encode()))
    assert [p.id for p in pf.projects] == ["A", "B"]


def xlsx_of(tmp_path: Path, edit=None) -> Path:
    """The small portfolio as a workbook, with `edit(book)` applied."""
    path = export.export(load(folder(tmp_path / "src")), tmp_path / "pf.xlsx")
    if edit:
        book = openpyxl.load_workbook(path)
        edit(book)
        book.save(path)
    return path


def cell_of(sheet, header: str, row: int) -> str:
    """The coordinate of a column's cell, by its header."""
    column = next(c.column_letter for c in sheet[1] if c.value == header)
    return f"{column}{row}"


def test_a_formula_with_no_saved_value_is_reported_not_read_as_empty(tmp_path):
    def edit(book):
        sheet = book["projects"]
        sheet[cell_of(sheet, "value_per_week", 2)] = "=E3*2"
        sheet.cell(row=1, column=sheet.max_column + 1, value="notes")
        sheet[cell_of(sheet, "notes", 3)] = "=A1"  # an extra column

    assert problems_of(xlsx_of(tmp_path, edit)) == [
        "pf.xlsx sheet projects, row 2, column value_per_week: is a formula with no saved value; "
        "open and save the workbook in Excel, or type the value",
        "pf.xlsx sheet projects, row 3, column notes: is a formula with no saved value; "
        "open and save the workbook in Excel, or type the value",
    ]


def test_a_formula_with_a_saved_value_reads_as_that_value(tmp_path):
    path = xlsx_of(tmp_path, lambda book: book["projects"].__setitem__(cell_of(book["projects"], "value_per_week", 2), "=E3*2"))
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/") and b"E3*2" in parts[n])
    parts[sheet] = re.sub(rb"(<f>E3\*2</f>)(<v\s*/>|<v>[^<]*</v>)?", rb"\1<v>1000</v>", parts[sheet])
    assert b"<f>E3*2</f><v>1000</v>" in parts[sheet]  # as Excel saves it: the formula and its value
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert load(path).project("A").value_per_week == 1000


def test_a_header_formula_with_no_saved_value_is_reported(tmp_path):
    assert problems_of(xlsx_of(tmp_path, lambda book: book["projects"].__setitem__("G1", "=A1"))) == [
        "pf.xlsx sheet projects, row 1: the header is a formula with no saved value; "
        "open and save the workbook in Excel, or type the value"
    ]


def test_a_sheet_that_states_a_huge_size_or_holds_a_far_cell_is_read_as_it_is(tmp_path):
    path = xlsx_of(tmp_path, lambda book: book["projects"].__setitem__("Z1048576", "stray"))
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for name in parts:
        if name.startswith("xl/worksheets/"):
            parts[name] = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', parts[name])
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    problems = problems_of(path)
    assert problems[0] == "pf.xlsx sheet projects, row 1048576, column id: is empty; a value is required"


def test_a_file_that_is_not_a_workbook_is_a_clear_problem(tmp_path):
    (tmp_path / "pf.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (message,) = problems_of(tmp_path / "pf.xlsx")
    assert message.startswith("pf.xlsx: is not a readable .xlsx workbook (")
