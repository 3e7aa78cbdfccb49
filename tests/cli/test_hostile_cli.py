"""Hostile input at the command line: everything the trial threw at it is exit 2 with a message
that names the file, row and column (or the scenario change), never an internal error, never
a database left behind; and `--json` prints strict JSON or nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from tests.cli_support import ROOT, SAMPLE, call, strict_json
from vmo_core.cli import commands
from vmo_core.store.duckdb_store import import_portfolio


def portfolio_with(tmp_path, name: str, edit) -> str:
    """A copy of the sample with one file's text edited."""
    folder = tmp_path / name
    shutil.copytree(SAMPLE, folder)
    path = folder / edit[0]
    path.write_text(edit[1](path.read_text(encoding="utf-8")), encoding="utf-8")
    return str(folder)


def replace_setting(key: str, value: str):
    def edit(text: str) -> str:
        lines = [line for line in text.splitlines() if not line.startswith(f"{key},")]
        return "\n".join(lines + [f"{key},{value}"]) + "\n"

    return "settings.csv", edit


def first_duration(value: str):
    def edit(text: str) -> str:
        lines = text.splitlines()
        header = lines[0].split(",")
        cells = lines[1].split(",")
        cells[header.index("duration_weeks")] = value
        return "\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n"

    return "projects.csv", edit


TRIAL_PORTFOLIOS = {
    "as_of 9999-12-31": (replace_setting("as_of", "9999-12-31"), "settings.csv, row 5, column value: as_of: '9999-12-31'"),
    "a billion weeks": (first_duration("1000000000"), "projects.csv, row 2, column duration_weeks: '1000000000' is out of range"),
    "horizon 100,000,000": (
        replace_setting("horizon_weeks", "100000000"),
        "settings.csv, row 5, column value: horizon_weeks: '100000000' is out of range",
    ),
}


@pytest.mark.parametrize("name", TRIAL_PORTFOLIOS)
def test_the_trials_portfolios_are_refused_by_import_and_every_command(tmp_path, capsys, name):
    edit, message = TRIAL_PORTFOLIOS[name]
    source = portfolio_with(tmp_path, "pf", edit)
    database = tmp_path / "pf.duckdb"
    code, out, err = call(capsys, "import", source, "--db", database)
    assert (code, out) == (2, "") and message in err, err
    assert not database.exists() and list(tmp_path.iterdir()) == [tmp_path / "pf"]
    for command in ("schedule", "compare --scenario data/scenarios/accept-atlas.json", "benefits"):
        code, out, err = call(capsys, *command.split()[:1], source, *command.split()[1:], "--json")
        assert (code, out) == (2, "") and message in err and "internal error" not in err


TRIAL_SCENARIOS = {
    "op as a list": ({"changes": [{"op": ["stop"], "project": "CRM"}]}, "error: change 1: unknown op ['stop']"),
    "op as an object": ({"changes": [{"op": {"stop": 1}}]}, "error: change 1: unknown op {'stop': 1}"),
    "pool as an object": (
        {"changes": [{"op": "capacity", "pool": {"id": "DATA"}, "capacity_fte": 3}]},
        "error: change 1 (capacity): no pool {'id': 'DATA'} in the portfolio",
    ),
    "added project as a list": ({"changes": [{"op": "add", "project": ["ATLAS"]}]}, 'error: change 1 (add): "project" must be'),
    "crash of 1e308": (
        {"changes": [{"op": "accelerate", "project": "CRM", "crash": 1e308}]},
        "error: change 1 (accelerate): crash 1e+308 is out of range; expected a factor from 1 to 10",
    ),
    "huge added duration": (
        {"changes": [{"op": "add", "project": {"id": "N", "duration_weeks": 10**15, "value_per_week": 1}}]},
        "error: change 1 (add): project field duration_weeks: 1000000000000000 is out of range",
    ),
}


@pytest.mark.parametrize("name", TRIAL_SCENARIOS)
def test_the_trials_scenarios_are_bad_input_naming_the_change(tmp_path, capsys, name):
    document, message = TRIAL_SCENARIOS[name]
    path = tmp_path / "s.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    for command in ("compare", "schedule", "forecast"):
        code, out, err = call(capsys, command, SAMPLE, "--scenario", path, "--json")
        assert (code, out) == (2, ""), err
        assert err.startswith(message) and "internal error" not in err


@pytest.mark.parametrize(
    "text, message",
    [
        ("[" * 200_000 + "]" * 200_000, "nested 200000 deep; expected arrays and objects at most 32 deep"),
        ('{"changes": [{"op": "accelerate", "project": "CRM", "crash": Infinity}]}', "not valid JSON (Infinity is not a number"),
    ],
)
def test_a_scenario_file_too_deep_or_not_strict_json_is_bad_input(tmp_path, capsys, text, message):
    path = tmp_path / "s.json"
    path.write_text(text, encoding="utf-8")
    code, out, err = call(capsys, "compare", SAMPLE, "--scenario", path, "--json")
    assert (code, out) == (2, "")
    assert err.startswith(f"error: {path}: {message}")


def test_a_scenario_file_with_a_byte_order_mark_is_read(tmp_path, capsys):
    path = tmp_path / "s.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"changes": [{"op": "stop", "project": "CRM"}]}).encode())
    code, out, err = call(capsys, "compare", SAMPLE, "--scenario", path, "--json")
    assert (code, err) == (0, "")
    assert strict_json(out)["scenario"]["total_value"] < strict_json(out)["baseline"]["total_value"] + 1e9


def test_json_output_is_strict_and_a_non_finite_figure_is_an_internal_error(capsys, monkeypatch):
    class Broken:
        def to_dict(self):
            return {"total_value": float("inf")}

    monkeypatch.setattr(commands.engine, "schedule", lambda pf, scenario=None: Broken())
    monkeypatch.setattr(commands, "schedule_table", lambda result: "")
    code, out, err = call(capsys, "schedule", SAMPLE, "--json")
    assert (code, out) == (1, "")  # nothing half-printed, never "Infinity"
    assert err.startswith("internal error (ValueError: Out of range float values are not JSON compliant")


HOLDER = """
import sys, time
from vmo_core.store.duckdb_store import Store
db = Store(sys.argv[1])
print("ready", flush=True)
time.sleep(60)
"""


def test_a_database_held_by_another_process_is_the_users_to_fix_exit_2(tmp_path, capsys):
    from vmo_core.io.loading import load

    database = tmp_path / "pf.duckdb"
    import_portfolio(load(SAMPLE), database)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(database)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        for argv in (
            ["schedule", database],
            ["import", SAMPLE, "--db", database],
            ["export", "--db", database, "--to", tmp_path / "o"],
        ):
            code, out, err = call(capsys, *argv)
            assert (code, out) == (2, ""), err
            assert err.startswith(f"error: {database}: the database is in use by another program")
    finally:
        holder.kill()
        holder.wait(timeout=10)
