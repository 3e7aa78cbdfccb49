"""The store, on both engines: exact round trips, all-or-nothing imports, saved scenarios, a busy file.

A portfolio goes CSV -> store -> .xlsx -> CSV and comes back equal (==), whatever its text
holds, in a DuckDB file and in PostgreSQL (`database` is either, see conftest.py); an
import that fails changes nothing; a DuckDB file another process holds gives a StoreError
a person can act on.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vmo_core
from vmo_core import cli
from vmo_core.errors import StoreError, VmoError
from vmo_core.io import export
from vmo_core.io.loading import load
from vmo_core.io.names import clean_name
from vmo_core.store import sql_store
from vmo_core.store.duckdb_store import Store
from vmo_core.store.stores import import_portfolio, open_store, read_tables, snapshots

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"


def write_files(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8", newline="")
    return folder


def csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def state(target) -> tuple:
    """Everything a store holds, to compare before and after (and a DuckDB file's very bytes)."""
    with open_store(target, read_only=True) as db:
        held = (db.snapshots(), [db.read_tables(s.id) for s in db.snapshots()], db.decisions(), db.scenarios())
    return held + ((digest(target),) if isinstance(target, Path) else ())


PROJECT_COLUMNS = [
    "id",
    "name",
    "status",
    "priority",
    "duration_weeks",
    "value_per_week",
    "earliest_start",
    "decay_per_week",
    "value_end",
    "deadline",
    "late_penalty",
    "fixed_cost",
    "promised_finish",
    "promised_value_per_week",
    "benefit_type",
    "theme",
    "sponsor",
    "notes",
]


def rich_files(*, tricky_float: str = "0.30000000000000004") -> dict[str, str]:
    """Every column, floats that need all 17 digits, dates, empty optionals, extra columns."""
    return {
        "settings.csv": "key,value\nas_of,2027-01-04\nhorizon_weeks,104\ndiscount_rate,0.035\ncurrency,EUR\nowner,PMO team\n",
        "pools.csv": "id,name,capacity_fte,cost_per_fte_week,site\nDEV,Development,5.5,1000.25,Leeds\nOPS,,3,,\n",
        "projects.csv": csv_text(
            [
                PROJECT_COLUMNS,
                [
                    "A",
                    "Alpha",
                    "active",
                    "1",
                    "4",
                    tricky_float,
                    "",
                    "0.015",
                    "2029-12-31",
                    "2027-06-30",
                    "2500",
                    "1e-07",
                    "2027-02-01",
                    "950.5",
                    "revenue",
                    "Growth",
                    "CFO",
                    "first",
                ],
                ["B", "", "approved", "", "2", "500", "2027-03-01", "", "", "", "", "", "", "", "", "", "", ""],
                ["C", "Gamma", "proposed", "2.5", "3", "123456.789", "", "", "", "", "", "", "", "", "risk", "", "COO", "third"],
            ]
        ),
        "demands.csv": "project_id,pool_id,fte\nA,DEV,2.25\nB,OPS,1\nC,DEV,0.1\n",
        "dependencies.csv": "predecessor_id,successor_id,why\nA,B,data first\n",
        "capacity_changes.csv": "pool_id,from,capacity_fte\nDEV,2027-03-01,7\n",
        "actuals.csv": "project_id,estimated_weeks,actual_weeks,estimated_value_per_week,realised_value_per_week\nA,4,5.5,,\n",
    }


@pytest.fixture
def rich(tmp_path):
    return load(write_files(tmp_path / "rich", rich_files()))


@pytest.fixture(scope="module")
def sample():
    return load(SAMPLE)


# ---------------------------------------------------------------- round trips


def test_rich_portfolio_keeps_its_awkward_values(rich):
    a = rich.project("A")
    assert a.value_per_week == 0.1 + 0.2 and a.fixed_cost == 1e-7
    assert rich.pool_index["DEV"].extra == {"site": "Leeds"} and rich.settings.extra == {"owner": "PMO team"}


def test_import_then_read_back_equals_the_loaded_portfolio(rich, database):
    import_portfolio(rich, database, source="rich")

    assert load(database) == rich
    tables = read_tables(database)
    assert [len(tables[name].rows) for name in ("projects", "demands", "actuals")] == [3, 3, 1]
    with open_store(database, read_only=True) as db:
        assert db.newest_snapshot().source == "rich"


def test_sample_imports_exactly(sample, database):
    import_portfolio(sample, database)
    assert load(database) == sample


@pytest.mark.parametrize("dest", ["out", "out.xlsx"])
def test_export_then_import_is_exact(rich, tmp_path, database, dest):
    written = export.export(rich, tmp_path / dest)
    again = load(written)
    assert again.project("A").value_per_week == 0.1 + 0.2
    assert again == rich

    import_portfolio(again, database)
    assert load(database) == rich


def test_xlsx_export_then_import_is_exact_for_dates_blanks_extras_and_short_floats(tmp_path, database):
    pf = load(write_files(tmp_path / "src", rich_files(tricky_float="0.1")))
    written = export.export(pf, tmp_path / "out.xlsx")

    again = load(written)
    assert again == pf
    assert again.project("A").fixed_cost == 1e-7
    assert again.project("B").earliest_start == dt.date(2027, 3, 1) and again.project("B").priority is None
    assert again.dependencies[0].extra == {"why": "data first"}
    import_portfolio(again, database)
    assert load(database) == pf


HOSTILE = [
    'O\'Brien "Big" Plan',
    "x'); DROP TABLE projects; --",
    "<script>alert(1)</script>",
    "数据湖迁移计划",
    "مشروع البيانات",
    "Launch 🚀 day 🎉",
    "=SUM(A1:A9)",
    "a, b; c\td",
    "first line\nsecond line",
]


def hostile_files(texts: list[str]) -> dict[str, str]:
    rows = [["id", "name", "status", "duration_weeks", "value_per_week", "theme", "sponsor", 'notes "quoted" ✓']]
    rows += [[f"P{i}", text, "approved", "2", "100", text, text, text] for i, text in enumerate(texts)]
    rows += [[texts[1], "an id that looks like SQL", "approved", "1", "1", "", "", ""]]
    return {
        "settings.csv": "key,value\nas_of,2027-01-04\n",
        "pools.csv": csv_text([["id", "name", "capacity_fte"], ["DEV", texts[0], "10"]]),
        "projects.csv": csv_text(rows),
        "demands.csv": csv_text([["project_id", "pool_id", "fte"], [texts[1], "DEV", "1"], ["P0", "DEV", "1"]]),
    }


def round_trip(pf, folder: Path, database):
    """CSV -> store -> xlsx -> CSV, each form loaded and checked against the original."""
    import_portfolio(pf, database)
    from_db = load(database)
    from_xlsx = load(export.export(from_db, folder / "pf.xlsx"))
    from_csv = load(export.export(from_xlsx, folder / "back"))
    return from_db, from_xlsx, from_csv


def test_hostile_and_non_latin_text_survives_every_form(tmp_path, database):
    pf = load(write_files(tmp_path / "src", hostile_files(HOSTILE)))
    names = [clean_name(text) for text in HOSTILE]  # a tab or a line break in a name is a space (io/names.py)
    assert [p.name for p in pf.projects[:-1]] == names and names[-2:] == ["a, b; c d", "first line second line"]

    for form in round_trip(pf, tmp_path, database):
        assert form == pf
        assert [p.name for p in form.projects[:-1]] == names
        assert form.project(HOSTILE[1]).name == "an id that looks like SQL"
        assert form.pools[0].name == HOSTILE[0]
    with open_store(database, read_only=True) as db, db.reading() as cur:  # the SQL-looking text did not run
        assert cur.execute("SELECT count(*) FROM projects").fetchone()[0] == len(HOSTILE) + 1


# Printable text of any script: letters, marks, digits, punctuation, symbols and spaces.
TEXT = st.text(st.characters(categories=("L", "M", "N", "P", "S", "Zs")), min_size=1, max_size=20).map(str.strip).filter(bool)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(TEXT, min_size=2, max_size=4, unique=True))
def test_any_printable_text_survives_every_form(tmp_path_factory, new_store, texts):
    folder = tmp_path_factory.mktemp("prop")
    pf = load(write_files(folder / "src", hostile_files(texts)))
    for form in round_trip(pf, folder, new_store()):
        assert form == pf


