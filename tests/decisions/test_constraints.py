"""Shadow prices and the constraint pool, worked by hand."""

import pytest

from tests.builders import make_portfolio
from vmo_core.decisions.constraints import constraints


def test_shadow_price_is_the_value_of_one_more_fte_in_the_current_order():
    # TEAM 1 FTE, H = 10. A then B, 2 weeks each at 1 FTE, v = 10: A lands 2 (80), B lands 4 (60): 140.
    # With 2 FTE both land at 2: 80 + 80 = 160 -> shadow price 20; unlimited: the same 20.
    # OTHER is unused: 0. One FTE of TEAM costs 50 a week x 10 weeks = 500.
    pf = make_portfolio(
        [
            {"id": "A", "duration_weeks": 2, "value_per_week": 10.0, "demands": {"TEAM": 1}},
            {"id": "B", "duration_weeks": 2, "value_per_week": 10.0, "demands": {"TEAM": 1}},
        ],
        pools={"TEAM": 1, "OTHER": 3},
        costs={"TEAM": 50.0},
        horizon=10,
    )
    report = constraints(pf)
    team = report.pool("TEAM")
    assert report.constraint == "TEAM"
    assert team.shadow_price == pytest.approx(20.0)
    assert team.unlimited_value_gain == pytest.approx(20.0)
    assert team.peak_load == 1.0
    assert team.fte_cost == pytest.approx(500.0)
    assert report.pool("OTHER").shadow_price == 0.0


def test_one_more_fte_is_added_to_planned_capacity_changes_too():
    # TEAM: 1 FTE, 0 FTE from week 3 (the team leaves). A needs 1 FTE for 2 weeks, B 1 FTE for 2 weeks.
    # Base: A 0-2, B can never fit (0 from week 3, and week 2 alone is too short): 80 + 0.
    # +1 everywhere: 2 FTE then 1: A and B both 0-2: 80 + 80; so the shadow price is 80.
    pf = make_portfolio(
        [
            {"id": "A", "duration_weeks": 2, "value_per_week": 10.0, "demands": {"TEAM": 1}},
            {"id": "B", "duration_weeks": 2, "value_per_week": 10.0, "demands": {"TEAM": 1}},
        ],
        capacity_changes=[("TEAM", 3, 0.0)],
        horizon=10,
    )
    assert constraints(pf).pool("TEAM").shadow_price == pytest.approx(80.0)


def test_when_no_pool_holds_value_back_the_constraint_is_the_first_listed_and_not_binding():
    pf = make_portfolio(
        [{"id": "A", "duration_weeks": 2, "value_per_week": 10.0, "demands": {"TEAM": 1, "OPS": 1}}],
        pools={"TEAM": 1.0, "OPS": 1.0},
    )
    report = constraints(pf)
    assert [p.shadow_price for p in report.pools] == [0.0, 0.0]
    assert report.constraint == "TEAM" and not report.binding
    assert report.to_dict()["constraint"] == "TEAM"  # INTERFACES.md: a pool id


def test_capacity_controls_start_with_the_constraint_then_the_busiest_team():
    """Four teams in file order A, B, C, D; C is the constraint. Over two weeks A uses 2 of 8 FTE-weeks
    (25%), B 6 of 8 (75%), C 1 of 4 (25%), D 4 of 4 (100%): C first, then D, B, and A."""
    import numpy as np

    from vmo_core.decisions.load import TeamLoad, teams_in_order

    load = TeamLoad(
        pools=("A", "B", "C", "D"),
        names=("Alpha", "Beta", "Gamma", "Delta"),
        load=np.array([[1.0, 1.0], [3.0, 3.0], [0.5, 0.5], [2.0, 2.0]]),
        capacity=np.array([[4.0, 4.0], [4.0, 4.0], [2.0, 2.0], [2.0, 2.0]]),
    )
    assert teams_in_order(load, "C") == ("C", "D", "B", "A")
    assert teams_in_order(load, None) == ("D", "B", "A", "C")  # ties keep the order given
