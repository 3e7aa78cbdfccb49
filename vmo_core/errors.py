"""The one family of errors the product raises on purpose.

Anything raised as a `VmoError` is a message for a person (bad input, a busy database),
never a traceback. Anything else that escapes is an internal error.
"""

from __future__ import annotations

from dataclasses import dataclass


class VmoError(Exception):
    """Base class: the message is written for the user."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as a spreadsheet user would find it."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"

    def to_dict(self) -> dict:
        return {"file": self.file, "row": self.row, "column": self.column, "message": self.message}


class ValidationError(VmoError):
    """A portfolio that cannot be loaded; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem], *, source: str = ""):
        self.problems = list(problems)
        self.source = source
        count = len(self.problems)
        head = f"{source}: " if source else ""
        lines = [f"{head}{count} problem{'s' if count != 1 else ''} found; nothing was loaded."]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class ScenarioError(VmoError):
    """A scenario that cannot be applied; the message names the change (1-based)."""


class StoreError(VmoError):
    """The portfolio database could not be used (missing, busy, not ours)."""
