"""Reading a portfolio from a CSV folder or an .xlsx, and validating it into the model.

Every form is first read into raw tables (cells as found, with their spreadsheet row),
then one validator turns raw tables into a `Portfolio` or a `ValidationError` listing
every problem with file, row and column.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from vmo_core.errors import Problem, ValidationError, VmoError
from vmo_core.io.cycles import find_cycles
from vmo_core.io.names import clean_name, name_problem
from vmo_core.io.readers import read_csv_folder, read_xlsx
from vmo_core.io.schema import (
    DATE_ORDER,
    FINISHED_STATUSES,
    MAX_POOLS,
    MAX_PROJECTS,
    REQUIRED_FILES,
    SCHEMA,
    SETTINGS_KEYS,
    UNSAVED_FORMULA,
    UNSAVED_FORMULA_MESSAGE,
    CellError,
    RawTable,
    Written,
    amount,
    column_for,
    is_blank,
    near_as_of,
    read_cell,
    read_text,
    shown,
)
from vmo_core.io.workload import largest_duration_ratio, size_problem, work_weeks
from vmo_core.model.portfolio import Actual, CapacityChange, Demand, Dependency, Pool, Portfolio, Project, Settings


def load(source: str | Path | list, *, mapping=None, as_of=None, notes: list[str] | None = None) -> Portfolio:
    """Load a portfolio from a CSV folder, an .xlsx workbook or a .duckdb file (its newest
    snapshot; `PATH.duckdb@ID` names an earlier one); a one-sheet register (.xlsx or .csv)
    through `mapping` (a register_mapping.Mapping or its JSON file); an MS Project XML file, a
    folder of them or a list of them (`as_of` overrides the date a register's mapping or the
    file gives); `notes` is given what a register set aside and what its missing cells mean."""
    from vmo_core.store import stores

    if isinstance(source, (list, tuple)):
        return load_with_report(source, mapping=mapping, as_of=as_of)[0]
    path, snapshot = stores.split_source(source)
    if stores.is_url(path):  # a PostgreSQL store: its newest snapshot, or the one @ID names
        _no_as_of(as_of, stores.label(source))
        return build_portfolio(stores.read_tables(source), source=stores.label(source))
    if snapshot is not None and path.exists():
        _no_as_of(as_of, str(source))
        return build_portfolio(stores.read_tables(source), source=str(source))
    if not path.exists():
        raise VmoError(f"{stores.label(path)}: no such file or folder; expected a CSV folder, an .xlsx or a .duckdb file")
    if mapping is not None or path.suffix.lower() in (".xml", ".mpp", ".csv") or _project_folder(path):
        pf, report = load_with_report(path, mapping=mapping, as_of=as_of)
        (notes if notes is not None else []).extend(report.lines() if hasattr(report, "lines") else [])
        return pf
    _no_as_of(as_of, str(path))
    if path.is_dir():
        tables, problems = read_csv_folder(path)
    elif path.suffix.lower() == ".xlsx":
        tables, problems = read_xlsx(path)
    elif path.suffix.lower() in (".duckdb", ".db"):
        tables, problems = stores.read_tables(path), []
    else:
        raise VmoError(f"{path}: not a portfolio; expected a CSV folder, an .xlsx, a .duckdb or an MS Project .xml file")
    return build_portfolio(tables, problems=problems, source=str(path))


def _project_folder(path: Path) -> bool:
    """A folder of MS Project XML files (and no CSV file): a portfolio of one project a file."""
    if not path.is_dir():
        return False
    endings = {p.suffix.lower() for p in path.iterdir() if p.is_file()}
    return ".xml" in endings and ".csv" not in endings


def _no_as_of(as_of, label: str) -> None:
    if as_of is not None:
        raise VmoError(f"{label}: --as-of is for an MS Project file or a register; a portfolio's as_of is in its settings")


def load_with_report(source: str | Path | list, *, mapping=None, as_of=None) -> tuple[Portfolio, Any]:
    """A register (through `mapping`) or MS Project XML (a file, folder or list): the portfolio,
    validated as any import is, and the source's report of what was read and left out (a register: None)."""
    several = isinstance(source, (list, tuple))
    path = Path(source[0]).parent if several and source else Path(source if not several else ".")
    if several or (path.suffix.lower() in (".xml", ".mpp") and not path.is_dir()) or _project_folder(path):
        from vmo_core.io.mspdi import read_mspdi

        converted = read_mspdi(source if several else path, mapping=mapping, as_of=as_of)
    else:
        from vmo_core.io.register import read_register

        converted = read_register(path, mapping, as_of=as_of)
    if converted.problems and not converted.tables["projects"].rows:  # nothing to validate: say only why
        raise ValidationError(converted.problems, source=str(path))
    try:
        portfolio = build_portfolio(converted.tables, source=str(path))
    except ValidationError as exc:
        raise ValidationError(converted.with_later(exc.problems), source=str(path)) from None
    if converted.problems:
        raise ValidationError(converted.problems, source=str(path))
    return portfolio, converted.report


