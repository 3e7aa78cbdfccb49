"""The reference's repair (tests/reference.py) checked on its own: small plans worked by hand from
ECONOMICS.md ("A change moves only what it must: repairing a plan", "A plan with dates", "A scenario
is one repair of the plan"), and the worked figures of issue 22 on the bundled sample.

Nothing here calls the product's schedule: these tests hold the reference to the page, so that the
product can then be held to the reference (tests/engine/test_repair_properties.py).
"""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vmo_core
from tests.builders import make_portfolio, week
from tests.reference import (
    reference_compare,
    reference_plan,
    reference_repair,
    reference_schedule,
    reference_serial,
    reference_touched,
)
from tests.strategies import portfolios, scenarios

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def starts(pf, scenario=None) -> dict:
    placed, failed = reference_schedule(reference_plan(pf, scenario))
    return {**{p: s for p, (s, _) in placed.items()}, **{p: None for p in failed}}


def team(*projects, capacity=1.0, **kwargs):
    """One pool, TEAM; each project a dict (its demand on TEAM as `fte`), priorities in the order given."""
    specs = []
    for spec in projects:
        spec = dict(spec)
        spec["demands"] = {"TEAM": spec.pop("fte", 1.0)}
        spec.setdefault("value_per_week", 100.0)
        specs.append(spec)
    return make_portfolio(specs, pools={"TEAM": capacity}, **kwargs)


# ---------------------------------------------------------------- the worked figures of issue 22


def counts(diff):
    rows = diff["delta"]["projects"]
    later = [r["id"] for r in rows if r["finish_delta_weeks"] is not None and r["finish_delta_weeks"] > 0]
    sooner = [r["id"] for r in rows if r["finish_delta_weeks"] is not None and r["finish_delta_weeks"] < 0]
    return len(later), len(sooner), round(diff["delta"]["net_value_change"], 2)


def test_stopping_borealis_delays_nothing_and_brings_fourteen_forward():
    diff = reference_compare(vmo_core.load(SAMPLE), {"changes": [{"op": "stop", "project": "BOREALIS"}]})
    assert counts(diff) == (0, 14, 2_343_621.37)
    assert diff["delta"]["value_lost_to_delays"] == 0.0


def test_one_more_data_engineer_delays_nothing_and_brings_fourteen_forward():
    pf = vmo_core.load(SAMPLE)
    assert {p.id: p.label for p in pf.pools}["DATA"] == "Data Engineering"
    assert {p.id: p.capacity_fte for p in pf.pools}["DATA"] == 6
    diff = reference_compare(pf, {"changes": [{"op": "capacity", "pool": "DATA", "capacity_fte": 7}]})
    assert counts(diff) == (0, 14, 3_893_209.18)
    assert diff["delta"]["capacity_cost"] == 2600 * 156  # one FTE for every week of the horizon


def test_adding_atlas_where_cd3_puts_it_delays_fifteen_and_brings_four_forward():
    diff = reference_compare(vmo_core.load(SAMPLE), {"changes": [{"op": "add", "project": "ATLAS"}]})
    assert counts(diff) == (15, 4, 387_851.77)


def test_the_sample_as_it_stands_is_serial_generation():
    plan = reference_plan(vmo_core.load(SAMPLE))
    assert not plan.planned
    assert reference_schedule(plan) == reference_serial(plan)


# ---------------------------------------------------------------- repairs worked by hand


