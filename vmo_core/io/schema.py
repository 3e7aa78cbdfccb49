"""The portfolio files of INTERFACES.md: their columns and bounds, the headers people write for
them, how a cell is written back. The cell readers live in `cells` (and how people write
numbers and dates in `written`); they are put to the columns here.

One schema serves every form (CSV folder, .xlsx, .duckdb), so a rule about a column lives
here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from vmo_core.io.cells import (  # the readers, and the names other modules have always found here
    EARLIEST_DATE,
    LATEST_DATE,
    CellError,
    amount,
    is_blank,
    number_in,
    one_of,
    parse_date,
    read_currency,
    read_date,
    read_date_order,
    read_file_date,
    read_fraction,
    read_number,
    read_text,
    shown,
)
from vmo_core.io.names import read_name
from vmo_core.io.written import header_key, point_decimal
from vmo_core.model.portfolio import BENEFIT_TYPES, STATUSES


@dataclass
class RawTable:
    """A table as found: header names and rows of cells, each row with its spreadsheet number."""

    name: str
    label: str
    header: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    readable: bool = True  # False: the file or sheet could not be read (a problem says why); no rows
    decimal_comma: bool = False  # a semicolon-separated CSV, as European Excel writes: 1.200,50
    header_row: int = 1  # the spreadsheet row the header is on
    left_out: list[tuple[int | None, str]] = field(default_factory=list)  # rows (or columns) set aside, and why
    hidden: tuple[int, ...] = ()  # a sheet's hidden columns (1-based), set aside with the header


@dataclass(frozen=True)
class Written:
    """How a file writes what the schema reads: its decimal mark, and settings' date_order."""

    decimal_comma: bool = False
    date_order: str | None = None


# ---------------------------------------------------------------- bounds
# Every number and date a portfolio or a scenario may hold, written once: the loader's
# readers and the scenario parser both check against these. Within them nothing the
# product computes overflows, runs out of memory or takes minutes (README, "Portfolios
# and scenarios", lists them for people).

YEARS_FROM_AS_OF = 100  # every date lies within this many years of as_of
DAYS_FROM_AS_OF = 36_525  # 100 years of 365.25 days
REACH_WEEKS = DAYS_FROM_AS_OF // 7 + 3  # a start or a capacity change dates can put furthest, +1 week, +2 the kernel keeps
MAX_HORIZON_WEEKS = 1_040  # 20 years
MAX_DURATION_WEEKS = 520  # 10 years
MIN_ACTUAL_WEEKS, MAX_ACTUAL_WEEKS = 0.1, 1_040  # actuals.csv: estimated_weeks and actual_weeks
MAX_MONEY = 1e12  # value_per_week, late_penalty, fixed_cost, cost_per_fte_week, promised and actual values
MAX_FTE = 1e6  # capacity_fte, a demand's fte
MAX_SCENARIO_FTE = 10 * MAX_FTE  # a scenario's capacity_fte: what-ifs (and the VMO's own +1 FTE) past a pool's most
MAX_PRIORITY = 1e9  # |priority|
MIN_DISCOUNT_RATE, MAX_DISCOUNT_RATE = -0.99, 10.0  # a year
MAX_CRASH = 10.0  # a scenario's crash factor
MAX_PROJECTS = 10_000  # projects, counting those a scenario adds
MAX_POOLS = 1_000
MAX_ROWS = 100_000  # rows of any one table
MAX_COLUMNS = 1_000  # columns of any one table
MAX_WORK_WEEKS = 200_000  # weeks of work still to do, laid end to end: keeps every finish inside the calendar
MAX_GRID_CELLS = 25_000_000  # pools x weeks the scheduler may have to hold (8 bytes each: 200 MB)
MAX_FILE_BYTES = 50_000_000  # one CSV file or one .xlsx
MAX_XLSX_UNPACKED_BYTES = 500_000_000  # an .xlsx is a zip: what it holds unpacked
MAX_SCENARIO_BYTES = 10_000_000
MAX_SCENARIO_DEPTH = 32  # nesting of JSON arrays and objects
MAX_CHANGES = 1_000  # changes in one scenario
FINISHED_STATUSES = ("done", "stopped")  # never scheduled again, so not work still to do


