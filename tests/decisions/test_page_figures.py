"""The figures the app's pages show, computed in the core: team load, the orders compared
project by project, proposals waiting for intake, the cost of a week of delay, and which
projects a scenario delivers later. Small cases worked by hand, then the sample."""

from pathlib import Path

import numpy as np
import pytest

import vmo_core
from tests.builders import make_portfolio
from tests.tools import UNCLOCKED
from vmo_core.decisions.constraints import constraints
from vmo_core.decisions.delay import delay_costs
from vmo_core.decisions.load import team_load
from vmo_core.decisions.orders import order_comparison
from vmo_core.decisions.sequencing import optimise
from vmo_core.decisions.waiting import waiting_proposals
from vmo_core.engine.ranks import cd3_order
from vmo_core.engine.scenario import apply_scenario
from vmo_core.model.plan import baseline_plan

SAMPLE = vmo_core.load(Path(__file__).resolve().parents[2] / "data" / "sample")


def two_on_one_team(**extra):
    # TEAM 1 FTE, H = 10, no discounting. A (priority 1) then B, 2 weeks each at 1 FTE of TEAM.
    # A: v = 10 a week; B: v = 30. Today: A lands 2 (10 x 8 = 80), B lands 4 (30 x 6 = 180): 260.
    return make_portfolio(
        [
            {"id": "A", "duration_weeks": 2, "value_per_week": 10.0, "demands": {"TEAM": 1}},
            {"id": "B", "duration_weeks": 2, "value_per_week": 30.0, "demands": {"TEAM": 1}},
        ],
        horizon=10,
        **extra,
    )


# ---------------------------------------------------------------- team load


def test_team_load_is_the_fte_in_use_and_the_capacity_week_by_week_in_the_reports_order():
    # A 0-2 on TEAM; B 2-4 on TEAM and 2 FTE of OTHER. OTHER has 3 FTE, 2 from week 3.
    # TEAM holds value back (B would land at 2 with one more FTE), OTHER does not: TEAM first.
    pf = make_portfolio(
        [
            {"id": "A", "duration_weeks": 2, "value_per_week": 10.0, "demands": {"TEAM": 1}},
            {"id": "B", "duration_weeks": 2, "value_per_week": 30.0, "demands": {"TEAM": 1, "OTHER": 2}},
        ],
        pools={"OTHER": 3, "TEAM": 1},
        capacity_changes=[("OTHER", 3, 2.0)],
        horizon=10,
    )
    report = constraints(pf)
    assert [p.id for p in report.pools] == ["TEAM", "OTHER"]
    load = team_load(baseline_plan(pf), report)
    assert load.pools == ("TEAM", "OTHER") and load.names == ("TEAM", "OTHER")
    assert load.weeks == 4  # to the last finish
    assert load.load.tolist() == [[1, 1, 1, 1], [0, 0, 2, 2]]
    assert load.capacity.tolist() == [[1, 1, 1, 1], [3, 3, 3, 2]]
    flipped = load.flipped()
    assert flipped.pools == ("OTHER", "TEAM")
    assert flipped.load.tolist() == [[0, 0, 2, 2], [1, 1, 1, 1]]
    assert flipped.capacity.tolist() == [[3, 3, 3, 2], [1, 1, 1, 1]]


def test_team_load_on_the_sample_peaks_where_the_constraint_report_says():
    report = constraints(SAMPLE)
    load = team_load(baseline_plan(SAMPLE), report)
    assert load.names == tuple(p.name for p in report.pools)
    assert load.names[0] == "Data Engineering"  # the sample's bottleneck, first
    assert load.load.max(axis=1).tolist() == [p.peak_load for p in report.pools]
    assert load.capacity[:, 0].tolist() == [p.capacity_fte for p in report.pools]
    # every FTE-week of work scheduled is in the load: demand x weeks over the delivered projects
    plan = baseline_plan(SAMPLE)
    delivered = [o for o in vmo_core.schedule(SAMPLE).projects if o.scheduled]
    fte_weeks = sum(sum(plan.demands[o.id].values()) * (o.finish_week - o.start_week) for o in delivered)
    assert load.load.sum() == pytest.approx(fte_weeks)
    assert load.weeks == max(o.finish_week for o in delivered)


