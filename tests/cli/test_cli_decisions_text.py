"""The decision commands for people and on bad input: the readable output carries full money
figures and one plain sentence that agrees with the JSON; bad input exits 2 with a message
on stderr and nothing on stdout; one test runs a real process.
"""

from __future__ import annotations

import json
import re

import pytest

import vmo_core
from tests.cli_support import FAST, ROOT, SAMPLE, argv_of, call, json_of, run, scheduled_ids, strict_json
from vmo_core.io.loading import load
from vmo_core.present.format import ordinal

FULL_MONEY = re.compile(r"£\d{1,3}(,\d{3})+\b")  # £4,640,747
RAW_FLOAT = re.compile(r"\d\.\d{4,}")  # an unrounded figure, e.g. 4640747.130511045


@pytest.fixture(scope="module")
def sample():
    return load(SAMPLE)


# ---------------------------------------------------------------- readable output


READABLE = {
    "optimise": r"sooner|already the best",
    "constraints": r"is the constraint",
    "intake": r"Recommendation",
    "intake-at-1": r"Recommendation",
    "stop-ranking": r"would be missed least",
    "benefits": r"at risk",
    "interventions": r"^1\. .+: net [+-]£",
}


@pytest.mark.parametrize("name", list(READABLE))
def test_readable_output_has_full_money_figures(capsys, name):
    code, out, _ = call(capsys, *argv_of(name))

    assert code == 0
    assert FULL_MONEY.search(out), out


@pytest.mark.parametrize("name", list(READABLE))
def test_readable_output_has_pounds_and_one_plain_sentence(capsys, name):
    code, out, _ = call(capsys, *argv_of(name))

    assert code == 0
    assert not out.lstrip().startswith("{")
    assert "£" in out and "GBP" not in out
    assert not RAW_FLOAT.search(out), "figures for people are rounded"
    sentences = [line for line in out.splitlines() if re.search(READABLE[name], line)]
    assert len(sentences) == 1, out
    assert sentences[0].rstrip().endswith(".")


def test_readable_sentences_agree_with_the_json(capsys, sample):
    cases = {
        "constraints": lambda d: f"{sample.pool_index[d['constraint']].label} is the constraint",
        "stop-ranking": lambda d: (  # the question is about work in flight: the first active project
            f"Stopping {next(p['name'] for p in d['projects'] if p['status'] == 'active')} would be missed least "
            "of the projects in flight"
        ),
        "intake": lambda d: f"Accepting Atlas Digital Twin at its natural place ({d['position']}th)",  # by name
        "intake-at-1": lambda d: f"Accepting Atlas Digital Twin at the place asked ({ordinal(d['position'])})",
        "optimise": lambda d: "sooner" if d["total_value"] > d["baseline_total_value"] else "already the best",
    }
    for name, expected in cases.items():
        document = json_of(capsys, *argv_of(name))
        code, out, _ = call(capsys, *argv_of(name))
        assert code == 0
        assert expected(document) in out, name

    lines = json_of(capsys, *argv_of("benefits"))["projects"]
    counts = {c: sum(1 for p in lines if p["rag"] == c) for c in ("green", "amber", "red")}
    _, out, _ = call(capsys, *argv_of("benefits"))
    tally = f"{counts['green']} are on track, {counts['amber']} amber and {counts['red']} red"
    assert f"Of {len(lines)} business cases, {tally}" in out


def test_intake_recommends_the_best_place(capsys, sample):
    document = json_of(capsys, "intake", SAMPLE, "--proposal", "ATLAS")
    best = document["recommendation"]
    _, out, _ = call(capsys, "intake", SAMPLE, "--proposal", "ATLAS")

    nets = [
        vmo_core.compare(sample, {"changes": [{"op": "add", "project": "ATLAS", "position": k}]}).net_value_change
        for k in range(1, len(scheduled_ids(sample)) + 2)
    ]
    assert best["net_value_change"] == pytest.approx(max(nets), rel=1e-9)
    assert nets[best["position"] - 1] == pytest.approx(max(nets), rel=1e-9)
    if best["position"] != document["position"]:
        assert best["action"] == "accept_elsewhere"
        assert "Recommendation: accept it " in out and "instead" in out