def date_window(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The dates a portfolio with this as_of may hold: within 100 years of it, and inside the calendar."""
    reach = dt.timedelta(days=DAYS_FROM_AS_OF)
    low = EARLIEST_DATE if as_of - EARLIEST_DATE <= reach else as_of - reach
    high = LATEST_DATE if LATEST_DATE - as_of <= reach else as_of + reach
    return low, high


def near_as_of(day: dt.date, as_of: dt.date) -> str | None:
    """None, or why `day` is too far from as_of (a message for a person)."""
    low, high = date_window(as_of)
    if low <= day <= high:
        return None
    return f"{day} is more than {YEARS_FROM_AS_OF} years from as_of ({as_of}); expected a date from {low} to {high}"


class _UnsavedFormula:
    """An .xlsx cell holding a formula that was never calculated and saved: there is no value to read."""

    def __repr__(self) -> str:
        return "<a formula with no saved value>"


UNSAVED_FORMULA = _UnsavedFormula()
UNSAVED_FORMULA_MESSAGE = "is a formula with no saved value; open and save the workbook in Excel, or type the value"


@dataclass(frozen=True)
class Column:
    name: str
    read: Callable[[Any], Any]
    sql: str
    required: bool = False
    default: Any = None


TEXT, NUM, INT, DATE = "VARCHAR", "DOUBLE", "INTEGER", "DATE"
money = number_in(0, MAX_MONEY, money=True)
fte = number_in(0, MAX_FTE, unit=" FTE")
weeks_of_work = number_in(1, MAX_DURATION_WEEKS, integer=True, unit=" weeks")
actual_weeks = number_in(MIN_ACTUAL_WEEKS, MAX_ACTUAL_WEEKS, unit=" weeks")


def _required_text(name: str) -> Column:
    """Text every row must have: a setting's key or value."""
    return Column(name, read_text, TEXT, required=True)


def _id(name: str) -> Column:
    """An id or a reference to one: a name (names.py), so that look-alikes are one id."""
    return Column(name, read_name, TEXT, required=True)


def _name(name: str) -> Column:
    return Column(name, read_name, TEXT, default="")


SETTINGS_KEYS = {
    "as_of": Column("as_of", read_file_date, DATE, required=True),
    "horizon_weeks": Column("horizon_weeks", number_in(1, MAX_HORIZON_WEEKS, integer=True, unit=" weeks"), INT, default=156),
    "discount_rate": Column(
        "discount_rate",
        number_in(MIN_DISCOUNT_RATE, MAX_DISCOUNT_RATE, unit=" (a yearly rate: 0.05 is 5%)", fraction=True),
        NUM,
        default=0.0,
    ),
    "currency": Column("currency", read_currency, TEXT, default="USD"),
}
# How the portfolio's files write dates that are not ISO (03/04/2027): DMY or MDY. Read before
# every other cell, kept among the settings' extras so that it is written back on export.
DATE_ORDER = Column("date_order", read_date_order, TEXT)

# file name (without .csv) -> its columns, in the order export writes them
SCHEMA: dict[str, tuple[Column, ...]] = {
    "settings": (_required_text("key"), _required_text("value")),
    "pools": (
        _id("id"),
        _name("name"),
        Column("capacity_fte", fte, NUM, required=True),
        Column("cost_per_fte_week", money, NUM, default=0.0),
    ),
    "projects": (
        _id("id"),
        _name("name"),
        Column("status", one_of(STATUSES), TEXT, required=True),
        Column("priority", number_in(-MAX_PRIORITY, MAX_PRIORITY), NUM),
        Column("duration_weeks", weeks_of_work, INT, required=True),
        Column("value_per_week", money, NUM, required=True),
        Column("earliest_start", read_file_date, DATE),
        Column("decay_per_week", read_fraction, NUM, default=0.0),
        Column("value_end", read_file_date, DATE),
        Column("deadline", read_file_date, DATE),
        Column("late_penalty", money, NUM, default=0.0),
        Column("fixed_cost", money, NUM, default=0.0),
        Column("promised_finish", read_file_date, DATE),
        Column("promised_value_per_week", money, NUM),
        Column("benefit_type", one_of(BENEFIT_TYPES), TEXT, default="other"),
        _name("theme"),
        _name("sponsor"),
        Column("planned_start", read_file_date, DATE),
    ),
    "demands": (
        _id("project_id"),
        _id("pool_id"),
        Column("fte", fte, NUM, required=True),
    ),
    "dependencies": (
        _id("predecessor_id"),
        _id("successor_id"),
    ),
    "capacity_changes": (
        _id("pool_id"),
        Column("from", read_file_date, DATE, required=True),
        Column("capacity_fte", fte, NUM, required=True),
    ),
    "actuals": (
        _id("project_id"),
        Column("estimated_weeks", actual_weeks, NUM, required=True),
        Column("actual_weeks", actual_weeks, NUM, required=True),
        Column("estimated_value_per_week", money, NUM),
        Column("realised_value_per_week", money, NUM),
    ),
}
REQUIRED_FILES = ("settings", "pools", "projects", "demands")
OPTIONAL_FILES = ("dependencies", "capacity_changes", "actuals")

# What people write for a column, as `header_key` reads it (case, spaces and punctuation set
# aside, so `Capacity FTE` is capacity_fte already): table -> header -> column.
HEADER_SYNONYMS: dict[str, dict[str, str]] = {
    "settings": {"setting": "key", "parameter": "key"},
    "pools": {
        **dict.fromkeys(("pool", "poolid", "team", "teamid"), "id"),
        **dict.fromkeys(("poolname", "teamname"), "name"),
        **dict.fromkeys(("fte", "capacity", "capacityinfte"), "capacity_fte"),
        **dict.fromkeys(("costperfte", "weeklycostperfte", "costperfteperweek"), "cost_per_fte_week"),
    },
    "projects": {
        **dict.fromkeys(("project", "projectid", "projectcode"), "id"),
        **dict.fromkeys(("projectname", "title"), "name"),
        **dict.fromkeys(("duration", "weeks", "durationinweeks"), "duration_weeks"),
        **dict.fromkeys(("weeklyvalue", "valueaweek", "benefitperweek", "weeklybenefit"), "value_per_week"),
        **dict.fromkeys(("start", "earlieststartdate", "startnotbefore"), "earliest_start"),
        **dict.fromkeys(("decay", "weeklydecay"), "decay_per_week"),
        "deadlinedate": "deadline",
        "penalty": "late_penalty",
        **dict.fromkeys(("cost", "fixedcosts", "onceoffcost"), "fixed_cost"),
        "promisedfinishdate": "promised_finish",
        "owner": "sponsor",
        **dict.fromkeys(("plannedstartdate", "plannedstart", "scheduledstart"), "planned_start"),
    },
    "demands": {
        **dict.fromkeys(("project", "projectid"), "project_id"),
        **dict.fromkeys(("pool", "team", "poolid", "teamid"), "pool_id"),
        **dict.fromkeys(("fterequired", "ftedemand", "demandfte"), "fte"),
    },
    "dependencies": {
        **dict.fromkeys(("predecessor", "dependson"), "predecessor_id"),
        "successor": "successor_id",
    },
    "capacity_changes": {
        **dict.fromkeys(("pool", "team", "teamid"), "pool_id"),
        **dict.fromkeys(("fromdate", "date", "effectivefrom"), "from"),
        **dict.fromkeys(("fte", "capacity", "newcapacityfte"), "capacity_fte"),
    },
    "actuals": {**dict.fromkeys(("project", "projectid"), "project_id")},
}
_HEADERS = {
    table: {header_key(c.name): c.name for c in columns} | HEADER_SYNONYMS.get(table, {}) for table, columns in SCHEMA.items()
}


def column_for(table: str, header: Any) -> str | None:
    """The schema's column a header names (`Capacity FTE`, `FTE`, `capacity_fte`), or None."""
    return _HEADERS[table].get(header_key(read_text(header))) if not is_blank(header) else None


def read_cell(column: Column, raw: Any, written: Written = Written()) -> Any:
    """A cell read for its column, as its file writes numbers and dates."""
    if column.sql == DATE and written.date_order:
        return read_file_date(raw, order=written.date_order)
    if column.sql in (NUM, INT) and written.decimal_comma and isinstance(raw, str):
        raw = point_decimal(raw)
    return column.read(raw)


def write_cell(value: Any) -> str:
    """A value as text that reads back to exactly the same value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# An .xlsx is XML: control characters cannot be stored and a carriage return does not
# survive parsing. Excel's own convention writes them as _xHHHH_ (and a literal "_x" that
# looks like one as _x005F_x), so text comes back exactly.
_XLSX_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]|_(?=x[0-9A-Fa-f]{4}_)")
_XLSX_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def xlsx_escape(text: str) -> str:
    return _XLSX_CONTROL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def xlsx_unescape(text: str) -> str:
    return _XLSX_ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


# A CSV cell that begins with =, +, -, @, a tab or a carriage return is run as a formula by
# Excel, LibreOffice and Google Sheets when the file is opened. A text cell that begins so
# is written with a leading apostrophe, the spreadsheet convention for "this is text", and
# so is text that already begins with an apostrophe; reading a text cell drops one leading
# apostrophe. The mapping is a bijection on text, so export-then-import gives back exactly
# the text written. A plain number (-5, +1.5e3) is not a formula and is left as it is; only
# text columns are touched (a money, date or number column never is).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def csv_escape(text: str) -> str:
    if text.startswith("'") or (text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text)):
        return "'" + text
    return text


def csv_unescape(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def is_text_column(table: str, column: str) -> bool:
    """A column that holds text: a text column of the schema, or one the schema does not know."""
    name = column_for(table, column)
    return name is None or next(c for c in SCHEMA[table] if c.name == name).sql == TEXT


def is_text_setting(key: str) -> bool:
    """A setting whose value is text (currency, or a setting the schema does not know)."""
    known = SETTINGS_KEYS.get(key.strip().lower())
    return known is None or known.sql == TEXT


__all__ = [  # kept importable from here: the readers moved to `cells`
    "EARLIEST_DATE",
    "LATEST_DATE",
    "CellError",
    "amount",
    "is_blank",
    "parse_date",
    "read_date",
    "read_number",
    "shown",
]
