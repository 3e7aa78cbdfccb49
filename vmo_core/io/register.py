"""A one-sheet project register (an .xlsx sheet or a CSV file) read through a `Mapping`.

The register's cells are converted to the model's units here, and every converted cell that
cannot be read is reported by the register's file (and sheet), row and header. What is left
is the portfolio's own tables, which `loading.build_portfolio` validates as it validates any
import (duplicate ids, dependency cycles, bounds); its problems are named by the register's
headers too. The conversions:

- money per year -> per week: / 52. The model's year is 52 weeks (its discount factor is
  (1 + r) ** (-1/52)), so 52 weeks of the weekly value give back the annual figure exactly;
  per month -> per week: * 12 / 52, for the same reason.
- months -> weeks: months * 52 / 12, rounded up to a whole week (work does not finish early
  because a month is shorter than its average).
- start and end dates -> earliest_start and duration: the end is the last day of work, so
  duration = ceil((end - begin + 1 day) / 7 days), with begin = the start, or as_of for work
  in flight (active) that started before it: what remains. A filled duration cell wins over
  the dates.
- one column of FTE per team -> a demand on that team's pool (an empty or 0 cell: none).
- depends on: ids (or names) separated by commas, semicolons or new lines.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from typing import Any

from vmo_core.errors import Problem, VmoError
from vmo_core.io.converted import Converted, RegisterReport
from vmo_core.io.register_budget import remaining_budget, weeks_between
from vmo_core.io.register_cells import STATUS_WORDS, header_scale, is_missing, period, row_kind, scaled_money
from vmo_core.io.register_mapping import DEPENDS_ON, END, MONEY_FIELDS, START, Mapping, normalised, read_mapping
from vmo_core.io.register_sheet import register_headers, register_table, with_header_row
from vmo_core.io.register_suggest import suggest_mapping
from vmo_core.io.schema import (
    FINISHED_STATUSES,
    MAX_DURATION_WEEKS,
    NUM,
    SCHEMA,
    CellError,
    Column,
    RawTable,
    Written,
    column_for,
    is_blank,
    number_in,
    read_cell,
    read_text,
    shown,
)

WEEKS_A_YEAR = 52
PER_WEEK = {"per_week": 1, "per_month": 12 / WEEKS_A_YEAR, "per_year": 1 / WEEKS_A_YEAR}
_PROJECT_COLUMNS = {c.name: c for c in SCHEMA["projects"]}
DATE_ORDER_ADVICE = 'add "date_order": "DMY" (day first) or "MDY" to the mapping\'s settings'
FIRST_DAY_FIELDS = ("earliest_start", "planned_start", START)  # a month or quarter: its first day; else its last
_FTE = next(c for c in SCHEMA["demands"] if c.name == "fte")
_MONTHS = Column("months", number_in(0, MAX_DURATION_WEEKS * 12 / WEEKS_A_YEAR, above=True, unit=" months"), NUM)


def months_to_weeks(months: float) -> int:
    # rounded to 1e-9 first, so 6 months (26.000000000000004 weeks in floating point) stays 26
    return math.ceil(round(months * WEEKS_A_YEAR / 12, 9))


# ---------------------------------------------------------------- the register read


def read_register(path: str | Path, mapping: Mapping | str | Path | None, *, as_of: dt.date | None = None) -> Converted:
    """A register's cells through a mapping (a Mapping or its JSON file); `as_of`, if given, wins
    over the mapping's. Without a mapping, the message suggests one for the register's headers."""
    path = Path(path)
    if mapping is None:
        suggestion = suggest_mapping(register_headers(path)).to_json()
        raise VmoError(
            f"{path}: a one-sheet register needs a mapping of its columns (--mapping MAP.json); "
            f"one suggested from its headers, to check, complete (as_of, each team's capacity_fte) and save:\n{suggestion}"
        )
    label = "mapping"
    if not isinstance(mapping, Mapping):
        label = f"mapping {Path(mapping).name}"
        mapping = read_mapping(mapping)
    table = with_header_row(register_table(path, sheet=mapping.sheet), mapping.header_row)
    return register_tables(table, mapping.with_settings(as_of=as_of), mapping_label=label)


def register_tables(table: RawTable, mapping: Mapping, *, mapping_label: str = "mapping") -> Converted:
    """A register's cells through a mapping, as the portfolio's raw tables; every cell that cannot
    be converted is a problem named by file (and sheet), row and the register's header."""
    reader = _Register(table, mapping, mapping_label)
    tables = reader.tables()
    left_out = tuple(sorted([*table.left_out, *reader.left_out], key=lambda x: (x[0] is not None, x[0] or 0)))
    report = RegisterReport(table.label, table.header_row, left_out, tuple(reader.notes))
    return Converted(tables, reader.problems, reader.renamed, report)