# ---------------------------------------------------------------- the orders compared


def test_the_orders_compared_project_by_project():
    # CD3: A 10 / 2 = 5, B 30 / 2 = 15, so CD3 puts B first: B lands 2 (240), A lands 4 (60): 300.
    # Per FTE-week of TEAM: A 10 / (1 x 2) = 5, B 15. OTHER is used by neither.
    pf = two_on_one_team(pools={"TEAM": 1, "OTHER": 2})
    plan = baseline_plan(pf)
    current = vmo_core.schedule(pf)
    view = order_comparison(plan, current, pool="TEAM")
    assert current.total_value == pytest.approx(260.0)
    assert view.by_cd3.total_value == pytest.approx(300.0)
    assert [(p.id, p.place, p.cd3, p.cd3_place, p.constraint_rank, p.finish_week) for p in view.projects] == [
        ("A", 1, 5.0, 2, 5.0, 2),
        ("B", 2, 15.0, 1, 15.0, 4),
    ]
    assert view.best is None and view.optimised is None and view.leaders == ()
    assert all(p.optimised_place is None and p.optimised_finish_week is None for p in view.projects)
    assert [p.constraint_rank for p in order_comparison(plan, current, pool="OTHER").projects] == [None, None]
    assert [p.constraint_rank for p in order_comparison(plan, current).projects] == [None, None]


def test_with_the_optimisers_answer_each_project_has_its_place_and_delivery_in_the_best_order():
    pf = two_on_one_team()
    best = optimise(pf, evaluations=2_000, time_limit=UNCLOCKED)
    assert best.order == ("B", "A") and best.proven_best  # two orders: 260 or 300
    assert best.value_unlocked == pytest.approx(40.0)
    view = order_comparison(baseline_plan(pf), vmo_core.schedule(pf), best=best)
    assert view.optimised.total_value == pytest.approx(300.0)
    assert [(p.id, p.optimised_place, p.optimised_finish_week) for p in view.projects] == [("A", 2, 4), ("B", 1, 2)]
    assert [(p.id, p.optimised_place) for p in view.leaders] == [("B", 1), ("A", 2)]


def test_an_optimised_order_that_unlocks_nothing_has_places_but_no_second_schedule():
    # B is first already and CD3 agrees: nothing to unlock.
    pf = make_portfolio(
        [
            {"id": "B", "duration_weeks": 2, "value_per_week": 30.0, "demands": {"TEAM": 1}},
            {"id": "A", "duration_weeks": 2, "value_per_week": 10.0, "demands": {"TEAM": 1}},
        ],
        horizon=10,
    )
    best = optimise(pf, evaluations=2_000, time_limit=UNCLOCKED)
    assert best.value_unlocked == pytest.approx(0.0)
    view = order_comparison(baseline_plan(pf), vmo_core.schedule(pf), best=best)
    assert view.optimised is None and view.leaders == ()
    assert [p.optimised_place for p in view.projects] == [1, 2]


def test_the_sample_in_cd3_order_is_the_schedule_of_that_sequence():
    plan = baseline_plan(SAMPLE)
    current = vmo_core.schedule(SAMPLE)
    view = order_comparison(plan, current, pool="DATA")
    in_cd3 = vmo_core.schedule(SAMPLE, {"changes": [{"op": "sequence", "order": cd3_order(plan)}]})
    assert view.by_cd3.total_value == in_cd3.total_value
    dlake = view.projects[0]
    assert (dlake.id, dlake.in_flight) == ("DLAKE", True)
    assert dlake.cd3 == 18_000 / 12  # value a week / weeks of work
    assert dlake.constraint_rank == 18_000 / (plan.demands["DLAKE"]["DATA"] * 12)
    assert sorted(p.cd3_place for p in view.projects) == list(range(1, len(plan.order) + 1))


# ---------------------------------------------------------------- proposals waiting for intake


