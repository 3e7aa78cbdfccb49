"""The sample portfolio rewritten as people's files write it: another delimiter, encoding,
headers, money, percentages and dates, for tests that each variant gives the clean schedule."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from tests.io.hostile_support import SAMPLE
from vmo_core.io.schema import DATE, INT, NUM, SCHEMA

Tables = dict[str, list[list[str]]]  # file name without .csv -> header and rows, as text
MONEY = {
    "value_per_week",
    "late_penalty",
    "fixed_cost",
    "promised_value_per_week",
    "cost_per_fte_week",
    "estimated_value_per_week",
    "realised_value_per_week",
}
EXCEL_EPOCH = dt.date(1899, 12, 30)


def sample_tables() -> Tables:
    return {path.stem: list(csv.reader(io.StringIO(path.read_text(), newline=""))) for path in sorted(SAMPLE.glob("*.csv"))}


def kind(table: str, column: str) -> str | None:
    return next((c.sql for c in SCHEMA[table] if c.name == column), None)


def rewritten(tables: Tables, cell: Callable[[str, str, str], str]) -> Tables:
    """Every non-empty cell passed through `cell(table, column, text)`; settings' values by their key."""
    out = {}
    for table, (header, *rows) in tables.items():
        new_rows = []
        for row in rows:
            if table == "settings":
                new_rows.append([row[0], cell(table, row[0], row[1]) if row[1] else row[1]])
            else:
                new_rows.append([cell(table, column, text) if text else text for column, text in zip(header, row)])
        out[table] = [header, *new_rows]
    return out


def renamed(tables: Tables, headers: dict[str, dict[str, str]]) -> Tables:
    return {t: [[headers.get(t, {}).get(h, h) for h in header], *rows] for t, (header, *rows) in tables.items()}


def with_setting(tables: Tables, key: str, value: str) -> Tables:
    return {**tables, "settings": [*tables["settings"], [key, value]]}


def is_date(table: str, column: str) -> bool:
    return kind(table, column) == DATE or (table == "settings" and column == "as_of")


def is_number(table: str, column: str) -> bool:
    return kind(table, column) in (NUM, INT) or (table == "settings" and column in ("horizon_weeks", "discount_rate"))


def grouped(text: str) -> str:
    """18000 -> 18,000 (and 2.5 stays 2.5)."""
    return f"{Decimal(text):,}"


def european(text: str) -> str:
    """18000 -> 18.000, 0.08 -> 0,08."""
    return grouped(text).translate(str.maketrans({",": ".", ".": ","}))


def serial(text: str) -> str:
    return str((dt.date.fromisoformat(text) - EXCEL_EPOCH).days)


def day_first(text: str) -> str:
    day = dt.date.fromisoformat(text)
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def month_first(text: str) -> str:
    day = dt.date.fromisoformat(text)
    return f"{day.month}/{day.day}/{day.year}"


def write(
    folder: Path, tables: Tables, *, delimiter: str = ",", encoding: str = "utf-8", name: Callable[[str], str] = "{}.csv".format
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for table, rows in tables.items():
        text = io.StringIO()
        csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
        (folder / name(table)).write_bytes(text.getvalue().encode(encoding))
    return folder