class _Register:
    def __init__(self, table: RawTable, mapping: Mapping, mapping_label: str):
        self.table, self.mapping, self.mapping_label = table, mapping, mapping_label
        self.problems: list[Problem] = []
        self.positions: dict[str, int] = {}
        self.as_of = mapping.settings.get("as_of")
        self.written = Written(decimal_comma=table.decimal_comma, date_order=mapping.settings.get("date_order"))
        self.left_out: list[tuple[int, str]] = []
        self.notes: list[str] = []

    def read(self, column, raw: Any) -> Any:
        return read_cell(column, raw, self.written)

    def add(self, row: int | None, column: str | None, message: str, *, label: str | None = None) -> None:
        message = message.replace("add the setting date_order with DMY (day first) or MDY (month first)", DATE_ORDER_ADVICE)
        self.problems.append(Problem(label or self.table.label, row, column, message))

    def renamed(self, problem: Problem) -> Problem:
        """A problem of the model's tables, named by the register's header (or the mapping's key)."""
        if problem.file == self.mapping_label:  # a setting the mapping lacks, reported already in its own words
            return Problem(
                problem.file, problem.row, "settings.as_of" if "as_of" in problem.message else problem.column, problem.message
            )
        header = {
            **self.mapping.columns,
            "predecessor_id": self.mapping.columns.get(DEPENDS_ON),
            "successor_id": self.mapping.columns.get(DEPENDS_ON),
            "earliest_start": self.mapping.columns.get("earliest_start") or self.mapping.columns.get(START),
        }
        if "duration_weeks" not in self.mapping.columns:
            header["duration_weeks"] = self.mapping.columns.get(END)
        if "id" not in self.mapping.columns:
            header["id"] = self.mapping.columns.get("name")
            if problem.message.startswith("duplicate id"):
                first = problem.message.partition("(first on ")[2].partition(")")[0]
                name = problem.message.split("'")[1] if "'" in problem.message else ""
                message = (
                    f"the project {name!r} is named twice (also {first}); expected each project once, as the "
                    "register has no id column: tell them apart by name, or map an id column"
                )
                return Problem(problem.file, problem.row, header["id"], message)
        return Problem(problem.file, problem.row, header.get(problem.column) or problem.column, problem.message)

    # -- the model's tables

    def tables(self) -> dict[str, RawTable]:
        self._find_columns()
        settings = [(n, [key, value]) for n, (key, value) in enumerate(self.mapping.settings.items(), start=1)]
        if "id" not in self.mapping.columns and "name" not in self.mapping.columns:
            missing = "is missing, and so is columns.name; expected the column of each project's id (or name)"
            self.add(None, "columns.id", missing, label=self.mapping_label)
        if "as_of" not in self.mapping.settings:
            self.add(None, "settings.as_of", "is missing; expected the date week 0 starts (YYYY-MM-DD)", label=self.mapping_label)
        pools, changes = [], []
        for number, pool in enumerate(self.mapping.pools, start=1):
            if pool.capacity_fte is None:
                missing = f"team {pool.id!r} has no capacity; expected its FTE"
                self.add(None, f"pools[{number}].capacity_fte", missing, label=self.mapping_label)
            pools.append((number, [pool.id, pool.name, pool.capacity_fte or 0.0, pool.cost_per_fte_week]))
            changes += [(number, [pool.id, day, fte]) for day, fte in pool.changes]
        projects, demands, links = self._rows()
        project_header = ["id", *(n for n in self._project_fields() if n != "id"), *self._extra_headers()]
        return {
            "settings": RawTable("settings", self.mapping_label, ["key", "value"], settings),
            "pools": RawTable("pools", self.mapping_label, ["id", "name", "capacity_fte", "cost_per_fte_week"], pools),
            "capacity_changes": RawTable("capacity_changes", self.mapping_label, ["pool_id", "from", "capacity_fte"], changes),
            "projects": RawTable(
                "projects", self.table.label, project_header, projects, decimal_comma=self.written.decimal_comma
            ),
            "demands": RawTable("demands", self.table.label, ["project_id", "pool_id", "fte"], demands),
            "dependencies": RawTable("dependencies", self.table.label, ["predecessor_id", "successor_id"], links),
        }

    def _find_columns(self) -> None:
        by_key: dict[str, int] = {}
        for index, header in enumerate(self.table.header):
            by_key.setdefault(normalised(header), index)
        wanted = [(f"columns.{k}", h) for k, h in self.mapping.columns.items()]
        wanted += [(f"pools[{n}].column", p.column) for n, p in enumerate(self.mapping.pools, start=1)]
        for key, header in wanted:
            index = by_key.get(normalised(header))
            if index is None:
                self.add(1, header, f"no such column (the mapping's {key}); the headers are {shown(self._headers(), limit=200)}")
            else:
                self.positions[header] = index

    def _headers(self) -> str:
        return ", ".join(h for h in self.table.header if h)

    def _project_fields(self) -> list[str]:
        fields = [n for n in self.mapping.columns if n in _PROJECT_COLUMNS]
        fields += [
            n for n in ("id", "status", "duration_weeks", "earliest_start", "priority", "value_per_week") if n not in fields
        ]
        return fields

    def _extra_headers(self) -> list[str]:
        used = {normalised(h) for h in [*self.mapping.columns.values(), *(p.column for p in self.mapping.pools)]}
        return [h for h in self.table.header if h and normalised(h) not in used and column_for("projects", h) is None]

    def cell(self, cells: list[Any], name: str) -> Any:
        header = self.mapping.columns.get(name)
        index = self.positions.get(header) if header else None
        return cells[index] if index is not None and index < len(cells) else None

    def _rows(self):
        named = "id" in self.mapping.columns or "name" in self.mapping.columns
        if not named or len(self.positions) < len(self.mapping.columns) + len(self.mapping.pools):
            return [], [], []  # a column the mapping names is missing: reported, and every row would repeat it
        projects, demands, pending = [], [], []
        ids_by_name: dict[str, str] = {}
        seen: set[str] = set()
        extras = self._extra_headers()
        for number, cells in self.table.rows:
            if all(is_blank(c) for c in cells):
                continue
            kind = row_kind(cells)
            if kind is not None:
                words = dict.fromkeys(read_text(c) for c in cells if not is_blank(c))
                self.left_out.append((number, f"{kind} ({shown(' '.join(words), limit=40)})"))
                continue
            values = self._project(number, cells)
            if "priority" not in self.mapping.columns:  # no rank column: the register's own order
                values["priority"] = len(projects) + 1
            project_id = values["id"]
            row = [project_id] + [values.get(n) for n in self._project_fields() if n != "id"]
            row += [cells[i] if i < len(cells) else None for i in (self.table.header.index(h) for h in extras)]
            projects.append((number, row))
            if project_id and project_id not in seen:  # a second row of one id: the duplicate is the one problem
                seen.add(project_id)
                ids_by_name.setdefault(normalised(read_text(self.cell(cells, "name") or project_id)), project_id)
                demands += [(number, [project_id, pool_id, fte]) for pool_id, fte in self._demands(number, cells)]
                pending.append((number, project_id, self.cell(cells, DEPENDS_ON)))
        ids = {row[0] for _, row in projects if row[0]}
        links = [(n, [pred, succ]) for n, succ, raw in pending for pred in self._predecessors(n, raw, ids, ids_by_name)]
        return projects, demands, links

    def _project(self, number: int, cells: list[Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name in self.mapping.columns:
            if name in _PROJECT_COLUMNS and name not in ("status", "duration_weeks"):
                values[name] = self._converted(number, name, self.cell(cells, name), cells)
        if "value_per_week" not in self.mapping.columns:
            values["value_per_week"] = 0.0
        raw_id = self.cell(cells, "id") if "id" in self.mapping.columns else self.cell(cells, "name")
        values["id"] = "" if is_blank(raw_id) else read_text(raw_id)
        values["status"] = self._status(number, self.cell(cells, "status"))
        start = self._date(number, START, self.cell(cells, START))
        if START in self.mapping.columns:
            values["earliest_start"] = start
        values["duration_weeks"] = self._duration(number, cells, values["status"], start)
        if self.mapping.unit("fixed_cost") == "total" and values.get("fixed_cost"):
            values["fixed_cost"] = remaining_budget(self, number, cells, values, start)
        return values

    def _converted(self, number: int, name: str, raw: Any, cells: list[Any]) -> Any:
        """A cell in the model's unit (money per week, at the column's scale), or the raw cell for the model's reader."""
        header = self.mapping.columns[name]
        if is_blank(raw) or is_missing(raw):
            if name == "value_per_week":
                said = "blank" if is_blank(raw) else shown(raw)
                self.notes.append(
                    f"row {number} ({self._name(cells)}): {header} is {said}, so its value is taken as 0 until it is "
                    "given: it is scheduled for its place in the list, and its delay costs nothing"
                )
                return 0.0
            return None
        if _PROJECT_COLUMNS[name].sql == "DATE" and period(raw):
            return period(raw)[0 if name in FIRST_DAY_FIELDS else 1]
        if name not in MONEY_FIELDS:
            return raw
        factor = PER_WEEK.get(self.mapping.unit(name), 1)
        own = scaled_money(raw)
        try:
            amount = own if own is not None else self.read(_PROJECT_COLUMNS[name], raw) * self._scale(name)
        except CellError as exc:
            self.add(number, header, str(exc))
            return None
        return amount * factor

    def _scale(self, name: str) -> float:
        return self.mapping.scales.get(name) or header_scale(self.mapping.columns[name])

    def _name(self, cells: list[Any]) -> str:
        raw = self.cell(cells, "name") if "name" in self.mapping.columns else self.cell(cells, "id")
        return "unnamed" if is_blank(raw) else shown(read_text(raw), limit=40)

    def _status(self, number: int, raw: Any) -> str | None:
        if "status" not in self.mapping.columns:
            return "approved"  # a register without a status column: everything on it is planned work
        if is_blank(raw):
            return None  # the model's reader says it is required
        key = normalised(read_text(raw))
        status = self.mapping.statuses.get(key) or next((s for s, words in STATUS_WORDS.items() if key in words), None)
        if status is None:
            self.add(
                number,
                self.mapping.columns["status"],
                f"{shown(raw)} is not a status the mapping knows; expected one of active, approved, proposed, done, "
                'stopped, or a word the mapping\'s "statuses" turns into one',
            )
        return status

    def _date(self, number: int, name: str, raw: Any) -> dt.date | None:
        if is_blank(raw) or is_missing(raw):
            return None
        if period(raw):
            return period(raw)[0 if name in FIRST_DAY_FIELDS else 1]
        try:
            return self.read(_PROJECT_COLUMNS["earliest_start"], raw)
        except CellError as exc:
            self.add(number, self.mapping.columns[name], str(exc))
            return None

    def _duration(self, number: int, cells: list[Any], status: str | None, start: dt.date | None) -> Any:
        raw = self.cell(cells, "duration_weeks")
        if not is_blank(raw) and not is_missing(raw):
            if self.mapping.unit("duration_weeks") != "months":
                return raw
            try:
                return months_to_weeks(self.read(_MONTHS, raw))
            except CellError as exc:
                self.add(number, self.mapping.columns["duration_weeks"], str(exc))
                return None
        end = self._date(number, END, self.cell(cells, END))
        if status in FINISHED_STATUSES:  # never scheduled, so its length is not used: what the dates say, else a week
            return weeks_between(start, end) if start and end and end >= start else 1
        if end is None:
            return None if END in self.mapping.columns and not is_blank(self.cell(cells, END)) else self._no_duration(number)
        begin = start or self.as_of
        if begin is None:
            return None  # as_of is missing: reported on the mapping
        if status == "active" and self.as_of is not None and begin < self.as_of:
            begin = self.as_of  # in flight: what remains
        if end < begin:
            self.add(
                number,
                self.mapping.columns[END],
                f"{end} is before {begin}; expected the last day of work, on or after the start"
                + (" (and, for work in flight, on or after as_of)" if status == "active" else ""),
            )
            return None
        return weeks_between(begin, end)

    def _no_duration(self, number: int) -> None:
        named = [self.mapping.columns[n] for n in ("duration_weeks", END) if n in self.mapping.columns]
        if named:
            self.add(number, named[0], "is empty; a duration (or an end date) is required")
        else:
            self.add(number, None, "no duration: the mapping names no duration column and no end date; expected one of them")

    def _demands(self, number: int, cells: list[Any]) -> list[tuple[str, float]]:
        out = []
        for pool in self.mapping.pools:
            index = self.positions[pool.column]
            raw = cells[index] if index < len(cells) else None
            if is_blank(raw):
                continue
            if is_missing(raw):
                self.notes.append(
                    f"row {number} ({self._name(cells)}): {pool.column} is {shown(raw)}, so no demand on "
                    f"{pool.name or pool.id} is counted until it is given"
                )
                continue
            try:
                fte = self.read(_FTE, raw)
            except CellError as exc:
                self.add(number, pool.column, str(exc))
                continue
            if fte > 0:
                out.append((pool.id, fte))
        return out

    def _predecessors(self, number: int, raw: Any, ids: set[str], ids_by_name: dict[str, str]) -> list[str]:
        if is_blank(raw):
            return []
        out = []
        for word in (w.strip() for w in re.split(r"[,;\n]", read_text(raw))):
            found = word if word in ids else ids_by_name.get(normalised(word))
            if not word:
                continue
            if found is None:
                self.add(
                    number,
                    self.mapping.columns[DEPENDS_ON],
                    f"{shown(word)} is not a project of this register; expected the id (or name) of another row",
                )
            else:
                out.append(found)
        return out
