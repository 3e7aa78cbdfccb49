"""What the hostile-input tests of the loaders share: a small valid portfolio to break one
file of, the problems a load reports, and strict JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vmo_core.errors import ValidationError
from vmo_core.io.loading import load

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"

SETTINGS = "key,value\nas_of,2027-01-04\n"
POOLS = "id,capacity_fte,cost_per_fte_week\nDEV,5,1000\n"
PROJECTS = "id,status,duration_weeks,value_per_week\nA,approved,4,1000\nB,proposed,2,500\n"
DEMANDS = "project_id,pool_id,fte\nA,DEV,2\nB,DEV,1\n"
BASE = {"settings": SETTINGS, "pools": POOLS, "projects": PROJECTS, "demands": DEMANDS}


def folder(path: Path, **files: str | bytes) -> Path:
    """A small valid portfolio with some files replaced (keyword = file name without .csv)."""
    path.mkdir(parents=True, exist_ok=True)
    for name, content in {**BASE, **files}.items():
        target = path / f"{name}.csv"
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8", newline="")
    return path


def problems_of(source: Path) -> list[str]:
    with pytest.raises(ValidationError) as info:
        load(source)
    return [str(p) for p in info.value.problems]


def strict_json(document) -> str:
    return json.dumps(document, allow_nan=False)
