"""The optimiser's compiled search: its schedules are the engine's, it spends its evaluation budget
exactly, and a seed and a budget fix its answer.

Every search here is ended by its evaluation budget, never by the clock (time_limit=UNCLOCKED).
"""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from benchmarks.generate_portfolio import write_portfolio
from benchmarks.psplib_instances import instances, read_rcp
from tests.builders import make_portfolio
from tests.strategies import portfolios
from tests.tools import UNCLOCKED
from vmo_core.decisions import search, ssgs
from vmo_core.decisions.sequencing import _Ranks, optimise
from vmo_core.engine.evaluation import FastPlan
from vmo_core.engine.ranks import cd3_order, economic_order
from vmo_core.io.loading import load
from vmo_core.model.plan import baseline_plan


def kernel(fast):
    prob = ssgs.problem(fast)
    n = len(fast.ids)
    return prob, [np.empty(n, dtype=np.int64) for _ in range(4)], np.empty_like(prob[11])


def placement_order(fast, prob, scratch, sequence):
    order = np.empty(len(fast.ids), dtype=np.int64)
    ssgs.canonical(prob, np.asarray(sequence, dtype=np.int64), order, *scratch)
    return order


def engine_run(fast, order):
    return fast.run(fast.compiled.sequence([fast.ids[i] for i in order]))


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(portfolios(max_projects=12), st.randoms(use_true_random=False))
def test_the_compiled_schedule_is_the_engines_from_the_start_and_from_a_parents_first_part(pf, rnd):
    fast = FastPlan(baseline_plan(pf))
    n = len(fast.ids)
    if n == 0:
        return
    prob, scratch, grid = kernel(fast)
    parent = None
    for _ in range(4):
        sequence = list(range(n))
        rnd.shuffle(sequence)
        order = placement_order(fast, prob, scratch, sequence)
        expected = engine_run(fast, fast.compiled.sequence([fast.ids[i] for i in sequence]))
        # the placement order is a list the engine places the same way
        assert (engine_run(fast, order).start == expected.start).all()
        start, cumval, cumfin = np.empty(n, dtype=np.int64), np.zeros(n + 1), np.zeros(n + 1, dtype=np.int64)
        p = 0
        if parent is not None:
            p = ssgs.first_difference(parent[0], order)
            cumval[: p + 1], cumfin[: p + 1] = parent[2][: p + 1], parent[3][: p + 1]
        assert ssgs.schedule_from(prob, order, p, start if parent is None else parent[1], start, cumval, cumfin, grid)
        assert (start == expected.start).all()
        assert cumval[n] == pytest.approx(expected.total_value, rel=1e-9, abs=1e-9)
        parent = (order, start, cumval, cumfin)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(portfolios(max_projects=12), st.randoms(use_true_random=False))
def test_justification_never_loses_value(pf, rnd):
    # forward-backward improvement: pushed late without losing value, then placed in the order of those late starts
    fast = FastPlan(baseline_plan(pf))
    n = len(fast.ids)
    if n == 0:
        return
    prob, scratch, grid = kernel(fast)
    sequence = list(range(n))
    rnd.shuffle(sequence)
    order = placement_order(fast, prob, scratch, sequence)
    before = engine_run(fast, order)
    forward, late, key = (np.empty(n, dtype=np.int64) for _ in range(3))
    ssgs.justify(prob, order, before.start, forward, late, key, grid)
    assert sorted(forward) == list(range(n))
    after = engine_run(fast, placement_order(fast, prob, scratch, forward))
    flight, placed = fast.compiled.in_flight, before.start >= 0
    if (flight & placed).any() and (~flight & placed).any():
        # in-flight projects are placed first whatever the list says, so the forward pass is in the
        # order of late starts only if none of them starts after another project's late start
        # (one waiting for a predecessor can); the search keeps a justified list only when it gains
        assume(before.start[flight & placed].max() <= late[~flight & placed].min())
    assert after.total_value >= before.total_value - 1e-9 * max(1.0, abs(before.total_value))


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(portfolios(max_projects=10, max_pools=3))
def test_the_seed_ranks_are_the_engines_ranks(pf):
    plan = baseline_plan(pf)
    fast = FastPlan(plan)
    ranks = _Ranks(fast)
    assert list(ranks.cd3()) == list(fast.sequence(cd3_order(plan)))
    for pool in plan.capacity:
        assert list(ranks.constraint(pool)) == list(fast.sequence(economic_order(plan, pool)))
    latest = ranks.latest_finish_first()
    assert sorted(latest) == list(range(len(fast.ids)))


# ---------------------------------------------------------------- the budget, spent exactly


def twelve_projects():
    return make_portfolio(
        [{"id": f"P{i}", "duration_weeks": 1 + i % 3, "value_per_week": 10.0 * i, "demands": {"TEAM": 1}} for i in range(12)],
        horizon=40,
    )