def test_a_hire_that_would_delay_a_project_afresh_delays_nothing_when_repaired():
    # TEAM 2 -> 3 FTE. A (1 FTE, 4 weeks), B (2 FTE, 1 week), C (1 FTE, 2 weeks), in that order.
    # Baseline, 2 FTE: A 0-4 (1 left in weeks 0-3); B needs 2: week 4; C fits beside A: 0-2.
    # Afresh with 3 FTE: A 0-4; B beside it at 0; C: week 0 is full (1 + 2), so 1-3: C one week later.
    # Repaired (a capacity change touches nothing):
    #   phase 1: A at 0 (its start); B no earlier than 4: 4-5; C no earlier than 0: 0-2.
    #   phase 2: A cannot start sooner; B: weeks 0 and 1 hold A and C (2 of 3, 1 left), week 2 holds
    #   A only: B moves to 2-3; again from the first: nothing moves. C stays at 0.
    pf = team(
        {"id": "A", "duration_weeks": 4},
        {"id": "B", "duration_weeks": 1, "fte": 2.0},
        {"id": "C", "duration_weeks": 2},
        capacity=2.0,
    )
    hire = {"changes": [{"op": "capacity", "pool": "TEAM", "capacity_fte": 3.0}]}
    assert starts(pf) == {"A": 0, "B": 4, "C": 0}
    afresh, _ = reference_serial(reference_plan(pf, hire))
    assert afresh == {"A": (0, 4), "B": (0, 1), "C": (1, 3)}  # C delayed: the anomaly the repair removes
    assert starts(pf, hire) == {"A": 0, "B": 2, "C": 0}
    diff = reference_compare(pf, hire)
    assert {r["id"]: r["finish_delta_weeks"] for r in diff["delta"]["projects"]} == {"A": 0, "B": -2, "C": 0}
    assert diff["delta"]["value_lost_to_delays"] == 0.0
    assert diff["delta"]["value_gained_sooner"] == 200.0  # B: 2 weeks sooner at 100 a week
    assert reference_touched(reference_plan(pf, hire)) == set()


def test_phase_two_starts_again_from_the_first_project_after_each_move():
    # TEAM 2 FTE. S (2 FTE, 1 week), A (1 FTE, 3 weeks), B (2 FTE, 1 week), C (1 FTE, 3 weeks),
    # D (2 FTE, 1 week), in that order.
    # Baseline: S 0-1; A 1-4; B needs both: 4-5; C beside A: 1-4; D needs both: 5-6.
    # Stop S. Phase 1 keeps every date: A 1-4, B 4-5, C 1-4, D 5-6.
    # Phase 2: A moves to 0-3 (week 0 is free, C holds 1 of weeks 1-3); from the first again: A
    # cannot; B: weeks 0-3 all hold A or C; C moves to 0-3. From the first again: B now fits at
    # week 3 (A and C end at 3): B 3-4. From the first again: D fits at week 4: D 4-5. Then nothing.
    # Scanning on past C instead of starting again would give week 3 to D, ranked below B.
    pf = team(
        {"id": "S", "duration_weeks": 1, "fte": 2.0},
        {"id": "A", "duration_weeks": 3},
        {"id": "B", "duration_weeks": 1, "fte": 2.0},
        {"id": "C", "duration_weeks": 3},
        {"id": "D", "duration_weeks": 1, "fte": 2.0},
        capacity=2.0,
    )
    assert starts(pf) == {"S": 0, "A": 1, "B": 4, "C": 1, "D": 5}
    assert starts(pf, {"changes": [{"op": "stop", "project": "S"}]}) == {"A": 0, "B": 3, "C": 0, "D": 4}


def test_a_date_later_than_capacity_allows_is_pulled_forward():
    # TEAM 1 FTE. A (2 weeks, planned at week 5), B (2 weeks, planned at week 0), A ranked first.
    # Phase 1: A no earlier than 5: 5-7; B at 0: 0-2. Phase 2: A fits from week 2 (B holds 0-1): 2-4.
    # Serial generation would give A 0-2 and B 2-4: the plan's dates keep B where it was planned.
    pf = team(
        {"id": "A", "duration_weeks": 2, "planned_start": week(5)},
        {"id": "B", "duration_weeks": 2, "planned_start": week(0)},
    )
    assert reference_plan(pf).planned == {"A": 5, "B": 0}
    assert starts(pf) == {"A": 2, "B": 0}


def test_a_date_that_capacity_cannot_hold_is_pushed_later():
    # TEAM 1 FTE. A (2 weeks, planned at week 0), B (2 weeks, planned at week 1), C (1 week, no date).
    # Phase 1: A 0-2; B no earlier than 1, but week 1 is A's: 2-4; C (no start: no bound) 4-5.
    # Phase 2: nothing can start sooner.
    pf = team(
        {"id": "A", "duration_weeks": 2, "planned_start": week(0)},
        {"id": "B", "duration_weeks": 2, "planned_start": week(1)},
        {"id": "C", "duration_weeks": 1},
    )
    assert starts(pf) == {"A": 0, "B": 2, "C": 4}


