"""The board pack: the steering meeting's deck, spreadsheet and PDF, written in money.

    pack = build_pack(pf, scenario)          # content.py: every figure and sentence, once
    write_report(pack, "pack.pptx")          # or .xlsx, .pdf: by the file's ending

Each writer renders the same `Pack`, so every figure in every format is the same number.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from vmo_core.errors import VmoError
from vmo_core.report.content import build_pack
from vmo_core.report.model import Pack

FORMATS = {".pptx": "PowerPoint deck", ".xlsx": "Excel workbook", ".pdf": "PDF document"}
MIME = {
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
}


def report_format(path: str | Path) -> str:
    """The ending that says which file to write (".pptx", ".xlsx" or ".pdf"); a VmoError for any other."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise VmoError(
            f"{path}: cannot write a board pack as {suffix or 'a file without an ending'}; expected .pptx, .xlsx or .pdf"
        )
    return suffix


def write_report(pack: Pack, path: str | Path) -> list[str]:
    """Write the pack to `path` as its ending says (whole or not at all); returns warnings for the user."""
    path = Path(path)
    suffix = report_format(path)
    if path.is_dir():
        raise VmoError(f"{path}: is a folder; expected a file ending .pptx, .xlsx or .pdf")
    if suffix == ".pptx":
        from vmo_core.report.pptx import write_pptx as write
    elif suffix == ".xlsx":
        from vmo_core.report.xlsx import write_xlsx as write
    else:
        from vmo_core.report.pdf import write_pdf as write
    return write(pack, path)


def report_bytes(pack: Pack, suffix: str) -> tuple[bytes, list[str]]:
    """The pack as the bytes of a .pptx, .xlsx or .pdf file (for a download), and any warnings."""
    with tempfile.TemporaryDirectory(prefix="vmo-pack-") as scratch:
        path = Path(scratch) / f"board-pack{suffix.lower()}"
        warnings = write_report(pack, path)
        return path.read_bytes(), warnings


__all__ = ["FORMATS", "MIME", "Pack", "build_pack", "report_bytes", "report_format", "write_report"]
