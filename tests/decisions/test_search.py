"""The optimiser's compiled search: its schedules are the engine's, it spends its evaluation budget
exactly, and a seed and a budget fix its answer.

Every search here is ended by its evaluation budget, never by the clock (time_limit=UNCLOCKED).
"""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.generate_portfolio import write_portfolio
from benchmarks.psplib_instances import instances, read_rcp
from tests.builders import make_portfolio
from tests.strategies import portfolios
from tests.tools import UNCLOCKED
from vmo_core.decisions import population, search, sequencing, ssgs
from vmo_core.decisions.seeds import SeedOrders
from vmo_core.decisions.sequencing import optimise
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


def shuffled(pf, rnd):
    """The portfolio's plan, its kernel's arrays and the placement order of a shuffled list (None: no projects)."""
    fast = FastPlan(baseline_plan(pf))
    n = len(fast.ids)
    if n == 0:
        return None
    prob, scratch, grid = kernel(fast)
    sequence = list(range(n))
    rnd.shuffle(sequence)
    return fast, prob, scratch, grid, placement_order(fast, prob, scratch, sequence)


def justified_row(fast, prob, order):
    """A search state whose row 0 is `order`, scheduled, then justified: its value before and the state."""
    state = population.State(len(fast.ids), size=2, kids=2, grid_shape=prob[11].shape, seed=0)
    state.order[0] = order
    population.evaluate(prob, state.arrays(), 0, -1)
    value = state.value[0]
    population.justified(prob, state.arrays(), 0)
    return value, state


def justified_once(fast, prob, scratch, grid, order):
    """The backward pass on a schedule of `order`: the schedule, the late starts, the forward pass's schedule."""
    n = len(fast.ids)
    before = engine_run(fast, order)
    forward, late, bucket, by_bucket = (np.empty(n, dtype=np.int64) for _ in range(4))
    ssgs.justify(prob, order, before.start, forward, late, bucket, by_bucket, ssgs.week_counts(grid.shape[1]), grid)
    assert sorted(forward) == list(range(n))
    return before, late, placement_order(fast, prob, scratch, forward)


@settings(deadline=None)  # the first call compiles
@given(st.lists(st.integers(min_value=-1, max_value=6), max_size=30), st.booleans())
def test_the_backward_pass_sorts_places_by_bucket_and_keeps_their_order_within_one(buckets, backwards):
    bucket = np.array(buckets, dtype=np.int64)
    out, count = np.full(len(buckets), -9, dtype=np.int64), ssgs.week_counts(4)
    placed = ssgs._counting_sort(bucket, 7, out, count, backwards)
    places = [r for r in range(len(buckets)) if buckets[r] >= 0]
    expected = sorted(places, key=lambda r: (buckets[r], -r if backwards else r))
    assert list(out[:placed]) == expected


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(portfolios(max_projects=12), st.randoms(use_true_random=False))
def test_justification_places_no_project_after_its_late_start_when_placed_in_that_order(pf, rnd):
    # forward-backward improvement: pushed late without losing value, then placed in the order of those
    # late starts. The late schedule is feasible and moves nothing earlier; placed in that order, every
    # project starts at or before its late start (Valls et al. 2005), so no value is lost. In-flight
    # projects are placed first whatever the list says, so the order is that of the late starts only
    # when none placed ahead of another has a later late start (the example below shows one that does)
    case = shuffled(pf, rnd)
    if case is None:
        return
    fast, prob, scratch, grid, order = case
    before, late, placed_order = justified_once(fast, prob, scratch, grid, order)
    scheduled = before.start >= 0
    assert (late[scheduled] >= before.start[scheduled]).all() and (late[~scheduled] == -1).all()
    in_late_order = late[placed_order][scheduled[placed_order]]
    if (np.diff(in_late_order) >= 0).all():
        after = engine_run(fast, placed_order)
        assert (after.start[scheduled] >= 0).all() and (after.start[scheduled] <= late[scheduled]).all()
        assert after.total_value >= before.total_value - 1e-9 * max(1.0, abs(before.total_value))


def in_flight_waiting_for_predecessors():
    """P2 holds the team until week 3, then P1 (worth 5 a week) and P4 after it; in-flight P3 waits for P0 on another pool."""
    team, ops = {"TEAM": 1}, {"OPS": 1}
    return make_portfolio(
        [
            {"id": "P0", "duration_weeks": 2, "value_per_week": 5.0, "demands": ops},
            {"id": "P1", "duration_weeks": 3, "value_per_week": 5.0, "demands": team},
            {"id": "P2", "status": "active", "duration_weeks": 3, "demands": team},
            {"id": "P3", "status": "active", "duration_weeks": 3, "demands": team},
            {"id": "P4", "status": "active", "duration_weeks": 3, "demands": team},
        ],
        pools={"TEAM": 1.0, "OPS": 1.0},
        dependencies=[("P0", "P3"), ("P1", "P4")],
        horizon=30,
    )


