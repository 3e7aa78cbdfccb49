"""A shared PostgreSQL store: several processes on one database at once.

Two store objects (as two app replicas hold them) see each other's writes at their next
read; the command line imports beside a running app; writers take turns, so no import is
lost and two adoptions on the same plan do not both win; two replicas starting on an empty
database seed it once. Run on the real server the test session starts (tests/postgres.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.store.support import raw_sql
from vmo_core.errors import StoreError
from vmo_core.io.loading import load
from vmo_core.store.postgres_store import PLAN_LOCK, masked
from vmo_core.store.stores import open_seeded, open_store

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
NOTHING = {"changes": []}
PREDICTED = {"name": "X", "predicted_net_value_change": 0.0, "predicted": []}


@pytest.fixture(scope="module")
def sample():
    return load(SAMPLE)


@pytest.fixture
def database(postgres_server):
    return postgres_server.new_database()


def later(pf, weeks: int):
    return dataclasses.replace(pf, settings=dataclasses.replace(pf.settings, as_of=pf.as_of + dt.timedelta(weeks=weeks)))


def test_a_save_in_one_store_is_seen_by_another_on_the_same_database(sample, database):
    with open_store(database) as one, open_store(database) as two:
        one.add_snapshot(sample, source="replica one")
        assert two.newest_snapshot().id == 1 and two.newest_snapshot().source == "replica one"
        two.save_scenario("Stop CRM", [{"op": "stop", "project": "CRM"}], by="Bo")
        assert [(s["name"], s["by"]) for s in one.scenarios()] == [("Stop CRM", "Bo")]
        two.add_snapshot(later(sample, 1), source="replica two")
        assert one.newest_snapshot().id == 2  # the app's version (the newest snapshot) moved on for both
        assert one.read_tables() == two.read_tables()
        one.delete_scenario("Stop CRM")
        assert two.scenarios() == []


def test_the_command_line_imports_beside_a_running_app(sample, database):
    with open_store(database) as app:
        app.add_snapshot(sample, source="app")
        done = subprocess.run(
            [sys.executable, "-m", "vmo_core", "import", str(SAMPLE), "--db", database, "--note", "from the CLI", "--json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        newest = app.newest_snapshot()  # no lock held the command line out, and the app sees its snapshot
        assert (newest.id, newest.note) == (2, "from the CLI")


def test_writers_in_many_threads_each_get_their_own_snapshot(sample, database):
    stores = [open_store(database) for _ in range(6)]
    try:
        with ThreadPoolExecutor(max_workers=6) as pool:
            made = list(pool.map(lambda s: s[1].add_snapshot(later(sample, s[0]), source=f"writer {s[0]}"), enumerate(stores)))
        assert sorted(m.id for m in made) == [1, 2, 3, 4, 5, 6]  # none lost, none numbered twice
        listed = stores[0].snapshots()
        assert sorted(s.source for s in listed) == sorted(f"writer {i}" for i in range(6))
        for snapshot in listed:
            assert load(f"{database}@{snapshot.id}").as_of == snapshot.as_of
    finally:
        for store in stores:
            store.close()


def waiting_for_the_plan_lock(database) -> int:
    with raw_sql(database) as cur:
        sql = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = ? AND NOT granted"
        return cur.execute(sql, [PLAN_LOCK]).fetchone()[0]


def test_two_adoptions_on_the_same_plan_do_not_both_win(sample, database):
    with open_store(database) as first, open_store(database) as second:
        first.add_snapshot(sample)
        outcome: dict[str, object] = {}

        def adopt_second():
            try:
                outcome["second"] = second.adopt(sample, name="B", scenario=NOTHING, predicted=PREDICTED, based_on=1)
            except StoreError as exc:
                outcome["second"] = exc

        def while_first_holds_the_plan(tables):
            racer.start()  # the second adoption starts while the first is not committed yet...
            for _ in range(1200):  # ...and waits for it, rather than reading a stale plan (a bound, not a timing)
                if waiting_for_the_plan_lock(database):
                    return
                racer.join(0.05)
                assert racer.is_alive(), outcome
            pytest.fail("the second adoption never waited for the plan lock")

        racer = threading.Thread(target=adopt_second)
        first.adopt(sample, name="A", scenario=NOTHING, predicted=PREDICTED, based_on=1, check=while_first_holds_the_plan)
        racer.join(60)

        assert isinstance(outcome["second"], StoreError)
        assert "snapshot 2 came in while the scenario was being adopted on snapshot 1" in str(outcome["second"])
        assert [d.name for d in first.decisions()] == ["A"] and [s.id for s in second.snapshots()] == [1, 2]


def test_replicas_starting_on_an_empty_database_seed_it_once(sample, database):
    def start_replica(_):
        return open_seeded(database, lambda db: db.add_snapshot(sample, source="seed"))

    with ThreadPoolExecutor(max_workers=3) as pool:
        opened = list(pool.map(start_replica, range(3)))
    try:
        assert [s.source for s in opened[0].snapshots()] == ["seed"]
    finally:
        for store in opened:
            store.close()


def test_a_seed_that_fails_leaves_the_database_without_a_portfolio(sample, database):
    def failing(db):
        db.add_snapshot(sample, source="seed")
        raise RuntimeError("sample unreadable")

    with pytest.raises(RuntimeError, match="sample unreadable"):
        open_seeded(database, failing)
    with open_store(database) as db:
        assert db.snapshots() == []


def test_a_store_opened_to_read_an_empty_database_writes_nothing(database):
    with pytest.raises(StoreError, match="not a VMO portfolio database"):
        open_store(database, read_only=True)
    with raw_sql(database) as cur:
        assert cur.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'").fetchone() == (0,)


def test_a_url_in_a_message_never_shows_its_password():
    assert masked("postgresql://vmo:s3cret@db:5432/vmo") == "postgresql://vmo:***@db:5432/vmo"
    assert masked("postgresql://db/vmo?user=vmo&password=s3cret&sslmode=require") == (
        "postgresql://db/vmo?user=vmo&password=***&sslmode=require"
    )
    assert masked("postgresql://vmo@db/vmo") == "postgresql://vmo@db/vmo"
