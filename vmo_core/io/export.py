"""Writing a portfolio back out as the files of INTERFACES.md: a CSV folder or an .xlsx.

What is written reads back to an equal Portfolio (numbers are written exactly, unknown
columns ride along). Files appear whole or not at all: each is written beside its
destination first and moved into place.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import shutil
import tempfile
import threading
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from vmo_core.errors import VmoError
from vmo_core.io.schema import FORMULA_START, SCHEMA, SETTINGS_KEYS, csv_escape, write_cell, xlsx_escape
from vmo_core.io.writing import existing_folder, writing
from vmo_core.model.portfolio import Portfolio

FIELD_OF_COLUMN = {"from": "from_date"}  # a column whose record field is named otherwise


def portfolio_tables(pf: Portfolio) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """Every table as (column names, rows of values), known columns first, then extras."""
    settings = pf.settings
    tables = {
        "settings": (
            ["key", "value"],
            [[key, getattr(settings, key)] for key in SETTINGS_KEYS] + [[key, value] for key, value in settings.extra.items()],
        )
    }
    records = {
        "pools": pf.pools,
        "projects": pf.projects,
        "demands": pf.demands,
        "dependencies": pf.dependencies,
        "capacity_changes": pf.capacity_changes,
        "actuals": pf.actuals,
    }
    for name, items in records.items():
        known = [c.name for c in SCHEMA[name]]
        extras = list(dict.fromkeys(key for item in items for key in item.extra))
        rows = [
            [getattr(item, FIELD_OF_COLUMN.get(col, col)) for col in known] + [item.extra.get(key, "") for key in extras]
            for item in items
        ]
        tables[name] = (known + extras, rows)
    return tables


def export(pf: Portfolio, dest: str | Path) -> Path:
    """Write to an .xlsx (by its ending) or else to a folder of CSV files."""
    dest = Path(dest)
    if dest.suffix.lower() == ".xlsx":
        write_xlsx(pf, dest)
    elif dest.suffix:
        raise VmoError(f"{dest}: cannot export to a {dest.suffix} file; expected a folder or an .xlsx")
    else:
        write_csv_folder(pf, dest)
    return dest


def write_csv_folder(pf: Portfolio, folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise VmoError(f"{folder}: exists and is not a folder")
    existing_folder(folder)  # the folder itself is made if need be, never its parents
    made = not folder.exists()
    with writing(folder, "the portfolio's CSV files"):
        try:
            folder.mkdir(exist_ok=True)
            _write_csv_files(pf, folder)
        except OSError:
            if made:
                shutil.rmtree(folder, ignore_errors=True)
            raise


def _write_csv_files(pf: Portfolio, folder: Path) -> None:
    staging = Path(tempfile.mkdtemp(prefix=".export-", dir=folder))
    try:
        for name, (columns, rows) in portfolio_tables(pf).items():
            with (staging / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
                plain = csv.writer(handle, lineterminator="\n")
                # the csv module quotes a cell with a line break only if the break is in its line
                # terminator, so a lone carriage return would end the row: rows with one are quoted whole
                quoted = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL)
                for cells in [[csv_escape(c) for c in columns]] + [[csv_cell(v) for v in row] for row in rows]:
                    (quoted if any("\r" in c for c in cells) else plain).writerow(cells)
        for name in SCHEMA:
            os.replace(staging / f"{name}.csv", folder / f"{name}.csv")
    finally:
        for leftover in staging.iterdir():
            leftover.unlink()
        staging.rmdir()


def csv_cell(value: Any) -> str:
    """A cell of a CSV export: text that a spreadsheet would run as a formula carries a leading
    apostrophe (schema.csv_escape; the loader takes it off again); numbers and dates are as written."""
    return csv_escape(value) if isinstance(value, str) else write_cell(value)


def write_xlsx(pf: Portfolio, path: Path) -> None:
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (columns, rows) in portfolio_tables(pf).items():
        sheet = book.create_sheet(name)
        sheet.append([xlsx_escape(c) for c in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([xlsx_escape(v) if isinstance(v, str) else v for v in row])
        for sheet_row in sheet.iter_rows():
            for cell in sheet_row:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(cell.value, str):
                    text_cell(cell)
        for index, column in enumerate(columns, start=1):
            sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = max(10, min(40, len(column) + 4))
        sheet.freeze_panes = "A2"
    with writing(path, "the workbook"):
        handle, staging = tempfile.mkstemp(suffix=".xlsx", prefix=".export-", dir=existing_folder(path))
        os.close(handle)
        try:
            with exact_floats():
                book.save(staging)
            os.replace(staging, path)
        finally:
            if os.path.exists(staging):
                os.unlink(staging)


def text_cell(cell) -> None:
    """Make an openpyxl cell holding a string hold text, never a formula (openpyxl takes a string
    that begins with "=" for one); one that Excel would read as a formula on editing is shown
    with Excel's quote prefix, so it stays text when edited there too."""
    cell.data_type = "s"
    if cell.value.startswith(FORMULA_START):
        cell.quotePrefix = True


def xlsx_bytes(pf: Portfolio) -> bytes:
    """The portfolio as an .xlsx workbook (one sheet per file), as bytes for a download."""
    with tempfile.TemporaryDirectory(prefix="vmo-export-") as scratch:
        path = Path(scratch) / "portfolio.xlsx"
        write_xlsx(pf, path)
        return path.read_bytes()


def csv_zip_bytes(pf: Portfolio) -> bytes:
    """The portfolio as a .zip of its CSV files, as bytes for a download."""
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="vmo-export-") as scratch:
        folder = Path(scratch)
        write_csv_folder(pf, folder)
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.glob("*.csv")):
                archive.write(path, arcname=path.name)
    return buffer.getvalue()


_openpyxl_patch = threading.Lock()


@contextmanager
def exact_floats():
    """openpyxl writes numbers with 16 significant digits, which rounds some doubles
    (0.1 + 0.2 becomes 0.3); Excel reads 17. While saving, write floats by repr, exactly."""
    from openpyxl.cell import _writer

    original = _writer.safe_string

    def exact(value):
        return repr(value) if isinstance(value, float) and math.isfinite(value) else original(value)

    with _openpyxl_patch:
        _writer.safe_string = exact
        try:
            yield
        finally:
            _writer.safe_string = original
