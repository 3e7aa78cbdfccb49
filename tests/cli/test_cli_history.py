"""The loop on the command line: `import --note`, `snapshots`, `changes`, `adopt`, `decisions`,
`sample-history`, and the `PATH.duckdb@ID` source, on a small portfolio worked by hand.

The hand portfolio: pools DEV and OPS of 1 FTE, horizon H = 10 weeks, no discount, so a
project of v a week delivered in week F is worth V(F) = v x (10 - F).

January (as of 4 Jan 2027): A active, 2 weeks, 80 a week (DEV); B approved, 3 weeks, 50 (DEV);
D active, 1 week, 20 (OPS). A lands week 2 (18 Jan), B week 5 (8 Feb), D week 1.
Three weeks on (as of 25 Jan): A still has 2 weeks to go and is re-estimated at 100 a week;
B waits for it; C (1 week, 10 a week, DEV) has entered after B; D is done.
- A was due 18 Jan, in the later snapshot's week (18 - 25 Jan) // 7 = -1; it lands in week 2:
  slip 3 weeks, cost V(-1) - V(2) = 100 x 11 - 100 x 8 = 300.
- B was due 8 Feb, week 2; it lands week 5: slip 3 weeks, cost 50 x 8 - 50 x 5 = 150.
- value delayed 450; C entered worth 10 x (10 - 6) = 40; D left, done; A re-estimated 80 -> 100.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vmo_core
from tests.builders import AS_OF, make_portfolio
from tests.cli_support import SAMPLE, call, json_of, run, strict_json
from tests.strategies import portfolios, scenarios
from vmo_core.engine.scenario import as_scenario
from vmo_core.io import export
from vmo_core.io.loading import build_portfolio
from vmo_core.service.history import SAMPLE_HISTORY, adopt_into, build_history
from vmo_core.store.duckdb_store import Store, snapshots

POOLS = {"DEV": 1.0, "OPS": 1.0}


def dated(pf, days: int):
    return dataclasses.replace(pf, settings=dataclasses.replace(pf.settings, as_of=AS_OF + dt.timedelta(days=days)))


def january():
    return make_portfolio(
        [
            {"id": "A", "name": "Alpha", "status": "active", "duration_weeks": 2, "value_per_week": 80, "demands": {"DEV": 1}},
            {"id": "B", "name": "Beta", "duration_weeks": 3, "value_per_week": 50, "demands": {"DEV": 1}},
            {"id": "D", "name": "Delta", "status": "active", "duration_weeks": 1, "value_per_week": 20, "demands": {"OPS": 1}},
        ],
        pools=POOLS,
        horizon=10,
    )


def three_weeks_on():
    pf = make_portfolio(
        [
            {"id": "A", "name": "Alpha", "status": "active", "duration_weeks": 2, "value_per_week": 100, "demands": {"DEV": 1}},
            {"id": "B", "name": "Beta", "duration_weeks": 3, "value_per_week": 50, "demands": {"DEV": 1}},
            {"id": "C", "name": "Gamma", "duration_weeks": 1, "value_per_week": 10, "demands": {"DEV": 1}},
            {"id": "D", "name": "Delta", "status": "done", "duration_weeks": 1, "value_per_week": 20},
        ],
        pools=POOLS,
        horizon=10,
    )
    return dated(pf, 21)


def write_json(path: Path, document) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def folders(tmp_path):
    return export.export(january(), tmp_path / "jan"), export.export(three_weeks_on(), tmp_path / "later")


@pytest.fixture
def store(tmp_path, folders, capsys):
    """A store of the two snapshots, imported from the command line."""
    database = tmp_path / "pf.duckdb"
    assert call(capsys, "import", folders[0], "--db", database, "--note", "January review", "--by", "Ann")[0] == 0
    assert call(capsys, "import", folders[1], "--db", database)[0] == 0
    return database


EXPECTED_CHANGES = {
    "before_as_of": "2027-01-04",
    "after_as_of": "2027-01-25",
    "value_delayed": 450.0,
    "projects": [
        {"id": "A", "before_finish": "2027-01-18", "after_finish": "2027-02-08", "slip_weeks": 3, "slip_cost": 300.0},
        {"id": "B", "before_finish": "2027-02-08", "after_finish": "2027-03-01", "slip_weeks": 3, "slip_cost": 150.0},
    ],
    "entered": [{"id": "C", "value": 40.0}],
    "left": [{"id": "D", "status": "done"}],
    "reestimated": [{"id": "A", "before": 80.0, "after": 100.0}],
}


def promised_keys(document: dict) -> dict:
    """The keys INTERFACES.md promises for `changes --json` (the document may hold more)."""
    rows = {"projects": EXPECTED_CHANGES["projects"][0], "entered": {"id": 0, "value": 0}, "left": {"id": 0, "status": 0}}
    rows |= {"reestimated": {"id": 0, "before": 0, "after": 0}}
    out = {key: document[key] for key in ("before_as_of", "after_as_of", "value_delayed")}
    for key, shape in rows.items():
        out[key] = [{k: row[k] for k in shape} for row in document[key]]
    return out


# ---------------------------------------------------------------- import and snapshots


def test_import_says_which_snapshot_it_made(tmp_path, folders, capsys):
    database = tmp_path / "pf.duckdb"
    assert json_of(capsys, "import", folders[0], "--db", database) == {
        "db": str(database),
        "snapshot": 1,
        "projects": 3,
        "pools": 2,
    }
    assert json_of(capsys, "import", folders[1], "--db", database)["snapshot"] == 2
    code, out, _ = call(capsys, "import", folders[1], "--db", database)
    assert code == 0 and "as snapshot 3 (as of 25 Jan 2027)" in out


def test_snapshots_lists_each_one_oldest_first(store, folders, capsys):
    document = json_of(capsys, "snapshots", "--db", store)
    assert [set(s) for s in document["snapshots"]] == [{"id", "as_of", "imported_at", "source", "note", "by", "projects"}] * 2
    assert [(s["id"], s["as_of"], s["source"], s["note"], s["by"], s["projects"]) for s in document["snapshots"]] == [
        (1, "2027-01-04", str(folders[0]), "January review", "Ann", 3),
        (2, "2027-01-25", str(folders[1]), "", "", 4),
    ]
    code, out, _ = call(capsys, "snapshots", "--db", store)
    assert code == 0 and "4 Jan 2027" in out and "January review" in out and "snapshot 2 (as of 25 Jan 2027), is the plan" in out


# ---------------------------------------------------------------- changes


def test_changes_in_a_store_are_the_slips_worked_by_hand(store, capsys):
    document = json_of(capsys, "changes", "--db", store)
    assert promised_keys(document) == EXPECTED_CHANGES
    assert json_of(capsys, "changes", "--db", store, "--since", "1") == document


def test_changes_between_two_sources_and_two_snapshots_agree(store, folders, capsys):
    from_folders = json_of(capsys, "changes", *folders)
    from_store = json_of(capsys, "changes", f"{store}@1", f"{store}@2")
    assert promised_keys(from_folders) == promised_keys(from_store) == EXPECTED_CHANGES
    assert from_folders == vmo_core.changes(january(), three_weeks_on()).to_dict()


def test_changes_read_in_money_dates_and_names(store, capsys):
    code, out, err = call(capsys, "changes", "--db", store)
    assert (code, err) == (0, "")
    assert "Since the review of 4 Jan 2027 (now as of 25 Jan 2027), £450 of value has been delayed." in out
    assert "Alpha" in out and "18 Jan 2027" in out and "8 Feb 2027" in out and "+£300" in out
    assert "Gamma (£40 over the horizon)" in out and "Delta (done)" in out and "Alpha: £80 a week, now £100" in out


def test_changes_since_the_newest_is_no_change(store, capsys):
    document = json_of(capsys, "changes", "--db", store, "--since", "2")
    assert document["value_delayed"] == 0 and all(p["slip_weeks"] == 0 for p in document["projects"])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--since", "9"], r"there is no snapshot 9; the snapshots it holds are: 1, 2"),
        (["--since", "first"], r"there is no snapshot first; the snapshots it holds are: 1, 2"),
    ],
)
def test_changes_since_an_unknown_id_lists_the_ids_that_exist(store, capsys, argv, message):
    code, out, err = call(capsys, "changes", "--db", store, *argv)
    assert (code, out) == (2, "")
    assert re.search(message, err), err


def test_changes_needs_two_snapshots_or_two_sources(tmp_path, folders, store, capsys):
    single = tmp_path / "one.duckdb"
    call(capsys, "import", folders[0], "--db", single)
    cases = [
        (["--db", single], "holds 1 snapshot; changes needs two"),
        ([folders[0]], "changes needs two SOURCEs, BEFORE and AFTER"),
        ([folders[0], folders[1], "--db", store], "not both"),
        ([folders[0], folders[1], "--since", "1"], "--since names a snapshot of --db PATH"),
        (["--db", tmp_path / "missing.duckdb"], "no such database file"),
    ]
    for argv, message in cases:
        code, out, err = call(capsys, "changes", *argv)
        assert (code, out) == (2, "") and message in err, (argv, err)
    assert not (tmp_path / "missing.duckdb").exists()


# ---------------------------------------------------------------- adopt and decisions

STOP_BETA = {"name": "Stop Beta", "changes": [{"op": "stop", "project": "B"}]}


def test_adopt_makes_the_scenario_the_plan_and_records_the_decision(store, tmp_path, capsys):
    # Stopping B loses its V(5) = 250; C moves up from week 6 to week 3: 10 x 7 - 10 x 4 = +30. Net -220.
    scenario = write_json(tmp_path / "stop.json", STOP_BETA)
    before = vmo_core.load(store)

    document = json_of(capsys, "adopt", "--db", store, "--scenario", scenario, "--by", "Board", "--note", "focus")

    assert document == {"snapshot": 3, "decision": 1, "net_value_change": pytest.approx(-220.0)}
    assert document["net_value_change"] == vmo_core.compare(before, STOP_BETA).net_value_change
    adopted = vmo_core.load(store)
    assert adopted.project("B").status == "stopped" and adopted.as_of == before.as_of
    assert vmo_core.schedule(adopted).to_dict()["projects"] == vmo_core.schedule(before, STOP_BETA).to_dict()["projects"]
    (made,) = [s for s in snapshots(store) if s.id == 3]
    assert (made.by, made.note, made.source) == ("Board", "focus", "adopted: Stop Beta")


def test_decisions_are_judged_against_the_newest_snapshot(store, tmp_path, capsys):
    scenario = write_json(tmp_path / "stop.json", STOP_BETA)
    json_of(capsys, "adopt", "--db", store, "--scenario", scenario, "--by", "Board")

    (fresh,) = json_of(capsys, "decisions", "--db", store)["decisions"]
    assert {k: fresh[k] for k in ("id", "name", "by", "note", "snapshot")} == {
        "id": 1,
        "name": "Stop Beta",
        "by": "Board",
        "note": "",
        "snapshot": 3,
    }
    assert dt.datetime.fromisoformat(fresh["adopted_at"])
    assert fresh["predicted_net_value_change"] == pytest.approx(-220.0)
    gamma = {p["id"]: p for p in fresh["projects"]}["C"]
    # C was promised for week 3 of 25 Jan: 15 Feb; the adopted plan keeps that promise
    assert {k: gamma[k] for k in ("predicted_finish", "current_finish", "slip_weeks", "slip_cost")} == {
        "predicted_finish": "2027-02-15",
        "current_finish": "2027-02-15",
        "slip_weeks": 0,
        "slip_cost": 0.0,
    }

    # A week on, A still needs 2 weeks: C lands week 3 of 1 Feb, 22 Feb. Due in week (15 - 1 Feb) // 7 = 2:
    # one week late, V(2) - V(3) = 10 x 8 - 10 x 7 = 10.
    week_on = dated(vmo_core.load(store), 28)
    export.export(week_on, tmp_path / "feb")
    call(capsys, "import", tmp_path / "feb", "--db", store)
    (judged,) = json_of(capsys, "decisions", "--db", store)["decisions"]
    gamma = {p["id"]: p for p in judged["projects"]}["C"]
    assert (gamma["current_finish"], gamma["slip_weeks"], gamma["slip_cost"]) == ("2027-02-22", 1, pytest.approx(10.0))
    code, out, _ = call(capsys, "decisions", "--db", store)
    assert code == 0 and "Decision 1: 'Stop Beta'" in out and "Gamma" in out and "15 Feb 2027" in out and "£10" in out


def test_no_decision_yet_is_an_empty_register(store, capsys):
    assert json_of(capsys, "decisions", "--db", store) == {"decisions": []}
    assert call(capsys, "decisions", "--db", store)[1].strip() == "No decision has been adopted yet."


@pytest.mark.parametrize(
    ("scenario", "message"),
    [
        ({"changes": [{"op": "stop", "project": "NOPE"}]}, "change 1 (stop)"),
        ({"changes": [{"op": "stop", "project": "A"}, {"op": "fly"}]}, "change 2: unknown op 'fly'"),
        ("{not json", "not valid JSON"),
    ],
)
def test_a_bad_scenario_is_named_and_nothing_is_written(store, tmp_path, capsys, scenario, message):
    path = tmp_path / "bad.json"
    path.write_text(scenario if isinstance(scenario, str) else json.dumps(scenario), encoding="utf-8")
    before = digest(store)

    code, out, err = call(capsys, "adopt", "--db", store, "--scenario", path)

    assert (code, out) == (2, "")
    assert message in err, err
    assert digest(store) == before
    with Store(store, read_only=True) as db:
        assert [s.id for s in db.snapshots()] == [1, 2] and db.decisions() == []


def test_adopt_into_a_missing_store_creates_nothing(tmp_path, capsys):
    scenario = write_json(tmp_path / "stop.json", STOP_BETA)
    code, out, err = call(capsys, "adopt", "--db", tmp_path / "none.duckdb", "--scenario", scenario)
    assert (code, out) == (2, "") and "no such database file" in err
    assert not (tmp_path / "none.duckdb").exists()


# ---------------------------------------------------------------- the sample's history


def test_the_sample_history_ends_with_the_sample_as_the_plan(tmp_path, capsys):
    database = tmp_path / "history.duckdb"
    document = json_of(capsys, "sample-history", "--db", database)

    assert [(s["id"], s["as_of"]) for s in document["snapshots"]] == [
        (1, "2026-10-19"),
        (2, "2026-11-09"),
        (3, "2026-11-09"),
        (4, "2026-11-30"),
    ]
    assert json_of(capsys, "schedule", database) == json_of(capsys, "schedule", SAMPLE)
    (decision,) = json_of(capsys, "decisions", "--db", database)["decisions"]
    assert (decision["snapshot"], decision["by"]) == (3, "Steering committee") and decision["projects"]
    since = json_of(capsys, "changes", "--db", database)
    assert since["before_as_of"] == "2026-11-09" and since["value_delayed"] > 0
    assert since["entered"] and since["left"] and since["reestimated"]
    assert any(p["slip_weeks"] > 0 for p in since["projects"])


def test_the_sample_history_is_the_same_every_time(tmp_path):
    first = build_history(tmp_path / "a.duckdb", SAMPLE_HISTORY)
    again = build_history(tmp_path / "b.duckdb", SAMPLE_HISTORY)
    assert first == again
    with Store(tmp_path / "a.duckdb", read_only=True) as a, Store(tmp_path / "b.duckdb", read_only=True) as b:
        assert a.decisions() == b.decisions()
        for snapshot in first:
            tables_a, tables_b = a.read_tables(snapshot.id), b.read_tables(snapshot.id)
            assert all((tables_a[n].header, tables_a[n].rows) == (tables_b[n].header, tables_b[n].rows) for n in tables_a)


def test_a_history_is_built_only_into_a_new_file(store, capsys):
    before = digest(store)
    code, out, err = call(capsys, "sample-history", "--db", store)
    assert (code, out) == (2, "") and "already exists" in err
    assert digest(store) == before


def test_a_real_process_prints_one_strict_document(store):
    done = run("snapshots", "--db", store, "--json")
    assert done.returncode == 0 and done.stderr == ""
    assert [s["id"] for s in strict_json(done.stdout)["snapshots"]] == [1, 2]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_an_adopted_scenario_lands_in_the_store_exactly_and_schedules_as_the_scenario(data, tmp_path_factory):
    pf = data.draw(portfolios())
    scenario = as_scenario(data.draw(scenarios(pf)))
    with Store(tmp_path_factory.mktemp("adopt") / "pf.duckdb") as db:
        db.add_snapshot(pf)
        snapshot, decision, comparison = adopt_into(db, scenario, by="Board")
        stored = build_portfolio(db.read_tables(snapshot.id))
        assert (snapshot.id, decision.snapshot, decision.based_on) == (2, 2, 1)
    assert stored == vmo_core.adopt(pf, scenario.to_dict())
    assert comparison.net_value_change == vmo_core.compare(pf, scenario).net_value_change
    rows = sorted(
        (p["id"], p["start_week"], p["finish_week"], p["value"]) for p in vmo_core.schedule(stored).to_dict()["projects"]
    )
    assert rows == sorted((p.id, p.start_week, p.finish_week, p.value) for p in comparison.scenario.projects)
