"""Fuzzing the loaders: random bytes, random CSV structures, random workbooks, and extreme
values in an otherwise valid portfolio.

Whatever a file holds, loading it gives a Portfolio or a ValidationError whose problems name
the file (and the row and column where a cell is at fault): never another exception. A
portfolio that loads schedules, compares, forecasts and prints strict JSON.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vmo_core
from tests.io.hostile_support import SAMPLE, folder, strict_json
from vmo_core.errors import ValidationError, VmoError
from vmo_core.io import export, schema
from vmo_core.io.loading import load

# ---------------------------------------------------------------- fuzzing the loaders


def assert_loads_or_refuses_clearly(source: Path) -> None:
    """A portfolio that schedules and prints strict JSON, or a refusal naming where: nothing else."""
    try:
        pf = load(source)
    except ValidationError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.file and problem.message, problem
        assert str(exc).startswith(f"{source}: ")
        return
    except VmoError as exc:
        assert str(exc).startswith(str(source)), exc
        return
    strict_json(vmo_core.schedule(pf).to_dict())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(list(schema.SCHEMA)), data=st.binary(max_size=400))
def test_random_bytes_as_any_csv_file(tmp_path_factory, name, data):
    assert_loads_or_refuses_clearly(folder(tmp_path_factory.mktemp("bytes"), **{name: data}))


NUMBERS = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["1e400", "-0", "nan", "inf", "1" * 400, "0x10", "1_000", " 5 ", "5e-324", "520", "521", "1040", "1e12"]),
)
DATES = st.one_of(
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(str),
    st.sampled_from(["9999-12-31", "0001-01-01", "2027-02-30", "2027-1-1", "2027-01-04 00:00:00", "2027-W01-1", "20270104"]),
)
TEXTS = st.one_of(
    st.text(max_size=10),
    st.sampled_from(["A", "B", "DEV", "approved", "proposed", "active", "done", "as_of", "horizon_weeks", "discount_rate"]),
    st.sampled_from(['"', '""', '"x', "=1+1", "'", "\r\n", "\x00"]),
)
CELLS = st.one_of(NUMBERS, DATES, TEXTS, st.just(""))


@st.composite
def csv_tables(draw, name: str) -> str:
    known = [c.name for c in schema.SCHEMA[name]]
    header = draw(st.lists(st.sampled_from(known) | TEXTS, max_size=8, unique=True) | st.permutations(known))
    rows = draw(st.lists(st.lists(CELLS, max_size=len(header) + 2), max_size=6))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"])))
    writer.writerow(header)
    writer.writerows(rows)
    text = out.getvalue()
    if draw(st.booleans()):  # break it somewhere: a stray quote or line break
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(['"', "\n", ",", '""'])) + text[at:]
    return text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data(), name=st.sampled_from(list(schema.SCHEMA)))
def test_random_csv_structures(tmp_path_factory, data, name):
    text = data.draw(csv_tables(name))
    assert_loads_or_refuses_clearly(folder(tmp_path_factory.mktemp("csv"), **{name: text}))


XLSX_CELLS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**62), 2**62),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(9999, 12, 31)),
    st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31)),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=10),
    st.sampled_from(["_x0001_", "a_x000D_b", "_x0000_", "_x005F_x0041_", "_xZZZZ_"]),  # Excel's escape of control characters
    st.sampled_from(["=1+1", "=A1", "=SUM(A:A)", "as_of", "approved", "DEV", "A", "2027-01-04"]),
)


@st.composite
def workbooks(draw):
    """A workbook of random sheets: some named like the schema's files, with random headers and cells."""
    titles = st.sampled_from(list(schema.SCHEMA)) | st.text(st.characters(categories=("L", "N", "Zs")), min_size=1, max_size=6)
    sheets = draw(st.lists(titles, min_size=1, max_size=5, unique_by=str.lower))
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title in sheets:
        clean = title.strip()[:31] or "x"
        if clean.lower() in {s.title.lower() for s in book.worksheets}:
            continue
        sheet = book.create_sheet(clean)
        known = [c.name for c in schema.SCHEMA.get(title, ())] or ["id"]
        sheet.append(draw(st.lists(st.sampled_from(known) | XLSX_CELLS, max_size=6)))
        for _ in range(draw(st.integers(0, 5))):
            sheet.append(draw(st.lists(XLSX_CELLS, max_size=7)))
    return book


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(book=workbooks())
def test_random_workbook_structures(tmp_path_factory, book):
    path = tmp_path_factory.mktemp("xlsx") / "pf.xlsx"
    book.save(path)
    assert_loads_or_refuses_clearly(path)


def test_the_sample_still_loads_exactly_in_every_form(tmp_path):
    pf = load(SAMPLE)
    assert load(export.export(pf, tmp_path / "csv")) == pf
    assert load(export.export(pf, tmp_path / "pf.xlsx")) == pf