# ---------------------------------------------------------------- validation


class _Checker:
    """Collects problems while raw tables are turned into records."""

    def __init__(self, tables: dict[str, RawTable], problems: list[Problem], *, workbook: str = ""):
        self.tables = tables
        self.problems = problems
        self.workbook = workbook  # the file name of a workbook, whose tables are sheets
        self.complete: set[str] = set()  # tables whose header was sound, so cross-checks are fair
        self.date_order: str | None = None  # settings' date_order, once read

    def add(self, table: RawTable | str, row: int | None, column: str | None, message: str) -> None:
        """A problem at a cell, its column named as the file's header writes it ("Capacity FTE")."""
        label = table.label if isinstance(table, RawTable) else table
        self.problems.append(Problem(label, row, self._as_written(label, column), message))

    def _as_written(self, label: str, column: str | None) -> str | None:
        table = next((t for t in self.tables.values() if t.label == label), None)
        if table is None or column is None:
            return column
        written = (read_text(h) for h in table.header if not is_blank(h))
        return next((h for h in written if h != column and column_for(table.name, h) == column), column)

    def parsed_rows(self, name: str) -> list[tuple[int, dict[str, Any], dict[str, str]]]:
        """Rows of a table as (row number, known values, extra columns); bad rows are left out."""
        table = self.tables.get(name)
        if table is not None and not table.readable:
            return []  # its problem is reported already; cross-checks against it would only mislead
        if table is None:
            unreadable = any(p.file == f"{name}.csv" for p in self.problems)
            if name not in REQUIRED_FILES:
                self.complete.add(name)
            elif not unreadable:
                self.add(
                    self.label(name),
                    None,
                    None,
                    f"missing {'sheet' if self.workbook else 'file'}; expected a {name} table with columns "
                    + ", ".join(c.name for c in SCHEMA[name] if c.required),
                )
            return []
        positions = self._header_positions(table)
        if positions is None:
            return []
        self.complete.add(name)
        written = Written(decimal_comma=table.decimal_comma, date_order=self.date_order)
        out = []
        for number, cells in table.rows:
            if all(is_blank(c) for c in cells):
                continue
            values, extra, ok = {}, {}, True
            for column in SCHEMA[name]:
                raw = cells[positions[column.name]] if positions.get(column.name, len(cells)) < len(cells) else None
                if raw is UNSAVED_FORMULA:
                    self.add(table, number, column.name, UNSAVED_FORMULA_MESSAGE)
                    values[column.name], ok = None, False
                    continue
                if is_blank(raw):
                    if column.required:
                        self.add(table, number, column.name, "is empty; a value is required")
                        ok = False
                    values[column.name] = column.default
                    continue
                try:
                    values[column.name] = read_cell(column, raw, written)
                except CellError as exc:
                    self.add(table, number, column.name, str(exc))
                    ok = False
            for header_name, index in positions.items():
                if header_name not in values:
                    raw = cells[index] if index < len(cells) else None
                    if raw is UNSAVED_FORMULA:
                        self.add(table, number, header_name, UNSAVED_FORMULA_MESSAGE)
                        ok = False
                        continue
                    extra[header_name] = "" if is_blank(raw) else read_text(raw)
            if ok:
                out.append((number, values, extra))
        return out

    def _header_positions(self, table: RawTable) -> dict[str, int] | None:
        positions: dict[str, int] = {}
        for index, raw in enumerate(table.header):
            text = read_text(raw) if not is_blank(raw) else ""
            key = column_for(table.name, text) or text
            if not key:
                continue
            if key in positions:
                self.add(table, 1, key, "appears twice in the header; expected each column once")
                return None
            positions[key] = index
        missing = [c.name for c in SCHEMA[table.name] if c.required and c.name not in positions]
        for name in missing:
            self.add(table, 1, name, f"missing required column; expected a header named {name!r}")
        return None if missing else positions

    def ids_in(self, name: str) -> set[str]:
        """Every id written in a table, including rows rejected for another cell:
        a bad duration is one problem, not also an unknown id wherever it is used."""
        table = self.tables[name]
        index = next(i for i, h in enumerate(table.header) if column_for(name, h) == "id")
        return {
            clean_name(read_text(cells[index]))
            for _, cells in table.rows
            if index < len(cells) and not is_blank(cells[index]) and cells[index] is not UNSAVED_FORMULA
        }

    def label(self, name: str) -> str:
        table = self.tables.get(name)
        if table:
            return table.label
        return f"{self.workbook} sheet {name}" if self.workbook else f"{name}.csv"


