"""The sample portfolio's figures against committed JSON, updated on purpose only.

Regenerate after an intended change to the model or the sample with:
    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/engine/test_golden.py
and say in the commit why the figures moved.
"""

import json
import os
from pathlib import Path

import pytest

import vmo_core

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"


def check(name: str, document: dict) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert _close(json.loads(json.dumps(document)), expected)


def _close(actual, expected, where="") -> bool:
    if isinstance(expected, dict):
        assert isinstance(actual, dict) and actual.keys() == expected.keys(), where
        return all(_close(actual[k], expected[k], f"{where}.{k}") for k in expected)
    if isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), where
        return all(_close(a, e, f"{where}[{i}]") for i, (a, e) in enumerate(zip(actual, expected)))
    if isinstance(expected, float):
        assert actual == pytest.approx(expected, rel=1e-9, abs=1e-6), where
        return True
    assert actual == expected, where
    return True


@pytest.fixture(scope="module")
def sample():
    return vmo_core.load(ROOT / "data" / "sample")


def test_sample_schedule(sample):
    check("sample_schedule.json", vmo_core.schedule(sample).to_dict())


def test_sample_reference_scenario(sample):
    scenario = json.loads((ROOT / "data" / "scenarios" / "accept-atlas.json").read_text(encoding="utf-8"))
    check("sample_accept_atlas.json", vmo_core.compare(sample, scenario).to_dict())
