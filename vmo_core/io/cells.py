"""How a cell is read: a number, a date, a choice or text, as people write it, or a CellError
that quotes the cell and says what is expected. `schema` puts these readers to its columns.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from vmo_core.io.written import (
    DATE_ORDERS,
    AmbiguousDate,
    canonical_number,
    excel_serial,
    percent,
    without_currency,
    written_date,
)

EARLIEST_DATE, LATEST_DATE = dt.date(1900, 1, 1), dt.date(2199, 12, 31)  # the calendar (schema's bounds)


class CellError(ValueError):
    """A cell that cannot be read; the message says what it holds and what is expected."""


def amount(x: float) -> str:
    """A bound as people write it: 1,000,000,000,000 or 0.1."""
    return f"{int(x):,}" if float(x).is_integer() and abs(x) < 1e16 else f"{x:g}"


def shown(raw: Any, *, limit: int = 60) -> str:
    """A value as a message quotes it: text in quotes, never longer than `limit` characters."""
    if isinstance(raw, int) and not isinstance(raw, bool) and raw.bit_length() > 64:
        return f"a {raw.bit_length() * 30103 // 100000 + 1}-digit number"  # str() of a huge int is slow, or refused
    if isinstance(raw, str):
        text = repr(raw[: limit + 1])
    elif isinstance(raw, (numbers.Real, dt.date)):
        text = str(raw)
    else:
        text = _short_repr(raw)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _short_repr(raw: Any) -> str:
    import reprlib

    brief = reprlib.Repr()
    brief.maxlevel, brief.maxstring, brief.maxother, brief.maxlong = 3, 40, 40, 40
    return brief.repr(raw)


_shown = shown


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "") or (isinstance(raw, float) and math.isnan(raw))


def read_text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))  # an id typed as a number in Excel
    if isinstance(raw, (dt.datetime, dt.date)):
        return raw.isoformat()[:10]
    return str(raw).strip()


PLAIN_NUMBER_EXPECTED = "expected a plain number such as 1500 or 2.5"


def read_number(raw: Any, *, as_read: str | None = None) -> float:
    """A number; `as_read` is the text of a str `raw` as `written` reads it (messages quote `raw`)."""
    if isinstance(raw, (bool, np.bool_)) or not isinstance(raw, (numbers.Real, str)):
        raise CellError(f"{_shown(raw)} is not a number; {PLAIN_NUMBER_EXPECTED}")
    if isinstance(raw, numbers.Real):  # int, float and numpy's numbers alike
        try:
            value = float(raw)
        except OverflowError:
            raise CellError(f"{_shown(raw)} is too large; {PLAIN_NUMBER_EXPECTED}") from None
    else:
        try:
            value = float(raw.strip() if as_read is None else as_read)
        except ValueError:
            raise CellError(f"{_shown(raw)} is not a number; {PLAIN_NUMBER_EXPECTED}") from None
    if not math.isfinite(value):
        raise CellError(f"{_shown(raw)} is not a finite number; {PLAIN_NUMBER_EXPECTED}")
    return value


def read_written_number(raw: Any, *, money: bool = False, fraction: bool = False) -> float:
    """A number as a file writes it: `18,000`, `1 200`, `2,5`; with `money` `£1,200` or `1,200 GBP`;
    with `fraction` `2%` (0.02). See `written` for the decimal mark."""
    if not isinstance(raw, str):
        return read_number(raw)
    try:  # most cells are plain numbers: read them at once
        plain = float(raw)
        if math.isfinite(plain):
            return plain
    except ValueError:
        pass
    text = without_currency(raw) if money else raw.strip()
    try:
        share = percent(text)
        if share is not None and not fraction:
            raise ValueError("is a percentage, which this column does not take")
        as_read = canonical_number(text) if share is None else ""
    except ValueError as exc:
        raise CellError(f"{_shown(raw)} {exc}; {PLAIN_NUMBER_EXPECTED}") from None
    return share if share is not None else read_number(raw, as_read=as_read)


def number_in(
    low: float,
    high: float,
    *,
    above: bool = False,
    integer: bool = False,
    unit: str = "",
    money: bool = False,
    fraction: bool = False,
) -> Callable[[Any], float]:
    """A reader of numbers from `low` (or just above it) to `high`; whole numbers only if `integer`;
    money may carry a currency symbol, a fraction may be written as a percentage."""
    relation = "above" if above else "at least"
    expected = f"expected a number {relation} {amount(low)} and at most {amount(high)}{unit}"

    def read(raw: Any) -> float:
        value = read_written_number(raw, money=money, fraction=fraction)
        if integer and not value.is_integer():
            raise CellError(f"{_shown(raw)} is not a whole number; expected a whole number of weeks")
        if value < low or (above and value == low) or value > high:
            raise CellError(f"{_shown(raw)} is out of range; {expected}")
        return int(value) if integer else value

    return read


def read_fraction(raw: Any) -> float:
    value = read_written_number(raw, fraction=True)
    if not 0 <= value < 1:
        raise CellError(f"{_shown(raw)} is out of range; expected a fraction from 0 up to (not including) 1, e.g. 0.02 or 2%")
    return value


def read_date(raw: Any) -> dt.date:
    day = parse_date(raw)
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise CellError(f"{_shown(raw)} is out of range; expected a date from {EARLIEST_DATE} to {LATEST_DATE}")
    return day


def read_file_date(raw: Any, *, order: str | None = None) -> dt.date:
    """A date as a file writes it: ISO, an Excel serial (a number in a workbook, five digits in a CSV),
    or day/month/year and month/day/year where it reads one way only (or `order` says which)."""
    try:
        if isinstance(raw, numbers.Real) and not isinstance(raw, (bool, np.bool_)):
            day = excel_serial(float(raw))
        else:
            day = written_date(raw, order=order) if isinstance(raw, str) else None
    except AmbiguousDate as exc:
        raise CellError(f"{_shown(raw)} {exc}") from None
    except (ValueError, OverflowError) as exc:
        raise CellError(f"{_shown(raw)} {exc}; expected an ISO date YYYY-MM-DD, e.g. 2027-03-01") from None
    return read_date(raw if day is None else day)


def parse_date(raw: Any) -> dt.date:
    """An ISO date, whatever its year (read_date adds the calendar's bounds)."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        text = raw.strip()
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


def read_date_order(raw: Any) -> str:
    text = read_text(raw).upper()
    if text not in DATE_ORDERS:
        raise CellError(f"{_shown(raw)} is not a date order; expected DMY (25/12/2027) or MDY (12/25/2027)")
    return text


def read_currency(raw: Any) -> str:
    text = read_text(raw).upper()
    if not (len(text) == 3 and text.isalpha()):
        raise CellError(f"{_shown(raw)} is not a currency code; expected three letters such as GBP, EUR or USD")
    return text
