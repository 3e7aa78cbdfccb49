"""A foreign source (a register, MS Project) turned into the portfolio's raw tables, with its report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from vmo_core.errors import Problem
from vmo_core.io.schema import RawTable


@dataclass
class Converted:
    """A foreign source turned into the portfolio's raw tables, for `loading.build_portfolio`.

    `problems` are the source's own (cells that could not be converted), named its way;
    `named` renames a problem the model's validation finds into the source's terms; `report`
    is what the source's preview shows (None for a register)."""

    tables: dict[str, RawTable]
    problems: list[Problem]
    named: Callable[[Problem], Problem] = lambda problem: problem
    report: Any = None

    def with_later(self, later: list[Problem]) -> list[Problem]:
        """Every problem: the source's own, then the validation's, renamed, less those on a cell already named."""
        flagged = {(p.file, p.row, p.column) for p in self.problems}
        renamed = [self.named(p) for p in later]
        return self.problems + [p for p in renamed if (p.file, p.row, p.column) not in flagged]


@dataclass(frozen=True)
class RegisterReport:
    """What a register gave besides its projects: the rows and columns set aside, and what a missing cell means."""

    label: str
    header_row: int
    left_out: tuple[tuple[int | None, str], ...] = ()
    notes: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        """One line a row set aside or a note, as the command line prints them."""
        rows = [f"{self.label}{'' if n is None else f', row {n}'}: {why}; left out" for n, why in self.left_out]
        return rows + [f"{self.label}, {note}" for note in self.notes]