def build_portfolio(tables: dict[str, RawTable], *, problems: list[Problem] | None = None, source: str = "") -> Portfolio:
    """Validate raw tables into a Portfolio, or raise ValidationError with every problem found."""
    workbook = Path(source).name if source.lower().endswith(".xlsx") else ""
    check = _Checker(tables, list(problems or []), workbook=workbook)
    settings = _settings(check)
    pools = _unique(check, "pools", [(n, Pool(**v, extra=x)) for n, v, x in check.parsed_rows("pools")])
    projects = _unique(check, "projects", [(n, Project(**v, extra=x)) for n, v, x in check.parsed_rows("projects")])
    pool_ids = check.ids_in("pools") if "pools" in check.complete else None
    project_ids = check.ids_in("projects") if "projects" in check.complete else None

    demands = _demands(check, pool_ids, project_ids)
    dependencies = _dependencies(check, project_ids)
    changes = []
    for n, v, x in check.parsed_rows("capacity_changes"):
        if _known(check, "capacity_changes", n, "pool_id", v["pool_id"], pool_ids, "pool"):
            changes.append((n, CapacityChange(v["pool_id"], v["from"], v["capacity_fte"], extra=x)))
    actuals = []
    for n, v, x in check.parsed_rows("actuals"):
        if _known(check, "actuals", n, "project_id", v["project_id"], project_ids, "project"):
            actuals.append(Actual(**v, extra=x))

    _within_bounds(check, settings, pools, projects, changes, actuals)
    if check.problems:
        raise ValidationError(check.problems, source=source)
    return Portfolio(
        settings=settings,
        pools=tuple(p for _, p in pools),
        projects=tuple(p for _, p in projects),
        demands=tuple(demands),
        dependencies=tuple(dependencies),
        capacity_changes=tuple(c for _, c in changes),
        actuals=tuple(actuals),
        source=source,
    )


def _settings(check: _Checker) -> Settings | None:
    values: dict[str, Any] = {}
    extra: dict[str, str] = {}
    seen: dict[str, int] = {}
    label = check.label("settings")
    rows = check.parsed_rows("settings")
    for number, row, _ in rows:  # the date order first: as_of may be written by it
        if row["key"].lower() == DATE_ORDER.name:
            try:
                check.date_order = read_cell(DATE_ORDER, row["value"])
            except CellError as exc:
                check.add(label, number, "value", f"{DATE_ORDER.name}: {exc}")
    table = check.tables.get("settings")
    written = Written(decimal_comma=bool(table and table.decimal_comma), date_order=check.date_order)
    for number, row, _ in rows:
        key = row["key"].lower()
        if key in seen:
            check.add(label, number, "key", f"setting {key!r} appears twice (also row {seen[key]}); expected each setting once")
            continue
        seen[key] = number
        column = SETTINGS_KEYS.get(key)
        if column is None:
            extra[row["key"]] = value = row["value"] if key != "name" else clean_name(row["value"])
            if key == "name" and name_problem(value):  # the portfolio's name: a name as any other
                check.add(label, number, "value", f"name {shown(row['value'])} {name_problem(value, what='a portfolio name')}")
            continue
        try:
            values[key] = read_cell(column, row["value"], written)
        except CellError as exc:
            check.add(label, number, "value", f"{key}: {exc}")
            values[key] = column.default
    if "settings" in check.complete and "as_of" not in seen:
        check.add(label, None, "key", "missing setting as_of; expected a row: as_of,YYYY-MM-DD (the date week 0 starts)")
    if "as_of" not in values:
        return None
    for key, column in SETTINGS_KEYS.items():
        values.setdefault(key, column.default)
    return Settings(**values, extra=extra)