def test_justification_can_lose_value_when_an_in_flight_project_waits_and_the_search_then_keeps_the_list():
    fast = FastPlan(baseline_plan(in_flight_waiting_for_predecessors()))
    prob, scratch, grid = kernel(fast)
    order = np.array([2, 1, 4, 0, 3], dtype=np.int64)  # P2, P1, P4 on the team; P0 on ops, then P3
    before, late, placed_order = justified_once(fast, prob, scratch, grid, order)
    assert before.start.tolist() == [0, 3, 0, 9, 6] == late.tolist()  # none can go later without losing value
    after = engine_run(fast, placed_order)
    # in the order of late starts P3 (week 9) comes after P1 (week 3), but once P0 is done the
    # in-flight P3 is placed first: it takes the team at week 3 and P1 finishes three weeks later
    assert after.start.tolist() == [0, 6, 0, 3, 9]
    assert after.total_value == before.total_value - 15.0
    value, state = justified_row(fast, prob, order)
    assert value == pytest.approx(before.total_value)
    assert state.order[0].tolist() == order.tolist() and state.value[0] == value


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(portfolios(max_projects=12), st.randoms(use_true_random=False))
def test_the_search_keeps_a_justified_list_only_when_it_gains(pf, rnd):
    case = shuffled(pf, rnd)
    if case is None:
        return
    fast, prob, _, _, order = case
    value, state = justified_row(fast, prob, order)
    assert state.value[0] >= value
    assert state.value[0] == pytest.approx(engine_run(fast, state.order[0]).total_value, rel=1e-9, abs=1e-9)


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(portfolios(max_projects=10, max_pools=3))
def test_the_seed_ranks_are_the_engines_ranks(pf):
    plan = baseline_plan(pf)
    fast = FastPlan(plan)
    ranks = SeedOrders(fast)
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
    state = population.State(len(fast.ids), size=4, kids=4, grid_shape=prob[11].shape, seed=0)
    search.step(prob, state.arrays(), search.SCHEDULE, fast.sequence(), *([np.zeros(0, dtype=np.int64)] * 3), 4, 0, 10, 1)
    assert state.evaluations == 0  # a figure to report is not a candidate
    search.step(prob, state.arrays(), search.SEED, fast.sequence(), *([np.zeros(0, dtype=np.int64)] * 3), 4, 4, 10, 1)
    assert state.evaluations == 1
    assert state.best[0] == pytest.approx(fast.run().total_value)


# ---------------------------------------------------------------- a longer search, a larger population


def test_a_longer_search_keeps_a_larger_population():
    schedules = (1_000, 10_000, 20_000, 40_000, 10**12)
    assert [sequencing._population(120, s) for s in schedules] == [40, 40, 80, 160, 160]
    assert [sequencing._population(5_000, s) for s in schedules] == [10, 10, 20, 40, 40]  # each schedule costs more


@pytest.mark.parametrize(
    ("budget", "per_second", "size"),
    [
        (10**12, 2_000, 80),  # the clock ends it: 2,000 schedules a second for 10 s, 20,000 in time
        (10**12, 400, 40),
        (30_000, 2_000, 60),  # the budget ends it first (15,000 an island): the budget's population, whatever the speed
        (30_000, 100_000, 60),
    ],
)
def test_when_the_clock_ends_the_search_first_the_population_fits_the_schedules_there_is_time_for(
    monkeypatch, budget, per_second, size
):
    fast = FastPlan(baseline_plan(twelve_projects()))
    prob, now = ssgs.problem(fast), [100.0]
    monkeypatch.setattr(sequencing.time, "perf_counter", lambda: now[0])
    island = sequencing._islands(prob, 12, 2, budget, 0, sequencing._Clock(now[0] + 10, 10, budget, None))[0]
    assert island.state.size == sequencing._population(12, budget // 2)
    island.evolving = (now[0], 0)
    island.state.counters[population.MEMBERS] = island.state.size

    def a_generation_later(seconds):
        now[0] += seconds
        island.state.counters[population.EVALS] = round(per_second * (now[0] - 100))
        island.fit_to_the_clock()

    a_generation_later(0.5)  # too soon to tell the speed (FIT_AFTER: a tenth of the time)
    assert island.state.size == sequencing._population(12, budget // 2)
    a_generation_later(0.5)
    assert island.state.size == size
    assert island.state.counters[population.MEMBERS] == size  # the best members kept, the rest let go
    per_second /= 100
    a_generation_later(1)  # fitted once: a slower spell later changes nothing
    assert island.state.size == size