# ---------------------------------------------------------------- bad input: exit 2, stderr only


BAD = [
    pytest.param(["intake", SAMPLE, "--proposal", "NOPE"], r"'NOPE' is not a proposal", id="intake-unknown"),
    pytest.param(["intake", SAMPLE, "--proposal", "CRM"], r"'CRM' is not a proposal.*ATLAS", id="intake-not-a-proposal"),
    pytest.param(["intake", SAMPLE, "--proposal", "CLZ"], r"'CLZ' is not a proposal", id="intake-done"),
    pytest.param(["intake", SAMPLE], r"the following arguments are required: --proposal", id="intake-no-proposal"),
    pytest.param(["intake", SAMPLE, "--proposal", "ATLAS", "--position", "0"], r"position 0 is out of range", id="position-0"),
    pytest.param(["intake", SAMPLE, "--proposal", "ATLAS", "--position", "two"], r"invalid int value", id="position-word"),
    pytest.param(["optimise", SAMPLE, "--constraint", "NOPE", *FAST], r"no pool 'NOPE'.*DATA", id="optimise-unknown-pool"),
    pytest.param(["optimise", SAMPLE, "--time-limit", "soon"], r"invalid float value", id="optimise-time-word"),
    pytest.param(["constraints"], r"the following arguments are required: source", id="constraints-no-source"),
    pytest.param(["stop-ranking", ROOT / "nowhere"], r"no such file or folder", id="stop-ranking-no-source"),
    pytest.param(["benefits", ROOT / "nowhere"], r"no such file or folder", id="benefits-no-source"),
    pytest.param(["interventions", ROOT / "nowhere"], r"no such file or folder", id="interventions-no-source"),
]


@pytest.mark.parametrize("as_json", [True, False], ids=["json", "text"])
@pytest.mark.parametrize(("argv", "message"), BAD)
def test_bad_input_exits_2_with_a_message_on_stderr_only(capsys, argv, message, as_json):
    code, out, err = call(capsys, *argv, *(["--json"] if as_json else []))

    assert code == 2, err
    assert out == ""
    assert re.search(message, err, re.DOTALL), err
    assert "Traceback" not in err and "internal error" not in err


@pytest.mark.parametrize("command", ["optimise", "constraints", "stop-ranking", "benefits", "interventions", "intake"])
def test_a_bad_scenario_exits_2(capsys, tmp_path, command):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"changes": [{"op": "stop", "project": "NOPE"}]}), encoding="utf-8")
    extra = ["--proposal", "ATLAS"] if command == "intake" else []

    code, out, err = call(capsys, command, SAMPLE, "--scenario", path, *extra, "--json")

    assert (code, out) == (2, "")
    assert "change 1 (stop): no project 'NOPE'" in err


def test_intake_of_a_proposal_the_scenario_already_adds_exits_2(capsys, tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"changes": [{"op": "add", "project": "ATLAS"}]}), encoding="utf-8")

    code, out, err = call(capsys, "intake", SAMPLE, "--scenario", path, "--proposal", "ATLAS", "--json")

    assert (code, out) == (2, "")
    assert "'ATLAS' is not a proposal waiting for intake" in err
    assert "NOVA" in err and "ATLAS, " not in err  # the ones still waiting


def test_a_real_process_prints_json_and_fails_cleanly():
    done = run("constraints", "data/sample", "--json")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.count("\n") == 1 and strict_json(done.stdout)["constraint"] == "DATA"

    done = run("intake", "data/sample", "--proposal", "NOPE", "--json")
    assert (done.returncode, done.stdout) == (2, "")
    assert "'NOPE' is not a proposal" in done.stderr and "Traceback" not in done.stderr
