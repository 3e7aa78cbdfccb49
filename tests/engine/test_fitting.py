"""Saved scenarios tried on a new portfolio: those that no longer fit it are named, with why."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import vmo_core
from vmo_core.engine.fitting import Misfit, misfits

SAMPLE = vmo_core.load(Path(__file__).resolve().parents[2] / "data" / "sample")
SAVED = [
    {"name": "More data people", "changes": [{"op": "capacity", "pool": "DATA", "capacity_fte": 9}]},
    {"name": "Stop CRM", "changes": [{"op": "stop", "project": "CRM"}]},
]


def test_every_saved_scenario_fits_the_portfolio_it_was_made_on():
    assert misfits(SAMPLE, SAVED) == []


def test_a_scenario_naming_a_team_that_is_gone_is_named_with_the_reason():
    pools = tuple(dataclasses.replace(p, id="DATAENG") if p.id == "DATA" else p for p in SAMPLE.pools)
    demands = tuple(dataclasses.replace(d, pool_id="DATAENG") if d.pool_id == "DATA" else d for d in SAMPLE.demands)
    renamed = dataclasses.replace(SAMPLE, pools=pools, demands=demands)
    assert misfits(renamed, SAVED) == [
        Misfit("More data people", "change 1 (capacity): no pool 'DATA' in the portfolio (did you mean 'DATAENG'?)")
    ]


def test_a_scenario_stopping_a_project_that_is_done_no_longer_fits():
    projects = tuple(dataclasses.replace(p, status="done") if p.id == "CRM" else p for p in SAMPLE.projects)
    (found,) = misfits(dataclasses.replace(SAMPLE, projects=projects), SAVED)
    assert found.name == "Stop CRM"
    assert "CRM" in found.problem


def test_no_suggestion_when_no_id_is_near():
    pools = tuple(dataclasses.replace(p, id="ZZZ") if p.id == "DATA" else p for p in SAMPLE.pools)
    demands = tuple(dataclasses.replace(d, pool_id="ZZZ") if d.pool_id == "DATA" else d for d in SAMPLE.demands)
    (found,) = misfits(dataclasses.replace(SAMPLE, pools=pools, demands=demands), SAVED)
    assert found.problem == "change 1 (capacity): no pool 'DATA' in the portfolio"
