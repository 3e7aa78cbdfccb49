"""Optimise, shadow prices, intake, stopping, benefits and interventions, worked by hand
and checked against brute force and against the engine's own comparisons."""

import itertools
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vmo_core
from tests.builders import make_portfolio
from tests.strategies import portfolios
from vmo_core.decisions.benefits import benefits, rag
from vmo_core.decisions.constraints import constraints
from vmo_core.decisions.intake import intake
from vmo_core.decisions.interventions import interventions
from vmo_core.decisions.sequencing import optimise
from vmo_core.decisions.stopping import stop_ranking
from vmo_core.engine.ranks import cd3_order, economic_order
from vmo_core.model.plan import baseline_plan


def value_of(pf, order):
    return vmo_core.schedule(pf, {"changes": [{"op": "sequence", "order": list(order)}]}).total_value


# ---------------------------------------------------------------- sequencing


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
    result = optimise(pf)
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
    result = optimise(pf, evaluations=2000)
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
    result = optimise(pf, evaluations=max(60, min(3000, orderings // 2)), time_limit=30)
    best = brute_force_best(pf)
    assert result.total_value >= best - 0.01 * abs(best) - 1e-6
    assert result.total_value >= result.baseline_total_value - 1e-9
    assert result.total_value >= result.cd3_total_value - 1e-9
    assert result.total_value == pytest.approx(value_of(pf, result.order), rel=1e-12, abs=1e-9)
    assert sorted(result.order) == sorted(plan.order)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios(max_projects=6))
def test_when_every_order_fits_the_budget_optimise_finds_the_best(pf):
    result = optimise(pf)
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
    optimise(pf, evaluations=1000, progress=lambda fraction, best: seen.append(fraction))
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)


# ---------------------------------------------------------------- the constraint


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


# ---------------------------------------------------------------- intake


@pytest.fixture
def three_and_a_proposal():
    return make_portfolio(
        [
            {"id": "A", "duration_weeks": 1, "value_per_week": 100.0, "demands": {"TEAM": 1}},
            {"id": "B", "duration_weeks": 2, "value_per_week": 100.0, "demands": {"TEAM": 1}},
            {"id": "C", "duration_weeks": 4, "value_per_week": 100.0, "demands": {"TEAM": 1}},
            {
                "id": "IDEA",
                "status": "proposed",
                "priority": None,
                "duration_weeks": 2,
                "value_per_week": 150.0,
                "demands": {"TEAM": 1},
            },
        ],
        horizon=20,
    )


def test_intake_at_the_cd3_place_worked_by_hand(three_and_a_proposal):
    # Baseline (one FTE, H = 20): A lands 1 (1900), B 3 (1700), C 7 (1300).
    # IDEA's CD3 75 puts it 2nd: A 1, IDEA 3 (150 x 17 = 2550), B 5 (1500), C 9 (1100).
    # Delay cost 200 + 200 = 400; net 2550 - 400 = 2150 (no costs).
    # Other places: 1st 2700 - 600 = 2100; 3rd 2250 - 200 = 2050; 4th 150 x 11 = 1650. Best: 2nd.
    result = intake(three_and_a_proposal, "IDEA")
    assert result.chosen.position == 2
    assert result.chosen.own_value == pytest.approx(2550.0)
    assert result.chosen.delay_cost == pytest.approx(400.0)
    assert result.chosen.net_value_change == pytest.approx(2150.0)
    assert [(d.id, d.finish_delta_weeks, d.value_delta) for d in result.chosen.delayed] == [
        ("B", 2, pytest.approx(-200.0)),
        ("C", 2, pytest.approx(-200.0)),
    ]
    assert [p.net_value_change for p in result.places] == pytest.approx([2100.0, 2150.0, 2050.0, 1650.0])
    assert result.recommendation == "accept"


def test_intake_at_a_given_position_recommends_the_better_place(three_and_a_proposal):
    result = intake(three_and_a_proposal, "IDEA", position=4)
    assert result.chosen.net_value_change == pytest.approx(1650.0)
    assert result.recommendation == "accept_elsewhere" and result.best.position == 2
    assert result.to_dict()["recommendation"]["position"] == 2


def test_intake_keeps_the_asked_place_when_another_is_better_by_a_trifle():
    # One FTE, H = 100. IDEA 1st: lands 1 (10.05 x 99 = 994.95), A a week late (-10): net 984.95.
    # IDEA 2nd, as asked: lands 2 (10.05 x 98 = 984.90), A on time: net 984.90.
    # 1st is better by 0.05, far under 1% of IDEA's own value (9.85): not worth moving it.
    pf = make_portfolio(
        [
            {"id": "A", "duration_weeks": 1, "value_per_week": 10.0, "demands": {"TEAM": 1}},
            {"id": "IDEA", "status": "proposed", "duration_weeks": 1, "value_per_week": 10.05, "demands": {"TEAM": 1}},
        ],
        horizon=100,
    )
    result = intake(pf, "IDEA", position=2)
    assert [p.net_value_change for p in result.places] == pytest.approx([984.95, 984.90])
    assert result.best is result.chosen and result.recommendation == "accept"


def test_intake_places_a_proposal_ahead_of_lower_cd3_work_listed_before_an_in_flight_project():
    # The list: LOW (approved, CD3 500) then ACT (in flight, on another pool). NEW's CD3 10,000 puts it
    # before LOW, 1st. H = 20, one FTE on P: NEW lands 1 (10,000 x 19 = 190,000), LOW 3 not 2 (-1,000).
    pf = make_portfolio(
        [
            {"id": "LOW", "priority": 1, "duration_weeks": 2, "value_per_week": 1000.0, "demands": {"P": 1}},
            {"id": "ACT", "status": "active", "priority": 2, "duration_weeks": 1, "value_per_week": 1000.0, "demands": {"Q": 1}},
            {"id": "NEW", "status": "proposed", "duration_weeks": 1, "value_per_week": 10000.0, "demands": {"P": 1}},
        ],
        pools={"P": 1.0, "Q": 1.0},
        horizon=20,
    )
    result = intake(pf, "NEW")
    assert (result.chosen.position, result.chosen.own_value, result.chosen.delay_cost) == (1, 190000.0, 1000.0)
    added = vmo_core.compare(pf, {"changes": [{"op": "add", "project": "NEW"}]})
    assert result.chosen.net_value_change == added.net_value_change == 189000.0
    # 2nd (between LOW and ACT) and 3rd (after ACT) are one place: ACT is placed first whatever the list says.
    assert [p.position for p in result.places] == [1, 3]
    assert intake(pf, "NEW", position=2).chosen.net_value_change == intake(pf, "NEW", position=3).chosen.net_value_change


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios(), st.integers(min_value=1, max_value=12))
def test_intake_at_any_place_is_the_comparison_of_adding_it_there(pf, position):
    for proposal in [p.id for p in pf.projects if p.status == "proposed"]:
        for asked in (None, position):
            result = intake(pf, proposal, position=asked)
            change = {"op": "add", "project": proposal} | ({} if asked is None else {"position": asked})
            diff = vmo_core.compare(pf, {"changes": [change]})
            assert result.chosen.net_value_change == pytest.approx(diff.net_value_change, rel=1e-12, abs=1e-9)
            assert result.chosen.delay_cost == pytest.approx(diff.delay_cost, rel=1e-12, abs=1e-9)
            assert result.best.net_value_change >= result.chosen.net_value_change - 1e-9


