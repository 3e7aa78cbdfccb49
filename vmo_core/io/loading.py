"""Reading a portfolio from a CSV folder or an .xlsx, and validating it into the model.

Every form is first read into raw tables (cells as found, with their spreadsheet row),
then one validator turns raw tables into a `Portfolio` or a `ValidationError` listing
every problem with file, row and column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vmo_core.errors import Problem, ValidationError, VmoError
from vmo_core.io.readers import read_csv_folder, read_xlsx
from vmo_core.io.schema import (
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
    amount,
    is_blank,
    near_as_of,
    read_text,
)
from vmo_core.io.workload import largest_duration_ratio, size_problem, work_weeks
from vmo_core.model.portfolio import Actual, CapacityChange, Demand, Dependency, Pool, Portfolio, Project, Settings


def load(source: str | Path) -> Portfolio:
    """Load a portfolio from a CSV folder, an .xlsx workbook or a .duckdb file (its newest
    snapshot; `PATH.duckdb@ID` names an earlier one)."""
    from vmo_core.store import duckdb_store as store

    path, snapshot = store.split_source(source)
    if snapshot is not None and path.exists():
        return build_portfolio(store.read_tables(source), source=str(source))
    if not path.exists():
        raise VmoError(f"{path}: no such file or folder; expected a CSV folder, an .xlsx or a .duckdb file")
    if path.is_dir():
        tables, problems = read_csv_folder(path)
    elif path.suffix.lower() == ".xlsx":
        tables, problems = read_xlsx(path)
    elif path.suffix.lower() in (".duckdb", ".db"):
        tables, problems = store.read_tables(path), []
    else:
        raise VmoError(f"{path}: not a portfolio; expected a CSV folder, an .xlsx or a .duckdb file")
    return build_portfolio(tables, problems=problems, source=str(path))


# ---------------------------------------------------------------- validation


class _Checker:
    """Collects problems while raw tables are turned into records."""

    def __init__(self, tables: dict[str, RawTable], problems: list[Problem]):
        self.tables = tables
        self.problems = problems
        self.complete: set[str] = set()  # tables whose header was sound, so cross-checks are fair

    def add(self, table: RawTable | str, row: int | None, column: str | None, message: str) -> None:
        label = table.label if isinstance(table, RawTable) else table
        self.problems.append(Problem(label, row, column, message))

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
                    f"{name}.csv",
                    None,
                    None,
                    f"missing file; expected a {name} table with columns "
                    + ", ".join(c.name for c in SCHEMA[name] if c.required),
                )
            return []
        positions = self._header_positions(table)
        if positions is None:
            return []
        self.complete.add(name)
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
                    values[column.name] = column.read(raw)
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
            known = text.lower()
            key = known if any(c.name == known for c in SCHEMA[table.name]) else text
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
        index = next(i for i, h in enumerate(table.header) if not is_blank(h) and read_text(h).lower() == "id")
        return {
            read_text(cells[index])
            for _, cells in table.rows
            if index < len(cells) and not is_blank(cells[index]) and cells[index] is not UNSAVED_FORMULA
        }

    def label(self, name: str) -> str:
        table = self.tables.get(name)
        return table.label if table else f"{name}.csv"


def build_portfolio(tables: dict[str, RawTable], *, problems: list[Problem] | None = None, source: str = "") -> Portfolio:
    """Validate raw tables into a Portfolio, or raise ValidationError with every problem found."""
    check = _Checker(tables, list(problems or []))
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
    for number, row, _ in check.parsed_rows("settings"):
        key = row["key"].lower()
        if key in seen:
            check.add(label, number, "key", f"setting {key!r} appears twice (also row {seen[key]}); expected each setting once")
            continue
        seen[key] = number
        column = SETTINGS_KEYS.get(key)
        if column is None:
            extra[row["key"]] = row["value"]
            continue
        try:
            values[key] = column.read(row["value"])
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


PROJECT_DATES = ("earliest_start", "value_end", "deadline", "promised_finish")


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
            check.add(
                check.label(name),
                number,
                "id",
                f"duplicate id {record.id!r} (first on row {first_row[record.id]}); expected each id once",
            )
            continue
        first_row[record.id] = number
        kept.append((number, record))
    return kept


def _known(check: _Checker, name: str, number: int, column: str, value: str, known: set[str] | None, kind: str) -> bool:
    if known is None or value in known:
        return True
    check.add(check.label(name), number, column, f"unknown {kind} id {value!r}; expected an id from {kind}s.csv")
    return False


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


def find_cycles(edges: list[tuple[int, str, str]]) -> list[tuple[int, list[str]]]:
    """Each cycle found in a dependency graph, in full, with the row of the edge that closes it."""
    successors: dict[str, list[tuple[str, int]]] = {}
    for row, pred, succ in edges:
        successors.setdefault(pred, []).append((succ, row))
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    cycles = []
    for root in successors:
        if state.get(root):
            continue
        path, stack = [root], [iter(successors.get(root, []))]
        state[root] = 1
        while stack:
            step = next(stack[-1], None)
            if step is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            node, row = step
            if state.get(node) == 1:
                cycles.append((row, path[path.index(node) :] + [node]))
            elif not state.get(node):
                state[node] = 1
                path.append(node)
                stack.append(iter(successors.get(node, [])))
    return cycles
