"""Loading and validating a portfolio (INTERFACES.md, "A portfolio, in any of three forms").

The three forms load to equal Portfolio objects, and every kind of bad input is reported
as a Problem naming the file, the spreadsheet row (header = row 1) and the column, with a
message that says what is expected.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest

import vmo_core
from vmo_core.errors import Problem, ValidationError
from vmo_core.io import export
from vmo_core.io.loading import load
from vmo_core.store import duckdb_store as store

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


def write_files(folder: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write {filename: text} into a folder; bytes are written as they are, None means leave the file out."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        if content is None:
            continue
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return folder


PROJECT_HEADER = "id,name,status,duration_weeks,value_per_week"


def projects_csv(*rows: str, header: str = PROJECT_HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


# Spreadsheet rows: projects A=2, B=3, C=4, D=5; demands A=2, B=3. C, D and pool SPARE have
# no demands, so a bad cell there cannot ripple into other files' cross-checks.
A, B = "A,Alpha,approved,4,1000", "B,Beta,active,2,500"
C, D = "C,Gamma,proposed,3,800", "D,Delta,proposed,5,300"
BASE = {
    "settings.csv": "key,value\nas_of,2027-01-04\ncurrency,GBP\n",
    "pools.csv": "id,name,capacity_fte,cost_per_fte_week\nDEV,Development,5,1000\nOPS,Operations,3,800\nSPARE,Spare,2,500\n",
    "projects.csv": projects_csv(A, B, C, D),
    "demands.csv": "project_id,pool_id,fte\nA,DEV,2\nB,OPS,1\n",
}


def portfolio_folder(tmp_path: Path, **overrides: str | bytes | None) -> Path:
    """BASE with some files replaced (keyword = file name without .csv)."""
    files = {**BASE, **{f"{name}.csv": text for name, text in overrides.items()}}
    return write_files(tmp_path / "pf", files)


def where(problems: list[Problem]) -> list[tuple]:
    return [(p.file, p.row, p.column) for p in problems]


# ---------------------------------------------------------------- good input


@pytest.fixture(scope="module")
def sample():
    return load(SAMPLE)


def test_sample_loads_with_its_counts(sample):
    assert len(sample.projects) == 45
    assert len(sample.pools) == 7
    assert len(sample.demands) == 74
    assert len(sample.dependencies) == 7
    assert len(sample.capacity_changes) == 2
    assert len(sample.actuals) == 11
    assert sample.settings.as_of == dt.date(2026, 11, 30)
    assert (sample.settings.currency, sample.settings.horizon_weeks, sample.settings.discount_rate) == ("GBP", 156, 0.08)
    # a quoted CSV cell with a comma in it stays one cell
    assert sample.project("BILLING").name == "Billing, Payments & Collections Upgrade"
    assert sum(p.status in ("active", "approved") for p in sample.projects) == 28


def test_csv_folder_xlsx_and_duckdb_load_to_equal_portfolios(sample, tmp_path):
    workbook = export.export(sample, tmp_path / "sample.xlsx")
    database = tmp_path / "sample.duckdb"
    store.import_portfolio(sample, database)

    from_xlsx, from_db = load(workbook), load(database)

    assert from_xlsx == sample
    assert from_db == sample
    # each really came from its own file
    assert (from_xlsx.source, from_db.source) == (str(workbook), str(database))


def test_small_portfolio_loads(tmp_path):
    pf = load(portfolio_folder(tmp_path))
    assert [p.id for p in pf.projects] == ["A", "B", "C", "D"]
    assert pf.demands_of("A") == {"DEV": 2.0}
    assert pf.project("B").duration_weeks == 2 and isinstance(pf.project("B").duration_weeks, int)


def test_unknown_extra_columns_are_kept_and_ignored(tmp_path):
    plain = load(portfolio_folder(tmp_path / "plain"))
    header = PROJECT_HEADER + ",notes,Owner Email"
    extra = load(
        portfolio_folder(
            tmp_path / "extra",
            projects=projects_csv(A + ",first one,a@example.org", B + ",,", C + ",third,", D + ",,d@example.org", header=header),
            pools="id,name,capacity_fte,cost_per_fte_week,site\nDEV,Development,5,1000,Leeds\nOPS,Operations,3,800,\nSPARE,Spare,2,500,York\n",
        )
    )

    assert extra.project("A").extra == {"notes": "first one", "Owner Email": "a@example.org"}
    assert extra.project("B").extra == {"notes": "", "Owner Email": ""}
    assert extra.pool_index["DEV"].extra == {"site": "Leeds"}
    # ignored: the plan is the same as without the extra columns
    assert vmo_core.schedule(extra).to_dict() == vmo_core.schedule(plain).to_dict()
    assert extra != plain  # but the extras are part of the record


def test_empty_optional_cells_take_their_defaults(tmp_path):
    header = (
        "id,name,status,priority,duration_weeks,value_per_week,earliest_start,decay_per_week,value_end,deadline,"
        "late_penalty,fixed_cost,promised_finish,promised_value_per_week,benefit_type,theme,sponsor"
    )
    pf = load(
        portfolio_folder(
            tmp_path,
            settings="key,value\nas_of,2027-01-04\n",
            pools="id,name,capacity_fte,cost_per_fte_week\nDEV,,5,\nOPS,Operations,3,800\nSPARE,Spare,2,500\n",
            projects=projects_csv(
                "A,,approved,,4,1000,,,,,,,,,,,",
                "B,Beta,active,2,2,500,2027-02-01,0.02,2029-01-01,2027-06-01,5000,100,2027-05-03,450,revenue,Growth,CFO",
                header=header,
            ),
        )
    )

    a = pf.project("A")
    assert (a.decay_per_week, a.benefit_type, a.late_penalty, a.fixed_cost) == (0.0, "other", 0.0, 0.0)
    assert (a.name, a.priority, a.earliest_start, a.deadline, a.theme) == ("", None, None, None, "")
    assert a.promised_value_per_week is None
    b = pf.project("B")
    assert (b.decay_per_week, b.benefit_type, b.late_penalty, b.earliest_start) == (0.02, "revenue", 5000.0, dt.date(2027, 2, 1))
    assert pf.pool_index["DEV"].cost_per_fte_week == 0.0
    assert (pf.settings.horizon_weeks, pf.settings.discount_rate, pf.settings.currency) == (156, 0.0, "USD")


def test_utf8_bom_header_as_excel_writes_it(tmp_path):
    bom = "\ufeff"
    pf = load(write_files(tmp_path / "pf", {name: (bom + text).encode("utf-8") for name, text in BASE.items()}))
    assert [p.id for p in pf.projects] == ["A", "B", "C", "D"]
    assert pf.settings.as_of == dt.date(2027, 1, 4)
    assert [p.id for p in pf.pools] == ["DEV", "OPS", "SPARE"]


# ---------------------------------------------------------------- bad input, one problem each

CASES = [
    pytest.param(
        {"projects": projects_csv("A,Alpha,approved,4", header="id,name,status,duration_weeks")},
        r"missing required column; expected a header named 'value_per_week'",
        [("projects.csv", 1, "value_per_week")],
        id="missing-required-column",
    ),
    pytest.param(
        {"projects": projects_csv(A, B, "C,Gamma,proposed,3,lots", D)},
        r"'lots' is not a number; expected a plain number",
        [("projects.csv", 4, "value_per_week")],
        id="non-number",
    ),
    pytest.param(
        {"projects": projects_csv(A, B, "C,Gamma,proposed,-3,800", D)},
        r"'-3' is out of range; expected a number at least 1",
        [("projects.csv", 4, "duration_weeks")],
        id="negative-duration",
    ),
    pytest.param(
        {"projects": projects_csv(A, B, "C,Gamma,proposed,0,800", D)},
        r"'0' is out of range; expected a number at least 1",
        [("projects.csv", 4, "duration_weeks")],
        id="zero-duration",
    ),
    pytest.param(
        {"projects": projects_csv(A, B, "C,Gamma,proposed,2.5,800", D)},
        r"'2\.5' is not a whole number; expected a whole number of weeks",
        [("projects.csv", 4, "duration_weeks")],
        id="non-whole-duration",
    ),
    pytest.param(
        {"demands": "project_id,pool_id,fte\nA,DEV,2\nB,OPS,1\nA,QA,1\n"},
        r"unknown pool id 'QA'; expected an id from pools\.csv",
        [("demands.csv", 4, "pool_id")],
        id="unknown-pool-in-demands",
    ),
    pytest.param(
        {"dependencies": "predecessor_id,successor_id\nA,B\nZED,C\n"},
        r"unknown project id 'ZED'; expected an id from projects\.csv",
        [("dependencies.csv", 3, "predecessor_id")],
        id="unknown-project-in-dependencies",
    ),
    pytest.param(
        {"projects": projects_csv(A, B, C, D, "C,Gamma again,approved,1,10")},
        r"duplicate id 'C' \(first on row 4\); expected each id once",
        [("projects.csv", 6, "id")],
        id="duplicate-project-id",
    ),
    pytest.param(
        {"dependencies": "predecessor_id,successor_id\nA,B\nB,C\nC,A\n"},
        re.escape("dependency cycle A -> B -> C -> A;"),
        [("dependencies.csv", 4, "successor_id")],
        id="dependency-cycle",
    ),
    pytest.param(
        {
            "projects": projects_csv(
                A + ",", B + ",2027-02-01", C + ",2027/12/31", D + ",", header=PROJECT_HEADER + ",earliest_start"
            )
        },
        r"'2027/12/31' is not a date; expected an ISO date YYYY-MM-DD",
        [("projects.csv", 4, "earliest_start")],
        id="bad-date",
    ),
    pytest.param(
        {"settings": "key,value\nas_of,04/01/2027\n"},
        r"as_of: '04/01/2027' could be 4 January 2027 or 1 April 2027; write it as 2027-01-04 or 2027-04-01",
        [("settings.csv", 2, "value")],
        id="bad-as-of-date",
    ),
    pytest.param(
        {"projects": projects_csv(A, B, "C,Gamma,paused,3,800", D)},
        r"'paused' is not known; expected one of proposed, approved, active, done, stopped",
        [("projects.csv", 4, "status")],
        id="unknown-status",
    ),
    pytest.param(
        {"settings": None},
        r"missing file; expected a settings table with columns key, value",
        [("settings.csv", None, None)],
        id="missing-settings-file",
    ),
    pytest.param(
        {"settings": "key,value\ncurrency,GBP\n"},
        r"missing setting as_of; expected a row: as_of,YYYY-MM-DD",
        [("settings.csv", None, "key")],
        id="missing-as-of",
    ),
    pytest.param(
        {"projects": projects_csv(A, B, "C,Gamma,proposed,3,", D)},
        r"is empty; a value is required",
        [("projects.csv", 4, "value_per_week")],
        id="empty-required-cell",
    ),
    pytest.param(
        {"projects": projects_csv(A + ",", B + ",", C + ",1", D + ",0.5", header=PROJECT_HEADER + ",decay_per_week")},
        r"'1' is out of range; expected a fraction from 0 up to \(not including\) 1",
        [("projects.csv", 4, "decay_per_week")],
        id="decay-of-one",
    ),
]


@pytest.mark.parametrize(("overrides", "message", "expected_where"), CASES)
def test_bad_input_names_file_row_and_column(tmp_path, overrides, message, expected_where):
    with pytest.raises(ValidationError, match=message) as info:
        load(portfolio_folder(tmp_path, **overrides))

    problems = info.value.problems
    assert where(problems) == expected_where
    assert re.search(message, problems[0].message)


def test_problem_reads_as_file_row_column_message(tmp_path):
    with pytest.raises(ValidationError) as info:
        load(portfolio_folder(tmp_path, projects=projects_csv(A, B, "C,Gamma,proposed,-3,800", D)))
    assert str(info.value.problems[0]) == (
        "projects.csv, row 4, column duration_weeks: '-3' is out of range; expected a number at least 1 and at most 520 weeks"
    )


def test_two_problems_in_one_file_are_both_reported(tmp_path):
    with pytest.raises(ValidationError) as info:
        load(portfolio_folder(tmp_path, projects=projects_csv(A, B, "C,Gamma,paused,-1,800", "D,Delta,proposed,5,ten")))

    assert where(info.value.problems) == [
        ("projects.csv", 4, "status"),
        ("projects.csv", 4, "duration_weeks"),
        ("projects.csv", 5, "value_per_week"),
    ]


def test_problems_in_two_files_are_both_reported(tmp_path):
    with pytest.raises(ValidationError) as info:
        load(
            portfolio_folder(
                tmp_path,
                pools="id,name,capacity_fte,cost_per_fte_week\nDEV,Development,5,1000\nOPS,Operations,3,800\nSPARE,Spare,n/a,500\n",
                projects=projects_csv(A, B, C, "D,Delta,proposed,0,300"),
            )
        )

    assert sorted(where(info.value.problems)) == [("pools.csv", 4, "capacity_fte"), ("projects.csv", 5, "duration_weeks")]


def test_message_for_the_command_line_lists_every_problem_one_per_line(tmp_path):
    folder = portfolio_folder(
        tmp_path,
        projects=projects_csv(A, B, "C,Gamma,paused,-1,800", D),
        dependencies="predecessor_id,successor_id\nA,B\nB,A\n",
    )
    with pytest.raises(ValidationError) as info:
        load(folder)

    error = info.value
    lines = str(error).splitlines()
    assert len(error.problems) == 3
    assert lines[0] == f"{folder}: 3 problems found; nothing was loaded."
    assert lines[1:] == [f"  - {p}" for p in error.problems]
    assert "  - dependencies.csv, row 3, column successor_id: dependency cycle A -> B -> A;" in str(error)
    assert "  - projects.csv, row 4, column status: " in str(error)


# UTF-8 on one line and Latin-1 on a later one: neither reading is right, so the file is refused
MIXED = projects_csv(A, "B,Beta caf\u00e9,active,2,500").encode() + "C,Gamma caf\u00e9,proposed,3,800\n".encode("latin-1")


def test_a_file_utf8_in_places_gives_a_clear_problem_naming_the_line(tmp_path):
    with pytest.raises(ValidationError, match="not UTF-8") as info:
        load(portfolio_folder(tmp_path, projects=MIXED))

    problem = info.value.problems[0]
    assert (problem.file, problem.row, problem.column) == ("projects.csv", None, None)
    assert problem.message.startswith("line 4 is not UTF-8 text, though the lines before it are; save the file again")
    assert "byte" not in problem.message


def test_non_utf8_file_is_not_also_reported_missing(tmp_path):
    with pytest.raises(ValidationError) as info:
        load(portfolio_folder(tmp_path, projects=MIXED))

    messages = [p.message for p in info.value.problems if p.file == "projects.csv"]
    assert len(messages) == 1, messages
    assert "missing file" not in messages[0]


def test_a_rejected_row_does_not_make_its_id_unknown_elsewhere(tmp_path):
    # B has a demand on row 3 of demands.csv; only its duration is wrong
    with pytest.raises(ValidationError) as info:
        load(portfolio_folder(tmp_path, projects=projects_csv(A, "B,Beta,active,0,500", C, D)))

    assert where(info.value.problems) == [("projects.csv", 3, "duration_weeks")]


def test_xlsx_with_a_bad_cell_names_the_sheet_and_row(tmp_path):
    workbook = export.export(load(portfolio_folder(tmp_path)), tmp_path / "portfolio.xlsx")
    book = openpyxl.load_workbook(workbook)
    sheet = book["projects"]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=4, column=header.index("duration_weeks") + 1, value="ten")
    book.save(workbook)

    with pytest.raises(ValidationError, match=r"sheet projects, row 4, column duration_weeks: 'ten' is not a number") as info:
        load(workbook)

    assert where(info.value.problems) == [("portfolio.xlsx sheet projects", 4, "duration_weeks")]