PROJECT_DATES = ("earliest_start", "value_end", "deadline", "promised_finish", "planned_start")


def _within_bounds(check: _Checker, settings, pools, projects, changes, actuals) -> None:
    """The bounds that span rows and files: how many projects and pools, every date within
    100 years of as_of, and the work still to do small enough to schedule (schema.py)."""
    for name, kept, most in (("projects", projects, MAX_PROJECTS), ("pools", pools, MAX_POOLS)):
        if len(kept) > most:
            check.add(check.label(name), None, None, f"holds {len(kept):,} {name}; expected at most {amount(most)}")
    if settings is not None and settings.as_of is not None:  # a bad as_of is reported already
        for number, project in projects:
            for column in PROJECT_DATES:
                day = getattr(project, column)
                message = None if day is None else near_as_of(day, settings.as_of)
                if message:
                    check.add(check.label("projects"), number, column, message)
        for number, change in changes:
            message = near_as_of(change.from_date, settings.as_of)
            if message:
                check.add(check.label("capacity_changes"), number, "from", message)
    ratio = largest_duration_ratio(actuals)
    to_do = [p.duration_weeks for _, p in projects if p.status not in FINISHED_STATUSES]
    message = size_problem(pools=len(pools), work=work_weeks(to_do, duration_ratio=ratio), duration_ratio=ratio)
    if message:
        check.add(check.label("projects"), None, "duration_weeks", message)


def _unique(check: _Checker, name: str, numbered: list[tuple[int, Any]]) -> list[tuple[int, Any]]:
    first_row: dict[str, int] = {}
    kept = []
    for number, record in numbered:
        if record.id in first_row:
            message = f"duplicate id {record.id!r} (first on row {first_row[record.id]}); expected each id once"
            check.add(check.label(name), number, "id", message)
            continue
        first_row[record.id] = number
        kept.append((number, record))
    return kept


def _known(check: _Checker, name: str, number: int, column: str, value: str, known: set[str] | None, kind: str) -> bool:
    if known is None or value in known:
        return True
    message = f"unknown {kind} id {value!r}; expected an id from {check.label(kind + 's')}{nearest(value, known)}"
    check.add(check.label(name), number, column, message)
    return False


def nearest(value: str, known) -> str:
    """(did you mean 'DATA'?) for the known id nearest to `value`, or nothing when none is near."""
    by_case = {k.lower(): k for k in known}
    close = difflib.get_close_matches(value.lower(), list(by_case), n=1, cutoff=0.6)
    return f" (did you mean {by_case[close[0]]!r}?)" if close else ""


def _demands(check: _Checker, pool_ids, project_ids) -> list[Demand]:
    demands, seen = [], {}
    for n, v, x in check.parsed_rows("demands"):
        ok_project = _known(check, "demands", n, "project_id", v["project_id"], project_ids, "project")
        ok_pool = _known(check, "demands", n, "pool_id", v["pool_id"], pool_ids, "pool")
        pair = (v["project_id"], v["pool_id"])
        if pair in seen:
            check.add(
                check.label("demands"),
                n,
                "pool_id",
                f"project {pair[0]!r} already demands pool {pair[1]!r} on row {seen[pair]}; "
                "expected one row per project and pool",
            )
            continue
        seen[pair] = n
        if ok_project and ok_pool:
            demands.append(Demand(v["project_id"], v["pool_id"], v["fte"], extra=x))
    return demands


def _dependencies(check: _Checker, project_ids) -> list[Dependency]:
    edges: list[tuple[int, Dependency]] = []
    for n, v, x in check.parsed_rows("dependencies"):
        ok = _known(check, "dependencies", n, "predecessor_id", v["predecessor_id"], project_ids, "project")
        ok = _known(check, "dependencies", n, "successor_id", v["successor_id"], project_ids, "project") and ok
        if ok:
            edges.append((n, Dependency(v["predecessor_id"], v["successor_id"], extra=x)))
    for row, cycle in find_cycles([(n, d.predecessor_id, d.successor_id) for n, d in edges]):
        check.add(
            check.label("dependencies"),
            row,
            "successor_id",
            "dependency cycle " + " -> ".join(cycle) + "; expected no project to wait, directly or not, on itself",
        )
    return [d for _, d in edges]
