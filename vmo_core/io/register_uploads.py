"""A register or an MS Project file arriving from the app, checked exactly as the command line reads it.

Nothing here stores anything. The bytes live in a temporary folder while they are read; what
comes back is plain data: headers, or a portfolio (with an MS Project file's report), or
every problem found, each with its file, row and column.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from pathlib import Path

from vmo_core.errors import Problem, ValidationError, VmoError
from vmo_core.io.loading import load_with_report
from vmo_core.io.mspdi import MspdiReport, read_mspdi
from vmo_core.io.register_layout import RegisterLayout, register_layout
from vmo_core.io.register_mapping import Mapping
from vmo_core.io.register_sheet import register_headers
from vmo_core.model.portfolio import Portfolio

SUFFIXES = (".xlsx", ".csv", ".xml", ".mpp")


def _saved(folder: str, name: str, data: bytes) -> Path:
    """The upload in `folder` under its own name (its ending decides how it is read)."""
    base = Path(name).name
    suffix = Path(base).suffix.lower()
    target = Path(folder) / (base if suffix in SUFFIXES and base != suffix else f"upload{suffix or '.csv'}")
    target.write_bytes(data)
    return target


def _problems(exc: VmoError, name: str, folder: str) -> list[Problem]:
    if isinstance(exc, ValidationError):
        return exc.problems
    return [Problem(Path(name).name, None, None, str(exc).replace(f"{folder}/", ""))]


def uploaded_headers(
    name: str, data: bytes, *, sheet: str | None = None, header_row: int | None = None
) -> tuple[list[str], list[Problem]]:
    """A register's headers, for a suggested mapping, or why they cannot be read."""
    with tempfile.TemporaryDirectory(prefix="vmo-register-") as folder:
        try:
            return register_headers(_saved(folder, name, data), sheet=sheet, header_row=header_row), []
        except VmoError as exc:
            return [], _problems(exc, name, folder)


def uploaded_layout(
    name: str, data: bytes, *, sheet: str | None = None, header_row: int | None = None
) -> tuple[RegisterLayout | None, list[Problem]]:
    """A register as found (its sheets, the sheet and header row read, its currency and date order,
    the words in each column), or why it cannot be read."""
    with tempfile.TemporaryDirectory(prefix="vmo-register-") as folder:
        try:
            return register_layout(_saved(folder, name, data), sheet=sheet, header_row=header_row), []
        except VmoError as exc:
            return None, _problems(exc, name, folder)


def check_register(
    name: str,
    data: bytes,
    mapping: Mapping,
    *,
    notes: list[str] | None = None,
    left_out: list[tuple[int | None, str]] | None = None,
) -> tuple[Portfolio | None, list[Problem]]:
    """(portfolio, []) for a register through a mapping, or (None, every problem found); `notes` is
    given what was left out and what its missing cells mean, as the command line prints them, and
    `left_out` the rows (or columns) set aside, each with its spreadsheet row and why."""
    with tempfile.TemporaryDirectory(prefix="vmo-register-") as folder:
        try:
            pf, report = load_with_report(_saved(folder, name, data), mapping=mapping)
            (notes if notes is not None else []).extend(report.lines() if report is not None else [])
            (left_out if left_out is not None else []).extend(report.left_out if report is not None else [])
        except VmoError as exc:
            return None, _problems(exc, name, folder)
    return dataclasses.replace(pf, source=f"register {Path(name).name}"), []


def check_project_file(
    name: str, data: bytes, *, mapping: Mapping | None = None, as_of: dt.date | None = None
) -> tuple[Portfolio | None, MspdiReport | None, list[Problem]]:
    """(portfolio, report, []) for an MS Project XML file, or (None, None, every problem found)."""
    with tempfile.TemporaryDirectory(prefix="vmo-project-") as folder:
        try:
            pf, report = load_with_report(_saved(folder, name, data), mapping=mapping, as_of=as_of)
        except VmoError as exc:
            return None, None, _problems(exc, name, folder)
    return dataclasses.replace(pf, source=f"MS Project file {Path(name).name}"), report, []


def project_file_fields(name: str, data: bytes) -> tuple[tuple[str, ...], dt.date | None]:
    """An MS Project file's custom fields (by alias, else name) and its status date, for the mapping step;
    nothing when it cannot be read (checking it says why)."""
    with tempfile.TemporaryDirectory(prefix="vmo-project-") as folder:
        try:
            converted = read_mspdi(_saved(folder, name, data))
        except VmoError:
            return (), None
    return converted.report.custom_fields, converted.report.status_date
