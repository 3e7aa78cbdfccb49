"""What the command-line tests share: calling `main` in-process or a real process, strict
JSON, and the decision commands with the arguments they are tested with."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.tools import UNCLOCKED
from vmo_core.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
FAST = ["--time-limit", str(UNCLOCKED), "--evaluations", "2000"]  # optimise: quick, and ended by the budget alone


def run(*args) -> subprocess.CompletedProcess:
    """`python -m vmo_core ARGS` in a real process, from the project folder."""
    return subprocess.run(
        [sys.executable, "-m", "vmo_core", *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


# (argv after the command and SOURCE, the keys INTERFACES.md promises)
COMMANDS = {
    "optimise": (FAST, {"order", "total_value", "baseline_total_value"}),
    "constraints": ([], {"constraint", "pools"}),
    "intake": (["--proposal", "ATLAS"], {"proposal", "own_value", "delay_cost", "net_value_change", "delayed"}),
    "intake-at-1": (["--proposal", "ATLAS", "--position", "1"], {"proposal", "own_value", "delay_cost", "net_value_change"}),
    "stop-ranking": ([], {"projects"}),
    "benefits": ([], {"projects"}),
    "interventions": ([], {"interventions"}),
}


def argv_of(name: str, source=SAMPLE) -> list[str]:
    extra, _ = COMMANDS[name]
    return [name.removesuffix("-at-1"), str(source), *extra]


def call(capsys, *args) -> tuple[int, str, str]:
    """`main(ARGS)` in this process: (exit code, stdout, stderr)."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _no_constants(name: str):
    raise ValueError(f"{name} is not a plain JSON number")


def strict_json(text: str):
    """One JSON document, with NaN and Infinity refused (json.loads accepts them by default)."""
    return json.loads(text, parse_constant=_no_constants)


def json_of(capsys, *args) -> dict:
    code, out, err = call(capsys, *args, "--json")
    assert (code, err) == (0, ""), err
    assert out.endswith("\n") and out.count("\n") == 1, "one document on one line, nothing else"
    document = strict_json(out)
    assert isinstance(document, dict)
    return document


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_week(value) -> bool:
    return value is None or type(value) is int


def scheduled_ids(pf) -> list[str]:
    return [p.id for p in pf.projects if p.status in ("active", "approved")]
