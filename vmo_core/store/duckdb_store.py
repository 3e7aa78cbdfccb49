"""The DuckDB store: the only module that talks to DuckDB.

One file holds every snapshot of a portfolio (one table per file of INTERFACES.md, each
row tagged with its snapshot, typed columns, unknown columns as JSON), the decisions that
adopted a scenario, and the scenarios saved against it. Every statement is parameterised;
every write is one transaction, so it lands whole or changes nothing. A file in an older
format is migrated when it is opened (`layout`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from vmo_core.errors import StoreError
from vmo_core.io.schema import RawTable
from vmo_core.model.portfolio import Portfolio
from vmo_core.store import layout
from vmo_core.store.records import Snapshot, masked, now, split_source
from vmo_core.store.sql_store import SqlStore

FORMAT_VERSION = layout.FORMAT_VERSION
MAGIC, MAGIC_AT = b"DUCK", 8  # every DuckDB database file holds these bytes from byte 8
STORE_ENDINGS = (".duckdb", ".db")


def check_store_file(path: Path) -> None:
    """Refuse what is not a DuckDB store: an existing file without DuckDB's mark (a .csv, a
    .parquet, a .json: DuckDB would open it in memory and write nothing), a folder, or a new
    file not named .duckdb or .db (a name `load` would not read back as a store)."""
    if path.is_dir():
        raise StoreError(f"{path}: is a folder; expected a .duckdb database file, or a PostgreSQL URL")
    if path.exists():
        try:
            with path.open("rb") as handle:
                head = handle.read(MAGIC_AT + len(MAGIC))
        except OSError as exc:
            raise StoreError(f"{path}: cannot be read ({exc.strerror or exc})") from None
        if head[MAGIC_AT:] != MAGIC:
            raise StoreError(
                f"{path}: is not a DuckDB database file; expected a .duckdb file the VMO wrote, or a PostgreSQL URL. "
                "Nothing was read or written"
            )
    elif path.suffix.lower() not in STORE_ENDINGS:
        raise StoreError(
            f"{path}: a new store is a DuckDB file named .duckdb (or .db); expected such a name, or a PostgreSQL URL"
        )


def _connect(path: Path, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    if str(path).lower().startswith(("postgresql:", "postgres:")):
        raise StoreError(
            f"{masked(str(path))}: a PostgreSQL URL, not a DuckDB file; expected postgresql://user@host:port/dbname "
            "(with both slashes) or a .duckdb file"
        )
    if read_only and not path.exists():
        raise StoreError(f"{path}: no such database file")
    check_store_file(path)
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise StoreError(
                f"{path}: the database is in use by another program (the VMO app?); close it there, or work on a copy of the file"
            ) from None
        raise StoreError(f"{path}: cannot open the database ({exc})") from None
    except duckdb.Error as exc:
        raise StoreError(f"{path}: not a VMO database ({exc})") from None


def _upgrade(connection: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Create or migrate the tables of a file opened for writing, in one transaction."""
    cur = connection.cursor()
    cur.execute("BEGIN TRANSACTION")
    try:
        found = layout.format_of(cur)
        if found is None:
            layout.create(cur)
        elif found != FORMAT_VERSION:
            layout.migrate(cur, found, where=str(path), imported_at=now())
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    cur.execute("COMMIT")


