"""The stop ranking, worked by hand and checked against the comparison of each stop."""

import pytest
from hypothesis import HealthCheck, given, settings

import vmo_core
from tests.builders import make_portfolio
from tests.strategies import portfolios
from vmo_core.decisions.stopping import stop_ranking


def test_stop_ranking_worked_by_hand():
    # From test_value_by_hand: stopping A (4 weeks, 10/week) lets B land 4 weeks sooner:
    # net +540 = -60 (A's value) + 400 (A's spend) + 200 (B's gain).
    # Stopping B: net = -200 (its value) + 200 (its spend) + 0 = 0.
    pf = make_portfolio(
        [
            {"id": "A", "duration_weeks": 4, "value_per_week": 10.0, "demands": {"TEAM": 1}},
            {"id": "B", "duration_weeks": 2, "value_per_week": 50.0, "demands": {"TEAM": 1}},
        ],
        costs={"TEAM": 100.0},
        horizon=10,
    )
    ranking = stop_ranking(pf)
    assert [(o.id, o.net_value_change) for o in ranking.projects] == [("A", pytest.approx(540.0)), ("B", pytest.approx(0.0))]
    top = ranking.projects[0]
    assert (top.value_lost, top.spend_saved, top.others_gain) == (pytest.approx(60.0), 400.0, pytest.approx(200.0))
    assert top.moves == ("B",)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios())
def test_each_stop_ranking_figure_is_the_comparison_of_that_stop(pf):
    for option in stop_ranking(pf).projects:
        diff = vmo_core.compare(pf, {"changes": [{"op": "stop", "project": option.id}]})
        assert option.net_value_change == pytest.approx(diff.net_value_change, rel=1e-12, abs=1e-9)
