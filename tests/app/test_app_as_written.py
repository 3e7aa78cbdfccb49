"""The Portfolio page on a plan that carries its dates: how many projects cannot start when planned
and the value that delays, as the core says (vmo_core/decisions/as_written.py); nothing of it
on a plan without dates."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import vmo_core
from tests.app.support import headline, on, shown
from tests.cli_support import SAMPLE
from vmo_core.decisions.as_written import plan_as_written
from vmo_core.present.as_written import describe_plan_as_written
from vmo_core.present.format import money_short

APP = str(Path(__file__).resolve().parents[2] / "app.py")
LABEL = "Plan as written: value delayed"


def everything_planned_now(folder: Path) -> Path:
    """The sample with every active and approved project written to start on the as-of date."""
    shutil.copytree(SAMPLE, folder)
    path = folder / "projects.csv"
    with path.open(newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = [*reader.fieldnames, "planned_start"], list(reader)
    for row in rows:
        row["planned_start"] = "2026-11-30" if row["status"] in ("active", "approved") else ""
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return folder


def opened(source: Path, tmp_path, monkeypatch) -> AppTest:
    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))
    monkeypatch.setenv("VMO_SAMPLE", str(source))
    return on(AppTest.from_file(APP, default_timeout=120).run(), "portfolio.py")


def said(app: AppTest) -> str:
    return "\n".join(shown(m.value) for m in app.markdown)


def test_a_plan_written_to_start_everything_now_shows_what_capacity_delays(tmp_path, monkeypatch):
    source = everything_planned_now(tmp_path / "dated")
    gap = plan_as_written(vmo_core.load(source))
    assert len(gap.late) > 10 and gap.value_delayed > 0
    app = opened(source, tmp_path, monkeypatch)
    assert headline(app)[LABEL] == money_short(gap.value_delayed, "GBP")
    assert describe_plan_as_written(gap, "GBP") in said(app)
    assert f"{len(gap.late)} projects cannot start when planned" in said(app)
    assert "Cannot start when planned" in [shown(s.value) for s in app.subheader]


@pytest.mark.parametrize("source", [SAMPLE])
def test_a_plan_without_dates_says_nothing_of_it(source, tmp_path, monkeypatch):
    app = opened(source, tmp_path, monkeypatch)
    assert LABEL not in headline(app)
    assert "when planned" not in said(app)
