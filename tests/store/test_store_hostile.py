"""A first import that dies part way leaves no database behind: it is built beside its path
and moved into place only when whole, so nothing half-made is ever found there."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from vmo_core.errors import VmoError
from vmo_core.io.loading import load
from vmo_core.store.duckdb_store import import_portfolio

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"

KILLED_MID_WRITE = """
import os, sys
import vmo_core.store.duckdb_store as store
from vmo_core.io.loading import load

real = store.stored_row

def stored_row(name, *args, **kwargs):
    if name == "projects":
        os._exit(9)  # killed: no except and no finally runs
    return real(name, *args, **kwargs)

store.stored_row = stored_row
store.import_portfolio(load(sys.argv[1]), sys.argv[2])
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


def test_a_first_import_into_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(VmoError, match=r"missing/pf\.duckdb: cannot create the database \(No such file or directory\)"):
        import_portfolio(load(SAMPLE), tmp_path / "missing" / "pf.duckdb")
