"""Optimise: the priority list with the most value, worked by hand and checked against brute force.

Every search here is ended by its evaluation budget, never by the clock (time_limit=UNCLOCKED),
so that its result is the same on a slow machine.
"""

import itertools
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vmo_core
from tests.builders import make_portfolio
from tests.strategies import portfolios
from tests.tools import UNCLOCKED
from vmo_core.decisions.sequencing import optimise
from vmo_core.engine.ranks import cd3_order, economic_order
from vmo_core.model.plan import baseline_plan


def value_of(pf, order):
    return vmo_core.schedule(pf, {"changes": [{"op": "sequence", "order": list(order)}]}).total_value


def assert_ended_by_its_budget(result, budget: int, orderings: int) -> None:
    """Every ordering tried (proven best) when they fit the budget, else the whole budget spent: never the clock."""
    if orderings <= budget:
        assert result.proven_best
    else:
        assert (result.evaluations, result.proven_best) == (budget, False)


def test_cd3_worked_example_optimise_finds_the_cd3_order():
    # Arnold, "Cost of Delay Divided by Duration" (blackswanfarming.com): CoD 5k, 30k, 50k per week
    # for 2, 4, 8 weeks. Delay cost paid: CD3 order 790k, highest CoD first 830k, FIFO 890k
    # (worked in test_value_by_hand). With H = 20, total value = 20 x 85k - delay cost paid.
    pf = make_portfolio(
        [
            {"id": "A", "duration_weeks": 2, "value_per_week": 5000.0, "demands": {"TEAM": 1}},
            {"id": "B", "duration_weeks": 4, "value_per_week": 30000.0, "demands": {"TEAM": 1}},
            {"id": "C", "duration_weeks": 8, "value_per_week": 50000.0, "demands": {"TEAM": 1}},
        ],
        horizon=20,
    )
    result = optimise(pf, time_limit=UNCLOCKED)
    assert result.order == ("B", "C", "A")
    assert result.total_value == pytest.approx(20 * 85000 - 790000)
    assert result.baseline_total_value == pytest.approx(20 * 85000 - 890000)  # current order A, B, C is FIFO
    assert result.value_unlocked == pytest.approx(100000)
    assert result.proven_best


def test_every_order_of_the_worked_example_costs_what_the_arithmetic_says():
    # Delay cost paid = sum of CoD x finish week; CD3 (B, C, A) is the least of all six orders.
    cod = {"A": 5000.0, "B": 30000.0, "C": 50000.0}
    weeks = {"A": 2, "B": 4, "C": 8}
    pf = make_portfolio(
        [{"id": k, "duration_weeks": weeks[k], "value_per_week": cod[k], "demands": {"TEAM": 1}} for k in cod], horizon=20
    )
    paid = {}
    for order in itertools.permutations("ABC"):
        finish, total = 0, 0.0
        for k in order:
            finish += weeks[k]
            total += cod[k] * finish
        paid[order] = total
        assert value_of(pf, order) == pytest.approx(20 * 85000 - total)
    assert min(paid, key=paid.get) == ("B", "C", "A")


@st.composite
def smith_portfolios(draw):
    """One pool every project fills, everything lands inside the horizon: Smith's rule holds."""
    n = draw(st.integers(2, 9))
    durations = draw(st.lists(st.integers(1, 6), min_size=n, max_size=n))
    values = draw(st.lists(st.integers(1, 500), min_size=n, max_size=n, unique=True))
    cd3s = [v / d for v, d in zip(values, durations)]
    assume_distinct = len(set(cd3s)) == n
    projects = [
        {"id": f"P{i}", "duration_weeks": d, "value_per_week": float(v), "demands": {"TEAM": 2}}
        for i, (d, v) in enumerate(zip(durations, values))
    ]
    return make_portfolio(projects, pools={"TEAM": 2}, horizon=sum(durations) + 1), assume_distinct


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(smith_portfolios())
def test_where_smiths_rule_holds_optimise_returns_the_cd3_order_and_its_value(case):
    pf, distinct = case
    result = optimise(pf, evaluations=2000, time_limit=UNCLOCKED)
    assert_ended_by_its_budget(result, 2000, math.factorial(len(pf.projects)))  # none in flight: one group
    cd3 = tuple(cd3_order(baseline_plan(pf)))
    assert result.total_value == pytest.approx(value_of(pf, cd3), rel=1e-12)
    if distinct:
        assert result.order == cd3


