"""Raw tables out of a CSV folder or an .xlsx workbook: cells as found, each row with its number.

Nothing here judges a cell; that is `loading`'s work. What is judged here is the file as a
whole: it must be a file, of a bounded size (MAX_FILE_BYTES, and for a workbook what it
unpacks to), readable as CSV text or as a workbook, with at most MAX_ROWS rows and
MAX_COLUMNS columns. A CSV file's encoding (UTF-8 with or without a byte-order mark,
UTF-16 with one, else Windows-1252 or Latin-1) and delimiter (comma, semicolon or tab,
by its header line) are found, not assumed; file and sheet names match in any case.
CSV is read strictly: a quote opened and never closed (which would swallow the rest of
the file into one cell), or a closing quote followed by more text, is reported on the row
where it opens, and that table is not read, rather than misread.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from pathlib import Path
from typing import Any, NoReturn

from vmo_core.errors import Problem, ValidationError
from vmo_core.io.schema import (
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_XLSX_UNPACKED_BYTES,
    SCHEMA,
    UNSAVED_FORMULA,
    UNSAVED_FORMULA_MESSAGE,
    RawTable,
    amount,
    column_for,
    csv_unescape,
    is_blank,
    is_text_column,
    is_text_setting,
    read_text,
    xlsx_unescape,
)

EXCEL_MAX_ROWS = 1_048_576  # the last row a worksheet can have


class Unreadable(Exception):
    """A whole file cannot be read; the message says why, for a person."""

    def __init__(self, message: str, row: int | None = None):
        super().__init__(message)
        self.row = row


# ---------------------------------------------------------------- CSV


def read_csv_folder(folder: Path) -> tuple[dict[str, RawTable], list[Problem]]:
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    found = csv_files(folder)
    for name in SCHEMA:
        paths = found.get(name, [])
        if not paths:
            continue
        path = paths[0]
        if len(paths) > 1:
            same = " and ".join(p.name for p in paths)
            problems.append(Problem(same, None, None, f"are the same file written twice; expected one {name}.csv"))
            tables[name] = RawTable(name, path.name, [], readable=False)
            continue
        try:
            tables[name] = read_csv(path, name)
        except Unreadable as exc:
            problems.append(Problem(path.name, exc.row, None, str(exc)))
            tables[name] = RawTable(name, path.name, [], readable=False)
    return tables, problems


def csv_files(folder: Path) -> dict[str, list[Path]]:
    """The folder's CSV files by the table they hold, their names matched in any case (`Projects.CSV`)."""
    found: dict[str, list[Path]] = {}
    for entry in sorted(folder.iterdir()):
        stem = entry.name[:-4].strip().lower()
        if entry.name.lower().endswith(".csv") and stem in SCHEMA:
            found.setdefault(stem, []).append(entry)
    return found


def read_csv(path: Path, name: str) -> RawTable:
    """One table of the schema from a CSV file; text cells have the export's apostrophe removed."""
    text = _csv_text(path)
    delimiter = sniffed_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter)
    records: list[list[str]] = []
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise Unreadable(_csv_error(exc), row=len(records) + 1) from None
        records.append(record)
        if len(records) > MAX_ROWS + 1:
            raise Unreadable(f"has more than {amount(MAX_ROWS)} rows; expected at most {amount(MAX_ROWS)} under the header")
        if len(record) > MAX_COLUMNS:
            raise Unreadable(f"has {len(record):,} columns; expected at most {amount(MAX_COLUMNS)}", row=len(records))
    header = [csv_unescape(h) for h in records[0]] if records else []
    text = [is_text_column(name, h) for h in header]
    value_at = next((i for i, h in enumerate(header) if column_for(name, h) == "value"), None) if name == "settings" else None
    key_at = next((i for i, h in enumerate(header) if column_for(name, h) == "key"), None) if name == "settings" else None
    rows = []
    for number, cells in enumerate(records[1:], start=2):
        if value_at is not None:  # a setting's value is text or not by its key: as_of is a date, currency text
            text[value_at] = key_at is None or key_at >= len(cells) or is_text_setting(csv_unescape(cells[key_at]))
        rows.append((number, [csv_unescape(c) if i >= len(text) or text[i] else c for i, c in enumerate(cells)]))
    return RawTable(name, path.name, header, rows, decimal_comma=delimiter == ";")


DELIMITERS = (",", ";", "\t")


