"""A portfolio workbook to fill: an Instructions sheet, one sheet per file with its header and
an example row, and drop-downs for status, benefit type, pool and project ids.

It is a portfolio of its own (two example projects on one team), so it imports back as it is;
`python -m vmo_core template OUT.xlsx` and the Data page's download both write it.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from pathlib import Path

from vmo_core.errors import VmoError
from vmo_core.io.export import portfolio_tables
from vmo_core.io.schema import OPTIONAL_FILES, REQUIRED_FILES, SCHEMA
from vmo_core.io.writing import existing_folder, writing
from vmo_core.model.portfolio import (
    BENEFIT_TYPES,
    STATUSES,
    Actual,
    CapacityChange,
    Demand,
    Dependency,
    Pool,
    Portfolio,
    Project,
    Settings,
)

LAST_ROW = 1_000  # drop-downs reach this far down each sheet
EXAMPLE_AS_OF = dt.date(2027, 1, 4)  # a fixed Monday: the same template every time


def example_portfolio() -> Portfolio:
    """What the template's example rows hold: one team, a project and the proposal that waits on it."""
    first = Project(
        id="EXAMPLE",
        name="Example project (replace this row)",
        status="approved",
        priority=1,
        duration_weeks=10,
        value_per_week=20_000.0,
        fixed_cost=50_000.0,
        promised_finish=dt.date(2027, 3, 15),
        promised_value_per_week=20_000.0,
        benefit_type="revenue",
        theme="Growth",
        sponsor="Chief Operating Officer",
    )
    second = Project(id="NEXT", name="A proposal that waits on it", status="proposed", duration_weeks=6, value_per_week=8_000.0)
    return Portfolio(
        settings=Settings(as_of=EXAMPLE_AS_OF, horizon_weeks=156, discount_rate=0.05, currency="GBP"),
        pools=(Pool(id="DEV", name="Software Development", capacity_fte=5.0, cost_per_fte_week=2_000.0),),
        projects=(first, second),
        demands=(Demand("EXAMPLE", "DEV", 2.0), Demand("NEXT", "DEV", 1.0)),
        dependencies=(Dependency("EXAMPLE", "NEXT"),),
        capacity_changes=(CapacityChange("DEV", dt.date(2027, 7, 5), 6.0),),
        actuals=(Actual(project_id="EXAMPLE", estimated_weeks=8.0, actual_weeks=10.0),),
    )


INSTRUCTIONS = (
    "How to fill this workbook",
    "",
    "Each sheet below is one table of the portfolio. Keep the sheet names and the header row; "
    "replace the example rows with your own and add as many rows as you need.",
    "Required sheets: "
    + ", ".join(REQUIRED_FILES)
    + ". Optional sheets (leave them empty or delete them): "
    + ", ".join(OPTIONAL_FILES)
    + ".",
    "Dates: a date cell, or text as 2027-03-01. Money: a plain number in the portfolio's currency "
    "(settings: currency); 18,000 and £18,000 are read as 18000. A rate or a decay: 0.05 or 5%.",
    "Drop-downs: status and benefit_type offer their choices; pool_id offers the ids on the pools sheet, "
    "project_id those on the projects sheet.",
    "Empty optional cells take their default. Columns of your own are kept and ignored.",
    "Bring it in on the Data page (Upload), or: python -m vmo_core import THIS.xlsx --db portfolio.duckdb",
    "",
    "Sheet and its columns (required ones marked *)",
)


def instructions() -> list[str]:
    lines = list(INSTRUCTIONS)
    for name, columns in SCHEMA.items():
        lines.append(f"{name}: " + ", ".join(f"{c.name}*" if c.required else c.name for c in columns))
    lines.append("settings keys: as_of* (the date week 0 starts), horizon_weeks, discount_rate, currency, date_order")
    return lines


def _drop_downs(book) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    def choices(values) -> str:
        return '"' + ",".join(values) + '"'

    ids = {"pool_id": f"=pools!$A$2:$A${LAST_ROW}", "project_id": f"=projects!$A$2:$A${LAST_ROW}"}
    ids |= {"predecessor_id": ids["project_id"], "successor_id": ids["project_id"]}
    lists = {("projects", "status"): choices(STATUSES), ("projects", "benefit_type"): choices(BENEFIT_TYPES)}
    for name in SCHEMA:
        sheet = book[name]
        for cell in sheet[1]:
            source = lists.get((name, cell.value)) or ids.get(cell.value)
            if source is None:
                continue
            rule = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True)
            rule.error, rule.errorTitle = f"Choose a {cell.value} from the list", "Not in the list"
            sheet.add_data_validation(rule)
            rule.add(f"{cell.column_letter}2:{cell.column_letter}{LAST_ROW}")


def template_bytes() -> bytes:
    """The template workbook, as bytes (a download, or a file)."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    guide = book.active
    guide.title = "Instructions"
    for line in instructions():
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 120
    for name, (columns, rows) in portfolio_tables(example_portfolio()).items():
        sheet = book.create_sheet(name)
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            sheet.column_dimensions[cell.column_letter].width = max(12, len(str(cell.value)) + 4)
        for row in rows:
            sheet.append(row)
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
    _drop_downs(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_template(path: str | Path) -> Path:
    """Write the template to `path` (an .xlsx): whole, or not at all (written beside it, then renamed)."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise VmoError(f"{path}: a template is an .xlsx workbook; expected a file name ending .xlsx")
    with writing(path, "the template"):  # building it may write beside it too (lxml's files, a full disk)
        data = template_bytes()
    try:
        handle, staging = tempfile.mkstemp(suffix=".xlsx", prefix=".template-", dir=existing_folder(path))
    except OSError as exc:
        raise VmoError(f"{path}: cannot write here ({exc.strerror or exc}); expected a folder you can write to") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(staging, path)
    except OSError as exc:
        raise VmoError(f"{path}: cannot write the template ({exc.strerror or exc}); nothing was written") from None
    finally:
        if os.path.exists(staging):
            os.unlink(staging)
    return path
