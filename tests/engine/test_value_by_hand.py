"""V(F), cost and comparisons worked by hand from ECONOMICS.md."""

import datetime as dt

import pytest

import vmo_core
from tests.builders import AS_OF, make_portfolio, week
from vmo_core.engine.valuation import ValueModel
from vmo_core.model.portfolio import Project, Settings


def value_model(horizon=10, rate=0.0):
    return ValueModel(Settings(as_of=AS_OF, horizon_weeks=horizon, discount_rate=rate))


def project(**fields):
    return Project(**{"id": "P", "status": "approved", "duration_weeks": 1, "value_per_week": 100.0, **fields})


def test_undiscounted_value_is_weeks_left_in_the_horizon_times_v():
    # H = 10, F = 4: earns in weeks 4..9, 6 weeks x 100.
    assert value_model().value(project(), 4) == pytest.approx(600.0)


def test_landing_at_or_after_the_horizon_earns_nothing():
    assert value_model().value(project(), 10) == 0.0
    assert value_model().value(project(), 11) == 0.0


def test_decay_shrinks_the_weekly_value_by_the_weeks_of_lateness():
    # d = 0.1, F = 2: weekly = 100 x 0.9^2 = 81; 8 weeks left -> 648.
    assert value_model().value(project(decay_per_week=0.1), 2) == pytest.approx(648.0)


def test_value_end_closes_the_window_before_the_horizon():
    # value_end in week 6: E = min(10, 6) = 6; F = 4 earns weeks 4 and 5 -> 200.
    assert value_model().value(project(value_end=week(6)), 4) == pytest.approx(200.0)
    assert value_model().value(project(value_end=week(6)), 6) == 0.0


def test_a_value_end_mid_week_ends_in_the_week_it_falls_in():
    # as_of + 45 days: 45 // 7 = week 6.
    assert value_model().value(project(value_end=AS_OF + dt.timedelta(days=45)), 4) == pytest.approx(200.0)


def test_late_penalty_applies_only_after_the_deadline_week():
    # deadline in week 5: F = 5 is on time; F = 6 is late: 4 weeks x 100 - 1000 = -600.
    p = project(deadline=week(5), late_penalty=1000.0)
    assert value_model().value(p, 5) == pytest.approx(500.0)
    assert value_model().value(p, 6) == pytest.approx(400.0 - 1000.0)


def test_discounting_sums_q_to_the_t_over_the_weeks_earned():
    # r = 10%: q = 1.1^(-1/52). F = 8, H = 10: 100 x (q^8 + q^9).
    q = 1.1 ** (-1 / 52)
    assert value_model(rate=0.10).value(project(), 8) == pytest.approx(100 * (q**8 + q**9), rel=1e-12)


def test_unschedulable_projects_are_worth_nothing():
    assert value_model().value(project(deadline=week(1), late_penalty=5.0), None) == 0.0


def test_cost_is_weeks_times_the_pools_rates_plus_fixed_cost():
    # 3 weeks x (2 FTE x 1,000 + 0.5 FTE x 4,000) + 7,000 fixed = 3 x 4,000 + 7,000 = 19,000.
    pf = make_portfolio(
        [{"id": "A", "duration_weeks": 3, "fixed_cost": 7000.0, "demands": {"DEV": 2, "OPS": 0.5}}],
        pools={"DEV": 2, "OPS": 1},
        costs={"DEV": 1000, "OPS": 4000},
    )
    assert vmo_core.schedule(pf).total_cost == pytest.approx(19000.0)


def test_stopping_a_project_frees_its_people_and_the_delay_cost_is_what_others_gain():
    # One FTE. A (4 weeks, 10/week) then B (2 weeks, 50/week), H = 10.
    # Baseline: A finishes 4 -> 6 x 10 = 60; B finishes 6 -> 4 x 50 = 200; total 260.
    # Stop A: B finishes 2 -> 8 x 50 = 400. delay_cost = V_base - V_scen over B only = 200 - 400 = -200.
    # Costs: A 4 x 100, B 2 x 100. Net change = (400 - 200) - (260 - 600) = 200 - (-340) = 540.
    pf = make_portfolio(
        [
            {"id": "A", "duration_weeks": 4, "value_per_week": 10.0, "demands": {"TEAM": 1}},
            {"id": "B", "duration_weeks": 2, "value_per_week": 50.0, "demands": {"TEAM": 1}},
        ],
        costs={"TEAM": 100.0},
        horizon=10,
    )
    diff = vmo_core.compare(pf, {"changes": [{"op": "stop", "project": "A"}]})
    assert diff.baseline.total_value == pytest.approx(260.0)
    assert diff.scenario.total_value == pytest.approx(400.0)
    assert diff.delay_cost == pytest.approx(-200.0)
    assert diff.net_value_change == pytest.approx(540.0)
    assert [(d.id, d.finish_delta_weeks, d.value_delta) for d in diff.projects] == [("B", -4, pytest.approx(200.0))]
    assert diff.stopped == ("A",)


def test_smith_rule_worked_example_cd3_beats_highest_cost_of_delay_first_and_fifo():
    # Three features on one team (the classic CD3 table, Reinertsen / Arnold "Black Swan Farming"):
    # cost of delay per week 5k, 30k, 50k; durations 2, 4, 8 weeks.
    # The cost of delay paid while each waits for delivery: sum of CoD x finish week.
    #   CD3 order (CoD/duration: 30k/4=7.5k, 50k/8=6.25k, 5k/2=2.5k): B4, C12, A14
    #     -> 30x4 + 50x12 + 5x14 = 120 + 600 + 70 = 790k
    #   highest CoD first C8, B12, A14 -> 400 + 360 + 70 = 830k
    #   FIFO (A, B, C) A2, B6, C14 -> 10 + 180 + 700 = 890k
    # With H = 20 every project earns CoD x (20 - F); total value = 20 x 85k - cost paid.
    pf = make_portfolio(
        [
            {"id": "A", "duration_weeks": 2, "value_per_week": 5000.0, "demands": {"TEAM": 1}},
            {"id": "B", "duration_weeks": 4, "value_per_week": 30000.0, "demands": {"TEAM": 1}},
            {"id": "C", "duration_weeks": 8, "value_per_week": 50000.0, "demands": {"TEAM": 1}},
        ],
        horizon=20,
    )
    full = 20 * 85000.0
    for order, paid in ((["B", "C", "A"], 790000.0), (["C", "B", "A"], 830000.0), (["A", "B", "C"], 890000.0)):
        result = vmo_core.schedule(pf, {"changes": [{"op": "sequence", "order": order}]})
        assert result.total_value == pytest.approx(full - paid)


def test_cost_of_delay_per_week_is_what_one_more_week_costs():
    from vmo_core.engine.evaluation import cost_of_delay_per_week

    # H = 10. A lands 2: V(2) - V(3) = 800 - 700 = 100 (v). B (decay 10%) lands 4:
    # 100 x 0.9^4 x 6 - 100 x 0.9^5 x 5 = 393.66 - 295.245 = 98.415.
    pf = make_portfolio(
        [
            {"id": "A", "duration_weeks": 2, "value_per_week": 100.0, "demands": {"TEAM": 1}},
            {"id": "B", "duration_weeks": 2, "value_per_week": 100.0, "decay_per_week": 0.1, "demands": {"TEAM": 1}},
        ],
        horizon=10,
    )
    cod = cost_of_delay_per_week(vmo_core.schedule(pf))
    assert cod == {"A": pytest.approx(100.0), "B": pytest.approx(98.415)}