def test_intake_declines_a_proposal_that_costs_more_than_it_is_worth():
    pf = make_portfolio(
        [
            {"id": "A", "duration_weeks": 1, "value_per_week": 100.0, "demands": {"TEAM": 1}},
            {"id": "PET", "status": "proposed", "duration_weeks": 5, "value_per_week": 1.0, "demands": {"TEAM": 1}},
        ],
        costs={"TEAM": 1000.0},
        horizon=20,
    )
    assert intake(pf, "PET").recommendation == "decline"


def test_intake_only_takes_proposals(three_and_a_proposal):
    with pytest.raises(vmo_core.VmoError, match="not a proposal"):
        intake(three_and_a_proposal, "A")


# ---------------------------------------------------------------- stopping and benefits


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


def test_benefits_worked_by_hand():
    from tests.builders import week

    # H = 10, one FTE each.
    # LATE: promised week 3 at 100/week -> 7 x 100 = 700; forecast lands 5 at 90 -> 5 x 90 = 450:
    #   shortfall 250 = 36% of 700 -> red.
    # SLIP: promised week 0 -> 10 x 100 = 1000 (v, no promised value given); lands 1 -> 900: 10% -> amber.
    # FINE: promised week 6 -> 4 x 100 = 400; lands 2 -> 800, better than promised: shortfall -400 -> green.
    pf = make_portfolio(
        [
            {"id": "SLIP", "duration_weeks": 1, "value_per_week": 100.0, "promised_finish": week(0), "demands": {"B": 1}},
            {
                "id": "LATE",
                "duration_weeks": 5,
                "value_per_week": 90.0,
                "promised_finish": week(3),
                "promised_value_per_week": 100.0,
                "demands": {"A": 1},
            },
            {"id": "FINE", "duration_weeks": 2, "value_per_week": 100.0, "promised_finish": week(6), "demands": {"C": 1}},
            {"id": "NONE", "duration_weeks": 2, "value_per_week": 100.0, "demands": {"C": 1}},
        ],
        pools={"A": 1, "B": 1, "C": 1},
        horizon=10,
    )
    report = {b.id: b for b in benefits(pf).projects}
    assert set(report) == {"SLIP", "LATE", "FINE"}
    assert (report["LATE"].promised_value, report["LATE"].forecast_value, report["LATE"].rag) == (700.0, 450.0, "red")
    assert (report["SLIP"].value_shortfall, report["SLIP"].rag) == (pytest.approx(100.0), "amber")
    assert (report["FINE"].value_shortfall, report["FINE"].rag) == (pytest.approx(-400.0), "green")
    assert benefits(pf).value_at_risk == pytest.approx(350.0)


