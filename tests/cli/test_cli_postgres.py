"""The command line on a PostgreSQL store (`--db postgresql://...`): every store command gives
the same answers as on a DuckDB file, and a URL's password never reaches the output."""

from __future__ import annotations

import pytest

from tests.cli_support import SAMPLE, call, json_of

SCENARIO = SAMPLE.parent / "scenarios" / "accept-atlas.json"


def without(document: dict, *keys: str) -> dict:
    return {key: value for key, value in document.items() if key not in keys}


def loop_answers(capsys, db) -> dict:
    """What the store's commands say about the sample's history built into `db`."""
    built = json_of(capsys, "sample-history", "--db", db)
    return {
        "history": built["snapshots"],
        "snapshots": json_of(capsys, "snapshots", "--db", db),
        "changes": json_of(capsys, "changes", "--db", db, "--since", "1"),
        "decisions": json_of(capsys, "decisions", "--db", db),
        "schedule@2": json_of(capsys, "schedule", f"{db}@2"),
    }


def test_every_store_command_answers_alike_on_postgresql_and_duckdb(capsys, tmp_path, postgres_server):
    url = postgres_server.new_database()
    assert loop_answers(capsys, url) == loop_answers(capsys, tmp_path / "vmo.duckdb")

    adopted = json_of(capsys, "adopt", "--db", url, "--scenario", SCENARIO, "--by", "Ann", "--note", "intake")
    listed = json_of(capsys, "snapshots", "--db", url)["snapshots"]
    assert adopted["snapshot"] == listed[-1]["id"] and listed[-1]["by"] == "Ann"
    assert json_of(capsys, "decisions", "--db", url)["decisions"][0]["by"] == "Ann"

    imported = json_of(capsys, "import", SAMPLE, "--db", url, "--note", "December")
    assert without(imported, "db") == {"snapshot": adopted["snapshot"] + 1, "projects": 45, "pools": 7}
    code, _, err = call(capsys, "export", "--db", url, "--to", tmp_path / "out")
    assert (code, err) == (0, "")
    assert json_of(capsys, "schedule", tmp_path / "out") == json_of(capsys, "schedule", url)


def test_a_url_password_is_masked_and_an_unreachable_server_exits_2(capsys):
    code, out, err = call(capsys, "snapshots", "--db", "postgresql://vmo:s3cret@127.0.0.1:1/vmo")
    assert (code, out) == (2, "")
    assert err.startswith("error: postgresql://vmo:***@127.0.0.1:1/vmo: cannot connect to the database")
    assert "s3cret" not in err


@pytest.mark.parametrize("command", ["snapshots", "decisions"])
def test_a_read_of_an_empty_database_says_it_holds_no_vmo_tables(capsys, postgres_server, command):
    code, _, err = call(capsys, command, "--db", postgres_server.new_database())
    assert code == 2 and "not a VMO portfolio database" in err
