"""The command line of INTERFACES.md: JSON documents, readable tables, exit codes.

Most tests call `vmo_core.cli.main(argv)` in-process (fast); a few run
`python -m vmo_core` for real, to see exactly what a shell script sees.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

import vmo_core
from tests.cli_support import SAMPLE, call, is_number, run
from vmo_core.io.loading import load
from vmo_core.model.portfolio import date_of
from vmo_core.store.duckdb_store import import_portfolio

# The INTERFACES.md example, with a new project id the sample does not have.
SCENARIO = {
    "name": "Accept Atlas, pause Borealis",
    "changes": [
        {
            "op": "add",
            "project": {
                "id": "ATLAS_NEW",
                "status": "approved",
                "duration_weeks": 10,
                "value_per_week": 40000,
                "demands": {"DATA": 3, "DEV": 4},
            },
            "position": 2,
        },
        {"op": "stop", "project": "BOREALIS"},
        {"op": "accelerate", "project": "CRM", "to_front": True, "crash": 1.5},
        {"op": "capacity", "pool": "DATA", "capacity_fte": 12, "from": "2027-03-01"},
        {"op": "sequence", "order": ["CRM", "ATLAS_NEW", "ERP"]},
    ],
}
# A big, low-value project put first: it holds most of DEV and delays what comes after.
CROWDING = {
    "name": "Crowd DEV",
    "changes": [
        {"op": "add", "project": {"id": "HOG", "duration_weeks": 30, "value_per_week": 10, "demands": {"DEV": 12}}, "position": 1}
    ],
}
MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"


def write_json(path: Path, document) -> Path:
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sample():
    return load(SAMPLE)


# ---------------------------------------------------------------- schedule --json


def test_schedule_json_is_one_document_equal_to_the_api(sample):
    done = run("schedule", "data/sample", "--json")

    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.endswith("\n") and done.stdout.count("\n") == 1  # one line, one document
    document = json.loads(done.stdout)  # raises on anything after the document
    assert document == vmo_core.schedule(sample).to_dict()

    assert is_number(document["total_value"]) and is_number(document["total_cost"])
    scheduled = [p.id for p in sample.projects if p.status in ("active", "approved")]
    assert sorted(p["id"] for p in document["projects"]) == sorted(scheduled)
    for project in document["projects"]:
        assert {"id", "start_week", "finish_week", "value"} <= project.keys()
        assert is_number(project["value"])
        if project["finish_week"] is None:
            assert project["start_week"] is None
        else:
            assert type(project["start_week"]) is int and type(project["finish_week"]) is int
            assert project["finish_week"] - project["start_week"] == sample.project(project["id"]).duration_weeks
    for entry in document["unschedulable"]:
        assert set(entry) == {"id", "reason"} and isinstance(entry["reason"], str)
    assert document["total_value"] == pytest.approx(sum(p["value"] for p in document["projects"]), rel=1e-12)


def test_schedule_with_a_scenario_prints_the_scenario_plan(sample, tmp_path, capsys):
    code, out, err = call(capsys, "schedule", SAMPLE, "--scenario", write_json(tmp_path / "s.json", SCENARIO), "--json")

    assert (code, err) == (0, "")
    document = json.loads(out)
    assert document == vmo_core.schedule(sample, SCENARIO).to_dict()
    ids = [p["id"] for p in document["projects"]]
    assert "ATLAS_NEW" in ids and "BOREALIS" not in ids


# ---------------------------------------------------------------- compare --json


def test_compare_json_has_baseline_scenario_and_delta(sample, tmp_path, capsys):
    code, out, err = call(capsys, "compare", SAMPLE, "--scenario", write_json(tmp_path / "s.json", SCENARIO), "--json")

    assert (code, err) == (0, "")
    document = json.loads(out)
    assert document == vmo_core.compare(sample, SCENARIO).to_dict()
    assert document["baseline"] == vmo_core.schedule(sample).to_dict()
    assert document["scenario"] == vmo_core.schedule(sample, SCENARIO).to_dict()

    delta = document["delta"]
    assert is_number(delta["delay_cost"]) and is_number(delta["net_value_change"])
    assert delta["projects"], "the scenario moves projects"
    for project in delta["projects"]:
        assert {"id", "finish_delta_weeks", "value_delta"} <= project.keys()
        assert is_number(project["value_delta"])
    assert delta["delay_cost"] == sum(-p["value_delta"] for p in delta["projects"])
    base, scen = document["baseline"], document["scenario"]
    assert delta["net_value_change"] == pytest.approx(
        (scen["total_value"] - scen["total_cost"]) - (base["total_value"] - base["total_cost"]), rel=1e-12
    )
    # the delta covers projects on both lists: not the added one, not the stopped one
    ids = {p["id"] for p in delta["projects"]}
    assert "ATLAS_NEW" not in ids and "BOREALIS" not in ids
    crm = next(p for p in delta["projects"] if p["id"] == "CRM")
    base_crm = next(p for p in base["projects"] if p["id"] == "CRM")
    scen_crm = next(p for p in scen["projects"] if p["id"] == "CRM")
    assert crm["finish_delta_weeks"] == scen_crm["finish_week"] - base_crm["finish_week"]


# ---------------------------------------------------------------- output for people


def test_schedule_text_shows_dates_and_money_for_people(sample, capsys):
    code, out, err = call(capsys, "schedule", SAMPLE)

    assert (code, err) == (0, "")
    plan = vmo_core.schedule(sample)
    assert f"£{plan.total_value:,.0f}" in out  # e.g. £58,199,169
    assert re.search(r"£\d{1,3}(,\d{3})+\b", out)
    erp = plan.by_id["ERP"]
    finish = date_of(erp.finish_week, sample.as_of)
    assert f"{finish.day} {finish:%b %Y}" in out  # e.g. 12 Jul 2027, never 2027-07-12
    assert re.search(rf"\b\d{{1,2}} ({MONTHS}) \d{{4}}\b", out)
    assert finish.isoformat() not in out
    assert not out.lstrip().startswith("{")


@pytest.mark.parametrize(("scenario", "phrase"), [(SCENARIO, "unlocks"), (CROWDING, "cost")])
def test_compare_text_ends_with_one_sentence_on_what_it_costs(sample, tmp_path, capsys, scenario, phrase):
    code, out, err = call(capsys, "compare", SAMPLE, "--scenario", write_json(tmp_path / "s.json", scenario))

    assert (code, err) == (0, "")
    comparison = vmo_core.compare(sample, scenario)
    expected = "unlocks" if comparison.delay_cost < 0 else "cost"
    assert expected == phrase  # the scenario does what its name says
    sentences = [line for line in out.splitlines() if line.startswith("In all") or ". In all, " in line]
    assert len(sentences) == 1
    sentence = sentences[0]
    amount = r"£[\d.,]+[kM]?"
    if phrase == "unlocks":  # the parts, never a negative cost: delays, what lands sooner, the extra people
        assert re.search(
            rf"In all, the delays cost {amount}, work brought forward gains {amount} and the extra people cost {amount};",
            sentence,
        )
    else:
        assert re.search(rf"In all, the delays cost {amount}[ ;]", sentence)
    assert "net value change" in sentence and "-£" not in sentence.split("In all, ")[1].split(";")[0]
    assert re.search(r"£\d{1,3}(,\d{3})+", out)  # the table's full figures


# ---------------------------------------------------------------- bad input: exit 2, stderr only


def bad_portfolio(tmp_path: Path) -> Path:
    folder = tmp_path / "bad"
    folder.mkdir()
    for source in SAMPLE.iterdir():
        (folder / source.name).write_bytes(source.read_bytes())
    lines = (folder / "projects.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[3].split(",")  # spreadsheet row 4: SCADA
    cells[4] = "-10"  # duration_weeks
    lines[3] = ",".join(cells)
    (folder / "projects.csv").write_text("".join(lines), encoding="utf-8")
    return folder


BAD_SCENARIOS = [
    pytest.param('{"changes": [', r"not valid JSON \(line 1", id="not-json"),
    pytest.param(
        {"changes": [{"op": "stop", "project": "NOPE"}]},
        r"change 1 \(stop\): no project 'NOPE' in the portfolio",
        id="missing-project",
    ),
    pytest.param(
        {"changes": [{"op": "stop", "project": "CRM"}, {"op": "fly", "project": "CRM"}]},
        r"change 2: unknown op 'fly'",
        id="unknown-op",
    ),
    pytest.param(
        {"changes": [{"op": "stop", "project": "CLZ"}]},
        r"change 1 \(stop\): project 'CLZ' is not scheduled \(done\)",
        id="stop-unscheduled",
    ),
    pytest.param(
        {"changes": [{"op": "capacity", "pool": "NOPOOL", "capacity_fte": 3}]},
        r"change 1 \(capacity\): no pool 'NOPOOL'",
        id="missing-pool",
    ),
]


@pytest.mark.parametrize(("scenario", "message"), BAD_SCENARIOS)
@pytest.mark.parametrize("command", ["compare", "schedule"])
def test_bad_scenario_exits_2_with_the_change_named_on_stderr(tmp_path, capsys, command, scenario, message):
    code, out, err = call(capsys, command, SAMPLE, "--scenario", write_json(tmp_path / "s.json", scenario), "--json")

    assert code == 2
    assert out == ""
    assert re.search(message, err), err
    assert "Traceback" not in err


def test_bad_portfolio_exits_2_naming_file_and_row(tmp_path, capsys):
    code, out, err = call(capsys, "schedule", bad_portfolio(tmp_path), "--json")

    assert (code, out) == (2, "")
    assert "projects.csv, row 4, column duration_weeks: '-10' is out of range" in err
    assert "problem" in err and "found; nothing was loaded." in err.splitlines()[0]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["schedule"], "the following arguments are required: source"),
        (["compare", SAMPLE], "the following arguments are required: --scenario"),
        (["import", SAMPLE], "the following arguments are required: --db"),
        (["export", SAMPLE], "the following arguments are required: --to"),
        ([], "required: command"),
        (["plan", SAMPLE], "invalid choice: 'plan'"),
    ],
)
def test_missing_or_wrong_arguments_exit_2(capsys, argv, message):
    code, out, err = call(capsys, *argv)

    assert (code, out) == (2, "")
    assert message in err
    assert "usage: python -m vmo_core" in err


def test_missing_source_exits_2(tmp_path, capsys):
    code, out, err = call(capsys, "schedule", tmp_path / "nowhere", "--json")
    assert (code, out) == (2, "")
    assert "no such file or folder" in err


def test_a_real_process_exits_2_without_a_traceback(tmp_path):
    checks = [
        (run("schedule", bad_portfolio(tmp_path), "--json"), "projects.csv, row 4, column duration_weeks"),
        (run("compare", "data/sample", "--scenario", write_json(tmp_path / "s.json", "{oops"), "--json"), "not valid JSON"),
        (run("compare", "data/sample"), "--scenario"),
    ]
    for done, message in checks:
        assert done.returncode == 2, done.stderr
        assert done.stdout == ""
        assert message in done.stderr
        assert "Traceback" not in done.stderr


# ---------------------------------------------------------------- import and export


def test_import_writes_a_database_that_schedules_like_the_folder(sample, tmp_path, capsys):
    database = tmp_path / "pf.duckdb"
    code, out, err = call(capsys, "import", SAMPLE, "--db", database)
    assert (code, err) == (0, "")
    assert "Imported 45 projects and 7 pools" in out

    code, from_db, err = call(capsys, "schedule", database, "--json")
    assert (code, err) == (0, "")
    code, from_folder, _ = call(capsys, "schedule", SAMPLE, "--json")
    assert json.loads(from_db) == json.loads(from_folder) == vmo_core.schedule(sample).to_dict()


def test_import_of_a_bad_portfolio_writes_nothing(tmp_path, capsys):
    database = tmp_path / "pf.duckdb"
    code, out, err = call(capsys, "import", bad_portfolio(tmp_path), "--db", database)

    assert (code, out) == (2, "")
    assert "projects.csv, row 4" in err
    assert not database.exists()
    assert not database.with_name("pf.duckdb.wal").exists()


@pytest.mark.parametrize("dest", ["out", "out.xlsx"])
def test_export_from_a_database_imports_back_equal(sample, tmp_path, capsys, dest):
    database = tmp_path / "pf.duckdb"
    import_portfolio(sample, database)

    code, out, err = call(capsys, "export", "--db", database, "--to", tmp_path / dest)

    assert (code, err) == (0, "")
    assert (tmp_path / dest).is_dir() == (dest == "out")
    assert load(tmp_path / dest) == sample
    code, _, err = call(capsys, "import", tmp_path / dest, "--db", tmp_path / "again.duckdb")
    assert (code, err) == (0, "")
    assert load(tmp_path / "again.duckdb") == sample


def test_export_from_a_source_folder_to_xlsx(sample, tmp_path, capsys):
    code, out, err = call(capsys, "export", SAMPLE, "--to", tmp_path / "pf.xlsx", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {"to": str(tmp_path / "pf.xlsx"), "projects": 45}
    assert load(tmp_path / "pf.xlsx") == sample


@pytest.mark.parametrize("both", [True, False])
def test_export_needs_exactly_one_portfolio(sample, tmp_path, capsys, both):
    database = tmp_path / "pf.duckdb"
    import_portfolio(sample, database)
    argv = ["export", SAMPLE, "--db", database] if both else ["export"]
    code, out, err = call(capsys, *argv, "--to", tmp_path / "out")

    assert (code, out) == (2, "")
    assert "export needs exactly one portfolio" in err
    assert not (tmp_path / "out").exists()


def test_json_dates_are_iso_and_weeks_count_from_as_of(sample, capsys):
    code, out, _ = call(capsys, "schedule", SAMPLE, "--json")
    document = json.loads(out)
    assert document["as_of"] == "2026-11-30"
    first = document["projects"][0]
    assert dt.date.fromisoformat(first["finish_date"]) == sample.as_of + dt.timedelta(weeks=first["finish_week"])