def test_control_characters_export_to_xlsx_or_give_a_clear_error(tmp_path):
    pf = load(write_files(tmp_path / "src", hostile_files(["Bell\x07 ringer", "plain"])))
    try:
        written = export.export(pf, tmp_path / "out.xlsx")
    except VmoError:
        return  # a message for a person is acceptable
    assert load(written) == pf


def test_a_windows_line_break_in_a_name_is_a_space_in_every_form(tmp_path):
    pf = load(write_files(tmp_path / "src", hostile_files(["line one\r\nline two", "plain"])))
    assert pf.projects[0].name == "line one line two"
    assert load(export.export(pf, tmp_path / "out.xlsx")) == pf


# ---------------------------------------------------------------- all or nothing


def test_failed_import_of_a_bad_source_leaves_the_database_as_it_was(sample, tmp_path, database, capsys):
    import_portfolio(sample, database)
    before = state(database)
    bad_projects = "id,status,duration_weeks,value_per_week\nA,active,-4,1\n"
    bad = write_files(tmp_path / "bad", {**rich_files(), "projects.csv": bad_projects})

    code = cli.main(["import", str(bad), "--db", str(database)])

    assert code == 2
    assert "projects.csv, row 2, column duration_weeks" in capsys.readouterr().err
    assert state(database) == before
    assert load(database) == sample


