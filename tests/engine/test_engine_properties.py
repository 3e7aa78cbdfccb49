"""Properties of the engine on random portfolios, and agreement with a naive second reading.

Each side applies the scenario itself: the product through `vmo_core.schedule(pf, scenario)`,
the reference through its own reading of INTERFACES.md (tests/reference_scenario.py).
"""

from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vmo_core
from tests.reference import capacity_at, reference_cost, reference_plan, reference_schedule, reference_value
from tests.reference_scenario import FIELDS
from tests.strategies import portfolios, scenarios
from vmo_core.engine.scenario import plan_for
from vmo_core.engine.valuation import ValueModel

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def plan_and_result(pf, scenario):
    """The reference's plan of the scenario and the product's schedule of it: each applies it on its own."""
    return reference_plan(pf, scenario), vmo_core.schedule(pf, scenario)


@SETTINGS
@given(st.data())
def test_engine_agrees_with_the_naive_reading_of_the_model(data):
    pf = data.draw(portfolios())
    scenario = data.draw(scenarios(pf))
    plan, result = plan_and_result(pf, scenario)
    placed, failed = reference_schedule(plan)
    assert sorted(p.id for p in result.projects) == sorted(plan.order)
    for outcome in result.projects:
        if outcome.id in failed:
            assert outcome.finish_week is None, outcome
            continue
        assert (outcome.start_week, outcome.finish_week) == placed[outcome.id], outcome.id
        project = plan.projects[outcome.id]
        assert outcome.value == pytest.approx(reference_value(pf, project, outcome.finish_week), rel=1e-9, abs=1e-9)
        assert outcome.cost == pytest.approx(reference_cost(plan, outcome.id), rel=1e-12)
    assert set(failed) == {p.id for p in result.unschedulable}


@SETTINGS
@given(st.data())
def test_no_pool_is_over_capacity_in_any_week(data):
    pf = data.draw(portfolios())
    plan, result = plan_and_result(pf, data.draw(scenarios(pf)))
    load = defaultdict(float)
    for p in result.projects:
        if p.scheduled:
            for pool, fte in plan.demands.get(p.id, {}).items():
                for w in range(p.start_week, p.finish_week):
                    load[(pool, w)] += fte
    for (pool, w), used in load.items():
        assert used <= capacity_at(plan, pool, w) + 1e-9, (pool, w)


@SETTINGS
@given(st.data())
def test_every_dependency_holds(data):
    pf = data.draw(portfolios())
    plan, result = plan_and_result(pf, data.draw(scenarios(pf)))
    finish = {p.id: p.finish_week for p in result.projects}
    start = {p.id: p.start_week for p in result.projects}
    for succ, preds in plan.predecessors.items():
        if succ not in start or start[succ] is None:
            continue
        for pred in preds:
            pred_finish = 0 if plan.projects[pred].status == "done" and pred not in finish else finish[pred]
            assert pred_finish is not None and start[succ] >= pred_finish


@SETTINGS
@given(st.data())
def test_value_never_rises_as_the_finish_moves_later(data):
    pf = data.draw(portfolios())
    model = ValueModel(pf.settings)
    for project in pf.projects:
        values = [model.value(project, f) for f in range(1, pf.settings.horizon_weeks + 5)]
        assert all(later <= earlier + 1e-9 for earlier, later in zip(values, values[1:])), project.id


@SETTINGS
@given(st.data())
def test_compare_adds_up(data):
    pf = data.draw(portfolios())
    diff = vmo_core.compare(pf, data.draw(scenarios(pf)))
    assert diff.delay_cost == pytest.approx(-sum(d.value_delta for d in diff.projects))
    base_net = diff.baseline.total_value - diff.baseline.total_cost
    scen_net = diff.scenario.total_value - diff.scenario.total_cost
    assert diff.net_value_change == pytest.approx(scen_net - base_net)
    assert diff.to_dict()["delta"]["delay_cost"] == diff.delay_cost


@settings(max_examples=50, deadline=None)
@given(portfolios())
def test_same_inputs_same_outputs(pf):
    assert vmo_core.schedule(pf).to_dict() == vmo_core.schedule(pf).to_dict()


@SETTINGS
@given(st.data())
def test_the_value_curve_ends_at_the_total_value(data):
    from vmo_core.engine.evaluation import value_curve

    pf = data.draw(portfolios())
    result = vmo_core.schedule(pf, data.draw(scenarios(pf)))
    curve = value_curve(result)
    assert curve[-1] == pytest.approx(result.total_value, rel=1e-9, abs=1e-6)


@SETTINGS
@given(st.data())
def test_the_product_applies_a_scenario_as_the_reference_reads_it(data):
    """List, projects as changed (added, crashed), demands, predecessors, capacity week by week, stops."""
    pf = data.draw(portfolios())
    scenario = data.draw(scenarios(pf))
    product, reference = plan_for(pf, scenario), reference_plan(pf, scenario)
    assert product.order == reference.order
    assert (product.added, product.stopped) == (reference.added, reference.stopped)
    assert [product.in_flight(p) for p in product.order] == [reference.in_flight(p) for p in reference.order]
    assert set(product.projects) == set(reference.projects)
    for project_id, mine in reference.projects.items():
        theirs = product.projects[project_id]
        assert {name: getattr(theirs, name) for name in FIELDS} == {name: getattr(mine, name) for name in FIELDS}, project_id
        assert product.demands.get(project_id, {}) == reference.demands[project_id], project_id
        assert tuple(product.predecessors.get(project_id, ())) == reference.predecessors.get(project_id, ())
    assert set(product.capacity) == set(reference.capacity)
    for pool in reference.capacity:
        weeks = range(-5, pf.settings.horizon_weeks + 30)
        assert [product.capacity[pool].at(w) for w in weeks] == [capacity_at(reference, pool, w) for w in weeks], pool
