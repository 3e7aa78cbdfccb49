"""How people write numbers, dates and headers in the files they already have, read into one form.

A cell may say `18,000`, `£1,200`, `$1,200.50`, `1 200`, `2%`, `25/12/2027` or hold an Excel
serial date; each is read here to exactly what the clean file's `18000`, `0.02` or
`2027-12-25` gives. Text in, a canonical value out, or a ValueError whose message says what
the text holds and how to write it; `schema` quotes the cell in front of it.

The decimal mark (README, "Files people already have"): a number with both `.` and `,`
takes the later one as its decimal mark; a mark used twice, or one followed by exactly three
digits, groups thousands, unless the file is semicolon-separated (European Excel), where `,`
is the decimal mark and `.` groups thousands; any other single mark is the decimal mark.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

CURRENCY_SYMBOLS = "£$€¥₹"
_SPACED = re.compile(r"[+-]?\d{1,3}(?:[ \u00a0\u202f\u2009']\d{3})+(?:[.,]\d+)?")  # 1 200 (no-break, thin), 1'200
_SPACE = re.compile(r"[ \u00a0\u202f\u2009']")
_DIGITS = re.compile(r"[+-]?\d*(?:\.\d*)?(?:[eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:(?P<mark>[.,])\d{3})(?:(?P=mark)\d{3})*")


def canonical_number(text: str, *, decimal_comma: bool = False) -> str:
    """A number as written (thousands grouped, decimal comma) as Python reads it: `1,200.50` -> `1200.50`."""
    bare = text.strip()
    if _SPACED.fullmatch(bare):
        bare = _SPACE.sub("", bare)
    if "," not in bare and "." not in bare or _DIGITS.fullmatch(bare) and not decimal_comma:
        return bare
    if "," in bare and "." in bare:
        decimal = "," if bare.rfind(",") > bare.rfind(".") else "."
        whole, _, fraction = bare.rpartition(decimal)
        if not (_GROUPED.fullmatch(whole) or whole.lstrip("+-").isdigit()) or not fraction.isdigit():
            raise ValueError("mixes , and . in a way that is not a number")
        return whole.replace("," if decimal == "." else ".", "") + "." + fraction
    mark = "," if "," in bare else "."
    grouped = _GROUPED.fullmatch(bare)
    if grouped and (bare.count(mark) > 1 or mark == ("." if decimal_comma else ",")):
        return bare.replace(mark, "")
    if bare.count(mark) == 1:
        return bare.replace(mark, ".")
    raise ValueError(f"holds {mark} more than once but not in groups of three digits")


_AFFIXED = re.compile(r"(\D*?)([+-]?[\d.,\u00a0\u202f\u2009' ]*\d)(\D*)")


def point_decimal(text: str) -> str:
    """A semicolon-separated file's number with a decimal point: `1.200,50 €` -> `1200.50 €`, `2,5%` -> `2.5%`.
    Text that is no such number is given back as it is, for the reader to refuse."""
    found = _AFFIXED.fullmatch(text.strip())
    if not found:
        return text
    try:
        return found.group(1) + canonical_number(found.group(2), decimal_comma=True) + found.group(3)
    except ValueError:
        return text


def without_currency(text: str) -> str:
    """Money as written, without a currency symbol or code before or after it: `£1,200` -> `1,200`."""
    bare = text.strip()
    if bare[:1] and bare[:1] in CURRENCY_SYMBOLS:
        bare = bare[1:].lstrip()
    elif _is_code(bare[:3]) and not bare[3:4].isalpha():
        bare = bare[3:].lstrip()
    if bare[-1:] and bare[-1:] in CURRENCY_SYMBOLS:
        bare = bare[:-1].rstrip()
    elif _is_code(bare[-3:]) and not bare[-4:-3].isalpha():
        bare = bare[:-3].rstrip()
    return bare


def _is_code(text: str) -> bool:
    """GBP, EUR, USD: three capital letters."""
    return len(text) == 3 and text.isascii() and text.isalpha() and text.isupper()


def percent(text: str, *, decimal_comma: bool = False) -> float | None:
    """`2%` as the fraction 0.02 (decimal arithmetic, so `0.1%` is exactly 0.001); None if no % sign."""
    bare = text.strip()
    if not bare.endswith("%"):
        return None
    try:
        share = Decimal(canonical_number(bare[:-1].strip(), decimal_comma=decimal_comma)) / 100
    except InvalidOperation:
        raise ValueError("is not a percentage") from None
    if not share.is_finite():
        raise ValueError("is not a finite percentage")
    return float(share)


# ---------------------------------------------------------------- dates

DATE_ORDERS = ("DMY", "MDY")
EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01, counting Excel's 29 February 1900
FIRST_TRUE_SERIAL, LAST_SERIAL = 61, 2_958_465  # 1 March 1900 (before it Excel's calendar is wrong) .. 9999-12-31
_SLASHED = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
_CSV_SERIAL = re.compile(r"\d{5}")  # 1927-05-18 .. 2173-10-14: a five-digit whole number in a date column


class AmbiguousDate(ValueError):
    """A date such as 03/04/2027 that reads two ways; the message names both."""


def excel_serial(number: float) -> dt.date:
    """An Excel serial date (a cell formatted General shows 46357 for 2026-12-01)."""
    if not float(number).is_integer():
        raise ValueError("is a date and a time of day; expected a date only")
    if not FIRST_TRUE_SERIAL <= number <= LAST_SERIAL:
        raise ValueError(f"is not an Excel date serial from {FIRST_TRUE_SERIAL} to {LAST_SERIAL:,}")
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


def written_date(text: str, *, order: str | None = None) -> dt.date | None:
    """A date written day/month/year or month/day/year (or a CSV's Excel serial); None if it is neither.

    `25/12/2027` and `12/25/2027` each read one way only; `03/04/2027` reads two ways and
    is refused naming both, unless `order` (settings' date_order: DMY or MDY) says which.
    A date written with dots (`25.12.2027`) is day first, as everywhere it is written so.
    """
    bare = text.strip()
    if _CSV_SERIAL.fullmatch(bare):
        return excel_serial(int(bare))
    found = _SLASHED.fullmatch(bare)
    if not found:
        return None
    first, mark, second, year = int(found.group(1)), found.group(2), int(found.group(3)), int(found.group(4))
    readings = {"DMY": (year, second, first), "MDY": (year, first, second)}
    possible = {name: _day(*ymd) for name, ymd in readings.items()}
    possible = {name: day for name, day in possible.items() if day is not None}
    if mark == ".":
        possible.pop("MDY", None)
    if order:
        if order not in possible:
            raise ValueError(f"is not a date read {order} (settings' date_order)")
        return possible[order]
    if len(set(possible.values())) == 1:
        return next(iter(possible.values()))
    if not possible:
        raise ValueError("is not a date in the calendar")
    dmy, mdy = possible["DMY"], possible["MDY"]
    raise AmbiguousDate(
        f"could be {spoken(dmy)} or {spoken(mdy)}; write it as {dmy.isoformat()} or {mdy.isoformat()}, "
        "or add the setting date_order with DMY (day first) or MDY (month first)"
    )


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def spoken(day: dt.date) -> str:
    """3 April 2027."""
    return f"{day.day} {day:%B %Y}"


# ---------------------------------------------------------------- headers


def header_key(text: str) -> str:
    """A header as it is matched: case, spaces and punctuation set aside (`Capacity (FTE)` -> `capacityfte`)."""
    return re.sub(r"[\W_]+", "", text).lower()
