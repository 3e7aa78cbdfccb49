"""What a store holds besides the tables of a portfolio, and the interface every engine offers.

Plain records (`Snapshot`, `Decision`), what names a store (`is_url`, `split_source`) and
the one `PortfolioStore` protocol, which both engines implement (`duckdb_store`,
`postgres_store`, through `sql_store`), so that the app and the command line never ask
which engine they talk to.
"""

from __future__ import annotations

import datetime as dt
import re
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from vmo_core.errors import StoreError
from vmo_core.io.schema import RawTable
from vmo_core.model.portfolio import Portfolio
from vmo_core.store.urls import is_url, masked, url_parts  # is_url, masked: offered here as before

_AT_SNAPSHOT = re.compile(r"^(?P<path>.+\.(?:duckdb|db))@(?P<id>[^@/\\]*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Snapshot:
    """One portfolio as it came in: when, from what, by whom, and why."""

    id: int
    as_of: dt.date
    imported_at: str  # ISO date and time, to the second
    source: str
    note: str = ""
    by: str = ""
    projects: int = 0

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "as_of": self.as_of.isoformat(),
            "imported_at": self.imported_at,
            "source": self.source,
            "note": self.note,
            "by": self.by,
            "projects": self.projects,
        }


@dataclass(frozen=True)
class Decision:
    """The record of an adoption: the scenario made the plan, and what it predicted.

    `snapshot` is the snapshot the adoption wrote; `based_on` the one it was adopted on.
    `predicted` is `vmo_core.decisions.slips.predict`'s record, kept as it was on the day.
    """

    id: int
    name: str
    scenario: dict
    adopted_at: str
    by: str
    note: str
    snapshot: int
    based_on: int
    predicted: dict = field(default_factory=dict)

    def record(self) -> dict:
        """The plain record `judge` reads: name, scenario, and the predicted figures."""
        return {
            "id": self.id,
            "name": self.name,
            "scenario": self.scenario,
            "adopted_at": self.adopted_at,
            "by": self.by,
            "note": self.note,
            "snapshot": self.snapshot,
            **self.predicted,
        }

    def header(self) -> dict:
        """The keys of `decisions --json` that come from the register itself."""
        return {
            "id": self.id,
            "name": self.name,
            "adopted_at": self.adopted_at,
            "by": self.by,
            "note": self.note,
            "snapshot": self.snapshot,
        }


def now() -> str:
    """The wall clock, to the second: when something is written, unless the caller says."""
    return dt.datetime.now().isoformat(timespec="seconds")


def split_source(source: str | Path) -> tuple[Path | str, int | None]:
    """`PATH.duckdb@ID` as (PATH.duckdb, ID), `postgresql://...@ID` as (the URL, ID); any other source as (it, None)."""
    text = str(source)
    if is_url(text):  # an @ID after the database's name names a snapshot; the URL's own @ come before it
        raw = url_parts(text, snapshot=r"[^@/]*").snapshot
        return (text, None) if raw is None else (text[: -len(raw) - 1], _snapshot_id(masked(text), raw))
    match = _AT_SNAPSHOT.match(text)
    if match is None:
        return Path(source), None
    return Path(match.group("path")), _snapshot_id(source, match.group("id"))


def _snapshot_id(source: str | Path, raw: str) -> int:
    if not raw.isdigit() or not raw.isascii():
        raise StoreError(
            f"{source}: {raw!r} is not a snapshot id; expected PATH.duckdb@ID with a whole number that `snapshots` lists"
        )
    return int(raw)


class PortfolioStore(Protocol):
    """What every store engine offers. Each write is one transaction: whole, or nothing."""

    def add_snapshot(self, pf: Portfolio, **who: str) -> Snapshot:
        """The portfolio as the newest snapshot; `who`: source, note, by, imported_at."""
        ...

    def adopt(self, pf: Portfolio, **decision: Any) -> tuple[Snapshot, Decision]:
        """The adopted portfolio as the newest snapshot and its decision, in one transaction;
        `decision`: name, scenario, predicted, by, note, at, based_on, check (see sql_store)."""
        ...

    def snapshots(self) -> list[Snapshot]: ...

    def newest_snapshot(self) -> Snapshot | None: ...

    def read_tables(self, snapshot: int | None = None) -> dict[str, RawTable]: ...

    def decisions(self) -> list[Decision]: ...

    def save_scenario(self, name: str, changes: list[dict], *, by: str = "", figures: dict | None = None) -> dt.datetime: ...

    def scenarios(self) -> list[dict]: ...

    def scenario(self, name: str) -> dict | None: ...

    def delete_scenario(self, name: str) -> None: ...

    def has_portfolio(self) -> bool: ...

    def reading(self) -> AbstractContextManager[Any]:
        """A cursor for reads (`?` placeholders on every engine)."""
        ...

    def transaction(self) -> AbstractContextManager[Any]:
        """A cursor inside one transaction: committed whole when the block ends, or rolled back."""
        ...

    def close(self) -> None: ...


def unknown_snapshot(where: str, wanted: Any, known: list[int]) -> StoreError:
    """The error for a snapshot id the store does not hold, listing those it does."""
    held = ", ".join(map(str, known)) if known else "none yet"
    return StoreError(f"{where}: there is no snapshot {wanted}; the snapshots it holds are: {held}")
