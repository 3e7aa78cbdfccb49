"""Capacity costs money (ECONOMICS.md, "Comparing a scenario with the baseline"), worked by hand.

    capacity_cost = sum over pools of cost_per_fte_week * sum_{w=0}^{H-1} (cap_scen(w) - cap_base(w))

undiscounted; negative when people are taken away; the baseline's own capacity and planned
changes are not counted. The scenario's total cost includes it, so its net value change does;
and one hire has one net figure: the What-if's, the Constraint page's and the intervention's.
"""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vmo_core
from tests.builders import make_portfolio, week
from tests.reference_scenario import reference_plan
from tests.strategies import portfolios, scenarios
from vmo_core.decisions.constraints import constraints
from vmo_core.decisions.interventions import interventions
from vmo_core.engine.scenario import plan_for
from vmo_core.engine.valuation import capacity_cost
from vmo_core.forecast.montecarlo import forecast
from vmo_core.model.plan import CapacityLine

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def one_pool(*, capacity=2.0, changes=(), horizon=52, projects=None):
    """TEAM at £1,000 an FTE-week; by default one small project that more people do not move."""
    projects = projects or [{"id": "A", "duration_weeks": 2, "value_per_week": 100.0, "demands": {"TEAM": 1}}]
    return make_portfolio(
        projects, pools={"TEAM": capacity}, costs={"TEAM": 1000.0}, capacity_changes=list(changes), horizon=horizon
    )


def capacity(fte, from_week=None):
    change = {"op": "capacity", "pool": "TEAM", "capacity_fte": fte}
    if from_week is not None:
        change["from"] = week(from_week).isoformat()
    return {"name": "people", "changes": [change]}


# ---------------------------------------------------------------- by hand


def test_one_more_fte_from_week_10_costs_42_weeks_of_it():
    # 2 -> 3 FTE from week 10, H = 52: weeks 10..51 have one more: 42 FTE-weeks x £1,000 = £42,000.
    pf = one_pool()
    diff = vmo_core.compare(pf, capacity(3, 10))
    assert diff.capacity_cost == 42_000.0
    # A (2 weeks at 1 FTE, £2,000 of spend) lands in week 2 either way: only the people change the net
    assert diff.delay_cost == diff.value_lost_to_delays == diff.value_gained_sooner == 0.0
    assert diff.spend_change == 0.0
    assert diff.baseline.total_cost == 2_000.0 and diff.baseline.capacity_cost == 0.0
    assert diff.scenario.total_cost == 2_000.0 + 42_000.0  # the scenario's total cost includes it
    assert diff.net_value_change == -42_000.0


def test_a_cut_is_a_negative_capacity_cost():
    # 2 -> 1 FTE from as_of: 52 weeks with one fewer: -52 FTE-weeks x £1,000 = -£52,000 (money saved).
    pf = one_pool()
    diff = vmo_core.compare(pf, capacity(1))
    assert diff.capacity_cost == -52_000.0
    assert diff.scenario.total_cost == 2_000.0 - 52_000.0
    assert diff.net_value_change == 52_000.0  # A still fits in 1 FTE: nothing moves


def test_a_cut_that_delays_work_shows_both_the_saving_and_the_delay():
    # 2 FTE; A and B each 1 FTE for 2 weeks, v = 100, H = 52: both land in week 2 (5,000 each).
    # Cut to 1 FTE from as_of: B waits for A, lands in week 4: 4,800, so 200 lost to the delay.
    # The people saved: -1 FTE x 52 weeks x £1,000 = -£52,000. Net: -200 + 52,000 = +51,800.
    pf = one_pool(
        projects=[
            {"id": "A", "duration_weeks": 2, "value_per_week": 100.0, "demands": {"TEAM": 1}},
            {"id": "B", "duration_weeks": 2, "value_per_week": 100.0, "demands": {"TEAM": 1}},
        ]
    )
    diff = vmo_core.compare(pf, capacity(1))
    assert (diff.value_lost_to_delays, diff.value_gained_sooner, diff.delay_cost) == (200.0, 0.0, 200.0)
    assert diff.capacity_cost == -52_000.0
    assert diff.net_value_change == pytest.approx(51_800.0)


def test_a_capacity_change_after_the_horizon_costs_nothing():
    # From week 60 with H = 52: no week 0..51 differs.
    diff = vmo_core.compare(one_pool(), capacity(9, 60))
    assert diff.capacity_cost == 0.0
    assert diff.net_value_change == 0.0


def test_a_change_from_the_horizon_week_itself_costs_nothing_and_from_the_last_week_one_week():
    pf = one_pool()
    assert vmo_core.compare(pf, capacity(3, 52)).capacity_cost == 0.0  # week 52 is past weeks 0..51
    assert vmo_core.compare(pf, capacity(3, 51)).capacity_cost == 1_000.0  # week 51 alone


def test_a_change_dated_before_as_of_counts_from_week_0():
    # Dated 3 weeks before as_of: in force in every week 0..51, as one from as_of is: 52 x £1,000.
    pf = one_pool()
    assert vmo_core.compare(pf, capacity(3, -3)).capacity_cost == 52_000.0
    assert vmo_core.compare(pf, capacity(3)).capacity_cost == 52_000.0  # no `from`: the as-of date
    assert vmo_core.compare(pf, capacity(3, 0)).capacity_cost == 52_000.0


