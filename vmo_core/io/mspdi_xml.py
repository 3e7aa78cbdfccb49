"""Reading MS Project's XML (MSPDI) safely, and its elements by local name.

defusedxml parses the file, with document type declarations forbidden: MSPDI has none, and
an entity declared in one (a "billion laughs") or an external one is refused, never expanded.
Elements are found by their local name, so a file in the MSPDI namespace and one without
it read alike.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from typing import Any

from vmo_core.errors import Problem, ValidationError
from vmo_core.io.schema import MAX_FILE_BYTES, amount

NAMESPACE = "http://schemas.microsoft.com/project"
_DURATION = re.compile(r"-?P(?:(\d+(?:\.\d*)?)D)?(?:T(?:(\d+(?:\.\d*)?)H)?(?:(\d+(?:\.\d*)?)M)?(?:(\d+(?:\.\d*)?)S)?)?")


def hours(text: str | None) -> float | None:
    """Working hours of an MSPDI duration: PT480H0M0S -> 480; a day (P1D) is 8 hours."""
    found = _DURATION.fullmatch((text or "").strip())
    if not text or not found or not any(found.groups()):
        return None
    days, h, m, s = (float(g) if g else 0.0 for g in found.groups())
    total = days * 8 + h + m / 60 + s / 3600
    return total if math.isfinite(total) else None


def parse_project(path: Path):
    import defusedxml.ElementTree as safe
    from defusedxml import DefusedXmlException

    def refuse(message: str):
        raise ValidationError([Problem(path.name, None, None, message)], source=str(path))

    if path.suffix.lower() == ".mpp":
        refuse(
            "is an .mpp file, MS Project's own format, which is not read here; open it in MS Project and save it "
            "as XML (File > Save As, type XML Format (*.xml)), then load the .xml file"
        )
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        refuse(f"is {size:,} bytes; expected an MS Project XML file of at most {amount(MAX_FILE_BYTES)} bytes")
    try:
        root = safe.parse(str(path), forbid_dtd=True).getroot()
    except DefusedXmlException as exc:
        refuse(f"declares a document type or entities ({type(exc).__name__}); an MS Project XML file has none, so it is refused")
    except Exception as exc:  # ParseError and the like: not well-formed XML
        refuse(f"is not readable XML ({exc}); expected an MS Project XML file (File > Save As > XML)")
    if local(root.tag) != "Project":
        refuse(f"is XML whose root is <{local(root.tag)}>, not <Project>; expected an MS Project XML file ({NAMESPACE})")
    return root


def local(tag: Any) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def child(element, name: str):
    return next((c for c in element if local(c.tag) == name), None)


def children(element, name: str) -> list:
    holder = child(element, name) if element is not None else None
    return [] if holder is None else [c for c in holder if isinstance(c.tag, str)]


def text(element, name: str) -> str:
    found = child(element, name) if element is not None else None
    return (found.text or "").strip() if found is not None else ""


def number(element, name: str, default: float = 0.0) -> float:
    try:
        value = float(text(element, name))
    except ValueError:
        return default
    return value if math.isfinite(value) else default


def day(element, name: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(text(element, name)).date()
    except ValueError:
        return None


def flag(element, name: str, *, default: bool = False) -> bool:
    """An xsd:boolean element: 1 or true (0 or false), as MS Project and other writers put it."""
    said = text(element, name).lower()
    return default if said not in ("0", "1", "true", "false") else said in ("1", "true")


HOURS_A_WEEK = 40


def weeks_of(work_hours: float) -> int:
    """Whole weeks of `work_hours` working hours at 40 a week, rounded up (at least one)."""
    return max(1, math.ceil(round(work_hours / HOURS_A_WEEK, 9)))


def level(task) -> int:
    """A task's outline level (0: the file's own project summary); an unreadable one is 1."""
    return int(number(task, "OutlineLevel", 1))
