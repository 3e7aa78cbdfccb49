"""The PostgreSQL store: the only module that talks to PostgreSQL (psycopg 3).

A team's shared store: the same tables, format version and migrations as the DuckDB file
(`layout`), the same methods (`sql_store.SqlStore`), so the app and the command line never
ask which engine they talk to. Unlike a DuckDB file, many processes use one database at
once (two app replicas, an import from the command line beside them), so:

- each operation borrows a connection of its own from a small pool (threads never share one);
- every write is one transaction, and the writers of snapshots and decisions take turns on
  an advisory lock held until their transaction ends: a snapshot's number is the newest
  plus one, read under that lock, and an adoption whose plan has moved on writes nothing;
- the format is checked, and created or migrated, on open under a lock of its own, so two
  processes starting on an empty database do not both create it.

The shared SQL is written with `?` placeholders; `QmarkCursor` translates them to psycopg's
`%s`, the one place that differs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import pq

from vmo_core.errors import StoreError
from vmo_core.store import layout
from vmo_core.store.records import masked, now
from vmo_core.store.sql_store import SqlStore
from vmo_core.store.urls import connection, scrubbed

# Advisory lock keys (any fixed numbers): one database's writers of the plan, its format, its first portfolio.
PLAN_LOCK, FORMAT_LOCK, SEED_LOCK = 7_170_001, 7_170_002, 7_170_003
CONNECT_TIMEOUT = 10  # seconds: a server that does not answer is a message, not a hang
KEEP_IDLE = 4  # connections kept open between operations


class QmarkCursor:
    """A psycopg cursor that takes the `?` placeholders the shared SQL is written in."""

    def __init__(self, cur: psycopg.Cursor):
        self._cur = cur

    def execute(self, sql: str, params: Any = None) -> QmarkCursor:
        if params is None:
            self._cur.execute(sql)
        else:  # statements are constants of the store; user text only ever arrives in params
            self._cur.execute(sql.replace("%", "%%").replace("?", "%s"), params)
        return self

    def fetchone(self) -> tuple | None:
        return self._cur.fetchone()

    def fetchall(self) -> list[tuple]:
        return self._cur.fetchall()


def _first_line(exc: BaseException, url: str) -> str:
    """The driver's message, first line, without the URL's password: libpq may echo what it was given."""
    return scrubbed((str(exc).strip().splitlines() or [type(exc).__name__])[0], url)


def _answers(conn: psycopg.Connection) -> bool:
    """Whether an idle connection still reaches its server (one round trip, about 0.1 ms on a local network)."""
    try:
        conn.execute("SELECT 1")
    except psycopg.Error:
        return False
    return True


@contextmanager
def _reported(url: str) -> Iterator[None]:
    """A lost or refused connection as a StoreError a person can act on; a bug stays a bug."""
    try:
        yield
    except psycopg.OperationalError as exc:
        raise StoreError(f"{masked(url)}: the database cannot be reached or refused the work ({_first_line(exc, url)})") from None


class PostgresStore(SqlStore):
    """A portfolio store in one PostgreSQL database, shared by processes and threads."""

    def __init__(self, url: str, *, read_only: bool = False):
        self.url = str(url)
        self.path = masked(self.url)
        self._idle: list[psycopg.Connection] = []
        self._pool_lock = threading.Lock()
        self._local = threading.local()
        try:
            self._settle_format(read_only=read_only)
        except BaseException:
            self.close()
            raise

    # ------------------------------------------------------------ connections

    def _connect(self) -> psycopg.Connection:
        plain, password = connection(self.url)  # the password apart: libpq never holds it in a string it echoes
        try:
            return psycopg.connect(plain, autocommit=True, connect_timeout=CONNECT_TIMEOUT, application_name="vmo", **password)
        except psycopg.Error as exc:
            raise StoreError(
                f"{self.path}: cannot connect to the database, so the store could not be reached; nothing was read or written "
                f"({_first_line(exc, self.url)})"
            ) from None

    def _take(self) -> psycopg.Connection:
        """A connection that answers: an idle one is asked first (a server restarted, a connection a
        firewall or an administrator dropped while idle), and one that does not is closed and a new
        one made in its place, once, before anything is reported."""
        while True:
            with self._pool_lock:
                conn = self._idle.pop() if self._idle else None
            if conn is None:
                return self._connect()
            if not (conn.closed or conn.broken) and _answers(conn):
                return conn
            conn.close()

    def _give_back(self, conn: psycopg.Connection) -> None:
        reusable = not (conn.closed or conn.broken) and conn.info.transaction_status == pq.TransactionStatus.IDLE
        with self._pool_lock:
            if reusable and len(self._idle) < KEEP_IDLE:
                self._idle.append(conn)
                return
        conn.close()

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection]:
        pinned = getattr(self._local, "pinned", None)
        if pinned is not None:
            yield pinned
            return
        conn = self._take()
        try:
            yield conn
        finally:
            self._give_back(conn)

    def close(self) -> None:
        with self._pool_lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()

    # ------------------------------------------------------------ the engine's part of SqlStore

    @contextmanager
    def reading(self) -> Iterator[QmarkCursor]:
        with self._connection() as conn, _reported(self.url):
            yield QmarkCursor(conn.cursor())

    @contextmanager
    def transaction(self) -> Iterator[QmarkCursor]:
        """One transaction (a savepoint inside `all_or_nothing`): committed whole, or rolled back."""
        with self._connection() as conn, _reported(self.url), conn.transaction():
            yield QmarkCursor(conn.cursor())

    def lock_plan(self, cur: QmarkCursor) -> None:
        cur.execute("SELECT pg_advisory_xact_lock(?)", [PLAN_LOCK])

    @contextmanager
    def all_or_nothing(self) -> Iterator[PostgresStore]:
        """Every write of this thread inside the block lands in one transaction, or none does."""
        with self._connection() as conn, _reported(self.url), conn.transaction():
            self._local.pinned = conn
            try:
                yield self
            finally:
                self._local.pinned = None

    @contextmanager
    def seeding(self) -> Iterator[None]:
        """Held by one process at a time: the one that gives an empty store its first portfolio."""
        with self._connection() as conn, _reported(self.url):
            conn.execute("SELECT pg_advisory_lock(%s)", [SEED_LOCK])
            try:
                yield
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", [SEED_LOCK])

    def _settle_format(self, *, read_only: bool) -> None:
        """Create the tables of an empty database, or migrate an older format, in one transaction."""
        with self.transaction() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(?)", [FORMAT_LOCK])
            found = layout.format_of(cur)
            if found is None and read_only:
                raise StoreError(f"{self.path}: not a VMO portfolio database (it has none of the VMO's tables)")
            if found is None:
                layout.create(cur)
            elif found != layout.FORMAT_VERSION:
                layout.migrate(cur, found, where=str(self.path), imported_at=now())


def fill_new(url: str, fill: Callable[[PostgresStore], Any]) -> Any:
    """`fill(store)` into a database that holds no portfolio yet: all of it in one transaction, or nothing."""
    with PostgresStore(url) as store, store.all_or_nothing():
        with store.transaction() as cur:  # a savepoint: the lock is held until the whole fill commits
            store.lock_plan(cur)
        if store.has_portfolio():
            raise StoreError(f"{store.path}: already holds a portfolio; a new store is built into an empty database")
        return fill(store)