def test_the_baselines_own_planned_changes_cost_nothing():
    # The organisation as it stands (2 FTE, 4 from week 20) is not counted: the baseline's capacity cost is 0.
    pf = one_pool(changes=[("TEAM", 20, 4.0)])
    assert vmo_core.schedule(pf).capacity_cost == 0.0
    assert vmo_core.schedule(pf).total_cost == 2_000.0


def test_a_scenario_change_replaces_a_planned_change_and_is_costed_against_it():
    # Baseline: 2 FTE, 4 from week 20. Scenario: 3 from week 10, for good (it replaces the week-20 change).
    # Weeks 10..19: 3 - 2 = +1 (10 FTE-weeks); weeks 20..51: 3 - 4 = -1 (32 FTE-weeks): -22 x £1,000.
    pf = one_pool(changes=[("TEAM", 20, 4.0)])
    diff = vmo_core.compare(pf, capacity(3, 10))
    assert diff.capacity_cost == -22_000.0
    assert diff.net_value_change == 22_000.0


def test_pools_are_costed_at_their_own_rates_and_fractions_of_an_fte_count():
    # DATA +0.5 FTE from week 4 at £2,600: 0.5 x 48 x 2,600 = 62,400. DEV -2 FTE from week 40 at £2,200:
    # -2 x 12 x 2,200 = -52,800. OPS is unchanged. In all 9,600.
    pf = make_portfolio(
        [{"id": "A", "duration_weeks": 1, "demands": {"DATA": 1}}],
        pools={"DATA": 6.0, "DEV": 18.0, "OPS": 3.0},
        costs={"DATA": 2600.0, "DEV": 2200.0, "OPS": 1000.0},
        horizon=52,
    )
    scenario = {
        "changes": [
            {"op": "capacity", "pool": "DATA", "capacity_fte": 6.5, "from": week(4).isoformat()},
            {"op": "capacity", "pool": "DEV", "capacity_fte": 16, "from": week(40).isoformat()},
        ]
    }
    assert vmo_core.compare(pf, scenario).capacity_cost == pytest.approx(62_400.0 - 52_800.0, abs=1e-9)


def test_the_rule_on_capacity_lines():
    # base 2, then 4 from week 20; scenario 2, 3 from week 10: the by-hand case above, on the lines themselves.
    base = {"TEAM": CapacityLine(2.0, ((20, 4.0),))}
    scen = {"TEAM": CapacityLine(2.0, ((10, 3.0),))}
    assert capacity_cost(base, scen, {"TEAM": 1000.0}, 52) == -22_000.0
    assert capacity_cost(scen, base, {"TEAM": 1000.0}, 52) == 22_000.0  # the other way round
    assert capacity_cost(base, base, {"TEAM": 1000.0}, 52) == 0.0
    assert capacity_cost(base, scen, {"TEAM": 0.0}, 52) == 0.0  # people who cost nothing
    assert capacity_cost(base, scen, {"TEAM": 1000.0}, 15) == 5_000.0  # H = 15: weeks 10..14 only


def test_the_schedule_of_a_scenario_carries_its_capacity_cost_and_the_json_says_so():
    pf = one_pool()
    result = vmo_core.schedule(pf, capacity(3, 10))
    assert (result.project_cost, result.capacity_cost, result.total_cost) == (2_000.0, 42_000.0, 44_000.0)
    document = result.to_dict()
    assert (document["total_cost"], document["capacity_cost"]) == (44_000.0, 42_000.0)
    delta = vmo_core.compare(pf, capacity(3, 10)).to_dict()["delta"]
    assert {"delay_cost", "value_lost_to_delays", "value_gained_sooner", "capacity_cost", "net_value_change"} <= delta.keys()
    assert delta["capacity_cost"] == 42_000.0 and delta["net_value_change"] == -42_000.0


def test_the_sample_scenario_pays_for_its_two_extra_data_engineers():
    # accept-atlas sets DATA (6 FTE, £2,600) to 8 from 2027-03-01: week (91 days) // 7 = 13 of the sample's
    # as-of 2026-11-30, so weeks 13..155 of H = 156: 2 x 143 x 2,600 = 743,600.
    pf = vmo_core.load(ROOT / "data" / "sample")
    scenario = json.loads((ROOT / "data" / "scenarios" / "accept-atlas.json").read_text(encoding="utf-8"))
    diff = vmo_core.compare(pf, scenario)
    assert diff.capacity_cost == 743_600.0
    assert diff.scenario.total_cost == diff.scenario.project_cost + 743_600.0
    value, spend = diff.scenario.total_value - diff.baseline.total_value, diff.spend_change
    assert diff.net_value_change == pytest.approx(value - spend - 743_600.0, rel=1e-12)


