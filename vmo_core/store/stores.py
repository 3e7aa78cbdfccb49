"""Which engine a store is: `open_store(target)` and the store's module-level operations.

A target is a DuckDB file path (the embedded default) or a PostgreSQL URL
(`postgresql://user@host:port/dbname`, a team's shared store); both engines offer the same
methods (`records.PortfolioStore`) and behave alike, so the app (`VMO_DB`) and the command
line (`--db`) call only these functions and never ask which engine they talk to.

Each engine's module is imported when a store of its kind is first opened, not before: a
command that reads a folder of files then starts without loading DuckDB or psycopg (0.2 s).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vmo_core.errors import StoreError
from vmo_core.io.schema import RawTable
from vmo_core.model.portfolio import Portfolio
from vmo_core.store.records import Snapshot, is_url, masked, split_source

if TYPE_CHECKING:
    from vmo_core.store.duckdb_store import Store
    from vmo_core.store.postgres_store import PostgresStore

Target = str | Path


def _duckdb():
    from vmo_core.store import duckdb_store

    return duckdb_store


def _postgres():
    from vmo_core.store import postgres_store

    return postgres_store


def store_target(text: str) -> Target:
    """A store as typed (`--db`, `VMO_DB`): a URL kept as it is (a Path would fold its //), else a path."""
    return text if is_url(text) else Path(text)


def label(target: Target) -> str:
    """How a message names the store: the path, or the URL without its password (a URL folded
    into a path, `postgresql:/...`, too)."""
    return masked(str(target))


def open_store(target: Target, *, read_only: bool = False) -> Store | PostgresStore:
    """The store at `target`, created or migrated to the current format (see each engine)."""
    if is_url(target):
        return _postgres().PostgresStore(str(target), read_only=read_only)
    return _duckdb().Store(target, read_only=read_only)


def require_existing(target: Target) -> Target:
    """A store that must exist already (commands that read or adopt never create a file)."""
    if not is_url(target) and not Path(target).is_file():
        raise StoreError(f"{target}: no such database file; make one with: python -m vmo_core import SOURCE --db {target}")
    if not is_url(target):
        _duckdb().check_store_file(Path(target))
    return target


def create_store(target: Target, fill: Callable[[Any], Any]) -> Any:
    """A new store filled by `fill(store)`: all of it or nothing (a new file, or an empty database)."""
    if is_url(target):
        return _postgres().fill_new(str(target), fill)
    return _duckdb().create_store(target, fill)


def import_portfolio(pf: Portfolio, target: Target, *, source: str = "", note: str = "", by: str = "") -> Snapshot:
    """Add a validated portfolio to a store as its newest snapshot: all of it, or nothing."""
    if not is_url(target):
        return _duckdb().import_portfolio(pf, target, source=source, note=note, by=by)
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


def open_seeded(target: Target, seed: Callable[[Any], Any]) -> Store | PostgresStore:
    """The store, opened for the app's life; `seed(store)` first gives it a portfolio if it holds none.

    A shared database is seeded by one process only, however many start on it at once.
    """
    if is_url(target):
        opened = _postgres().PostgresStore(str(target))
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
    if not path.exists():
        _duckdb().create_store(path, seed)
    opened = _duckdb().Store(path)
    if not opened.has_portfolio():
        seed(opened)
    return opened
