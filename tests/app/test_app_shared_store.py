"""The app on a shared PostgreSQL store (VMO_DB a URL): what another process writes (a second
replica, the command line) is what the app shows at its next rerun."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import vmo_core
from tests.app.support import headline
from vmo_core.present.format import money_short
from vmo_core.store.stores import open_store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
SAMPLE = ROOT / "data" / "sample"
VALUE = "The plan's value"
STOP = {"op": "stop", "project": "DQ"}


@pytest.fixture
def shared(postgres_server, monkeypatch) -> str:
    """A PostgreSQL database of this test's own as the app's store (its cache's answers start empty)."""
    url = postgres_server.new_database()
    monkeypatch.setenv("VMO_DB", url)
    return url


def shown_value(pf) -> str:
    return money_short(vmo_core.schedule(pf).total_value, pf.settings.currency)


def test_a_new_shared_store_starts_with_the_sample_history(shared):
    app = AppTest.from_file(APP, default_timeout=120).run()
    assert not app.exception
    assert headline(app)[VALUE] == shown_value(vmo_core.load(SAMPLE))
    with open_store(shared, read_only=True) as other:
        assert [s.as_of.isoformat() for s in other.snapshots()] == ["2026-10-19", "2026-11-09", "2026-11-09", "2026-11-30"]


def test_an_adoption_by_another_process_is_what_the_app_shows_at_its_next_rerun(shared, tmp_path):
    app = AppTest.from_file(APP, default_timeout=120).run()
    before = headline(app)[VALUE]
    scenario = tmp_path / "stop-dq.json"
    scenario.write_text(json.dumps({"name": "Stop DQ", "changes": [STOP]}), encoding="utf-8")
    done = subprocess.run(  # the command line, beside the running app: no lock keeps it out
        [sys.executable, "-m", "vmo_core", "adopt", "--db", shared, "--scenario", scenario, "--by", "Bo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr

    app.run()  # the next rerun: the plan's version moved on, so the answers are the new plan's
    assert not app.exception
    assert headline(app)[VALUE] == shown_value(vmo_core.load(shared)) != before


def test_a_scenario_saved_by_one_replica_is_listed_by_another(shared):
    from vmo_app import cache

    app = AppTest.from_file(APP, default_timeout=120).run()
    assert not app.exception
    with open_store(shared) as replica:
        replica.save_scenario("Stop DQ", [STOP], by="Ann")
    assert [(s["name"], s["by"]) for s in cache.store().scenarios()] == [("Stop DQ", "Ann")]


def test_a_save_after_the_store_dropped_its_connections_succeeds_or_says_the_store_could_not_be_reached(shared):
    """Issue 25, finding 12: a dropped connection is retried once; when that fails too, the sidebar says why."""
    from tests.store.test_postgres_reconnect import admin, drop_connections
    from vmo_app import cache

    app = AppTest.from_file(APP, default_timeout=120).run()
    assert drop_connections(shared) >= 1  # a restart, an administrator, a firewall's idle timeout
    app.text_input(key="vmo.save_name").input("After the drop")
    app.button(key="vmo.save").click().run()
    assert not app.exception and [e.value for e in app.error] == []
    assert [s["name"] for s in cache.store().scenarios()] == ["After the drop"]

    database = shared.rsplit("/", 1)[1]
    with admin(shared) as conn:
        conn.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
    try:
        drop_connections(shared)
        app.text_input(key="vmo.save_name").input("Unreachable")
        app.button(key="vmo.save").click().run()
        assert not app.exception
        assert any("the store could not be reached" in e.value for e in app.error), [e.value for e in app.error]
    finally:
        with admin(shared) as conn:
            conn.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