def test_proposals_waiting_and_where_cd3_puts_each():
    # A is in flight (CD3 5), B approved (CD3 15). P: CD3 40 / 2 = 20, above B: 2nd, after the work in flight.
    # Q: CD3 1 / 4 = 0.25, below everything: 3rd, the end of the list.
    pf = make_portfolio(
        [
            {"id": "A", "status": "active", "duration_weeks": 2, "value_per_week": 10.0, "demands": {"TEAM": 1}},
            {"id": "B", "duration_weeks": 2, "value_per_week": 30.0, "demands": {"TEAM": 1}},
            {"id": "P", "name": "Pilot", "status": "proposed", "duration_weeks": 2, "value_per_week": 40.0},
            {"id": "Q", "status": "proposed", "duration_weeks": 4, "value_per_week": 1.0},
            {"id": "D", "status": "done", "duration_weeks": 1},
        ],
        horizon=10,
    )
    plan = baseline_plan(pf)
    found = waiting_proposals(plan)
    assert [(p.id, p.name, p.cd3_place) for p in found.waiting] == [("P", "Pilot", 2), ("Q", "Q", 3)]
    assert found.last_place == 3 and found.ids == ["P", "Q"] and found.get("Q").cd3_place == 3
    accepted = waiting_proposals(apply_scenario(plan, {"changes": [{"op": "add", "project": "P"}]}))
    assert accepted.ids == ["Q"] and accepted.last_place == 4


def test_the_cd3_place_is_where_intake_puts_a_proposal_on_the_sample():
    from vmo_core.decisions.intake import intake

    found = waiting_proposals(baseline_plan(SAMPLE))
    assert found.ids == ["ATLAS", "NOVA", "HYDRO", "CYBRX"]
    for proposal in found.waiting:
        assert intake(SAMPLE, proposal.id).chosen.position == proposal.cd3_place


# ---------------------------------------------------------------- a week of delay


def test_a_week_of_delay_costs_a_weeks_value_without_discounting():
    # A lands 2, B lands 4 (H = 10, r = 0): one more week costs each its value a week: A 10, B 30.
    costs = delay_costs(vmo_core.schedule(two_on_one_team()))
    assert [(p.id, p.finish_week, p.cost) for p in costs.projects] == [("B", 4, 30.0), ("A", 2, 10.0)]
    assert costs.per_week == 40.0
    assert [p.id for p in costs.costliest(1)] == ["B"]


def test_the_samples_costliest_week_of_delay():
    result = vmo_core.schedule(SAMPLE)
    costs = delay_costs(result)
    delivered = [o.id for o in result.projects if o.scheduled]
    assert sorted(p.id for p in costs.projects) == sorted(delivered)
    assert [p.cost for p in costs.projects] == sorted((p.cost for p in costs.projects), reverse=True)
    assert costs.projects[0].id == "REGRPT"  # a regulatory deadline: a week late costs its penalty
    assert costs.per_week == pytest.approx(sum(p.cost for p in costs.projects))


# ---------------------------------------------------------------- delivered later


def test_delivered_later_names_the_projects_a_scenario_pushes_back_or_drops():
    pf = two_on_one_team()
    to_front = vmo_core.compare(pf, {"changes": [{"op": "accelerate", "project": "B"}]})
    assert to_front.delivered_later == ("A",)  # B 4 -> 2, A 2 -> 4
    assert vmo_core.compare(pf, {"changes": [{"op": "stop", "project": "A"}]}).delivered_later == ()  # B sooner
    nobody = vmo_core.compare(pf, {"changes": [{"op": "capacity", "pool": "TEAM", "capacity_fte": 0}]})
    assert nobody.delivered_later == ("A", "B")  # neither can be scheduled with no one


def test_delivered_later_on_the_sample():
    diff = vmo_core.compare(SAMPLE, {"changes": [{"op": "add", "project": "ATLAS"}]})
    later = [d.id for d in diff.projects if d.finish_delta_weeks and d.finish_delta_weeks > 0]
    assert diff.delivered_later == tuple(later) and later
    assert np.all([diff.scenario.by_id[p].finish_week > diff.baseline.by_id[p].finish_week for p in later])