def test_a_promise_dated_before_the_as_of_date_is_valued_by_the_formula_as_written():
    from tests.builders import week

    # H = 20. OVERDUE was promised for week -1: V(-1) = 1000 x (20 - (-1)) = 21,000 (r = 0: max(0, E - F)).
    # It lands at 10: 1000 x 10 = 10,000. Shortfall 11,000 = 52% -> red, not a negative "better than promised".
    pf = make_portfolio(
        [{"id": "OVERDUE", "duration_weeks": 10, "value_per_week": 1000.0, "promised_finish": week(-1), "demands": {"TEAM": 1}}],
        horizon=20,
    )
    [line] = benefits(pf).projects
    assert (line.promised_finish_week, line.promised_value, line.value_shortfall, line.rag) == (-1, 21000.0, 11000.0, "red")

    # With discounting the sum runs from t = -1 too: q^-1 + q^0 + ... + q^19.
    pf = make_portfolio(
        [{"id": "OVERDUE", "duration_weeks": 10, "value_per_week": 1000.0, "promised_finish": week(-1), "demands": {"TEAM": 1}}],
        horizon=20,
        discount_rate=0.1,
    )
    q = 1.1 ** (-1 / 52)
    assert benefits(pf).projects[0].promised_value == pytest.approx(1000.0 * sum(q**t for t in range(-1, 20)), rel=1e-12)


@pytest.mark.parametrize("shortfall, rag_colour", [(50, "green"), (51, "amber"), (200, "amber"), (201, "red")])
def test_rag_thresholds_are_5_and_20_percent_of_the_promise(shortfall, rag_colour):
    assert rag(shortfall, 1000.0, scheduled=True) == rag_colour


def test_an_unschedulable_promise_is_red():
    assert rag(0.0, 1000.0, scheduled=False) == "red"


# ---------------------------------------------------------------- interventions


def test_each_intervention_is_worth_what_its_own_scenario_says():
    pf = vmo_core.load("data/sample")
    listed = interventions(pf, search_seconds=1.0).interventions
    assert listed and {i.action for i in listed} <= {"stop", "accelerate", "resequence", "add_capacity"}
    assert [i.net_value_change for i in listed] == sorted((i.net_value_change for i in listed), reverse=True)
    horizon = pf.settings.horizon_weeks
    for item in listed:
        diff = vmo_core.compare(pf, {"changes": list(item.changes)})
        hire = pf.pool_index[item.target].cost_per_fte_week * horizon if item.action == "add_capacity" else 0.0
        assert item.net_value_change == pytest.approx(diff.net_value_change - hire, rel=1e-12)
        assert item.net_value_change > 0
        assert set(item.moves) == {d.id for d in diff.projects if d.finish_delta_weeks != 0}
