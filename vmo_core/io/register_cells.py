"""A register's cells as PMOs write them: money with its own units, words for "not yet known",
months and quarters for dates, and the rows that are not projects.

- Money: "£850k", "1.2m", "£1.5bn" carry their own scale and are read as written; a plain
  number takes its column's, from the header ("Annual Benefit (£k)", "£m", "(000s)",
  "thousands") or the mapping's `scale`.
- "TBC", "TBD", "TBA", "n/a", "?", "-", "unknown" and "pending" are missing, as a blank is; the
  register says what follows (a value of 0, no demand on a team, no start).
- Dates: "Mar-27", "March 2027" and "Q2 2027" (or "2027 Q2") are a month or a quarter; a start
  is its first day, an end its last.
- Rows that are not projects: a total ("Total", "Grand total", "Sub-total" first in the row)
  and a section heading (one text in the row, however many cells a merge spreads it over).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from vmo_core.io.schema import is_blank, read_text

MISSING_WORDS = {"tbc", "tbd", "tba", "n/a", "na", "?", "-", "–", "—", "unknown", "pending", "to be confirmed"}
SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9}
_SCALED = re.compile(r"(?P<sign>-)?\s*(?:[£$€]|gbp|usd|eur)?\s*(?P<number>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>k|mn|m|bn)", re.I)
_THOUSANDS = re.compile(
    r"[£$€]\s*(?:k|000s?|'000s?)\b|\((?:k|000s?|'000s?)\)|\bthousands?\b|\bk\s*\)|\b(?:gbp|usd|eur)\s*k\b", re.I
)
_MILLIONS = re.compile(r"[£$€]\s*(?:m|mn)\b|\((?:m|mn)\)|\bmillions?\b|\b(?:gbp|usd|eur)\s*(?:m|mn)\b", re.I)
MONTHS = {name.casefold(): n for n, name in enumerate(calendar.month_abbr) if name}
MONTHS |= {name.casefold(): n for n, name in enumerate(calendar.month_name) if name}
MONTHS["sept"] = 9
_MONTH_YEAR = re.compile(r"(?P<month>[a-z]{3,9})[\s\-/'.,]*(?P<year>\d{4}|\d{2})", re.I)
_QUARTER = re.compile(r"q(?P<q>[1-4])[\s\-/']*(?P<year>\d{4}|\d{2})|(?P<year2>\d{4})[\s\-/']*q(?P<q2>[1-4])", re.I)
STATUS_WORDS = {  # the register's word (normalised) -> status, where the mapping does not say
    "active": ("active", "inprogress", "inflight", "underway", "started", "live", "ongoing", "running", "execution")
    + ("delivery", "indelivery", "build", "mobilising", "mobilizing", "implementation", "green", "amber", "red"),
    "approved": ("approved", "planned", "notstarted", "committed", "funded", "scheduled", "ready", "agreed"),
    "proposed": ("proposed", "pipeline", "idea", "candidate", "backlog", "proposal", "intake", "draft")
    + ("businesscase", "discovery", "feasibility", "concept", "awaitingapproval", "awaitingfunding"),
    "done": ("done", "complete", "completed", "closed", "delivered", "finished"),
    "stopped": ("stopped", "cancelled", "canceled", "abandoned", "killed", "withdrawn"),
}
_TOTAL = re.compile(r"(grand\s*)?(sub[\s-]*)?totals?\b", re.I)


def usual_status(word: str) -> str | None:
    """The status a register's word usually means ("In flight": active), None when it has no usual sense."""
    key = re.sub(r"[^0-9a-z]+", "", str(word).casefold())
    return next((status for status, words in STATUS_WORDS.items() if key in words), None)


def is_missing(raw: Any) -> bool:
    """A cell that says the value is not known yet: "TBC", "TBD", "n/a"..."""
    return isinstance(raw, str) and raw.strip().casefold() in MISSING_WORDS


def header_scale(header: str) -> float:
    """1000 for "Annual Benefit (£k)", 1,000,000 for "Benefit £m", else 1."""
    if _THOUSANDS.search(header):
        return 1e3
    if _MILLIONS.search(header):
        return 1e6
    return 1.0


def scaled_money(raw: Any) -> float | None:
    """A money cell carrying its own scale ("£850k" -> 850,000, "1.2m" -> 1,200,000), else None."""
    if not isinstance(raw, str):
        return None
    found = _SCALED.fullmatch(raw.strip())
    if found is None:
        return None
    value = float(found["number"].replace(",", "")) * SCALES[found["scale"].casefold()]
    return -value if found["sign"] else value


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def period(raw: Any) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a month or quarter a cell names ("Mar-27", "Q2 2027"), else None."""
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    quarter = _QUARTER.fullmatch(text)
    if quarter:
        q, year = int(quarter["q"] or quarter["q2"]), _year(quarter["year"] or quarter["year2"])
        first = dt.date(year, 3 * q - 2, 1)
        return first, dt.date(year, 3 * q, calendar.monthrange(year, 3 * q)[1])
    month = _MONTH_YEAR.fullmatch(text)
    if month and month["month"].casefold() in MONTHS:
        number, year = MONTHS[month["month"].casefold()], _year(month["year"])
        return dt.date(year, number, 1), dt.date(year, number, calendar.monthrange(year, number)[1])
    return None


def row_kind(cells: list[Any]) -> str | None:
    """ "a total row" or "a section heading" for a row that is not a project, else None."""
    filled = [c for c in cells if not is_blank(c)]
    if not filled:
        return None
    if isinstance(filled[0], str) and _TOTAL.match(filled[0].strip()):
        return "a total row"
    if len({read_text(c) for c in filled}) == 1 and isinstance(filled[0], str) and not is_missing(filled[0]):
        return "a section heading"
    return None