def _open(path: Path, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    """A connection to a file in the current format: created or migrated for writing; a file
    in an older format is opened for writing just long enough to migrate it, even for a read."""
    connection = _connect(path, read_only=read_only)
    try:
        if not read_only:
            _upgrade(connection, path)
            return connection
        found = layout.format_of(connection.cursor())
    except duckdb.Error as exc:
        connection.close()
        raise StoreError(f"{path}: not a VMO database ({exc})") from None
    except BaseException:
        connection.close()
        raise
    if found is None:
        connection.close()
        raise StoreError(f"{path}: not a VMO portfolio database (it has none of the VMO's tables)")
    if found == FORMAT_VERSION:
        return connection
    connection.close()
    writer = _connect(path, read_only=False)
    try:
        _upgrade(writer, path)
    finally:
        writer.close()
    return _connect(path, read_only=True)


class Store(SqlStore):
    """A portfolio database held open by one process (the app), shared by its threads.

    DuckDB lets only one process open a file read-write, so the app keeps one connection
    and gives each thread its own cursor; a lock serialises writes inside the process.
    Opening a file in an older format migrates it first (read-only too: it is opened for
    writing just long enough).
    """

    def __init__(self, path: str | Path, *, read_only: bool = False):
        self.path = Path(path)
        self._connection = _open(self.path, read_only=read_only)
        self._write_lock = threading.Lock()
        self._local = threading.local()

    def close(self) -> None:
        self._connection.close()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._local.cursor = self._connection.cursor()
        return cur

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One transaction: committed whole, or rolled back; a write the disk refuses (full, read-only)
        is a StoreError that says nothing was written."""
        with self._write_lock:
            cur = self.cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
                cur.execute("COMMIT")
            except (duckdb.IOException, duckdb.TransactionException) as exc:  # a commit the disk refused
                _roll_back(cur)
                raise StoreError(f"{self.path}: cannot write the database ({_first_line(exc)}); nothing was written") from None
            except BaseException:
                _roll_back(cur)
                raise

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        yield self.cursor()


def _roll_back(cur: duckdb.DuckDBPyConnection) -> None:
    try:
        cur.execute("ROLLBACK")
    except duckdb.Error:  # the transaction is gone already (a failed COMMIT): nothing to undo
        pass


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def create_store(db_path: str | Path, fill: Callable[[Store], Any]) -> Any:
    """A new database file, filled by `fill(store)`: all of it, or (on failure) no file.

    It is built beside its path and moved into place when complete, so a build that fails,
    or is killed, leaves no file (at most a hidden `.NAME.importing-*` folder), never an
    empty or half-filled database.
    """
    path = Path(db_path)
    check_store_file(path)
    if not path.parent.is_dir():
        raise StoreError(
            f"{path}: the folder {path.parent} does not exist; expected a store in a folder that exists (create it first)"
        )
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.importing-", dir=path.parent))
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the database ({exc.strerror or exc}); nothing was written") from None
    built = staging / path.name
    try:
        try:
            store = Store(built)
        except StoreError as exc:  # the disk refused the new file: named as the user named it
            raise StoreError(f"{str(exc).replace(str(built), str(path))}; nothing was written") from None
        with store:
            result = fill(store)
            store.cursor().execute("CHECKPOINT")  # everything in the file itself, none left in a .wal
        os.replace(built, path)
    except (OSError, duckdb.IOException, duckdb.TransactionException) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else _first_line(exc)
        raise StoreError(f"{path}: cannot create the database ({why}); nothing was written") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


def import_portfolio(pf: Portfolio, db_path: str | Path, *, source: str = "", note: str = "", by: str = "") -> Snapshot:
    """Add a validated portfolio to a database file as its newest snapshot: all of it, or nothing.

    Into an existing file, one transaction does it; a new file is made by `create_store`.
    """
    path = Path(db_path)
    if path.exists():
        with Store(path) as store:
            return store.add_snapshot(pf, source=source, note=note, by=by)
    return create_store(path, lambda store: store.add_snapshot(pf, source=source, note=note, by=by))


def read_tables(source: str | Path) -> dict[str, RawTable]:
    """The tables of `PATH.duckdb` (its newest snapshot) or `PATH.duckdb@ID` (snapshot ID)."""
    path, snapshot = split_source(source)
    with Store(path, read_only=True) as store:
        return store.read_tables(snapshot)


def snapshots(db_path: str | Path) -> list[Snapshot]:
    with Store(db_path, read_only=True) as store:
        return store.snapshots()