@pytest.fixture
def fail_mid_write(monkeypatch):
    """Arm add_snapshot to fail after settings and pools are written, while projects are being written."""

    def arm() -> list[str]:
        written: list[str] = []
        real = sql_store.stored_row

        def stored_row(name, *args, **kwargs):
            if name == "projects":
                raise RuntimeError("disk fell over")
            written.append(name)
            return real(name, *args, **kwargs)

        monkeypatch.setattr(sql_store, "stored_row", stored_row)
        return written

    return arm


def test_failure_mid_write_leaves_an_existing_database_exactly_as_it_was(sample, rich, database, fail_mid_write):
    import_portfolio(sample, database)
    tables, before = read_tables(database), state(database)
    written = fail_mid_write()

    with pytest.raises(RuntimeError, match="disk fell over"):
        import_portfolio(rich, database)

    assert {"settings", "pools"} <= set(written)  # there was partial work to undo
    assert read_tables(database) == tables
    assert load(database) == sample
    assert state(database) == before


def test_failure_mid_write_into_a_new_path_leaves_no_file(rich, tmp_path, fail_mid_write):
    folder = tmp_path / "db"
    folder.mkdir()
    database = folder / "new.duckdb"
    written = fail_mid_write()

    with pytest.raises(RuntimeError, match="disk fell over"):
        import_portfolio(rich, database)

    assert "pools" in written
    assert list(folder.iterdir()) == []


def test_failure_mid_write_into_an_empty_database_leaves_it_without_a_snapshot(rich, database, fail_mid_write):
    fail_mid_write()
    with pytest.raises(RuntimeError, match="disk fell over"):
        import_portfolio(rich, database)
    if isinstance(database, Path):
        assert not database.exists()
    else:
        assert snapshots(database) == []


def test_reimport_adds_a_snapshot_and_the_newest_is_read_whole(sample, rich, database):
    import_portfolio(sample, database)
    import_portfolio(rich, database)

    assert load(database) == rich
    tables = read_tables(database)
    assert [row[1][0] for row in tables["projects"].rows] == ["A", "B", "C"]
    assert len(tables["actuals"].rows) == 1  # none of the sample's 11 actuals are mixed in
    assert load(f"{database}@1") == sample  # and the first is kept as it was


# ---------------------------------------------------------------- scenarios

TRICKY_NAME = "O'Brien \"Big\" Plan'); DROP TABLE scenarios; --"
CHANGES = [{"op": "stop", "project": "BOREALIS"}, {"op": "capacity", "pool": "DATA", "capacity_fte": 12, "from": "2027-03-01"}]