def test_a_date_before_the_as_of_date_is_week_zero():
    # A planned 3 weeks before as_of: its start bound is below week 0, which bounds every start anyway.
    pf = team({"id": "A", "status": "active", "duration_weeks": 2, "planned_start": week(-3)}, {"id": "B", "duration_weeks": 1})
    assert starts(pf) == {"A": 0, "B": 2}


def test_a_move_touches_the_project_and_the_two_it_passes():
    # TEAM 1 FTE. A (1 week), B (2), C (2), D (1). Baseline: A 0-1, B 1-3, C 3-5, D 5-6.
    # Move D to 2nd: list A, D, B, C. D passes B and C: D, B and C are touched, A is not.
    # Phase 1: A at 0 (its start); D (touched) at the earliest: 1-2; B 2-4; C 4-6. Phase 2: nothing.
    pf = team({"id": "A"}, {"id": "B", "duration_weeks": 2}, {"id": "C", "duration_weeks": 2}, {"id": "D"})
    move = {"changes": [{"op": "move", "project": "D", "position": 2}]}
    plan = reference_plan(pf, move)
    assert plan.order == ["A", "D", "B", "C"]
    assert reference_touched(plan) == {"B", "C", "D"}
    assert starts(pf) == {"A": 0, "B": 1, "C": 3, "D": 5}
    assert starts(pf, move) == {"A": 0, "D": 1, "B": 2, "C": 4}
    diff = reference_compare(pf, move)
    assert {r["id"]: r["finish_delta_weeks"] for r in diff["delta"]["projects"]} == {"A": 0, "D": -4, "B": 1, "C": 1}


def test_a_move_past_the_end_is_the_last_and_a_move_to_its_own_place_touches_nothing():
    pf = team({"id": "A"}, {"id": "B"}, {"id": "C"})
    assert reference_plan(pf, {"changes": [{"op": "move", "project": "A", "position": 9}]}).order == ["B", "C", "A"]
    same = reference_plan(pf, {"changes": [{"op": "move", "project": "B", "position": 2}]})
    assert same.order == ["A", "B", "C"] and reference_touched(same) == set()


def test_a_scenario_repairs_the_baseline_schedule_not_the_plans_dates():
    # TEAM 1 FTE, plan with dates: A (1 week) planned at 3, B (1 week) planned at 0. Baseline:
    # phase 1 A 3-4, B 0-1; phase 2 A moves to 1-2. Adding N (1 week) last, touched: phase 1 A no
    # earlier than 1 (its start in the baseline): 1-2; B 0-1; N at the earliest: 2-3. Nothing moves.
    # (Repairing the dates instead would put N at 1-2, before A's date, and A at 2-3.)
    pf = team({"id": "A", "planned_start": week(3)}, {"id": "B", "planned_start": week(0)})
    assert starts(pf) == {"A": 1, "B": 0}
    add = {"changes": [{"op": "add", "project": {"id": "N", "duration_weeks": 1, "value_per_week": 1, "demands": {"TEAM": 1}}}]}
    assert starts(pf, add) == {"A": 1, "B": 0, "N": 2}


def test_a_hire_may_delay_a_project_to_fit_one_that_could_not_be_scheduled_before():
    # TEAM 1 -> 2 FTE. A (2 FTE, 2 weeks) cannot be scheduled on 1 FTE; B (1 FTE, 2 weeks) runs 0-2.
    # With 2 FTE, phase 1 places A first (no start: no bound) at 0-2, and B, no earlier than 0, fits
    # only from week 2: B waits for A, ranked above it. Phase 2: nothing moves.
    pf = team({"id": "A", "duration_weeks": 2, "fte": 2.0}, {"id": "B", "duration_weeks": 2})
    assert starts(pf) == {"A": None, "B": 0}
    assert starts(pf, {"changes": [{"op": "capacity", "pool": "TEAM", "capacity_fte": 2.0}]}) == {"A": 0, "B": 2}


