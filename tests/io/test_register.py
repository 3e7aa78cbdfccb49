"""A one-sheet project register read through a mapping (README, "A project register").

The register here is written FROM data/sample: its own headers, an annual benefit, start and
end dates or a duration in months, one FTE column per team, predecessors by id or by name.
Through a mapping it must give exactly the sample's schedule, so every conversion is checked
against figures the sample already pins.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vmo_core
from tests.io.register_support import completed, register_rows, write_register
from vmo_core.cli import main
from vmo_core.errors import ValidationError, VmoError
from vmo_core.io.loading import build_portfolio, load
from vmo_core.io.register import months_to_weeks, register_tables, weeks_between
from vmo_core.io.register_mapping import (
    Mapping,
    PoolColumn,
    mapping_from_dict,
    mapping_from_json,
    read_mapping,
)
from vmo_core.io.register_suggest import suggest_mapping
from vmo_core.io.schema import RawTable

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


@pytest.fixture(scope="module")
def sample():
    return load(SAMPLE)


@pytest.fixture
def register(tmp_path, sample):
    headers, rows = register_rows(sample)
    return write_register(tmp_path / "register.xlsx", headers, rows)


@pytest.fixture
def mapping(sample):
    headers, _ = register_rows(sample)
    return completed(suggest_mapping(headers), sample)


def schedule_of(pf) -> dict:
    return vmo_core.schedule(pf).to_dict()


# ---------------------------------------------------------------- the units


def test_months_become_weeks_rounded_up():
    # 52 weeks a year, 12 months: 3 months = 13 weeks exactly; 1 month = 4.33 weeks -> 5
    assert months_to_weeks(3) == 13
    assert months_to_weeks(6) == 26  # 26.000000000000004 in floating point: still 26
    assert months_to_weeks(1) == 5
    assert months_to_weeks(10 * 12 / 52) == 10


def test_a_week_of_work_counts_both_its_first_and_last_day():
    monday = dt.date(2026, 11, 30)
    assert weeks_between(monday, monday + dt.timedelta(days=4)) == 1  # Monday to Friday
    assert weeks_between(monday, monday + dt.timedelta(days=6)) == 1  # to Sunday
    assert weeks_between(monday, monday + dt.timedelta(days=7)) == 2  # to the next Monday


# ---------------------------------------------------------------- the round trip


def test_a_mapped_register_gives_the_samples_schedule(register, mapping, sample):
    pf = load(register, mapping=mapping)
    order = {p.id: n for n, p in enumerate(sample.projects)}
    assert schedule_of(pf) == schedule_of(sample)
    assert {(d.project_id, d.pool_id, d.fte) for d in pf.demands} == {(d.project_id, d.pool_id, d.fte) for d in sample.demands}
    assert [(d.predecessor_id, d.successor_id) for d in pf.dependencies] == [
        (d.predecessor_id, d.successor_id) for d in sorted(sample.dependencies, key=lambda d: order[d.successor_id])
    ]
    assert pf.project("ERP").value_per_week == 30000  # 1,560,000 a year / 52
    assert pf.project("CRM").extra == {"Notes": "a note of the PMO's own"}


def test_the_mapping_file_round_trips_and_the_command_line_reads_it(register, mapping, sample, tmp_path, capsys):
    path = tmp_path / "map.json"
    path.write_text(mapping.to_json(), encoding="utf-8")
    assert read_mapping(path) == mapping
    assert main(["schedule", str(register), "--mapping", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == schedule_of(sample)


def test_a_csv_register_reads_like_the_sheet(tmp_path, mapping, sample):
    headers, rows = register_rows(sample)
    lines = [",".join(headers)]
    for row in rows:
        lines.append(",".join("" if v is None else f'"{v}"' if isinstance(v, str) else str(v) for v in row))
    path = tmp_path / "register.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert schedule_of(load(path, mapping=mapping)) == schedule_of(sample)


def test_as_of_comes_from_the_mapping_or_the_caller_never_the_clock(register, mapping):
    without = Mapping(**{**mapping.__dict__, "settings": {}})
    with pytest.raises(ValidationError) as caught:
        load(register, mapping=without)
    assert [(p.file, p.column) for p in caught.value.problems] == [("mapping", "settings.as_of")]
    assert load(register, mapping=without, as_of=dt.date(2026, 11, 30)).as_of == dt.date(2026, 11, 30)


def test_a_register_without_a_mapping_is_told_what_to_write(register):
    with pytest.raises(VmoError, match="needs a mapping") as caught:
        load(_as_csv(register))  # a single CSV file is a register, not a portfolio's folder
    suggested = str(caught.value).split("\n", 1)[1]
    assert json.loads(suggested)["columns"]["id"] == "Ref"


def _as_csv(register: Path) -> Path:
    book = openpyxl.load_workbook(register, read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    book.close()
    path = register.with_suffix(".csv")
    path.write_text("\n".join(",".join("" if v is None else str(v).replace(",", " ") for v in r) for r in rows), "utf-8")
    return path


# ---------------------------------------------------------------- the suggestion


def test_the_suggestion_reads_typical_headers_whatever_their_case_and_spacing():
    headers = "PROJECT ID|project_name|Status|Priority|Benefit p.a.|Start|Go-live date|duration in months|Predecessors"
    suggested = suggest_mapping([*headers.split("|"), "Data Eng (FTE)", "fte security", "Total FTE", "Comments"])
    assert suggested.columns == {
        "id": "PROJECT ID",
        "name": "project_name",
        "status": "Status",
        "priority": "Priority",
        "value_per_week": "Benefit p.a.",
        "start": "Start",
        "end": "Go-live date",
        "duration_weeks": "duration in months",
        "depends_on": "Predecessors",
    }
    assert suggested.units == {"value_per_week": "per_year", "duration_weeks": "months"}
    assert [(p.column, p.id, p.capacity_fte) for p in suggested.pools] == [
        ("Data Eng (FTE)", "Data Eng", None),
        ("fte security", "security", None),
    ]


def test_the_suggestion_needs_capacities_before_it_loads(register, sample):
    headers, _ = register_rows(sample)
    suggestion = suggest_mapping(headers).with_settings(as_of=sample.as_of)
    with pytest.raises(ValidationError) as caught:
        load(register, mapping=suggestion)
    columns = [p.column for p in caught.value.problems]
    assert columns == [f"pools[{n}].capacity_fte" for n in range(1, 8)]
    assert "team 'Data Engineering' has no capacity" in caught.value.problems[0].message


# ---------------------------------------------------------------- bad cells named


def test_every_bad_cell_is_named_by_sheet_row_and_header(tmp_path, mapping, sample):
    headers, rows = register_rows(sample)
    at = {h: i for i, h in enumerate(headers)}
    rows[0][at["Annual benefit (£)"]] = "lots"  # spreadsheet row 2
    rows[1][at["Stage"]] = "On the back burner"  # row 3
    rows[2][at["End date"]] = "soon"  # row 4
    rows[3][at["Data Engineering FTE"]] = -2  # row 5
    rows[4][at["Depends on"]] = "NOSUCH"  # row 6
    rows[5][at["Ref"]] = rows[6][at["Ref"]]  # row 7 repeats row 8's id: the model's check, in the register's words
    rows[12][at["End date"]] = None  # row 14: approved work with no duration and no end
    path = write_register(tmp_path / "bad.xlsx", headers, rows)
    with pytest.raises(ValidationError) as caught:
        load(path, mapping=mapping)
    found = {(p.file, p.row, p.column) for p in caught.value.problems}
    sheet = "bad.xlsx sheet Register"
    assert {
        (sheet, 2, "Annual benefit (£)"),
        (sheet, 3, "Stage"),
        (sheet, 4, "End date"),
        (sheet, 5, "Data Engineering FTE"),
        (sheet, 6, "Depends on"),
        (sheet, 14, "Duration (months)"),
    } <= found
    assert any(p.row == 8 and p.column == "Ref" and "duplicate id" in p.message for p in caught.value.problems)
    messages = {p.column: p.message for p in caught.value.problems}
    assert "'On the back burner' is not a status" in messages["Stage"]
    assert "'NOSUCH' is not a project of this register" in messages["Depends on"]


def test_finished_work_needs_no_length_as_it_is_never_scheduled(tmp_path, mapping, sample):
    headers, rows = register_rows(sample)
    done = next(n for n, p in enumerate(sample.projects) if p.status == "done")
    rows[done][headers.index("Duration (months)")] = None
    pf = load(write_register(tmp_path / "r.xlsx", headers, rows), mapping=mapping)
    assert pf.projects[done].duration_weeks == 1
    assert schedule_of(pf) == schedule_of(sample)


def test_the_register_imports_into_a_store_from_the_command_line(register, mapping, sample, tmp_path):
    path = tmp_path / "map.json"
    path.write_text(mapping.to_json(), encoding="utf-8")
    db = tmp_path / "register.duckdb"
    assert main(["import", str(register), "--mapping", str(path), "--db", str(db)]) == 0
    assert schedule_of(load(db)) == schedule_of(sample)


def test_a_column_the_mapping_names_but_the_register_lacks_is_named_once(register, mapping):
    wrong = Mapping(**{**mapping.__dict__, "columns": {**mapping.columns, "priority": "Order"}})
    with pytest.raises(ValidationError) as caught:
        load(register, mapping=wrong)
    assert [(p.row, p.column) for p in caught.value.problems] == [(1, "Order")]
    assert "no such column (the mapping's columns.priority)" in caught.value.problems[0].message


def test_a_bad_mapping_names_its_keys():
    with pytest.raises(ValidationError) as caught:
        mapping_from_dict(
            {
                "columns": {"id": "Ref", "value_per_week": {"column": "Benefit", "unit": "per_decade"}, "colour": "X"},
                "pools": [{"column": "Dev FTE", "capacity_fte": -1}],
                "settings": {"as_of": "next week"},
                "statuses": {"WIP": "busy"},
            },
            label="mapping m.json",
        )
    assert {p.column for p in caught.value.problems} == {
        "columns.value_per_week.unit",
        "columns.colour",
        "pools[1].capacity_fte",
        "settings.as_of",
        "statuses.WIP",
    }
    assert all(p.file == "mapping m.json" for p in caught.value.problems)


def test_the_readmes_example_mapping_reads_as_it_says():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### A project register", 1)[1]
    example = section.split("```json\n", 1)[1].split("```", 1)[0]
    mapping = mapping_from_json(example)
    assert mapping.units == {"value_per_week": "per_year", "duration_weeks": "months"}
    assert mapping.settings["as_of"] == dt.date(2026, 11, 30)
    assert [(p.id, p.capacity_fte, p.changes) for p in mapping.pools] == [
        ("DATA", 6, ((dt.date(2027, 3, 1), 8),)),
        ("DEV", 18, ()),
    ]
    assert mapping.statuses == {"ontrack": "active", "awaitingfunding": "proposed"}


# ---------------------------------------------------------------- any cell


CELLS = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.sampled_from(["£1,200", "2%", "In flight", "1e400", "-0", "A; B", "=1+1"]),
)


@settings(max_examples=80, deadline=None)
@given(rows=st.lists(st.lists(CELLS, min_size=9, max_size=9), min_size=1, max_size=4))
def test_any_cells_load_or_are_named_never_a_crash(rows):
    headers = ["Ref", "Stage", "Annual benefit", "Start", "End", "Duration (months)", "Depends on", "Dev FTE", "Rank"]
    mapping = suggest_mapping(headers).with_settings(as_of=dt.date(2027, 1, 4))
    mapping = Mapping(**{**mapping.__dict__, "pools": (PoolColumn("Dev FTE", "DEV", "Dev", 5.0),)})
    table = RawTable("register", "r.xlsx sheet Register", headers, [(n, r) for n, r in enumerate(rows, start=2)])
    converted = register_tables(table, mapping)
    try:
        build_portfolio(converted.tables)
    except ValidationError as exc:
        problems = converted.with_later(exc.problems)
    else:
        problems = converted.problems
    assert all(p.file in ("r.xlsx sheet Register", "mapping") for p in problems)
    assert all(p.row is None or 2 <= p.row <= len(rows) + 1 for p in problems if p.file != "mapping")