def brute_force_best(pf):
    plan = baseline_plan(pf)
    flight = [p for p in plan.order if plan.in_flight(p)]
    rest = [p for p in plan.order if not plan.in_flight(p)]
    return max(value_of(pf, a + b) for a in itertools.permutations(flight) for b in itertools.permutations(rest))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(portfolios(max_projects=8))
def test_on_small_portfolios_local_search_is_within_one_percent_of_trying_every_order(pf):
    plan = baseline_plan(pf)
    orderings = math.factorial(sum(plan.in_flight(p) for p in plan.order)) * math.factorial(
        sum(not plan.in_flight(p) for p in plan.order)
    )
    # a budget below the number of orderings forces the local search rather than enumeration
    budget = max(60, min(3000, orderings // 2))
    result = optimise(pf, evaluations=budget, time_limit=UNCLOCKED)
    assert_ended_by_its_budget(result, budget, orderings)
    best = brute_force_best(pf)
    assert result.total_value >= best - 0.01 * abs(best) - 1e-6
    assert result.total_value >= result.baseline_total_value - 1e-9
    assert result.total_value >= result.cd3_total_value - 1e-9
    assert result.total_value == pytest.approx(value_of(pf, result.order), rel=1e-12, abs=1e-9)
    assert sorted(result.order) == sorted(plan.order)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios(max_projects=6))
def test_when_every_order_fits_the_budget_optimise_finds_the_best(pf):
    result = optimise(pf, time_limit=UNCLOCKED)
    assert result.proven_best
    assert result.total_value == pytest.approx(brute_force_best(pf), rel=1e-12, abs=1e-9)


def test_constraint_rank_puts_projects_off_the_constraint_first_then_value_per_constraint_week():
    pf = make_portfolio(
        [
            {"id": "HEAVY", "duration_weeks": 2, "value_per_week": 100.0, "demands": {"DATA": 4}},  # 100/(4x2) = 12.5
            {"id": "LIGHT", "duration_weeks": 4, "value_per_week": 100.0, "demands": {"DATA": 1}},  # 100/(1x4) = 25
            {"id": "OFF", "duration_weeks": 10, "value_per_week": 10.0, "demands": {"DEV": 1}},  # no DATA: first
        ],
        pools={"DATA": 4, "DEV": 1},
    )
    assert economic_order(baseline_plan(pf), "DATA") == ["OFF", "LIGHT", "HEAVY"]
    assert economic_order(baseline_plan(pf)) == ["HEAVY", "LIGHT", "OFF"]  # CD3: 50, 25, 1


def test_optimise_rejects_an_unknown_constraint_pool():
    pf = make_portfolio([{"id": "A", "duration_weeks": 1}])
    with pytest.raises(vmo_core.VmoError, match="no pool 'NOPE'"):
        optimise(pf, constraint="NOPE")


def test_optimise_reports_progress_up_to_done():
    pf = make_portfolio(
        [{"id": f"P{i}", "duration_weeks": 1 + i % 3, "value_per_week": 10.0 * i, "demands": {"TEAM": 1}} for i in range(12)],
        horizon=40,
    )
    seen = []
    result = optimise(pf, evaluations=1000, time_limit=UNCLOCKED, progress=lambda fraction, best: seen.append(fraction))
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)
    assert_ended_by_its_budget(result, 1000, math.factorial(12))
