"""The DuckDB store: the only module that talks to DuckDB.

One file holds every snapshot of a portfolio (one table per file of INTERFACES.md, each
row tagged with its snapshot, typed columns, unknown columns as JSON), the decisions that
adopted a scenario, and the scenarios saved against it. Every statement is parameterised;
every write is one transaction, so it lands whole or changes nothing. A file in an older
format is migrated when it is opened (`layout`).
"""

from __future__ import annotations

import datetime as dt
import json
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
from vmo_core.io.export import portfolio_tables
from vmo_core.io.schema import SCHEMA, RawTable, write_cell
from vmo_core.model.portfolio import Portfolio
from vmo_core.store import layout
from vmo_core.store.layout import EXTRA_COLUMN, ORDER_COLUMN, SNAPSHOT_COLUMN, quote
from vmo_core.store.records import Decision, Snapshot, now, split_source, unknown_snapshot

FORMAT_VERSION = layout.FORMAT_VERSION
SNAPSHOT_FIELDS = "id, as_of, imported_at, source, note, made_by, projects"
DECISION_FIELDS = "id, name, scenario, adopted_at, made_by, note, snapshot_id, based_on, predicted"
INSERT_BATCH = 500  # rows a statement


def _connect(path: Path, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    if str(path).lower().startswith(("postgresql:", "postgres:")):
        raise StoreError(f"{path}: a PostgreSQL store is not available in this version yet; use a .duckdb file")
    if read_only and not path.exists():
        raise StoreError(f"{path}: no such database file")
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


class Store:
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

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._local.cursor = self._connection.cursor()
        return cur

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._write_lock:
            cur = self.cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            cur.execute("COMMIT")

    # ------------------------------------------------------------ snapshots

    def add_snapshot(
        self, pf: Portfolio, *, source: str = "", note: str = "", by: str = "", imported_at: str | None = None
    ) -> Snapshot:
        """The portfolio as a new snapshot, the newest (so the plan); none is overwritten."""
        with self.transaction() as cur:
            return _write_snapshot(cur, pf, source=source, note=note, by=by, imported_at=imported_at or now())

    def adopt(
        self,
        pf: Portfolio,
        *,
        name: str,
        scenario: dict,
        predicted: dict,
        by: str = "",
        note: str = "",
        at: str | None = None,
        based_on: int | None = None,
        check: Callable[[dict[str, RawTable]], Any] | None = None,
    ) -> tuple[Snapshot, Decision]:
        """An adopted scenario's portfolio as the new snapshot, and its decision, in one transaction.

        `based_on` is the snapshot the scenario was adopted on: if another snapshot has come in
        since, nothing is written. `check(tables)` sees the new snapshot as it will be read
        back, before anything is committed: if it raises, nothing is written.
        """
        at = at or now()
        with self.transaction() as cur:
            newest = _newest_id(cur)
            if newest is None:
                raise StoreError(f"{self.path}: holds no portfolio to adopt a scenario on")
            if based_on is not None and based_on != newest:
                raise StoreError(
                    f"{self.path}: snapshot {newest} came in while the scenario was being adopted on snapshot {based_on}; "
                    "nothing was written: adopt it again on the new plan"
                )
            based_on = newest
            written = _write_snapshot(cur, pf, source=f"adopted: {name}", note=note, by=by, imported_at=at)
            (number,) = cur.execute("SELECT coalesce(max(id), 0) + 1 FROM decisions").fetchone()
            decision = Decision(number, name, scenario, at, by, note, written.id, based_on, predicted)
            cur.execute(
                f"INSERT INTO decisions ({DECISION_FIELDS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [number, name, _json(scenario), at, by, note, written.id, based_on, _json(predicted)],
            )
            if check is not None:
                check(_read_tables(cur, written.id, label=self.path.name))
        return written, decision

    def snapshots(self) -> list[Snapshot]:
        """Every snapshot, oldest first."""
        rows = self.cursor().execute(f"SELECT {SNAPSHOT_FIELDS} FROM snapshots ORDER BY id").fetchall()
        return [Snapshot(*row) for row in rows]

    def newest_snapshot(self) -> Snapshot | None:
        rows = self.cursor().execute(f"SELECT {SNAPSHOT_FIELDS} FROM snapshots ORDER BY id DESC LIMIT 1").fetchall()
        return Snapshot(*rows[0]) if rows else None

    def snapshot(self, number: int) -> Snapshot:
        rows = self.cursor().execute(f"SELECT {SNAPSHOT_FIELDS} FROM snapshots WHERE id = ?", [number]).fetchall()
        if not rows:
            raise unknown_snapshot(str(self.path), number, [s.id for s in self.snapshots()])
        return Snapshot(*rows[0])

    def has_portfolio(self) -> bool:
        return self.newest_snapshot() is not None

    def read_tables(self, snapshot: int | None = None) -> dict[str, RawTable]:
        """The tables of one snapshot (the newest by default), rows in their file order."""
        if snapshot is None:
            newest = self.newest_snapshot()
            if newest is None:
                raise StoreError(
                    f"{self.path}: holds no portfolio yet; import one with: python -m vmo_core import SOURCE --db {self.path}"
                )
            snapshot = newest.id
        else:
            self.snapshot(snapshot)  # an unknown id says which ones exist
        return _read_tables(self.cursor(), snapshot, label=self.path.name)

    # ------------------------------------------------------------ decisions

    def decisions(self) -> list[Decision]:
        """Every decision, newest first."""
        rows = self.cursor().execute(f"SELECT {DECISION_FIELDS} FROM decisions ORDER BY id DESC").fetchall()
        return [
            Decision(n, name, json.loads(scen), at, by, note, snap, base, json.loads(pred))
            for n, name, scen, at, by, note, snap, base, pred in rows
        ]

    # ------------------------------------------------------------ scenarios

    def save_scenario(self, name: str, changes: list[dict], figures: dict | None = None) -> dt.datetime:
        """Save (or replace) a scenario; `figures`, any JSON, are what it was worth when saved."""
        saved_at = dt.datetime.now()
        with self.transaction() as cur:
            cur.execute(
                "INSERT INTO scenarios (name, changes, saved_at, figures) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET changes = excluded.changes, saved_at = excluded.saved_at, "
                "figures = excluded.figures",
                [name, _json(changes), saved_at, None if figures is None else _json(figures)],
            )
        return saved_at

    def scenarios(self) -> list[dict]:
        fetched = self.cursor().execute(f"SELECT {_SCENARIO} FROM scenarios ORDER BY saved_at DESC, name").fetchall()
        return [_scenario(row) for row in fetched]

    def scenario(self, name: str) -> dict | None:
        row = self.cursor().execute(f"SELECT {_SCENARIO} FROM scenarios WHERE name = ?", [name]).fetchone()
        return None if row is None else _scenario(row)

    def delete_scenario(self, name: str) -> None:
        with self.transaction() as cur:
            cur.execute("DELETE FROM scenarios WHERE name = ?", [name])

    def meta(self) -> dict[str, str]:
        return dict(self.cursor().execute("SELECT key, value FROM vmo_meta").fetchall())


_SCENARIO = "name, changes, saved_at, figures"


def _scenario(row: tuple) -> dict:
    name, changes, saved_at, figures = row
    return {"name": name, "changes": json.loads(changes), "saved_at": saved_at, "figures": figures and json.loads(figures)}


def _json(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, allow_nan=False)


def _newest_id(cur) -> int | None:
    (number,) = cur.execute("SELECT max(id) FROM snapshots").fetchone()
    return number


def _read_tables(cur, snapshot: int, *, label: str) -> dict[str, RawTable]:
    return {name: _read_table(cur, name, snapshot, label=label) for name in SCHEMA}


def _read_table(cur, name: str, snapshot: int, *, label: str) -> RawTable:
    known = [c.name for c in SCHEMA[name]]
    selected = ", ".join([quote(c) for c in known] + [ORDER_COLUMN, EXTRA_COLUMN])
    where = f"WHERE {SNAPSHOT_COLUMN} = ? ORDER BY {ORDER_COLUMN}"
    fetched = cur.execute(f"SELECT {selected} FROM {quote(name)} {where}", [snapshot]).fetchall()
    extras = [json.loads(row[-1]) for row in fetched]
    extra_names = list(dict.fromkeys(key for extra in extras for key in extra))
    rows = [(row[-2] + 2, list(row[:-2]) + [extra.get(key, "") for key in extra_names]) for row, extra in zip(fetched, extras)]
    return RawTable(name, f"{label} table {name}", known + extra_names, rows)


def _write_snapshot(cur, pf: Portfolio, *, source: str, note: str, by: str, imported_at: str) -> Snapshot:
    number = (_newest_id(cur) or 0) + 1
    for name, (columns, rows) in portfolio_tables(pf).items():
        known = [c.name for c in SCHEMA[name]]
        target = ", ".join([SNAPSHOT_COLUMN] + [quote(c) for c in known] + [ORDER_COLUMN, EXTRA_COLUMN])
        row = "(" + ", ".join("?" for _ in range(len(known) + 3)) + ")"
        stored = [[number, *stored_row(name, r, columns=columns, n_known=len(known), order=i)] for i, r in enumerate(rows)]
        for first in range(0, len(stored), INSERT_BATCH):  # many rows a statement: DuckDB's executemany goes row by row
            batch = stored[first : first + INSERT_BATCH]
            values = ", ".join(row for _ in batch)
            cur.execute(f"INSERT INTO {quote(name)} ({target}) VALUES {values}", [cell for r in batch for cell in r])
    written = Snapshot(number, pf.as_of, imported_at, source, note, by, len(pf.projects))
    cur.execute(f"INSERT INTO snapshots ({SNAPSHOT_FIELDS}) VALUES (?, ?, ?, ?, ?, ?, ?)", list(written.to_dict().values()))
    return written


def stored_row(name: str, row: list[Any], *, columns: list[str], n_known: int, order: int) -> list[Any]:
    """A table row as the store writes it: the schema's cells, its place in the file, and the
    columns the schema does not know as one JSON object (so they come back on export)."""
    known = row[:n_known]
    if name == "settings":
        known = [known[0], write_cell(known[1])]
    extra = {columns[n_known + i]: value for i, value in enumerate(row[n_known:])}
    return known + [order, json.dumps(extra, ensure_ascii=False)]


def create_store(db_path: str | Path, fill: Callable[[Store], Any]) -> Any:
    """A new database file, filled by `fill(store)`: all of it, or (on failure) no file.

    It is built beside its path and moved into place when complete, so a build that fails,
    or is killed, leaves no file (at most a hidden `.NAME.importing-*` folder), never an
    empty or half-filled database.
    """
    path = Path(db_path)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.importing-", dir=path.parent))
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the database ({exc.strerror or exc})") from None
    try:
        built = staging / path.name
        with Store(built) as store:
            result = fill(store)
            store.cursor().execute("CHECKPOINT")  # everything in the file itself, none left in a .wal
        os.replace(built, path)
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
