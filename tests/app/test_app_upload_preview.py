"""The Data page's preview of a replacement, as people read it (vmo_app.files.change_lines)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import vmo_core
from vmo_app import files
from vmo_core.model.portfolio import Pool

SAMPLE = vmo_core.load(Path(__file__).resolve().parents[2] / "data" / "sample")


def test_nothing_to_say_when_nothing_changes():
    assert files.change_lines(SAMPLE, SAMPLE) == []


def test_each_change_is_one_line_in_names_and_money():
    projects = [
        dataclasses.replace(p, duration_weeks=16, value_per_week=45_000.0) if p.id == "CRM" else p for p in SAMPLE.projects
    ]
    projects = [p for p in projects if p.id != "DLAKE"]
    pools = [dataclasses.replace(p, id="DATAENG") if p.id == "DATA" else p for p in SAMPLE.pools] + [Pool("QA", 2.0, "Quality")]
    demands = [dataclasses.replace(d, pool_id="DATAENG") if d.pool_id == "DATA" else d for d in SAMPLE.demands]
    demands = [dataclasses.replace(d, fte=5.0) if (d.project_id, d.pool_id) == ("CRM", "DEV") else d for d in demands]
    demands = [d for d in demands if d.project_id != "DLAKE"]
    new = dataclasses.replace(SAMPLE, projects=tuple(projects), pools=tuple(pools), demands=tuple(demands))
    assert files.change_lines(SAMPLE, new) == [
        "Projects removed (1): Operational Data Lake (DLAKE).",
        "Teams added (1): Quality (QA).",
        "Team Data Engineering: its id DATA becomes DATAENG.",
        "Re-estimated: Customer CRM Replacement: 14 to 16 weeks; value a week £42,000 to £45,000; "
        "Software Development 4 to 5 FTE.",
    ]
