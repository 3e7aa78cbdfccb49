"""A one-sheet register's cells as found: a CSV file, or one sheet of a workbook.

The register is read like a portfolio file (readers.py): a bounded file, a bounded workbook
unpacked, at most MAX_ROWS rows and MAX_COLUMNS columns; a CSV through `readers.read_csv`, so
its delimiter, encoding and decimal mark are detected as a portfolio file's are. Nothing here
judges a cell; `register` does, through a mapping.

Registers as PMOs keep them: unless told, the sheet is the first visible one whose name is not
an archive's, a list's or instructions' ("Archive", "Closed", "Lists", "Read me") and whose
header reads best, and the header is the row of the first 30 whose cells most read as a
register's headers (`suggest_mapping`): titles and blank rows above it are set aside, and
said. A merged cell's value fills every cell it covers (a sponsor merged down three rows is
each row's sponsor); a hidden column is set aside, and said.
"""

from __future__ import annotations

import re
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
    shown,
)

SET_ASIDE = re.compile(r"archive|\bold\b|closed|complete|history|instruction|read ?me|\blists?\b|lookup|guidance|dashboard", re.I)
HEADER_SEARCH_ROWS = 30


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
        if wanted:
            chosen = sheets.get(wanted.strip().casefold())
            if chosen is None:
                refuse(f"has no sheet named {wanted!r}; its sheets are {', '.join(s.title for s in book.worksheets)}")
        else:
            chosen = _best_sheet(book.worksheets)
            if chosen is None:
                refuse("has no sheet; expected a register on its first sheet")
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
        merged, hidden = _layout(path, getattr(chosen, "_worksheet_path", ""))
    except ValidationError:
        raise
    except Exception as exc:  # a damaged sheet
        refuse(f"is not a readable .xlsx workbook ({type(exc).__name__}: {exc})")
    finally:
        book.close()
    _fill_merged(rows, merged)
    return RawTable("register", label, [], rows, header_row=0, hidden=tuple(sorted(hidden)))


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def _best_sheet(worksheets):
    """The register's sheet: the visible sheet (not an archive's or a list's) whose header reads best."""
    visible = [w for w in worksheets if getattr(w, "sheet_state", "visible") == "visible"] or list(worksheets)
    candidates = [w for w in visible if not SET_ASIDE.search(w.title)] or visible
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    scores = []
    for sheet in candidates:
        sheet.reset_dimensions()
        rows = sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)
        scores.append(max((header_score(list(cells[:MAX_COLUMNS])) for cells in rows), default=0))
    return candidates[scores.index(max(scores))]


def _layout(path: Path, member: str) -> tuple[list[tuple[int, int, int, int]], set[int]]:
    """A sheet's merged ranges (min column, min row, max column, max row) and its hidden columns (1-based)."""
    import defusedxml.ElementTree as safe
    from openpyxl.utils.cell import range_boundaries

    merged, hidden = [], set()
    if not member:
        return merged, hidden
    with zipfile.ZipFile(path) as archive, archive.open(member.lstrip("/")) as stream:
        for _, element in safe.iterparse(stream, forbid_dtd=True):
            tag = element.tag.rpartition("}")[2]
            if tag == "col" and element.get("hidden") in ("1", "true"):
                low, high = int(element.get("min", 0)), min(int(element.get("max", 0)), MAX_COLUMNS)
                hidden.update(range(low, high + 1))
            elif tag == "mergeCell" and element.get("ref"):
                merged.append(range_boundaries(element.get("ref")))
            elif tag == "row":
                element.clear()
    return merged, hidden


def _fill_merged(rows: list[tuple[int, list]], merged) -> None:
    by_number = {n: cells for n, cells in rows}
    for low_col, low_row, high_col, high_row in merged:
        first = by_number.get(low_row)
        value = first[low_col - 1] if first is not None and low_col <= len(first) else None
        if is_blank(value):
            continue
        for number in range(low_row, min(high_row, low_row + MAX_ROWS) + 1):
            cells = by_number.get(number)
            if cells is None:
                continue
            for column in range(low_col, min(high_col, MAX_COLUMNS) + 1):
                cells.extend([None] * (column - len(cells)))
                if is_blank(cells[column - 1]):
                    cells[column - 1] = value


def header_score(cells: list) -> int:
    """How much a row reads as a register's header: the fields and teams a suggestion finds in it."""
    from vmo_core.io.register_suggest import suggest_mapping

    texts = [c.strip() for c in cells if isinstance(c, str) and c.strip()]
    if len(texts) < 2:
        return 0
    found = suggest_mapping(texts)
    return len(found.columns) + len(found.pools)


def with_header_row(table: RawTable, header_row: int | None) -> RawTable:
    """The table with its header on spreadsheet row `header_row` (None: the row that reads best as
    one, among the first 30); titles above it are set aside, and said."""
    everything = ([(table.header_row, list(table.header))] if table.header_row else []) + list(table.rows)
    if header_row is None:
        scores = [header_score(cells) for _, cells in everything[:HEADER_SEARCH_ROWS]]
        at = scores.index(max(scores)) if scores and max(scores) >= 2 else 0
    else:
        at = next((i for i, (n, _) in enumerate(everything) if n >= header_row), len(everything))
        if at == len(everything) or everything[at][0] != header_row:
            return RawTable(table.name, table.label, [], [], header_row=header_row, decimal_comma=table.decimal_comma)
    if not everything:
        return table
    number, cells = everything[at]
    header = [read_text(c) if not is_blank(c) else "" for c in cells]
    left = list(table.left_out)
    for column in table.hidden:  # set aside: its header and cells read as blank
        if column <= len(header) and header[column - 1]:
            left.append((None, f"hidden column {_letter(column)} ({header[column - 1]!r})"))
            header[column - 1] = ""
    seen = {n for n, _ in everything}
    left += [(n, "blank") for n in range(1, max(seen, default=0)) if n not in seen]
    for above, row in everything[:at]:
        words = [read_text(c) for c in row if not is_blank(c)]
        left.append((above, f"above the header: {shown(' '.join(dict.fromkeys(words)), limit=50)}" if words else "blank"))
    left.sort(key=lambda x: (x[0] is not None, x[0] or 0))
    rows = [(n, [None if i + 1 in table.hidden else c for i, c in enumerate(cells)]) for n, cells in everything[at + 1 :]]
    return RawTable(table.name, table.label, header, rows, header_row=number, decimal_comma=table.decimal_comma, left_out=left)


def register_headers(path: str | Path, *, sheet: str | None = None, header_row: int | None = None) -> list[str]:
    """The register's headers, for a suggested mapping."""
    return [h for h in with_header_row(register_table(path, sheet=sheet), header_row).header if h]
