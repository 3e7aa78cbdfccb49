"""A one-sheet register's cells as found: a CSV file, or one sheet of a workbook.

The register is read like a portfolio file (readers.py): a bounded file, a bounded workbook
unpacked, at most MAX_ROWS rows and MAX_COLUMNS columns; a CSV through `readers.read_csv`, so
its delimiter, encoding and decimal mark are detected as a portfolio file's are. Nothing here
judges a cell; `register` does, through a mapping.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from vmo_core.errors import Problem, ValidationError, VmoError
from vmo_core.io.readers import EXCEL_MAX_ROWS, Unreadable, read_csv
from vmo_core.io.schema import (
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_XLSX_UNPACKED_BYTES,
    RawTable,
    amount,
    is_blank,
    read_text,
)


def register_table(path: str | Path, *, sheet: str | None = None) -> RawTable:
    """The register's cells as found: a CSV file, or one sheet of a workbook (the first, unless named)."""
    path = Path(path)
    if not path.is_file():
        raise VmoError(f"{path}: no such file; expected a register as an .xlsx or a .csv file")
    if path.suffix.lower() == ".csv":
        try:
            return read_csv(path, "projects")
        except Unreadable as exc:
            raise ValidationError([Problem(path.name, exc.row, None, str(exc))], source=str(path)) from None
    if path.suffix.lower() != ".xlsx":
        raise VmoError(f"{path}: not a register; expected an .xlsx or a .csv file")
    return _sheet(path, sheet)


def _sheet(path: Path, wanted: str | None) -> RawTable:
    import openpyxl

    def refuse(message: str, row: int | None = None, label: str = path.name):
        raise ValidationError([Problem(label, row, None, message)], source=str(path))

    if path.stat().st_size > MAX_FILE_BYTES:
        refuse(f"is {path.stat().st_size:,} bytes; expected a workbook of at most {amount(MAX_FILE_BYTES)} bytes")
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except Exception as exc:  # zipfile raises several kinds for a damaged file
        refuse(f"is not a readable .xlsx workbook ({type(exc).__name__}: {exc})")
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        refuse(f"unpacks to {unpacked:,} bytes; expected a workbook of at most {amount(MAX_XLSX_UNPACKED_BYTES)}")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        refuse(f"is not a readable .xlsx workbook ({type(exc).__name__}: {exc})")
    try:
        sheets = {s.title.strip().casefold(): s for s in book.worksheets}
        chosen = sheets.get(wanted.strip().casefold()) if wanted else (book.worksheets[0] if book.worksheets else None)
        if chosen is None:
            refuse(f"has no sheet named {wanted!r}; its sheets are {', '.join(s.title for s in book.worksheets)}")
        label = f"{path.name} sheet {chosen.title}"
        chosen.reset_dimensions()
        rows = []
        for number, cells in enumerate(chosen.iter_rows(max_row=EXCEL_MAX_ROWS, values_only=True), start=1):
            if len(cells) > MAX_COLUMNS and any(c is not None for c in cells[MAX_COLUMNS:]):
                refuse(f"has more than {amount(MAX_COLUMNS)} columns; expected at most that", number, label)
            if any(not is_blank(c) for c in cells):
                rows.append((number, list(cells[:MAX_COLUMNS])))
            if len(rows) > MAX_ROWS + 1:
                refuse(f"has more than {amount(MAX_ROWS)} rows; expected at most {amount(MAX_ROWS)}", None, label)
    except ValidationError:
        raise
    except Exception as exc:  # a damaged sheet
        refuse(f"is not a readable .xlsx workbook ({type(exc).__name__}: {exc})")
    finally:
        book.close()
    header = [read_text(c) if not is_blank(c) else "" for c in rows[0][1]] if rows else []
    return RawTable("register", label, header, rows[1:])


def with_header_row(table: RawTable, header_row: int) -> RawTable:
    """The table with its header on spreadsheet row `header_row` (titles above it are skipped)."""
    if header_row == 1:
        return table
    everything = [(1, list(table.header)), *table.rows]
    at = next((i for i, (n, _) in enumerate(everything) if n >= header_row), len(everything))
    if at == len(everything) or everything[at][0] != header_row:
        return RawTable(table.name, table.label, [], [])
    header = [read_text(c) if not is_blank(c) else "" for c in everything[at][1]]
    return RawTable(table.name, table.label, header, everything[at + 1 :])


def register_headers(path: str | Path, *, sheet: str | None = None, header_row: int = 1) -> list[str]:
    """The register's headers, for a suggested mapping."""
    return [h for h in with_header_row(register_table(path, sheet=sheet), header_row).header if h]