def test_a_stop_leaves_its_successors_unscheduled():
    pf = team({"id": "A"}, {"id": "B"}, {"id": "C"}, dependencies=[("A", "B")])
    placed, failed = reference_schedule(reference_plan(pf, {"changes": [{"op": "stop", "project": "A"}]}))
    assert failed == {"B": "dependency"} and placed == {"C": (0, 1)}


def test_a_cut_makes_lower_priority_yield():
    # TEAM 2 -> 1 FTE from week 1. A, B (1 FTE, 2 weeks each) run side by side at 0-2 on 2 FTE.
    # After the cut, phase 1 keeps A at 0-2; B, no earlier than 0, first fits at 2 (week 1 holds A): 2-4.
    pf = team({"id": "A", "duration_weeks": 2}, {"id": "B", "duration_weeks": 2}, capacity=2.0)
    cut = {"changes": [{"op": "capacity", "pool": "TEAM", "capacity_fte": 1.0, "from": week(1).isoformat()}]}
    assert starts(pf) == {"A": 0, "B": 0}
    assert starts(pf, cut) == {"A": 0, "B": 2}


def test_a_sequence_is_a_new_plan():
    # A hire and a re-sequence: every project touched, so serial generation over the final list.
    pf = team(
        {"id": "A", "duration_weeks": 4},
        {"id": "B", "duration_weeks": 1, "fte": 2.0},
        {"id": "C", "duration_weeks": 2},
        capacity=2.0,
    )
    scenario = {
        "changes": [{"op": "capacity", "pool": "TEAM", "capacity_fte": 3.0}, {"op": "sequence", "order": ["A", "B", "C"]}]
    }
    plan = reference_plan(pf, scenario)
    assert reference_touched(plan) == {"A", "B", "C"}
    assert starts(pf, scenario) == {"A": 0, "B": 0, "C": 1}  # the afresh schedule of the hire above


def test_accelerate_to_the_front_touches_it_and_those_it_passes_and_a_crash_touches_it():
    pf = team({"id": "RUN", "status": "active"}, {"id": "A"}, {"id": "B"}, {"id": "C"})
    front = reference_plan(pf, {"changes": [{"op": "accelerate", "project": "C", "to_front": True}]})
    assert front.order == ["RUN", "C", "A", "B"] and reference_touched(front) == {"A", "B", "C"}
    crash = reference_plan(pf, {"changes": [{"op": "accelerate", "project": "B", "crash": 2}]})
    assert crash.order == ["RUN", "A", "B", "C"] and reference_touched(crash) == {"B"}
    nothing = reference_plan(pf, {"changes": [{"op": "accelerate", "project": "B", "to_front": False, "crash": 1}]})
    assert reference_touched(nothing) == set()  # SILENT in reference_scenario._accelerate


# ---------------------------------------------------------------- the reference against the page's own claims


@SETTINGS
@given(st.data())
def test_a_repair_with_everything_touched_is_serial_generation(data):
    pf = data.draw(portfolios(dates=data.draw(st.booleans()), crowded=data.draw(st.booleans()), min_projects=3))
    plan = reference_plan(pf, data.draw(scenarios(pf)))
    assert reference_repair(plan, {p: 0 for p in plan.order}, set(plan.order)) == reference_serial(plan)


@SETTINGS
@given(st.data())
def test_repairing_a_schedule_with_nothing_changed_gives_it_back(data):
    # "A repair with nothing changed and nothing touched gives the schedule back unchanged when that
    # schedule is the result of serial generation or of a repair."
    pf = data.draw(portfolios(dates=data.draw(st.booleans()), crowded=data.draw(st.booleans()), min_projects=3))
    plan = reference_plan(pf, data.draw(scenarios(pf)))
    placed, failed = reference_schedule(plan)
    again = reference_repair(plan, {p: s for p, (s, _) in placed.items()}, set())
    assert again == (placed, failed)
