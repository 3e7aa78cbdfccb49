"""A dropped PostgreSQL connection is retried once before anything is reported (issue 25,
finding 12): after the server ends every connection the store holds (a restart, an administrator,
a firewall's idle timeout), each of the store's operations succeeds on a new connection; when no
new one can be made either, the message says the store could not be reached.
"""

from __future__ import annotations

import psycopg
import pytest

from tests.cli_support import SAMPLE
from tests.postgres import USER
from vmo_core.errors import StoreError
from vmo_core.io.loading import load
from vmo_core.store.postgres_store import PostgresStore
from vmo_core.store.stores import import_portfolio

OPERATIONS = {
    "snapshots": lambda store, pf: store.snapshots(),
    "read_tables": lambda store, pf: store.read_tables(),
    "scenarios": lambda store, pf: store.scenarios(),
    "save_scenario": lambda store, pf: store.save_scenario("Stop DQ", [{"op": "stop", "project": "DQ"}], by="Ann"),
    "delete_scenario": lambda store, pf: store.delete_scenario("Stop DQ"),
    "add_snapshot": lambda store, pf: store.add_snapshot(pf, source="again"),
    "decisions": lambda store, pf: store.decisions(),
}


def admin(url: str) -> psycopg.Connection:
    return psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True, user=USER)


def drop_connections(url: str) -> int:
    """End every connection to the store's database, as a server restart would: how many were ended."""
    database = url.rsplit("/", 1)[1]
    with admin(url) as conn:
        ended = conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        ).fetchone()[0]
    return ended


@pytest.fixture
def opened(postgres_server):
    url = postgres_server.new_database()
    pf = load(SAMPLE)
    import_portfolio(pf, url)
    store = PostgresStore(url)
    store.save_scenario("Stop DQ", [{"op": "stop", "project": "DQ"}])
    store.snapshots()  # the store now holds an idle connection
    yield url, store, pf
    store.close()


@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_operation_after_a_dropped_connection_succeeds(opened, operation):
    url, store, pf = opened
    assert drop_connections(url) >= 1
    OPERATIONS[operation](store, pf)  # raised StoreError ("cannot be reached or refused the work") before
    assert store.snapshots()


def test_when_no_new_connection_can_be_made_the_message_says_the_store_could_not_be_reached(opened):
    url, store, pf = opened
    database = url.rsplit("/", 1)[1]
    with admin(url) as conn:
        conn.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
    try:
        drop_connections(url)
        for operation in ("scenarios", "save_scenario"):
            with pytest.raises(StoreError, match="the store could not be reached; nothing was read or written"):
                OPERATIONS[operation](store, pf)
    finally:
        with admin(url) as conn:
            conn.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
    assert [s["name"] for s in store.scenarios()] == ["Stop DQ"]
