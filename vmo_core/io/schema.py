"""The portfolio files of INTERFACES.md: their columns, how a cell is read, how it is written.

One schema serves every form (CSV folder, .xlsx, .duckdb), so a rule about a column lives
here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from vmo_core.model.portfolio import BENEFIT_TYPES, STATUSES


@dataclass
class RawTable:
    """A table as found: header names and rows of cells, each row with its spreadsheet number."""

    name: str
    label: str
    header: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)


class CellError(ValueError):
    """A cell that cannot be read; the message says what it holds and what is expected."""


def _shown(raw: Any) -> str:
    return repr(raw) if isinstance(raw, str) else str(raw)


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "") or (isinstance(raw, float) and math.isnan(raw))


def read_text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))  # an id typed as a number in Excel
    if isinstance(raw, (dt.datetime, dt.date)):
        return raw.isoformat()[:10]
    return str(raw).strip()


def read_number(raw: Any) -> float:
    if isinstance(raw, bool):
        raise CellError(f"{_shown(raw)} is not a number")
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        try:
            value = float(str(raw).strip())
        except ValueError:
            raise CellError(f"{_shown(raw)} is not a number; expected a plain number such as 1500 or 2.5") from None
    if not math.isfinite(value):
        raise CellError(f"{_shown(raw)} is not a finite number")
    return value


def at_least(low: float, *, strict: bool = False, integer: bool = False) -> Callable[[Any], float]:
    def read(raw: Any) -> float:
        value = read_number(raw)
        if integer and not value.is_integer():
            raise CellError(f"{_shown(raw)} is not a whole number; expected a whole number of weeks")
        if value < low or (strict and value == low):
            relation = "above" if strict else "at least"
            raise CellError(f"{_shown(raw)} is out of range; expected a number {relation} {low:g}")
        return int(value) if integer else value

    return read


def read_fraction(raw: Any) -> float:
    value = read_number(raw)
    if not 0 <= value < 1:
        raise CellError(f"{_shown(raw)} is out of range; expected a fraction from 0 up to (not including) 1, e.g. 0.02")
    return value


def read_date(raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = str(raw).strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        moment = dt.datetime.fromisoformat(text)  # "2027-03-01 00:00:00" from a spreadsheet
        if moment.time() == dt.time(0):
            return moment.date()
    except ValueError:
        pass
    raise CellError(f"{_shown(raw)} is not a date; expected an ISO date YYYY-MM-DD, e.g. 2027-03-01")


def one_of(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def read(raw: Any) -> str:
        text = read_text(raw).lower()
        if text not in choices:
            raise CellError(f"{_shown(raw)} is not known; expected one of {', '.join(choices)}")
        return text

    return read


def read_currency(raw: Any) -> str:
    text = read_text(raw).upper()
    if not (len(text) == 3 and text.isalpha()):
        raise CellError(f"{_shown(raw)} is not a currency code; expected three letters such as GBP, EUR or USD")
    return text


@dataclass(frozen=True)
class Column:
    name: str
    read: Callable[[Any], Any]
    sql: str
    required: bool = False
    default: Any = None


def _col(name, read, sql, required=False, default=None) -> Column:
    return Column(name, read, sql, required, default)


TEXT, NUM, INT, DATE = "VARCHAR", "DOUBLE", "INTEGER", "DATE"
non_negative = at_least(0)

SETTINGS_KEYS = {
    "as_of": _col("as_of", read_date, DATE, required=True),
    "horizon_weeks": _col("horizon_weeks", at_least(1, integer=True), INT, default=156),
    "discount_rate": _col("discount_rate", at_least(-1, strict=True), NUM, default=0.0),
    "currency": _col("currency", read_currency, TEXT, default="USD"),
}

# file name (without .csv) -> its columns, in the order export writes them
SCHEMA: dict[str, tuple[Column, ...]] = {
    "settings": (_col("key", read_text, TEXT, True), _col("value", read_text, TEXT, True)),
    "pools": (
        _col("id", read_text, TEXT, True),
        _col("name", read_text, TEXT, default=""),
        _col("capacity_fte", non_negative, NUM, True),
        _col("cost_per_fte_week", non_negative, NUM, default=0.0),
    ),
    "projects": (
        _col("id", read_text, TEXT, True),
        _col("name", read_text, TEXT, default=""),
        _col("status", one_of(STATUSES), TEXT, True),
        _col("priority", read_number, NUM),
        _col("duration_weeks", at_least(1, integer=True), INT, True),
        _col("value_per_week", non_negative, NUM, True),
        _col("earliest_start", read_date, DATE),
        _col("decay_per_week", read_fraction, NUM, default=0.0),
        _col("value_end", read_date, DATE),
        _col("deadline", read_date, DATE),
        _col("late_penalty", non_negative, NUM, default=0.0),
        _col("fixed_cost", non_negative, NUM, default=0.0),
        _col("promised_finish", read_date, DATE),
        _col("promised_value_per_week", non_negative, NUM),
        _col("benefit_type", one_of(BENEFIT_TYPES), TEXT, default="other"),
        _col("theme", read_text, TEXT, default=""),
        _col("sponsor", read_text, TEXT, default=""),
    ),
    "demands": (
        _col("project_id", read_text, TEXT, True),
        _col("pool_id", read_text, TEXT, True),
        _col("fte", non_negative, NUM, True),
    ),
    "dependencies": (
        _col("predecessor_id", read_text, TEXT, True),
        _col("successor_id", read_text, TEXT, True),
    ),
    "capacity_changes": (
        _col("pool_id", read_text, TEXT, True),
        _col("from", read_date, DATE, True),
        _col("capacity_fte", non_negative, NUM, True),
    ),
    "actuals": (
        _col("project_id", read_text, TEXT, True),
        _col("estimated_weeks", at_least(0, strict=True), NUM, True),
        _col("actual_weeks", at_least(0, strict=True), NUM, True),
        _col("estimated_value_per_week", non_negative, NUM),
        _col("realised_value_per_week", non_negative, NUM),
    ),
}
REQUIRED_FILES = ("settings", "pools", "projects", "demands")
OPTIONAL_FILES = ("dependencies", "capacity_changes", "actuals")


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