# ---------------------------------------------------------------- extreme values: refused, or harmless

RICH = {
    "settings": [["key", "value"], ["as_of", "2027-01-04"], ["horizon_weeks", "156"], ["discount_rate", "0.05"]],
    "pools": [["id", "capacity_fte", "cost_per_fte_week"], ["DEV", "5", "1000"], ["OPS", "3", "800"]],
    "projects": [
        ["id", "status", "priority", "duration_weeks", "value_per_week", "earliest_start", "value_end", "deadline"]
        + ["late_penalty", "fixed_cost", "promised_finish", "promised_value_per_week"],
        ["A", "active", "1", "4", "1000", "", "2030-01-01", "2027-03-01", "500", "100", "2027-02-01", "1200"],
        ["B", "approved", "2", "6", "2000", "2027-02-01", "", "", "", "", "2027-06-01", ""],
        ["C", "proposed", "", "3", "800", "", "", "2028-01-01", "50", "", "", ""],
    ],
    "demands": [["project_id", "pool_id", "fte"], ["A", "DEV", "2"], ["B", "OPS", "1"], ["C", "DEV", "1"]],
    "capacity_changes": [["pool_id", "from", "capacity_fte"], ["DEV", "2027-06-01", "6"]],
    "actuals": [["project_id", "estimated_weeks", "actual_weeks", "estimated_value_per_week"], ["A", "4", "5", "1000"]],
}
EXTREME_NUMBERS = st.sampled_from(
    ["1e308", "-1e308", "1e300", "1e15", "1e13", "1000000000", "100000000", "1041", "521", "5e-324", "1e-300", "-0.999999999"]
    + ["-0.9999999999999999", "10.5", "1e7", "2e6", "0.1", "0.05", "1e12", "1040", "520", "-0.99", "10"]
)
EXTREME_DATES = st.sampled_from(
    ["9999-12-31", "0001-01-01", "1899-12-31", "2199-12-31", "1900-01-01", "2200-01-01", "2150-06-01", "1905-01-01"]
)
NUMBER_CELLS = [
    ("settings", "horizon_weeks"),
    ("settings", "discount_rate"),
    ("pools", "capacity_fte"),
    ("pools", "cost_per_fte_week"),
    ("projects", "priority"),
    ("projects", "duration_weeks"),
    ("projects", "value_per_week"),
    ("projects", "late_penalty"),
    ("projects", "fixed_cost"),
    ("projects", "promised_value_per_week"),
    ("demands", "fte"),
    ("capacity_changes", "capacity_fte"),
    ("actuals", "estimated_weeks"),
    ("actuals", "actual_weeks"),
    ("actuals", "estimated_value_per_week"),
]
DATE_CELLS = [
    ("settings", "as_of"),
    ("projects", "earliest_start"),
    ("projects", "value_end"),
    ("projects", "deadline"),
    ("projects", "promised_finish"),
    ("capacity_changes", "from"),
]
EDITS = st.one_of(
    st.tuples(st.sampled_from(NUMBER_CELLS), st.integers(1, 3), EXTREME_NUMBERS),
    st.tuples(st.sampled_from(DATE_CELLS), st.integers(1, 3), EXTREME_DATES),
)


def edited_portfolio(path: Path, edits) -> Path:
    """RICH with some cells replaced: (file, column or setting), row under the header, value."""
    tables = {name: [list(row) for row in rows] for name, rows in RICH.items()}
    for (name, column), row, value in edits:
        rows = tables[name]
        if name == "settings":
            rows[:] = [r for r in rows if r[0] != column] + [[column, value]]
        else:
            rows[min(row, len(rows) - 1)][rows[0].index(column)] = value
    path.mkdir(parents=True)
    for name, rows in tables.items():
        with (path / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    return path


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(EDITS, min_size=1, max_size=3))
def test_extreme_values_are_refused_or_every_answer_stays_finite(tmp_path_factory, edits):
    """What the trial found by hand, searched for: an extreme number or date either fails validation
    (naming its file, row and column) or every answer on it is finite and prints as strict JSON."""
    source = edited_portfolio(tmp_path_factory.mktemp("extreme") / "pf", edits)
    try:
        pf = load(source)
    except ValidationError as exc:
        assert all(p.file and p.message for p in exc.problems)
        return
    from vmo_core.decisions.benefits import benefits
    from vmo_core.forecast.montecarlo import forecast

    scenario = {
        "changes": [
            {"op": "add", "project": "C", "position": 1},
            {"op": "accelerate", "project": "B", "crash": 10},
            {"op": "capacity", "pool": "OPS", "capacity_fte": 1e6, "from": "2027-03-01"},
        ]
    }
    strict_json(vmo_core.schedule(pf).to_dict())
    strict_json(vmo_core.compare(pf, scenario).to_dict())
    strict_json(benefits(pf).to_dict())
    strict_json(forecast(pf, runs=20, scenario=scenario).to_dict())
