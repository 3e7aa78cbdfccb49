"""Every command prints names as text (issue 25, findings 7, 14 and 15): with a portfolio whose
names hold line breaks, tabs, NUL, a terminal's escape sequences, direction overrides and
200-character names, every command is exit 0 in text and in JSON, and nothing it prints is an
instruction to a terminal; a message that echoes raw text (a path) is made safe as it is printed.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.cli_support import FAST, SAMPLE, call, strict_json
from tests.names_support import hostile_folder
from vmo_core.cli.terminal import json_text, terminal_safe


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return hostile_folder(tmp_path_factory.mktemp("names") / "pf")


# what a terminal acts on: ESC and every other C0 control but a line break and a tab, DEL, C1, direction controls
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def commands(source, tmp_path) -> dict[str, list]:
    scenario, db = source.parent / "s.json", tmp_path / "vmo.duckdb"
    return {
        "schedule": ["schedule", source],
        "compare": ["compare", source, "--scenario", scenario],
        "optimise": ["optimise", source, *FAST],
        "constraints": ["constraints", source],
        "intake": ["intake", source, "--proposal", "ATLAS"],
        "stop-ranking": ["stop-ranking", source],
        "benefits": ["benefits", source],
        "interventions": ["interventions", source],
        "forecast": ["forecast", source, "--runs", "50", "--seed", "1"],
        "changes": ["changes", SAMPLE, source],
        "import": ["import", source, "--db", db, "--note", "a note\x1b[2J\x00"],
        "snapshots": ["snapshots", "--db", db],
        "adopt": ["adopt", "--db", db, "--scenario", scenario, "--by", "Board\x1b[5m"],
        "decisions": ["decisions", "--db", db],
    }


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_every_command_prints_hostile_names_as_text(hostile, tmp_path, capsys, as_json):
    for name, argv in commands(hostile, tmp_path).items():
        code, out, err = call(capsys, *argv, *(["--json"] if as_json else []))
        assert code == 0, (name, err)
        assert UNSAFE.findall(out + err) == [], (name, UNSAFE.findall(out + err))
        if as_json:
            strict_json(out)
        if name == "schedule" and not as_json:
            assert "Alpha Beta" in out and "Red alert" in out
        if name == "decisions" and as_json:
            assert strict_json(out)["decisions"][0]["name"] == "Accept Atlas"


def test_a_message_that_echoes_a_path_is_printed_as_text(tmp_path, capsys):
    source = tmp_path / "pf\x1b[2J\x1b]0;title\x07\u202egnp"
    code, out, err = call(capsys, "schedule", source)
    assert code == 2 and "no such file" in err
    assert UNSAFE.findall(out + err) == [] and "pfgnp" in err


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("\x1b[31mred\x1b[0m", "red"),
        ("a\x00b\x07c\x7fd\x9b2Je", "abcde"),
        ("tab\tand\nline", "tab\tand\nline"),
        ("\rsearching [###]", "\rsearching [###]"),  # the optimiser's progress bar redraws its line
        ("mid\rline", "midline"),
        ("\u202eevil\u2066", "evil"),
    ],
)
def test_terminal_safe_text(text, printed):
    assert terminal_safe(text) == printed


def test_json_escapes_what_a_terminal_acts_on_and_reads_back_the_same():
    document = {"name": "a\x9b31m\u202eb\u2028c\x1b", "n": 1}
    text = json_text(document)
    assert UNSAFE.findall(text) == [] and "\u2028" not in text and json.loads(text) == document
