"""A first import that dies part way leaves no portfolio behind: a DuckDB file is built beside
its path and moved into place only when whole, and a PostgreSQL transaction that never
commits is rolled back by the server, so nothing half-made is ever found there."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from vmo_core.errors import StoreError, VmoError
from vmo_core.io.loading import load
from vmo_core.store.stores import import_portfolio, snapshots

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"

KILLED_MID_WRITE = """
import os, sys
from vmo_core.store import sql_store, stores
from vmo_core.io.loading import load

real = sql_store.stored_row

def stored_row(name, *args, **kwargs):
    if name == "projects":
        os._exit(9)  # killed: no except and no finally runs
    return real(name, *args, **kwargs)

sql_store.stored_row = stored_row
stores.import_portfolio(load(sys.argv[1]), stores.store_target(sys.argv[2]))
"""


def test_a_first_import_killed_part_way_leaves_no_database(tmp_path):
    database = tmp_path / "pf.duckdb"
    done = subprocess.run(
        [sys.executable, "-c", KILLED_MID_WRITE, str(SAMPLE), str(database)], cwd=ROOT, capture_output=True, timeout=120
    )
    assert done.returncode == 9, done.stderr
    assert not database.exists()  # no empty schema left where the app would find it
    assert all(p.name.startswith(".pf.duckdb.importing-") for p in tmp_path.iterdir())
    with pytest.raises(VmoError, match="no such file or folder"):
        load(database)

    import_portfolio(load(SAMPLE), database)  # and the next import is not in its way
    assert load(database) == load(SAMPLE)


def test_an_import_killed_part_way_leaves_a_postgresql_store_without_it(postgres_server):
    database = postgres_server.new_database()
    done = subprocess.run(
        [sys.executable, "-c", KILLED_MID_WRITE, str(SAMPLE), database], cwd=ROOT, capture_output=True, timeout=120
    )
    assert done.returncode == 9, done.stderr
    assert snapshots(database) == []  # the server rolled the open transaction back
    with pytest.raises(StoreError, match="holds no portfolio yet"):
        load(database)
    import_portfolio(load(SAMPLE), database)
    assert [s.id for s in snapshots(database)] == [1] and load(database) == load(SAMPLE)


def test_a_first_import_into_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(VmoError, match=r"missing/pf\.duckdb: the folder .*missing does not exist"):
        import_portfolio(load(SAMPLE), tmp_path / "missing" / "pf.duckdb")