def sniffed_delimiter(text: str) -> str:
    """The delimiter of a CSV text: whichever of comma, semicolon and tab its header line holds most
    of outside quotes (a comma when none)."""
    line = re.sub(r'"[^"]*"', "", text.split("\n", 1)[0])
    counts = {d: line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_text(path: Path) -> str:
    if not path.is_file():
        raise Unreadable(f"is {'a folder' if path.is_dir() else 'not a regular file'}, not a CSV file; expected a CSV file")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise Unreadable(f"is {size:,} bytes; expected a CSV file of at most {amount(MAX_FILE_BYTES)} bytes")
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise Unreadable(f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_FILE_BYTES:  # it grew while it was read
        raise Unreadable(f"is more than {amount(MAX_FILE_BYTES)} bytes; expected a CSV file of at most that")
    return decoded(data)


def decoded(data: bytes) -> str:
    """CSV bytes as text: UTF-16 by its byte-order mark, else UTF-8 (a mark or not), else Windows-1252
    (or Latin-1, which reads any byte) for a file with no UTF-8 in it at all. A file that is UTF-8 in
    places and not in others is refused, naming the line where it stops being UTF-8."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].decode("utf-16", errors="replace").count("\n") + 1
            raise Unreadable(f"line {line} is not UTF-16 text, as the file's start says; save it again as CSV UTF-8") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if any(ord(c) > 0x7F and c != "\ufffd" for c in data.decode("utf-8", errors="replace")):
            line = data[: exc.start].count(b"\n") + 1
            raise Unreadable(
                f"line {line} is not UTF-8 text, though the lines before it are; "
                "save the file again as CSV UTF-8, or retype the characters on that line"
            ) from None
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _csv_error(exc: csv.Error) -> str:
    """What the csv module's complaint means for a person, on the row whose cell it is in."""
    said = str(exc)
    if "unexpected end of data" in said:
        return (
            'a quote (") opened on this row is never closed, so the rest of the file would run into one cell; '
            "close the quote, or remove it"
        )
    if "expected after" in said:
        return (
            'a quote (") that closes a cell on this row (or on a line it runs into) is followed by more text; '
            'expected a comma after it: quote the whole cell, and double each quote inside it ("")'
        )
    if "field larger than field limit" in said:
        return f"a cell holds more than {csv.field_size_limit():,} characters; expected shorter text (an unclosed quote?)"
    return f"is not a readable CSV file ({said})"


# ---------------------------------------------------------------- .xlsx

_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def read_xlsx(path: Path) -> tuple[dict[str, RawTable], list[Problem]]:
    """The schema's sheets of a workbook; a workbook that cannot be read at all is a ValidationError."""
    import openpyxl

    def unreadable(message: str) -> NoReturn:
        raise ValidationError([Problem(path.name, None, None, message)], source=str(path))

    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        unreadable(f"is {size:,} bytes; expected a workbook of at most {amount(MAX_FILE_BYTES)} bytes")
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
            formulas = unpacked <= MAX_XLSX_UNPACKED_BYTES and _has_formulas(archive)
    except Exception as exc:  # zipfile raises several kinds for a damaged file
        unreadable(f"is not a readable .xlsx workbook ({type(exc).__name__}: {exc})")
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        unreadable(f"unpacks to {unpacked:,} bytes; expected a workbook of at most {amount(MAX_XLSX_UNPACKED_BYTES)}")
    books = []
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    try:
        books.append(openpyxl.load_workbook(path, read_only=True, data_only=True))
        if formulas:  # the formulas as written, to tell a formula with no saved value from an empty cell
            books.append(openpyxl.load_workbook(path, read_only=True, data_only=False))
        sheets = [{sheet.title.strip().lower(): sheet for sheet in book.worksheets} for book in books]
        for name in SCHEMA:
            sheet = sheets[0].get(name)
            if sheet is None:
                continue
            label = f"{path.name} sheet {sheet.title}"
            try:
                tables[name] = _sheet_table(name, label, sheet, sheets[1].get(name) if formulas else None)
            except Unreadable as exc:
                problems.append(Problem(label, exc.row, None, str(exc)))
                tables[name] = RawTable(name, label, [], readable=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook or sheet
        unreadable(f"is not a readable .xlsx workbook ({type(exc).__name__}: {exc})")
    finally:
        for book in books:
            book.close()
    return tables, problems


def _has_formulas(archive: zipfile.ZipFile) -> bool:
    """Does any worksheet hold a formula? (Then cells without a saved value are looked for.)"""
    for member in archive.infolist():
        if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
            with archive.open(member) as handle:
                tail = b""
                while chunk := handle.read(1 << 20):
                    if _FORMULA_TAG.search(tail + chunk):
                        return True
                    tail = chunk[-16:]
    return False


def _rows(sheet):
    """Rows of values as the sheet holds them: no padding to a stated size (which may be wrong,
    or huge), and never past the last row a worksheet can have."""
    sheet.reset_dimensions()
    return sheet.iter_rows(max_row=EXCEL_MAX_ROWS, values_only=True)


def _sheet_table(name: str, label: str, sheet, written) -> RawTable:
    values = _rows(sheet)
    formulas = _rows(written) if written is not None else None
    header: list[str] = []
    body: list[tuple[int, list[Any]]] = []
    filled = 0
    for number, cells in enumerate(values, start=1):
        as_written = next(formulas, ()) if formulas is not None else ()
        if len(cells) > MAX_COLUMNS and any(c is not None for c in cells[MAX_COLUMNS:]):
            raise Unreadable(f"has more than {amount(MAX_COLUMNS)} columns; expected at most {amount(MAX_COLUMNS)}", row=number)
        row = [_cell(c, as_written[i] if i < len(as_written) else None) for i, c in enumerate(cells[:MAX_COLUMNS])]
        if number == 1:
            header = ["" if c is None or c is UNSAVED_FORMULA else xlsx_unescape(read_text(c)) for c in row]
            if UNSAVED_FORMULA in row:
                raise Unreadable(f"the header {UNSAVED_FORMULA_MESSAGE}", row=1)
            continue
        if all(is_blank(c) for c in row):
            continue  # blank rows are skipped anyway, and a sheet may state a million of them
        filled += 1
        if filled > MAX_ROWS:
            raise Unreadable(f"has more than {amount(MAX_ROWS)} rows; expected at most {amount(MAX_ROWS)} under the header")
        body.append((number, row))
    return RawTable(name, label, header, body)


def _cell(value: Any, written: Any) -> Any:
    if value is None and written is not None:
        return UNSAVED_FORMULA  # a formula Excel never calculated: no value was saved with it
    return xlsx_unescape(value) if isinstance(value, str) else value
