"""Interventions: each one worth what its own scenario says."""

import pytest

import vmo_core
from tests.tools import UNCLOCKED
from vmo_core.decisions import interventions as interventions_module
from vmo_core.decisions.best import budget
from vmo_core.decisions.interventions import interventions
from vmo_core.decisions.sequencing import optimise
from vmo_core.engine.evaluation import evaluated_plan


def test_each_intervention_is_worth_what_its_own_scenario_says():
    pf = vmo_core.load("data/sample")
    listed = interventions(pf).interventions  # the re-sequencing search: its budget ends it
    assert listed and {i.action for i in listed} <= {"stop", "accelerate", "resequence", "add_capacity"}
    assert [i.net_value_change for i in listed] == sorted((i.net_value_change for i in listed), reverse=True)
    for item in listed:
        diff = vmo_core.compare(pf, {"changes": list(item.changes)})  # a hire's cost is inside it: its capacity cost
        assert item.net_value_change == pytest.approx(diff.net_value_change, rel=1e-12)
        assert item.net_value_change > 0
        assert set(item.moves) == {d.id for d in diff.projects if d.finish_delta_weeks != 0}


def test_a_large_plan_weighs_only_the_stops_that_free_most_soonest_and_the_moves_worth_most_a_week(monkeypatch):
    pf = vmo_core.load("data/sample")
    plan, base = evaluated_plan(pf)
    monkeypatch.setattr(interventions_module, "CANDIDATE_PLACEMENTS", 5 * len(plan.order))  # 5 of each kind
    monkeypatch.setattr(interventions_module, "TO_FRONT_PLACEMENTS", 5 * len(plan.order) ** 2)
    found = interventions_module.plain_found(plan, base)
    stops = [i.target for i in found if i.action == "stop"]
    fronts = [i.target for i in found if i.action == "accelerate" and i.changes[0]["to_front"]]

    def freed_soon(o):  # FTE-weeks over 1 + the start week
        fte = sum(plan.demands.get(o.id, {}).values())
        return 0.0 if o.start_week is None else fte * plan.projects[o.id].duration_weeks / (1 + o.start_week)

    by_freed = sorted(base.projects, key=lambda o: -freed_soon(o))  # ties: the plan's order
    assert stops == [o.id for o in base.projects if o in by_freed[:5]]
    firsts = {next(p for p in plan.order if plan.in_flight(p) == flight) for flight in (True, False)}
    movable = [p for p in plan.order if p not in firsts]
    by_value = sorted(movable, key=lambda p: -plan.projects[p].value_per_week)
    assert fronts == [p for p in movable if p in by_value[:5]]
    monkeypatch.setattr(interventions_module, "CANDIDATE_PLACEMENTS", len(base.projects) * len(plan.order))
    monkeypatch.setattr(interventions_module, "TO_FRONT_PLACEMENTS", len(base.projects) * len(plan.order) ** 2)
    everything = interventions_module.plain_found(plan, base)
    assert len([i for i in everything if i.action == "stop"]) == len(base.projects)


def test_the_re_sequencing_is_the_optimisers_order_for_the_best_orders_budget_whatever_the_clock():
    # ended by its evaluation budget (seed 0), never by the clock: the same answer on any machine
    pf = vmo_core.load("data/sample")
    plan, _ = evaluated_plan(pf)
    listed = [i for i in interventions(pf, limit=100).interventions if i.action == "resequence"]
    assert listed, "the sample's order can be improved"
    best = optimise(pf, evaluations=budget(len(plan.order)), time_limit=UNCLOCKED, seed=0)
    assert listed[0].changes[0]["order"] == list(best.order)
    assert listed[0].label == "Put the work in the best order found"
    assert listed == [i for i in interventions(pf, limit=100).interventions if i.action == "resequence"]
