"""What a register's total budget leaves to spend.

ECONOMICS.md counts a project's `fixed_cost` once, at its start, and says that stopping an
active project saves all of its remaining spend: money already spent is sunk and never counted.
So `fixed_cost` is what *remains* to spend. A register often holds the *total* budget instead;
its mapping says which (`"fixed_cost": {"column": ..., "unit": "total"}`; "remaining" is the
model's own). For a total, what remains is, in this order:

1. the total less the spend to date, where the mapping names a spend column (never below 0);
2. the total times the share of the work not done, where it names a progress column;
3. all of it, for work not yet started (approved, proposed);
4. for work in flight with a start and an end date around `as_of`: pro rata to time, the
   total x (weeks left / weeks of its dates) (both counted as `weeks_between` counts them);
5. else all of it.

The assumptions of 4 and 5 are said in the register's notes, by row, naming its own column.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from vmo_core.io.register_cells import is_missing, period, scaled_money
from vmo_core.io.register_mapping import END, PROGRESS, SPENT
from vmo_core.io.schema import NUM, SCHEMA, CellError, Column, is_blank, number_in

_SPENT = Column(SPENT, number_in(0, 1e15, money=True), NUM)
_PROGRESS = Column(PROGRESS, number_in(0, 1, fraction=True, unit=" (1 = finished)"), NUM)
_DATE = next(c for c in SCHEMA["projects"] if c.name == "earliest_start")


def weeks_between(begin: dt.date, end: dt.date) -> int:
    """Whole weeks of work from `begin` to `end`, both days included, rounded up."""
    return math.ceil(((end - begin).days + 1) / 7)


def shown_money(amount: float) -> str:
    """An amount as a note says it: whole units with separators (the figure itself is not rounded)."""
    return f"{amount:,.0f}"


def _given(raw: Any) -> bool:
    return not (is_blank(raw) or is_missing(raw))


def _end(reader, cells: list[Any]) -> dt.date | None:
    """The end date, if it reads (a bad one is reported once, by the duration)."""
    raw = reader.cell(cells, END)
    if END not in reader.mapping.columns or not _given(raw):
        return None
    if period(raw):
        return period(raw)[1]
    try:
        return reader.read(_DATE, raw)
    except CellError:
        return None


def remaining_budget(reader, number: int, cells: list[Any], values: dict[str, Any], start: dt.date | None) -> float | None:
    """What the total budget in `values["fixed_cost"]` leaves to spend on register row `number`
    (`reader`: the register being read, register._Register); None when a cell cannot be read (said)."""
    total = values["fixed_cost"]
    columns = reader.mapping.columns
    header, name = columns["fixed_cost"], reader._name(cells)
    spent, progress = reader.cell(cells, SPENT), reader.cell(cells, PROGRESS)
    if SPENT in columns and _given(spent):
        own = scaled_money(spent)
        try:
            amount = own if own is not None else reader.read(_SPENT, spent) * reader._scale(SPENT)
        except CellError as exc:
            reader.add(number, columns[SPENT], str(exc))
            return None
        if amount > total:
            reader.notes.append(
                f"row {number} ({name}): {columns[SPENT]} is more than the total budget in {header}, "
                "so nothing is taken as still to spend"
            )
        return max(0.0, total - amount)
    if PROGRESS in columns and _given(progress):
        try:
            done = reader.read(_PROGRESS, progress)
        except CellError as exc:
            reader.add(number, columns[PROGRESS], str(exc))
            return None
        return total * (1 - done)
    if values["status"] != "active":
        return total  # not started: the whole budget is still to spend
    end, as_of = _end(reader, cells), reader.as_of
    if start is not None and end is not None and as_of is not None and start < as_of <= end:
        whole, left = weeks_between(start, end), weeks_between(as_of, end)
        remaining = total * left / whole
        reader.notes.append(
            f"row {number} ({name}): {header} is a total budget and the register gives no spend to date or "
            f"progress, so what remains is taken pro rata to time: {left} of its {whole} weeks are left, "
            f"{shown_money(remaining)} of {shown_money(total)}"
        )
        return remaining
    reader.notes.append(
        f"row {number} ({name}): {header} is a total budget and the register gives no spend to date, progress "
        f"or dates, so all {shown_money(total)} of it is taken as still to spend: map a spend-to-date or "
        "progress column to count only what remains"
    )
    return total