def test_scenarios_save_list_get_replace_and_delete(sample, database):
    import_portfolio(sample, database)

    with open_store(database) as db:
        saved_at = db.save_scenario(TRICKY_NAME, CHANGES)
        db.save_scenario("Plain", [{"op": "stop", "project": "CRM"}])
        assert isinstance(saved_at, dt.datetime)
        assert db.scenario(TRICKY_NAME) == {
            "name": TRICKY_NAME, "changes": CHANGES, "saved_at": saved_at, "by": "", "figures": None
        }  # fmt: skip
        assert sorted(s["name"] for s in db.scenarios()) == sorted([TRICKY_NAME, "Plain"])

        again = db.save_scenario(TRICKY_NAME, CHANGES[:1])  # same name: replaced, not added
        assert len(db.scenarios()) == 2
        assert db.scenario(TRICKY_NAME)["changes"] == CHANGES[:1]
        assert db.scenario(TRICKY_NAME)["saved_at"] == again >= saved_at

    with open_store(database) as db:  # kept on disk
        assert isinstance(db.scenario("Plain")["saved_at"], dt.datetime)
        db.delete_scenario(TRICKY_NAME)
        assert db.scenario(TRICKY_NAME) is None
        assert [s["name"] for s in db.scenarios()] == ["Plain"]
    assert load(database) == sample  # the portfolio tables were not touched


def test_a_saved_scenario_keeps_its_figures_and_a_format_3_file_gains_the_column(sample, tmp_path):
    database = tmp_path / "pf.duckdb"
    import_portfolio(sample, database)
    figures = {"net_value_change": 1234.5, "total_value": 9_876_543.25, "snapshot": 1, "as_of": "2026-11-09"}
    with Store(database) as db:
        db.save_scenario("Before", CHANGES)
        db.cursor().execute("ALTER TABLE scenarios DROP COLUMN figures")  # as a format-3 file has it
        db.cursor().execute("UPDATE vmo_meta SET value = '3' WHERE key = 'format_version'")
    with Store(database) as db:  # migrated on opening
        assert db.scenario("Before")["figures"] is None
        db.save_scenario("After", CHANGES, figures=figures)
        assert db.scenario("After")["figures"] == figures
        db.save_scenario("After", CHANGES)  # saved again without: the old figures do not linger
        assert db.scenario("After")["figures"] is None


def test_a_format_4_file_gains_planned_starts_and_schedules_as_it_did(sample, tmp_path):
    database = tmp_path / "pf.duckdb"
    import_portfolio(sample, database)
    with Store(database) as db:
        db.cursor().execute("ALTER TABLE projects DROP COLUMN planned_start")  # as a format-4 file has it
        db.cursor().execute("UPDATE vmo_meta SET value = '4' WHERE key = 'format_version'")
    with Store(database) as db:  # migrated on opening
        assert db.meta()["format_version"] == "5"
    assert load(database) == sample
    assert vmo_core.schedule(load(database)).to_dict() == vmo_core.schedule(sample).to_dict()
    adopted = vmo_core.adopt(sample, {"changes": [{"op": "stop", "project": "BOREALIS"}]})
    import_portfolio(adopted, database)  # the plan's dates are kept from now on
    assert load(database) == adopted and any(p.planned_start for p in load(database).projects)


# ---------------------------------------------------------------- a busy file

HOLDER = """
import sys, time
from vmo_core.store.duckdb_store import Store
db = Store(sys.argv[1])
print("ready", flush=True)
time.sleep(60)
"""


def test_a_database_held_by_another_process_gives_a_clear_store_error(sample, tmp_path):
    database = tmp_path / "pf.duckdb"
    import_portfolio(sample, database)
    before = digest(database)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(database)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "ready", holder.stderr.read()
        attempts = [
            lambda: Store(database),
            lambda: Store(database, read_only=True),
            lambda: load(database),
            lambda: import_portfolio(sample, database),
        ]
        for attempt in attempts:
            with pytest.raises(StoreError, match="in use") as info:
                attempt()
            assert not isinstance(info.value, duckdb.Error)
            assert str(info.value).startswith(f"{database}: the database is in use by another program")
    finally:
        holder.kill()
        holder.wait(timeout=10)
    assert digest(database) == before
    assert load(database) == sample


def test_a_store_with_no_snapshot_holds_no_portfolio_yet(database):
    open_store(database).close()
    with pytest.raises(StoreError, match="holds no portfolio yet"):
        load(database)


def test_a_file_that_is_no_database_cannot_be_opened(tmp_path):
    not_ours = tmp_path / "other.duckdb"
    not_ours.write_text("hello")
    with pytest.raises(StoreError, match="is not a DuckDB database file"):
        load(not_ours)