@pytest.mark.parametrize("budget", [1, 2, 3, 4, 5, 17, 40, 41, 333])
def test_a_search_that_cannot_try_every_order_spends_exactly_its_budget(budget):
    # 12! orderings: never all; seeds, the first population, generations and insertions are all counted
    result = optimise(twelve_projects(), evaluations=budget, time_limit=UNCLOCKED)
    assert (result.evaluations, result.proven_best) == (budget, False)


def test_a_budget_of_one_tries_the_current_order_only():
    pf = twelve_projects()
    result = optimise(pf, evaluations=1, time_limit=UNCLOCKED)
    assert result.evaluations == 1
    assert result.total_value >= result.baseline_total_value  # the CD3 order, scheduled to report it, may be kept
    assert result.total_value == pytest.approx(max(result.baseline_total_value, result.cd3_total_value))


def four_projects():
    return make_portfolio(
        [
            {"id": "A", "duration_weeks": 2, "value_per_week": 5.0, "demands": {"TEAM": 1}},
            {"id": "B", "duration_weeks": 4, "value_per_week": 30.0, "demands": {"TEAM": 1}},
            {"id": "C", "duration_weeks": 3, "value_per_week": 50.0, "demands": {"TEAM": 1}},
            {"id": "D", "duration_weeks": 1, "value_per_week": 9.0, "demands": {"TEAM": 1}},
        ],
        horizon=20,
    )


@pytest.mark.parametrize("budget", [24, 25, 27, 20_000])
def test_when_every_order_fits_the_budget_all_are_tried_and_no_seed_is_counted_twice(budget):
    result = optimise(four_projects(), evaluations=budget, time_limit=UNCLOCKED)
    assert result.evaluations == math.factorial(4)
    assert result.proven_best


def test_a_budget_one_short_of_every_order_searches_and_proves_nothing():
    result = optimise(four_projects(), evaluations=23, time_limit=UNCLOCKED)
    assert (result.evaluations, result.proven_best) == (23, False)
    assert result.total_value == pytest.approx(optimise(four_projects(), time_limit=UNCLOCKED).total_value)


def test_in_flight_and_waiting_projects_are_ordered_apart_when_all_orders_are_tried():
    pf = make_portfolio(
        [
            {"id": "F1", "status": "active", "duration_weeks": 2, "value_per_week": 1.0, "demands": {"TEAM": 1}},
            {"id": "F2", "status": "active", "duration_weeks": 1, "value_per_week": 9.0, "demands": {"TEAM": 1}},
            *(
                {"id": f"W{i}", "duration_weeks": 1 + i, "value_per_week": 3.0 * (i + 1), "demands": {"TEAM": 1}}
                for i in range(3)
            ),
        ],
        horizon=20,
    )
    result = optimise(pf, evaluations=12, time_limit=UNCLOCKED)  # 2! x 3! orderings
    assert (result.evaluations, result.proven_best) == (12, True)
    assert result.order[:2] == ("F2", "F1")


# ---------------------------------------------------------------- a seed and a budget fix the answer


@pytest.fixture(scope="module")
def thirty_projects(tmp_path_factory):
    return load(write_portfolio(tmp_path_factory.mktemp("p") / "p", n_projects=30, n_pools=12, horizon_weeks=156, seed=0))


def test_the_same_seed_and_budget_give_the_same_order(thirty_projects):
    runs = [optimise(thirty_projects, evaluations=3000, time_limit=UNCLOCKED, seed=7) for _ in range(2)]
    assert runs[0].order == runs[1].order
    assert runs[0].total_value == runs[1].total_value
    assert runs[0].evaluations == runs[1].evaluations == 3000
    assert runs[0].total_value > runs[0].cd3_total_value


def test_the_same_seed_and_budget_give_the_same_order_on_a_psplib_instance():
    pf = read_rcp(next(p for p in instances() if p.stem == "j3013_1"))
    runs = [optimise(pf, evaluations=4000, time_limit=UNCLOCKED, seed=3).order for _ in range(2)]
    assert runs[0] == runs[1]


def test_a_larger_budget_goes_on_from_where_a_smaller_one_stopped(thirty_projects):
    # the search is the same sequence of schedules whatever the budget, so more never finds less
    values = [optimise(thirty_projects, evaluations=b, time_limit=UNCLOCKED).total_value for b in (200, 1000, 4000)]
    assert values == sorted(values)


def test_the_search_state_counts_what_it_builds():
    fast = FastPlan(baseline_plan(twelve_projects()))
    prob = ssgs.problem(fast)
    state = search.State(len(fast.ids), size=4, kids=4, grid_shape=prob[11].shape, seed=0)
    search.step(prob, state.arrays(), search.SCHEDULE, fast.sequence(), *([np.zeros(0, dtype=np.int64)] * 3), 4, 0, 10, 1)
    assert state.evaluations == 0  # a figure to report is not a candidate
    search.step(prob, state.arrays(), search.SEED, fast.sequence(), *([np.zeros(0, dtype=np.int64)] * 3), 4, 4, 10, 1)
    assert state.evaluations == 1
    assert state.best[0] == pytest.approx(fast.run().total_value)
