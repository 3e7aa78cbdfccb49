"""Which engine a store is: `open_store(target)` and the store's module-level operations.

A target is a DuckDB file path (the embedded default) or a PostgreSQL URL
(`postgresql://user@host:port/dbname`, a team's shared store); both engines offer the same
methods (`records.PortfolioStore`) and behave alike, so the app (`VMO_DB`) and the command
line (`--db`) call only these functions and never ask which engine they talk to.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from vmo_core.errors import StoreError
from vmo_core.io.schema import RawTable
from vmo_core.model.portfolio import Portfolio
from vmo_core.store import duckdb_store, postgres_store
from vmo_core.store.records import Snapshot, is_url, split_source

Target = str | Path


def store_target(text: str) -> Target:
    """A store as typed (`--db`, `VMO_DB`): a URL kept as it is (a Path would fold its //), else a path."""
    return text if is_url(text) else Path(text)


def label(target: Target) -> str:
    """How a message names the store: the path, or the URL without its password."""
    return postgres_store.masked(target) if is_url(target) else str(target)


def open_store(target: Target, *, read_only: bool = False) -> duckdb_store.Store | postgres_store.PostgresStore:
    """The store at `target`, created or migrated to the current format (see each engine)."""
    if is_url(target):
        return postgres_store.PostgresStore(str(target), read_only=read_only)
    return duckdb_store.Store(target, read_only=read_only)


def require_existing(target: Target) -> Target:
    """A store that must exist already (commands that read or adopt never create a file)."""
    if not is_url(target) and not Path(target).is_file():
        raise StoreError(f"{target}: no such database file; make one with: python -m vmo_core import SOURCE --db {target}")
    return target


def create_store(target: Target, fill: Callable[[Any], Any]) -> Any:
    """A new store filled by `fill(store)`: all of it or nothing (a new file, or an empty database)."""
    if is_url(target):
        return postgres_store.fill_new(str(target), fill)
    return duckdb_store.create_store(target, fill)


def import_portfolio(pf: Portfolio, target: Target, *, source: str = "", note: str = "", by: str = "") -> Snapshot:
    """Add a validated portfolio to a store as its newest snapshot: all of it, or nothing."""
    if not is_url(target):
        return duckdb_store.import_portfolio(pf, target, source=source, note=note, by=by)
    with open_store(target) as store:
        return store.add_snapshot(pf, source=source, note=note, by=by)


def read_tables(source: Target) -> dict[str, RawTable]:
    """The tables of a store's newest snapshot, or of snapshot ID for `STORE@ID`."""
    target, snapshot = split_source(source)
    with open_store(target, read_only=True) as store:
        return store.read_tables(snapshot)


def snapshots(target: Target) -> list[Snapshot]:
    with open_store(target, read_only=True) as store:
        return store.snapshots()


def open_seeded(target: Target, seed: Callable[[Any], Any]) -> duckdb_store.Store | postgres_store.PostgresStore:
    """The store, opened for the app's life; `seed(store)` first gives it a portfolio if it holds none.

    A shared database is seeded by one process only, however many start on it at once.
    """
    if is_url(target):
        opened = postgres_store.PostgresStore(str(target))
        try:
            with opened.seeding():
                if not opened.has_portfolio():
                    with opened.all_or_nothing():
                        seed(opened)
        except BaseException:
            opened.close()
            raise
        return opened
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        duckdb_store.create_store(path, seed)
    opened = duckdb_store.Store(path)
    if not opened.has_portfolio():
        seed(opened)
    return opened
