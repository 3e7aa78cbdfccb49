"""A saved scenario records who saved it (store format 3); older files gain the column on open."""

from __future__ import annotations

from pathlib import Path

import duckdb

from vmo_core.io.loading import load
from vmo_core.store import layout
from vmo_core.store.duckdb_store import Store, import_portfolio

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
STOP = [{"op": "stop", "project": "CRM"}]


def test_a_scenario_keeps_who_saved_it_and_the_latest_saver_replaces_it(tmp_path):
    import_portfolio(load(SAMPLE), tmp_path / "pf.duckdb")
    with Store(tmp_path / "pf.duckdb") as db:
        db.save_scenario("Mine", STOP, by="Ann <ann@example.com>")
        db.save_scenario("Theirs", STOP)
        assert db.scenario("Mine")["by"] == "Ann <ann@example.com>"
        db.save_scenario("Mine", STOP, by="Bob")
        assert {s["name"]: s["by"] for s in db.scenarios()} == {"Mine": "Bob", "Theirs": ""}


def test_a_format_2_file_gains_who_saved_with_its_scenarios_kept(tmp_path):
    database = tmp_path / "pf.duckdb"
    import_portfolio(load(SAMPLE), database)
    with Store(database) as db:
        db.save_scenario("Old", STOP)
    con = duckdb.connect(str(database))  # as format 2 left it: no made_by, no figures
    con.execute("ALTER TABLE scenarios DROP COLUMN made_by")
    con.execute("ALTER TABLE scenarios DROP COLUMN figures")
    con.execute("ALTER TABLE projects DROP COLUMN planned_start")
    con.execute("UPDATE vmo_meta SET value = '2' WHERE key = 'format_version'")
    con.close()

    with Store(database) as db:
        assert db.meta()["format_version"] == layout.FORMAT_VERSION == "5"
        assert db.scenario("Old") | {"saved_at": None} == {
            "name": "Old", "changes": STOP, "saved_at": None, "by": "", "figures": None
        }  # fmt: skip
        db.save_scenario("New", STOP, by="Ann")
        assert db.scenario("New")["by"] == "Ann"