def test_one_more_data_engineer_on_the_sample_is_one_figure_everywhere():
    # DATA 6 -> 7 FTE in every week: 2,600 x 156 = 405,600, whatever the page.
    pf = vmo_core.load(ROOT / "data" / "sample")
    hire = {"changes": [{"op": "capacity", "pool": "DATA", "capacity_fte": 7}]}
    diff = vmo_core.compare(pf, hire)
    pool = constraints(pf).pool("DATA")
    listed = {i.target: i for i in interventions(pf, limit=100).interventions}
    assert diff.capacity_cost == pool.fte_cost == 405_600.0
    assert diff.net_value_change == pytest.approx(pool.net_of_one_fte, rel=1e-12)
    item = listed["DATA"]
    assert item.action == "add_capacity"
    assert item.net_value_change == pytest.approx(diff.net_value_change, rel=1e-12)
    assert item.cost == pytest.approx(405_600.0)  # the hire, counted once


def test_the_forecast_counts_the_people_in_every_run():
    # No actuals, so every run is the plan: the range of the net is the comparison's net, people included.
    pf = one_pool()
    fc = forecast(pf, runs=20, seed=1, scenario=capacity(3, 10))
    assert fc.change.capacity_cost == 42_000.0
    assert fc.change.net_value_change.p10 == fc.change.net_value_change.p90 == -42_000.0
    assert fc.change.plan_net_value_change == -42_000.0
    assert fc.change.chance_of_loss == 1.0  # a hire that moves nothing loses its cost in every run


# ---------------------------------------------------------------- properties


def weekly_capacity_cost(pf, scenario) -> float:
    """The formula read literally, week by week, on the reference's own reading of the scenario."""
    base, scen = reference_plan(pf), reference_plan(pf, scenario)
    return sum(
        pool.cost_per_fte_week
        * sum(scen.capacity[pool.id].at(w) - base.capacity[pool.id].at(w) for w in range(pf.settings.horizon_weeks))
        for pool in pf.pools
    )


@SETTINGS
@given(st.data())
def test_the_comparison_adds_up_to_its_parts(data):
    pf = data.draw(portfolios())
    scenario = data.draw(scenarios(pf))
    diff = vmo_core.compare(pf, scenario)
    assert diff.value_lost_to_delays >= 0 and diff.value_gained_sooner >= 0
    assert diff.delay_cost == pytest.approx(diff.value_lost_to_delays - diff.value_gained_sooner, rel=1e-9, abs=1e-9)
    assert diff.capacity_cost == pytest.approx(weekly_capacity_cost(pf, scenario), rel=1e-9, abs=1e-9)
    assert diff.baseline.capacity_cost == 0.0
    value = diff.scenario.total_value - diff.baseline.total_value
    spend = sum(p.cost for p in diff.scenario.projects) - sum(p.cost for p in diff.baseline.projects)
    assert diff.net_value_change == pytest.approx(value - spend - diff.capacity_cost, rel=1e-9, abs=1e-6)
    assert diff.scenario.total_cost == pytest.approx(sum(p.cost for p in diff.scenario.projects) + diff.capacity_cost)
    delta = diff.to_dict()["delta"]
    assert (delta["capacity_cost"], delta["net_value_change"]) == (diff.capacity_cost, diff.net_value_change)


def one_more_fte_everywhere(pf, pool_id: str) -> dict:
    """+1 on the pool's capacity and on each of its planned changes, as What-if changes."""
    base = plan_for(pf).capacity[pool_id]
    changes = [{"op": "capacity", "pool": pool_id, "capacity_fte": base.at(0) + 1}]
    changes += [
        {"op": "capacity", "pool": pool_id, "capacity_fte": fte + 1, "from": pf.date(w).isoformat()}
        for w, fte in base.changes
        if w > 0
    ]
    return {"name": f"one more {pool_id}", "changes": changes}


def assert_one_figure_for_one_hire(pf):
    report = constraints(pf)
    listed = {i.target: i for i in interventions(pf, limit=10**6).interventions if i.action == "add_capacity"}
    for pool in pf.pools:
        diff = vmo_core.compare(pf, one_more_fte_everywhere(pf, pool.id))
        price = report.pool(pool.id)
        assert price.fte_cost == pytest.approx(pool.cost_per_fte_week * pf.settings.horizon_weeks, rel=1e-12)
        assert diff.capacity_cost == pytest.approx(price.fte_cost, rel=1e-12)
        assert diff.net_value_change == pytest.approx(price.net_of_one_fte, rel=1e-6, abs=1e-6), pool.id
        if pool.id in listed:
            assert listed[pool.id].net_value_change == pytest.approx(diff.net_value_change, rel=1e-6, abs=1e-6), pool.id
            assert listed[pool.id].cost == pytest.approx(max(0.0, diff.spend_change + diff.capacity_cost), abs=1e-6)
        elif diff.net_value_change > 1e-6:
            raise AssertionError(f"one more FTE in {pool.id} gains {diff.net_value_change} but is not listed")


def test_one_hire_has_one_net_figure_on_every_pool_of_the_sample():
    assert_one_figure_for_one_hire(vmo_core.load(ROOT / "data" / "sample"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios(max_projects=6))
def test_one_hire_has_one_net_figure_on_random_portfolios(pf):
    assert_one_figure_for_one_hire(pf)
