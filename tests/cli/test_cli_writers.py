"""Every command that writes checks that what it writes to is what it thinks, and says so when
it cannot: a --db that is not a DuckDB file (a .csv, .parquet or .json DuckDB would open in
memory and write nothing) is refused and left as it was; a folder that does not exist is not
created; a write the disk refuses (here: a file size limit, as a full disk does) is exit 2
with a message, never an internal error, and leaves nothing behind."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys

import pytest

from tests.cli_support import ROOT, SAMPLE, call
from vmo_core.store.stores import import_portfolio, snapshots

SCENARIO = SAMPLE.parent / "scenarios" / "accept-atlas.json"


@pytest.fixture
def not_stores(tmp_path):
    """Files a careless --db may name: a portfolio's CSV, a Parquet file, a JSON file, an empty file."""
    import duckdb

    made = {
        "projects.csv": (SAMPLE / "projects.csv").read_bytes(),
        "pf.json": json.dumps({"projects": []}).encode(),
        "empty.duckdb": b"",
    }
    for name, data in made.items():
        (tmp_path / name).write_bytes(data)
    duckdb.sql(f"COPY (SELECT 1 AS a) TO '{tmp_path / 'pf.parquet'}' (FORMAT parquet)")
    return sorted(tmp_path.iterdir())


@pytest.mark.parametrize("command", ["import", "adopt", "snapshots", "decisions", "changes", "report", "export"])
def test_a_db_that_is_not_a_duckdb_file_is_refused_and_left_as_it_was(capsys, not_stores, command):
    for path in not_stores:
        before = path.read_bytes()
        argv = {
            "import": ["import", SAMPLE, "--db", path],
            "adopt": ["adopt", "--db", path, "--scenario", SCENARIO],
            "report": ["report", "--db", path, "--out", path.parent / "pack.xlsx"],
            "export": ["export", "--db", path, "--to", path.parent / "out"],
        }.get(command, [command, "--db", path])
        code, out, err = call(capsys, *argv)
        assert (code, out) == (2, ""), (path.name, err)
        assert "is not a DuckDB database file" in err and "internal error" not in err
        assert path.read_bytes() == before
    assert sorted(not_stores[0].parent.iterdir()) == not_stores  # nothing written beside them


def test_a_new_store_must_be_named_as_one(capsys, tmp_path):
    code, _, err = call(capsys, "import", SAMPLE, "--db", tmp_path / "pf.parquet")
    assert code == 2 and "a new store is a DuckDB file named .duckdb" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["import", SAMPLE, "--db", "{missing}/pf.duckdb"],
        ["sample-history", "--db", "{missing}/pf.duckdb"],
        ["report", SAMPLE, "--out", "{missing}/pack.xlsx"],
        ["export", SAMPLE, "--to", "{missing}/out"],
        ["export", SAMPLE, "--to", "{missing}/out.xlsx"],
        ["template", "{missing}/blank.xlsx"],
    ],
    ids=lambda argv: " ".join(map(str, argv[:2])) + " " + str(argv[-1]).rpartition("/")[2],
)
def test_a_folder_that_does_not_exist_is_named_and_not_created(capsys, tmp_path, argv):
    missing = tmp_path / "no" / "such"
    code, _, err = call(capsys, *[str(a).replace("{missing}", str(missing)) for a in argv])
    assert code == 2, err
    assert f"the folder {missing} does not exist" in err
    assert list(tmp_path.iterdir()) == []


def limited(argv: list, *, max_bytes: int) -> subprocess.CompletedProcess:
    """`python -m vmo_core ARGV` with files limited to `max_bytes` each: a write past it fails as on a
    full disk (EFBIG; Python ignores the signal that would otherwise end the process)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return subprocess.run(
        [sys.executable, "-m", "vmo_core", *map(str, argv)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=limit,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


WRITERS = {
    "import into a new store": lambda d: ["import", SAMPLE, "--db", d / "new.duckdb"],
    "import into a store": lambda d: ["import", SAMPLE, "--db", d / "store.duckdb"],
    "adopt": lambda d: ["adopt", "--db", d / "store.duckdb", "--scenario", SCENARIO],
    "sample-history": lambda d: ["sample-history", "--db", d / "history.duckdb"],
    "report": lambda d: ["report", SAMPLE, "--out", d / "pack.xlsx"],
    "export a folder": lambda d: ["export", SAMPLE, "--to", d / "out"],
    "export a workbook": lambda d: ["export", SAMPLE, "--to", d / "out.xlsx"],
    "template": lambda d: ["template", d / "blank.xlsx"],
}


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_write_the_disk_refuses_is_a_clear_exit_2_and_leaves_nothing(tmp_path, writer):
    store = tmp_path / "store.duckdb"
    import_portfolio(__import__("vmo_core").load(SAMPLE), store)
    before = sorted(tmp_path.iterdir())
    done = limited(WRITERS[writer](tmp_path), max_bytes=1)
    assert done.returncode == 2, done.stderr
    assert "cannot" in done.stderr and "nothing was written" in done.stderr, done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    made = [p for p in sorted(tmp_path.iterdir()) if p not in before]
    assert [(p.name, p.stat().st_size) for p in made] in ([], [("store.duckdb.wal", 0)])  # at most DuckDB's empty log
    assert [s.id for s in snapshots(store)] == [1]


def test_an_evaluation_budget_past_any_search_is_bad_input(capsys):
    code, _, err = call(capsys, "optimise", SAMPLE, "--evaluations", "99999999999999999999")
    assert code == 2
    assert "evaluations 99999999999999999999 is out of range; expected a whole number of schedules from 1 to" in err
