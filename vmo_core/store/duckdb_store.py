"""The DuckDB portfolio store: the only module that talks to DuckDB.

One file holds a portfolio (one table per file of INTERFACES.md, typed columns, unknown
columns as JSON) and the scenarios saved against it. Every statement is parameterised.
An import replaces the portfolio in one transaction: it lands whole or changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from vmo_core.errors import StoreError
from vmo_core.io.export import portfolio_tables
from vmo_core.io.schema import SCHEMA, RawTable, write_cell
from vmo_core.model.portfolio import Portfolio

FORMAT_VERSION = "1"
ORDER_COLUMN = "row_order"
EXTRA_COLUMN = "extra_columns"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _schema_statements() -> list[str]:
    statements = []
    for name, columns in SCHEMA.items():
        sql = [f"{_quote(c.name)} {c.sql if name != 'settings' else 'VARCHAR'}" for c in columns]
        sql += [f"{ORDER_COLUMN} INTEGER NOT NULL", f"{EXTRA_COLUMN} VARCHAR NOT NULL DEFAULT '{{}}'"]
        statements.append(f"CREATE TABLE IF NOT EXISTS {_quote(name)} ({', '.join(sql)})")
    statements.append(
        "CREATE TABLE IF NOT EXISTS scenarios (name VARCHAR PRIMARY KEY, changes VARCHAR NOT NULL, saved_at TIMESTAMP NOT NULL)"
    )
    statements.append("CREATE TABLE IF NOT EXISTS vmo_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)")
    return statements


def _connect(path: Path, *, read_only: bool) -> duckdb.DuckDBPyConnection:
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


class Store:
    """A portfolio database held open by one process (the app), shared by its threads.

    DuckDB lets only one process open a file read-write, so the app keeps one connection
    and gives each thread its own cursor; a lock serialises writes inside the process.
    """

    def __init__(self, path: str | Path, *, read_only: bool = False):
        self.path = Path(path)
        self._connection = _connect(self.path, read_only=read_only)
        self._write_lock = threading.Lock()
        self._local = threading.local()
        if not read_only:
            with self.transaction() as cur:
                for statement in _schema_statements():
                    cur.execute(statement)

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

    # ------------------------------------------------------------ portfolio

    def replace_portfolio(self, pf: Portfolio, *, source: str = "") -> None:
        tables = portfolio_tables(pf)
        with self.transaction() as cur:
            for name, (columns, rows) in tables.items():
                known = [c.name for c in SCHEMA[name]]
                cur.execute(f"DELETE FROM {_quote(name)}")
                if not rows:
                    continue
                placeholders = ", ".join("?" for _ in range(len(known) + 2))
                target = ", ".join([_quote(c) for c in known] + [ORDER_COLUMN, EXTRA_COLUMN])
                cur.executemany(
                    f"INSERT INTO {_quote(name)} ({target}) VALUES ({placeholders})",
                    [stored_row(name, row, columns=columns, n_known=len(known), order=order) for order, row in enumerate(rows)],
                )
            row = cur.execute("SELECT value FROM vmo_meta WHERE key = 'version'").fetchone()
            version = str(int(row[0]) + 1) if row else "1"  # the app reloads the portfolio when this moves
            self._set_meta(
                cur,
                {
                    "format_version": FORMAT_VERSION,
                    "source": source,
                    "imported_at": dt.datetime.now().isoformat(timespec="seconds"),
                    "version": version,
                },
            )

    def has_portfolio(self) -> bool:
        try:
            rows = self.cursor().execute("SELECT count(*) FROM settings").fetchone()
        except duckdb.CatalogException:
            raise StoreError(f"{self.path}: not a VMO portfolio database (it has no settings table)") from None
        return bool(rows and rows[0])

    def read_tables(self) -> dict[str, RawTable]:
        cur = self.cursor()
        if not self.has_portfolio():
            raise StoreError(
                f"{self.path}: holds no portfolio yet; import one with: python -m vmo_core import SOURCE --db {self.path}"
            )
        tables = {}
        for name, columns in SCHEMA.items():
            known = [c.name for c in columns]
            selected = ", ".join([_quote(c) for c in known] + [ORDER_COLUMN, EXTRA_COLUMN])
            fetched = cur.execute(f"SELECT {selected} FROM {_quote(name)} ORDER BY {ORDER_COLUMN}").fetchall()
            extras = [json.loads(row[-1]) for row in fetched]
            extra_names = list(dict.fromkeys(key for extra in extras for key in extra))
            rows = [
                (row[-2] + 2, list(row[:-2]) + [extra.get(key, "") for key in extra_names]) for row, extra in zip(fetched, extras)
            ]
            tables[name] = RawTable(name, f"{self.path.name} table {name}", known + extra_names, rows)
        return tables

    # ------------------------------------------------------------ scenarios

    def save_scenario(self, name: str, changes: list[dict]) -> dt.datetime:
        saved_at = dt.datetime.now()
        with self.transaction() as cur:
            cur.execute(
                "INSERT OR REPLACE INTO scenarios (name, changes, saved_at) VALUES (?, ?, ?)",
                [name, json.dumps(changes, ensure_ascii=False), saved_at],
            )
        return saved_at

    def scenarios(self) -> list[dict]:
        fetched = self.cursor().execute("SELECT name, changes, saved_at FROM scenarios ORDER BY saved_at DESC, name").fetchall()
        return [{"name": n, "changes": json.loads(c), "saved_at": s} for n, c, s in fetched]

    def scenario(self, name: str) -> dict | None:
        row = self.cursor().execute("SELECT name, changes, saved_at FROM scenarios WHERE name = ?", [name]).fetchone()
        return None if row is None else {"name": row[0], "changes": json.loads(row[1]), "saved_at": row[2]}

    def delete_scenario(self, name: str) -> None:
        with self.transaction() as cur:
            cur.execute("DELETE FROM scenarios WHERE name = ?", [name])

    def meta(self) -> dict[str, str]:
        return dict(self.cursor().execute("SELECT key, value FROM vmo_meta").fetchall())

    @staticmethod
    def _set_meta(cur, values: dict[str, str]) -> None:
        for key, value in values.items():
            cur.execute("INSERT OR REPLACE INTO vmo_meta (key, value) VALUES (?, ?)", [key, value])


def stored_row(name: str, row: list[Any], *, columns: list[str], n_known: int, order: int) -> list[Any]:
    """A table row as the store writes it: the schema's cells, its place in the file, and the
    columns the schema does not know as one JSON object (so they come back on export)."""
    known = row[:n_known]
    if name == "settings":
        known = [known[0], write_cell(known[1])]
    extra = {columns[n_known + i]: value for i, value in enumerate(row[n_known:])}
    return known + [order, json.dumps(extra, ensure_ascii=False)]


def import_portfolio(pf: Portfolio, db_path: str | Path, *, source: str = "") -> None:
    """Write a validated portfolio into a database file: all of it, or (on failure) nothing.

    Into an existing file, one transaction does it. A new file is built beside its path and
    moved into place when complete, so an import that fails, or is killed, leaves no file
    (at most a hidden `.NAME.importing-*` folder beside it), never an empty database.
    """
    path = Path(db_path)
    if path.exists():
        with Store(path) as store:
            store.replace_portfolio(pf, source=source)
        return
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.importing-", dir=path.parent))
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the database ({exc.strerror or exc})") from None
    try:
        built = staging / path.name
        with Store(built) as store:
            store.replace_portfolio(pf, source=source)
            store.cursor().execute("CHECKPOINT")  # everything in the file itself, none left in a .wal
        os.replace(built, path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def read_tables(db_path: str | Path) -> dict[str, RawTable]:
    with Store(db_path, read_only=True) as store:
        return store.read_tables()
