"""Interventions: each one worth what its own scenario says."""

import pytest

import vmo_core
from tests.tools import UNCLOCKED
from vmo_core.decisions.interventions import interventions


def test_each_intervention_is_worth_what_its_own_scenario_says():
    pf = vmo_core.load("data/sample")
    listed = interventions(pf, search_seconds=UNCLOCKED).interventions  # the re-sequencing search: its budget ends it
    assert listed and {i.action for i in listed} <= {"stop", "accelerate", "resequence", "add_capacity"}
    assert [i.net_value_change for i in listed] == sorted((i.net_value_change for i in listed), reverse=True)
    for item in listed:
        diff = vmo_core.compare(pf, {"changes": list(item.changes)})  # a hire's cost is inside it: its capacity cost
        assert item.net_value_change == pytest.approx(diff.net_value_change, rel=1e-12)
        assert item.net_value_change > 0
        assert set(item.moves) == {d.id for d in diff.projects if d.finish_delta_weeks != 0}
