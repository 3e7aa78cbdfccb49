"""A new drop replaces the earlier files it covers, and the preview's diff of a replacement:
projects added, removed and re-estimated; teams added, removed and renamed."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import vmo_core
from vmo_core.io import uploads
from vmo_core.model.portfolio import Demand, Pool, Project

SAMPLE = vmo_core.load(Path(__file__).resolve().parents[2] / "data" / "sample")


@pytest.mark.parametrize(
    "dropped, used, set_aside",
    [
        (["bad.xlsx", "good.xlsx"], ["good.xlsx"], ["bad.xlsx"]),
        (["projects.csv", "pools.csv", "Projects.CSV"], ["pools.csv", "Projects.CSV"], ["projects.csv"]),
        (["book.xlsx", "pools.csv"], ["pools.csv"], ["book.xlsx"]),
        (["projects.csv", "pools.csv", "book.xlsx"], ["book.xlsx"], ["projects.csv", "pools.csv"]),
        (["book.xlsx", "notes.txt"], ["book.xlsx", "notes.txt"], []),
        (["settings.csv", "pools.csv"], ["settings.csv", "pools.csv"], []),
    ],
)
def test_a_later_drop_replaces_what_it_covers(dropped, used, set_aside):
    files, aside = uploads.latest_files([(name, name.encode()) for name in dropped])
    assert (list(files), aside) == (used, set_aside)
    assert all(files[n] == n.encode() for n in files)


def test_a_corrected_workbook_dropped_after_a_bad_one_is_checked_alone(tmp_path):
    vmo_core.io.export.write_xlsx(SAMPLE, tmp_path / "good.xlsx")
    files, _ = uploads.latest_files([("bad.xlsx", b"not a workbook"), ("good.xlsx", (tmp_path / "good.xlsx").read_bytes())])
    pf, problems = uploads.validate_uploads(files)
    assert problems == []
    assert dataclasses.replace(pf, source="") == dataclasses.replace(SAMPLE, source="")


def changed(**tables):
    return dataclasses.replace(SAMPLE, **{k: tuple(v) for k, v in tables.items()})


def test_nothing_changes_against_itself():
    assert uploads.portfolio_changes(SAMPLE, SAMPLE).nothing


def test_projects_added_removed_and_reestimated():
    crm = next(p for p in SAMPLE.projects if p.id == "CRM")
    new = Project(id="NEWP", status="proposed", duration_weeks=3, value_per_week=10.0)
    projects = [
        dataclasses.replace(p, duration_weeks=16, value_per_week=45_000.0) if p.id == "CRM" else p for p in SAMPLE.projects
    ]
    projects = [p for p in projects if p.id != "DLAKE"] + [new]
    demands = [dataclasses.replace(d, fte=5.0) if (d.project_id, d.pool_id) == ("CRM", "DEV") else d for d in SAMPLE.demands]
    diff = uploads.portfolio_changes(SAMPLE, changed(projects=projects, demands=demands))
    assert [p.id for p in diff.projects_added] == ["NEWP"]
    assert [p.id for p in diff.projects_removed] == ["DLAKE"]
    assert [(r.project.id, r.changes) for r in diff.reestimated] == [
        (
            "CRM",
            (("duration_weeks", 14, 16), ("value_per_week", crm.value_per_week, 45_000.0), ("fte", ("DEV", 4.0), ("DEV", 5.0))),
        )
    ]
    assert (diff.pools_added, diff.pools_removed, diff.pools_renamed) == ((), (), ())


def test_a_team_whose_id_changes_is_renamed_not_removed_and_its_demands_are_not_reestimated():
    rename = {"DATA": "DATAENG"}
    pools = [dataclasses.replace(p, id=rename.get(p.id, p.id)) for p in SAMPLE.pools]
    demands = [dataclasses.replace(d, pool_id=rename.get(d.pool_id, d.pool_id)) for d in SAMPLE.demands]
    diff = uploads.portfolio_changes(SAMPLE, changed(pools=pools, demands=demands))
    assert [(a.id, b.id) for a, b in diff.pools_renamed] == [("DATA", "DATAENG")]
    assert (diff.pools_added, diff.pools_removed, diff.reestimated) == ((), (), ())


def test_a_team_removed_and_one_added_under_another_name():
    pools = [p for p in SAMPLE.pools if p.id != "ANLY"] + [Pool(id="QA", name="Quality", capacity_fte=2.0)]
    demands = [d for d in SAMPLE.demands if d.pool_id != "ANLY"] + [Demand("CRM", "QA", 1.0)]
    diff = uploads.portfolio_changes(SAMPLE, changed(pools=pools, demands=demands))
    assert [p.id for p in diff.pools_removed] == ["ANLY"]
    assert [p.id for p in diff.pools_added] == ["QA"]
    assert diff.pools_renamed == ()
    crm = next(r for r in diff.reestimated if r.project.id == "CRM")
    assert ("fte", ("QA", None), ("QA", 1.0)) in crm.changes
