"""What a register shows of itself before it is mapped: its sheets, the sheet and header row
found, its currency (from the symbols in its headers and cells), the order its text dates are
written in, and the words in each column (a status column's words, to map onto statuses).

The app's register step offers each as a control's default; nothing here is a guess that
loading relies on: the mapping says what to use, and says it in plain sight.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vmo_core.io.register_cells import row_kind
from vmo_core.io.register_sheet import SET_ASIDE, register_table, with_header_row
from vmo_core.io.schema import is_blank, read_text

SYMBOLS = {"£": "GBP", "€": "EUR", "$": "USD"}
_CODES = re.compile(r"\b(GBP|EUR|USD)\b")
_SLASHED = re.compile(r"\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})\s*")
WORDS_A_COLUMN = 30  # distinct words kept a column: a status column has a handful


@dataclass(frozen=True)
class RegisterLayout:
    """A register as found: `sheet` and `header_row` are what loading uses unless the mapping says otherwise."""

    sheets: tuple[str, ...]  # a workbook's sheets, in order (none for a CSV)
    sheet: str | None  # the sheet read (None for a CSV)
    header_row: int  # the spreadsheet row of the header
    headers: tuple[str, ...]
    currency: str | None  # GBP for a register written in £ (its headers or cells), else None
    date_order: str | None  # DMY or MDY when a text date reads one way only (26/02/2027), else None
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # header -> its distinct text cells, first seen first
    left_out: tuple[tuple[int | None, str], ...] = ()  # rows (or columns) set aside, and why


def register_layout(path: str | Path, *, sheet: str | None = None, header_row: int | None = None) -> RegisterLayout:
    """The register at `path` as found (its `sheet` and `header_row` when given)."""
    path = Path(path)
    raw = register_table(path, sheet=sheet)
    table = with_header_row(raw, header_row)
    sheets = _sheet_names(path)
    chosen = table.label.removeprefix(f"{path.name} sheet ") if sheets else None
    projects = [row for _, row in table.rows if row_kind(row) is None]  # not a section heading or a total
    cells = [c for row in projects for c in row if isinstance(c, str)]
    words: dict[str, tuple[str, ...]] = {}
    for index, header in enumerate(table.header):
        if header:
            column = [read_text(row[index]) for row in projects if index < len(row) and not is_blank(row[index])]
            words[header] = tuple(dict.fromkeys(w for w in column if not _number_like(w)))[:WORDS_A_COLUMN]
    return RegisterLayout(
        sheets=sheets,
        sheet=chosen,
        header_row=table.header_row,
        headers=tuple(h for h in table.header if h),
        currency=currency_of([*table.header, *cells]),
        date_order=date_order_of(cells),
        words=words,
        left_out=tuple(table.left_out),
    )


def _sheet_names(path: Path) -> tuple[str, ...]:
    if path.suffix.lower() != ".xlsx":
        return ()
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return ()
    try:
        return tuple(s.title for s in book.worksheets if getattr(s, "sheet_state", "visible") == "visible")
    finally:
        book.close()


def currency_of(texts: list[Any]) -> str | None:
    """The currency the texts write most ("£850k", "Benefit (£k)": GBP), None when they write none."""
    found: Counter[str] = Counter()
    for text in texts:
        if isinstance(text, str):
            found.update(SYMBOLS[ch] for ch in text if ch in SYMBOLS)
            found.update(_CODES.findall(text.upper()))
    return found.most_common(1)[0][0] if found else None


def date_order_of(texts: list[str]) -> str | None:
    """DMY when some text date's first number can only be a day (26/02/2027), MDY when its second
    can; None when none decides it, or they disagree (the mapping must say)."""
    orders = set()
    for text in texts:
        found = _SLASHED.fullmatch(text)
        if found:
            first, second = int(found[1]), int(found[2])
            if first > 12 >= second:
                orders.add("DMY")
            elif second > 12 >= first:
                orders.add("MDY")
    return orders.pop() if len(orders) == 1 else None


def _number_like(text: str) -> bool:
    return bool(re.fullmatch(r"[\s£$€\-+(),.%0-9kKmM]*\d[\s£$€\-+(),.%0-9kKmM]*", text)) or bool(_SLASHED.fullmatch(text))


def visible_sheets(sheets: tuple[str, ...]) -> tuple[str, ...]:
    """The sheets a register may be on, the ones named like an archive's or a list's last."""
    return tuple(sorted(sheets, key=lambda s: bool(SET_ASIDE.search(s))))
