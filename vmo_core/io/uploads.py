"""Portfolio files arriving from the app: uploads and in-place edits, checked exactly as an import is.

Nothing here stores anything: a clean portfolio is returned for the caller to import, or
every problem found (file, row as a spreadsheet shows it, column, message).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from vmo_core.errors import Problem, ValidationError, VmoError
from vmo_core.io.export import portfolio_tables
from vmo_core.io.loading import build_portfolio, load
from vmo_core.io.schema import DATE, INT, NUM, SCHEMA, RawTable, write_cell
from vmo_core.model.portfolio import Pool, Portfolio, Project


def unrecognised_uploads(names) -> list[str]:
    """Uploaded CSV files not named like a portfolio file (settings.csv, projects.csv ...): they would be ignored."""
    return [n for n in names if n.lower().endswith(".csv") and Path(n).name[:-4].strip().lower() not in SCHEMA]


def latest_files(files: list[tuple[str, bytes]]) -> tuple[dict[str, bytes], list[str]]:
    """The files that make one portfolio out of everything dropped on the uploader, oldest first:
    a later drop replaces what it covers (a workbook replaces everything before it, a CSV file an
    earlier workbook and an earlier file of its table), so a corrected file never sits beside the
    bad one. Returns (the files to check, the names set aside)."""
    kept: dict[str, tuple[str, bytes]] = {}  # what each file covers -> (name, content)
    set_aside: list[str] = []
    for name, data in files:
        lower = Path(name).name.lower()
        covers = "workbook" if lower.endswith(".xlsx") else lower[:-4].strip() if lower.endswith(".csv") else name
        portfolio = covers == "workbook" or covers in SCHEMA
        replaced = [
            k for k in kept if k == covers or portfolio and "workbook" in (k, covers) and (k in SCHEMA or k == "workbook")
        ]
        set_aside += [kept.pop(k)[0] for k in replaced]
        kept[covers] = (name, data)
    return {name: data for name, data in kept.values()}, set_aside


def validate_uploads(files: dict[str, bytes]) -> tuple[Portfolio | None, list[Problem]]:
    """Check uploaded portfolio files, the CSV files of a folder or one .xlsx, exactly as an import does.

    Returns the portfolio and no problems, or None and every problem found (file, row, column, message).
    Nothing is stored: the files live in a temporary folder while they are read.
    """
    if not files:
        return None, [Problem("upload", None, None, "no files; expected a portfolio's CSV files or one .xlsx workbook")]
    workbooks = [n for n in files if n.lower().endswith(".xlsx")]
    tables = [n for n in files if n.lower().endswith(".csv")]
    problems = [
        Problem(Path(n).name or n, None, None, "is neither a .csv nor an .xlsx file; expected CSV files or one .xlsx")
        for n in files
        if n not in workbooks and n not in tables
    ]
    if workbooks and (tables or len(workbooks) > 1):
        problems.append(
            Problem(
                ", ".join(Path(n).name for n in workbooks + tables),
                None,
                None,
                "are more than one portfolio; expected either the CSV files of one portfolio or a single .xlsx workbook",
            )
        )
    seen: dict[str, str] = {}
    for n in tables:
        stem = Path(n).name[:-4].strip().lower()
        if stem in SCHEMA and stem in seen:
            problems.append(Problem(Path(n).name, None, None, f"is the same file as {seen[stem]}; expected each file once"))
        seen.setdefault(stem, Path(n).name)
    if problems:
        return None, problems
    with tempfile.TemporaryDirectory(prefix="vmo-upload-") as scratch:
        if workbooks:
            name = Path(workbooks[0]).name
            target = Path(scratch) / (name if name.lower().endswith(".xlsx") and name != ".xlsx" else "portfolio.xlsx")
            target.write_bytes(files[workbooks[0]])
        else:
            target = Path(scratch) / "upload"
            target.mkdir()
            for n in tables:  # under the names given, so that messages name the files people have
                if Path(n).name[:-4].strip().lower() in SCHEMA:
                    (target / Path(n).name).write_bytes(files[n])
        try:
            pf = load(target)
        except ValidationError as exc:
            return None, exc.problems
        except VmoError as exc:
            where = Path(workbooks[0]).name if workbooks else "upload"
            return None, [Problem(where, None, None, str(exc).replace(f"{scratch}/", ""))]
    return dataclasses.replace(pf, source="upload of " + ", ".join(Path(n).name for n in files)), []


def editable_frame(pf: Portfolio, name: str):
    """A portfolio table (projects, pools ...) as a DataFrame for st.data_editor.

    The index is the row number a spreadsheet shows (2 = the first row under the header), so
    problems found on saving point at the row on the screen; typed columns keep the editor's
    number and date cells.
    """
    columns, rows = portfolio_tables(pf)[name]
    kinds = {c.name: c.sql for c in SCHEMA[name]}
    data = {}
    for index, column in enumerate(columns):
        values = [row[index] for row in rows]
        kind = kinds.get(column)
        if kind == DATE:
            data[column] = pd.to_datetime(pd.Series(values, dtype=object), format="ISO8601").array
        elif kind == INT:
            data[column] = pd.array(values, dtype="Int64")
        elif kind == NUM:
            data[column] = pd.array([float("nan") if v is None else v for v in values], dtype="float64")
        else:
            data[column] = pd.array(["" if v is None else str(v) for v in values], dtype="string")
    return pd.DataFrame(data, columns=columns, index=pd.RangeIndex(2, len(rows) + 2, name="row"))


def _cell_text(value) -> str:
    if value is None or (not isinstance(value, (str, list, tuple, dict)) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        value = value.date() if value == value.normalize() else value.to_pydatetime()
    elif hasattr(value, "item") and not isinstance(value, (str, dt.date)):
        value = value.item()  # a numpy scalar
    return write_cell(value)


def validate_edit(pf: Portfolio, name: str, frame) -> tuple[Portfolio | None, list[Problem]]:
    """The portfolio with table `name` replaced by an edited DataFrame, checked as an import is.

    Rows keep the numbers of the frame's index (the editor's row numbers); every other table
    is the portfolio's own. Returns (portfolio, []) or (None, every problem found).
    """
    tables = {}
    for table, (columns, rows) in portfolio_tables(pf).items():
        numbered = [(number, [_cell_text(v) for v in row]) for number, row in enumerate(rows, start=2)]
        tables[table] = RawTable(table, f"{table}.csv", list(columns), numbered)
    edited = []
    for position, (label, cells) in enumerate(frame.iterrows()):
        try:
            number = int(label)
        except (TypeError, ValueError):
            number = position + 2
        edited.append((number, [_cell_text(v) for v in cells.tolist()]))
    tables[name] = RawTable(name, f"{name} (edited)", [str(c) for c in frame.columns], edited)
    try:
        return build_portfolio(tables, source=pf.source), []
    except ValidationError as exc:
        return None, exc.problems


# ---------------------------------------------------------------- what a replacement changes

ESTIMATES = ("duration_weeks", "value_per_week", "fixed_cost")  # a project's figures that make it re-estimated


@dataclass(frozen=True)
class Reestimate:
    """A project in both portfolios whose estimates differ: (field, before, after) for each."""

    project: Project
    changes: tuple[tuple[str, Any, Any], ...]


@dataclass(frozen=True)
class PortfolioChanges:
    """What replacing `before` by `after` changes, for the preview, before anything is replaced."""

    projects_added: tuple[Project, ...]
    projects_removed: tuple[Project, ...]
    reestimated: tuple[Reestimate, ...]
    pools_added: tuple[Pool, ...]
    pools_removed: tuple[Pool, ...]
    pools_renamed: tuple[tuple[Pool, Pool], ...]  # (before, after): a new id under the same name, or a new name

    @property
    def nothing(self) -> bool:
        return not any(dataclasses.astuple(self))


def portfolio_changes(before: Portfolio, after: Portfolio) -> PortfolioChanges:
    """Projects added, removed and re-estimated; pools added, removed and renamed (a pool whose id
    changed but whose name did not is renamed, not removed and added)."""
    old_pools, new_pools = {p.id: p for p in before.pools}, {p.id: p for p in after.pools}
    gone = [p for i, p in old_pools.items() if i not in new_pools]
    came = {p.name.strip().lower(): p for i, p in new_pools.items() if i not in old_pools and p.name.strip()}
    renamed = [(p, came.pop(p.name.strip().lower())) for p in gone if p.name.strip().lower() in came]
    renamed += [(p, new_pools[i]) for i, p in old_pools.items() if i in new_pools and p.name != new_pools[i].name]
    new_id = {old.id: new.id for old, new in renamed}
    kept_ids = {old.id for old, _ in renamed}
    old_projects, new_projects = {p.id: p for p in before.projects}, {p.id: p for p in after.projects}
    return PortfolioChanges(
        projects_added=tuple(p for i, p in new_projects.items() if i not in old_projects),
        projects_removed=tuple(p for i, p in old_projects.items() if i not in new_projects),
        reestimated=tuple(_reestimates(before, after, new_id)),
        pools_added=tuple(p for i, p in new_pools.items() if i not in old_pools and p not in [n for _, n in renamed]),
        pools_removed=tuple(p for p in gone if p.id not in kept_ids),
        pools_renamed=tuple(renamed),
    )


def _demands(pf: Portfolio, new_id: dict[str, str] | None = None) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for d in pf.demands:
        out.setdefault(d.project_id, {})[(new_id or {}).get(d.pool_id, d.pool_id)] = d.fte
    return out


def _reestimates(before: Portfolio, after: Portfolio, new_id: dict[str, str]) -> list[Reestimate]:
    old_projects = {p.id: p for p in before.projects}
    old_demands, new_demands = _demands(before, new_id), _demands(after)
    found = []
    for project in after.projects:
        old = old_projects.get(project.id)
        if old is None:
            continue
        changes = [(f, getattr(old, f), getattr(project, f)) for f in ESTIMATES if getattr(old, f) != getattr(project, f)]
        was, now = old_demands.get(project.id, {}), new_demands.get(project.id, {})
        changes += [
            ("fte", (pool, was.get(pool)), (pool, now.get(pool))) for pool in sorted(was | now) if was.get(pool) != now.get(pool)
        ]
        if changes:
            found.append(Reestimate(project, tuple(changes)))
    return found
