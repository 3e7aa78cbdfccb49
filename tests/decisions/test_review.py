"""Going back to an earlier plan, and the review's waterfall steps (vmo_core/decisions/review.py)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vmo_core
from tests.strategies import portfolios, scenarios
from vmo_core.decisions.review import going_back, people_cost, review_steps
from vmo_core.decisions.slips import changes

DATA = Path(__file__).resolve().parents[2] / "data"
SAMPLE = vmo_core.load(DATA / "sample")
EARLIER = vmo_core.load(DATA / "history" / "2026-11-09")


def test_going_back_after_an_adoption_predicts_the_adoption_undone():
    scenario = {"name": "Stop DQ", "changes": [{"op": "stop", "project": "DQ"}]}
    diff = vmo_core.compare(SAMPLE, scenario)
    record = going_back(vmo_core.adopt(SAMPLE, scenario), SAMPLE, name="Back")
    assert record["name"] == "Back" and record["scenario"] == {"name": "Back", "changes": []}
    assert record["predicted_net_value_change"] == pytest.approx(-diff.net_value_change, rel=1e-12)
    # every project the stop moved moves back, to the date the plan before it gave
    before = vmo_core.schedule(SAMPLE).to_dict()["projects"]
    dates = {p["id"]: p for p in before}
    assert sorted(p["id"] for p in record["predicted"]) == sorted(diff.moved)
    assert [p["id"] for p in record["added"]] == ["DQ"]  # stopped by the adoption: back on the list
    assert all(p["predicted_finish"] is not None for p in record["predicted"])
    assert set(dates) >= {p["id"] for p in record["predicted"]}


def test_going_back_gives_up_the_people_an_adoption_hired():
    # one more Data Engineering FTE from the as-of date, for good: 156 weeks at its cost per FTE-week
    scenario = {"changes": [{"op": "capacity", "pool": "DATA", "capacity_fte": SAMPLE.pool_index["DATA"].capacity_fte + 1}]}
    adopted = vmo_core.adopt(SAMPLE, scenario)
    rate = SAMPLE.pool_index["DATA"].cost_per_fte_week
    assert people_cost(adopted, SAMPLE) == pytest.approx(-rate * SAMPLE.settings.horizon_weeks)
    record = going_back(adopted, SAMPLE, name="Back")
    assert record["predicted_net_value_change"] == pytest.approx(-vmo_core.compare(SAMPLE, scenario).net_value_change)


def test_going_back_to_the_plan_in_force_changes_nothing():
    record = going_back(SAMPLE, SAMPLE, name="Same")
    assert record["predicted_net_value_change"] == 0 and record["predicted"] == [] and record["added"] == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_going_back_predicts_the_opposite_of_the_adoption_it_undoes(data):
    pf = data.draw(portfolios())
    scenario = data.draw(scenarios(pf))
    diff = vmo_core.compare(pf, scenario)
    record = going_back(vmo_core.adopt(pf, scenario), pf, name="Back")
    assert math.isclose(record["predicted_net_value_change"], -diff.net_value_change, rel_tol=1e-9, abs_tol=1e-6)


def test_the_waterfall_steps_add_up_from_the_value_then_to_the_value_now():
    found = changes(EARLIER, SAMPLE)
    steps = review_steps(found)
    assert [s for s, _ in steps] == ["before", "delayed", "reestimated", "horizon", "entered", "delivered", "left", "after"]
    amounts = dict(steps)
    assert amounts["before"] == found.before.total_value and amounts["after"] == found.after.total_value
    assert math.fsum(a for s, a in steps if s != "after") == pytest.approx(amounts["after"], rel=1e-12)
    bridge = dict(found.bridge)
    assert amounts["reestimated"] + amounts["horizon"] == pytest.approx(bridge["revalued"], rel=1e-12)
    # what left the plan, told apart: delivered (Meter Reading Ingest, done) and stopped (Blockchain pilot)
    assert amounts["delivered"] + amounts["left"] == pytest.approx(bridge["left"], rel=1e-12)
    assert amounts["delivered"] == -next(x.before_value for x in found.left if x.status == "done")
    assert amounts["left"] == -next(x.before_value for x in found.left if x.status == "stopped")
    # re-estimated: Predictive Asset Maintenance (£60,000 -> £65,000 a week) and Data Quality (£16,000 -> £14,000)
    again = {r.id for r in found.reestimated}
    assert again == {"PAM", "DQ"}
    assert amounts["reestimated"] == math.fsum(s.revalued for s in found.projects if s.id in again)
