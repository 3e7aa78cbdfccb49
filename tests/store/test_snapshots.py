"""Snapshots in the store, on both engines (DuckDB and PostgreSQL: `database`, see conftest.py):
every import adds one, none is overwritten, each reads back exactly; a format-1 store (one
portfolio) is migrated on open; an adoption writes its snapshot and its decision together
or not at all; `PATH.duckdb@ID` and `postgresql://...@ID` name a snapshot."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.store.support import raw_sql
from vmo_core.errors import StoreError, ValidationError
from vmo_core.io.export import portfolio_tables
from vmo_core.io.loading import build_portfolio, load
from vmo_core.io.schema import SCHEMA
from vmo_core.store import layout
from vmo_core.store.records import split_source
from vmo_core.store.sql_store import stored_row
from vmo_core.store.stores import import_portfolio, open_store, read_tables, snapshots

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
HISTORY = ROOT / "data" / "history"


@pytest.fixture(scope="module")
def sample():
    return load(SAMPLE)


@pytest.fixture(scope="module")
def november():
    return load(HISTORY / "2026-11-09")


def digest(target) -> str:
    """A DuckDB file's bytes, or a PostgreSQL database's every row, as one fingerprint."""
    if isinstance(target, Path):
        return hashlib.sha256(target.read_bytes()).hexdigest()
    with raw_sql(target) as cur:
        names = sorted(r[0] for r in cur.execute(layout.TABLES).fetchall())
        rows = [sorted(map(repr, cur.execute(f"SELECT * FROM {layout.quote(n)}").fetchall())) for n in names]
    return hashlib.sha256(repr((names, rows)).encode()).hexdigest()


def later(pf, weeks: int):
    """The same portfolio, dated `weeks` later."""
    return dataclasses.replace(pf, settings=dataclasses.replace(pf.settings, as_of=pf.as_of + dt.timedelta(weeks=weeks)))


# ---------------------------------------------------------------- add, list, read back


def test_every_import_adds_a_snapshot_and_each_reads_back_exactly(sample, november, database):
    first = import_portfolio(november, database, source="nov", note="November review", by="Ann")
    second = import_portfolio(sample, database, source="dec")

    assert (first.id, second.id) == (1, 2)
    assert load(database) == sample  # the newest is the plan
    assert load(f"{database}@1") == november
    assert load(f"{database}@2") == sample
    listed = snapshots(database)
    assert [s.to_dict() | {"imported_at": "-"} for s in listed] == [
        {
            "id": 1,
            "as_of": "2026-11-09",
            "imported_at": "-",
            "source": "nov",
            "note": "November review",
            "by": "Ann",
            "projects": 44,
        },
        {"id": 2, "as_of": "2026-11-30", "imported_at": "-", "source": "dec", "note": "", "by": "", "projects": 45},
    ]
    assert all(dt.datetime.fromisoformat(s.imported_at) for s in listed)


def test_a_snapshot_can_be_dated_by_the_caller_and_the_store_keeps_it(sample, database):
    with open_store(database) as db:
        made = db.add_snapshot(sample, source="s", imported_at="2026-12-01T09:00:00")
        assert db.newest_snapshot() == made
        assert db.snapshot(1).imported_at == "2026-12-01T09:00:00"


def test_the_newest_snapshot_is_the_plan_even_when_its_as_of_is_earlier(sample, database):
    import_portfolio(later(sample, 4), database)
    import_portfolio(sample, database)  # an earlier as-of brought in last: still the plan
    assert load(database).as_of == sample.as_of


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(weeks=st.lists(st.integers(min_value=-50, max_value=50), min_size=1, max_size=3))
def test_any_sequence_of_imports_keeps_every_snapshot_exactly(sample, new_store, weeks):
    database = new_store()
    portfolios = [later(sample, w) for w in weeks]
    for pf in portfolios:
        import_portfolio(pf, database)
    for number, pf in enumerate(portfolios, start=1):
        assert load(f"{database}@{number}") == pf
    assert [s.as_of for s in snapshots(database)] == [pf.as_of for pf in portfolios]


# ---------------------------------------------------------------- PATH.duckdb@ID


def test_an_unknown_snapshot_id_names_the_ones_that_exist(sample, database):
    import_portfolio(sample, database)
    import_portfolio(sample, database)
    with pytest.raises(StoreError, match=r"there is no snapshot 9; the snapshots it holds are: 1, 2"):
        load(f"{database}@9")
    with pytest.raises(StoreError, match=r"'x' is not a snapshot id; expected PATH.duckdb@ID with a whole number"):
        load(f"{database}@x")


def test_split_source_reads_only_a_database_path_with_an_id():
    assert split_source("a/b.duckdb@12") == (Path("a/b.duckdb"), 12)
    assert split_source("a/b.duckdb") == (Path("a/b.duckdb"), None)
    assert split_source("folder@2") == (Path("folder@2"), None)  # a folder may hold an @ in its name
    assert split_source("postgresql://vmo@db:5432/vmo@3") == ("postgresql://vmo@db:5432/vmo", 3)
    assert split_source("postgresql://vmo@db:5432/vmo") == ("postgresql://vmo@db:5432/vmo", None)  # user@host is no id
    assert split_source("postgres://vmo:pw@db/vmo?sslmode=require@12") == ("postgres://vmo:pw@db/vmo?sslmode=require", 12)
    with pytest.raises(StoreError, match="'x' is not a snapshot id"):
        split_source("postgresql://vmo@db/vmo@x")


# ---------------------------------------------------------------- migration from format 1


def write_format_1(target, pf, *, source: str, imported_at: str) -> None:
    """A store as format 1 wrote it: one portfolio, its source and time in vmo_meta."""
    with raw_sql(target) as con:
        _write_format_1(con, pf, source=source, imported_at=imported_at)


def _write_format_1(con, pf, *, source: str, imported_at: str) -> None:
    for name in SCHEMA:
        con.execute(layout.portfolio_table(name, with_snapshot=False))
    con.execute(layout.SCENARIOS_BEFORE_3)
    con.execute(layout.META)
    for name, (columns, rows) in portfolio_tables(pf).items():
        known = [c.name for c in SCHEMA[name]]
        for order, row in enumerate(rows):
            cells = stored_row(name, row, columns=columns, n_known=len(known), order=order)
            con.execute(f"INSERT INTO {layout.quote(name)} VALUES ({', '.join('?' for _ in cells)})", cells)
    meta = {"format_version": "1", "source": source, "imported_at": imported_at, "version": "3"}
    for item in meta.items():
        con.execute("INSERT INTO vmo_meta VALUES (?, ?)", list(item))
    con.execute(
        "INSERT INTO scenarios VALUES (?, ?, ?)",
        ["Kept", json.dumps([{"op": "stop", "project": "CRM"}]), dt.datetime(2026, 1, 2)],
    )


@pytest.mark.parametrize("read_only", [True, False])
def test_a_format_1_store_is_migrated_on_open_its_portfolio_becoming_snapshot_1(sample, database, read_only):
    write_format_1(database, sample, source="data/sample", imported_at="2026-06-01T10:00:00")

    with open_store(database, read_only=read_only) as db:
        assert [s.to_dict() for s in db.snapshots()] == [
            {
                "id": 1,
                "as_of": "2026-11-30",
                "imported_at": "2026-06-01T10:00:00",
                "source": "data/sample",
                "note": "",
                "by": "",
                "projects": 45,
            }
        ]
        assert db.meta() == {"format_version": layout.FORMAT_VERSION}
        assert [s["name"] for s in db.scenarios()] == ["Kept"]
    assert load(database) == sample
    import_portfolio(later(sample, 2), database)  # and it takes snapshots like any other
    assert [s.id for s in snapshots(database)] == [1, 2]
    assert load(f"{database}@1") == sample


def test_an_empty_format_1_store_migrates_to_a_store_with_no_snapshot(database):
    with raw_sql(database) as con:
        for name in SCHEMA:
            con.execute(layout.portfolio_table(name, with_snapshot=False))
    with open_store(database) as db:
        assert db.snapshots() == [] and not db.has_portfolio()
    with pytest.raises(StoreError, match="holds no portfolio yet"):
        load(database)


def test_a_store_from_a_newer_version_is_refused_and_left_alone(sample, database):
    import_portfolio(sample, database)
    with raw_sql(database) as con:
        con.execute("UPDATE vmo_meta SET value = '9' WHERE key = 'format_version'")
    before = digest(database)
    with pytest.raises(StoreError, match=r"store format '9', which this version of the VMO does not know"):
        open_store(database)
    assert digest(database) == before


def test_a_database_of_someone_else_is_not_written_to_by_a_read(database):
    with raw_sql(database) as con:
        con.execute("CREATE TABLE their_table (x INTEGER)")
    with pytest.raises(StoreError, match="not a VMO portfolio database"):
        load(database)
    with raw_sql(database) as con:
        assert [r[0] for r in con.execute(layout.TABLES).fetchall()] == ["their_table"]


# ---------------------------------------------------------------- adoption: snapshot and decision together

PREDICTED = {
    "name": "Stop CRM",
    "predicted_net_value_change": 12.5,
    "predicted": [{"id": "ERP", "predicted_finish": "2027-05-03"}],
}


def test_an_adoption_writes_its_snapshot_and_its_decision(sample, database):
    with open_store(database) as db:
        db.add_snapshot(sample, source="s")
        snapshot, decision = db.adopt(
            sample, name="Stop CRM", scenario={"name": "Stop CRM", "changes": []}, predicted=PREDICTED, by="Bo", note="why"
        )
        assert (snapshot.id, decision.id, decision.snapshot, decision.based_on) == (2, 1, 2, 1)
        assert snapshot.source == "adopted: Stop CRM" and snapshot.as_of == sample.as_of
        assert db.decisions() == [decision]
        assert decision.record()["predicted"] == PREDICTED["predicted"]
        assert decision.header() == {
            "id": 1,
            "name": "Stop CRM",
            "adopted_at": decision.adopted_at,
            "by": "Bo",
            "note": "why",
            "snapshot": 2,
        }
        db.adopt(sample, name="Again", scenario={"changes": []}, predicted=PREDICTED)
        assert [d.name for d in db.decisions()] == ["Again", "Stop CRM"]  # newest first


def test_an_adoption_whose_check_fails_writes_nothing(sample, database):
    import_portfolio(sample, database)
    before = read_tables(database)

    def refuse(tables):
        assert build_portfolio(tables) == sample  # the check sees the new snapshot as it will be read
        raise ValidationError([], source="the adopted plan")

    with open_store(database) as db:
        with pytest.raises(ValidationError):
            db.adopt(sample, name="X", scenario={"changes": []}, predicted=PREDICTED, check=refuse)
        assert [s.id for s in db.snapshots()] == [1] and db.decisions() == []
    assert read_tables(database) == before


def test_an_adoption_needs_a_portfolio_to_adopt_on(sample, database):
    with open_store(database) as db:
        with pytest.raises(StoreError, match="holds no portfolio to adopt a scenario on"):
            db.adopt(sample, name="X", scenario={"changes": []}, predicted=PREDICTED)
        assert db.snapshots() == []


def test_an_adoption_on_a_plan_that_has_moved_on_writes_nothing(sample, database):
    with open_store(database) as db:
        db.add_snapshot(sample)
        db.add_snapshot(later(sample, 1))  # came in while snapshot 1 was being adopted on
        with pytest.raises(StoreError, match="snapshot 2 came in while the scenario was being adopted on snapshot 1"):
            db.adopt(sample, name="X", scenario={"changes": []}, predicted=PREDICTED, based_on=1)
        assert [s.id for s in db.snapshots()] == [1, 2] and db.decisions() == []


def test_a_server_that_does_not_answer_is_a_clear_store_error_and_creates_no_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StoreError, match=r"^postgresql://vmo:\*\*\*@127.0.0.1:1/vmo: cannot connect to the database") as info:
        open_store("postgresql://vmo:secret@127.0.0.1:1/vmo")
    assert "secret" not in str(info.value)  # a password is never shown
    assert list(tmp_path.iterdir()) == []
