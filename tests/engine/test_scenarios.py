"""Each scenario change of INTERFACES.md, worked by hand, and the messages for bad ones."""

import pytest

import vmo_core
from tests.builders import make_portfolio, week
from vmo_core.engine.scenario import apply_scenario
from vmo_core.model.plan import baseline_plan


def order_after(pf, *changes):
    return apply_scenario(baseline_plan(pf), {"changes": list(changes)}).order


@pytest.fixture
def three():
    # CD3 = v / duration: A 100/1 = 100, B 100/2 = 50, C 100/4 = 25; current order A, B, C.
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


def test_add_a_proposal_goes_where_cd3_puts_it(three):
    # IDEA's CD3 = 150 / 2 = 75: just before the first with a lower CD3 (B, 50).
    assert order_after(three, {"op": "add", "project": "IDEA"}) == ["A", "IDEA", "B", "C"]


def test_add_cd3_skips_in_flight_projects():
    pf = make_portfolio(
        [
            {"id": "RUN", "status": "active", "duration_weeks": 10, "value_per_week": 1.0},
            {"id": "B", "duration_weeks": 2, "value_per_week": 100.0},
            {"id": "NEW", "status": "proposed", "duration_weeks": 1, "value_per_week": 1000.0},
        ]
    )
    # RUN has a lower CD3 than NEW but is in flight: NEW goes before B, not before RUN.
    assert order_after(pf, {"op": "add", "project": "NEW"}) == ["RUN", "NEW", "B"]


def test_add_with_no_lower_cd3_goes_to_the_end(three):
    change = {"op": "add", "project": {"id": "SLOW", "duration_weeks": 10, "value_per_week": 1.0}}
    assert order_after(three, change) == ["A", "B", "C", "SLOW"]


def test_add_at_a_position_is_one_based(three):
    assert order_after(three, {"op": "add", "project": "IDEA", "position": 1}) == ["IDEA", "A", "B", "C"]
    assert order_after(three, {"op": "add", "project": "IDEA", "position": 3}) == ["A", "B", "IDEA", "C"]


def test_adding_a_proposal_delays_what_comes_after_it_and_says_so(three):
    # Baseline on one FTE: A 0-1, B 1-3, C 3-7. IDEA (2 weeks) at CD3 place: A 1, IDEA 3, B 5, C 9.
    # Values (H = 20, v = 100): B 1700 -> 1500, C 1300 -> 1100: delay cost 400. IDEA earns 150 x 17 = 2550.
    diff = vmo_core.compare(three, {"changes": [{"op": "add", "project": "IDEA"}]})
    assert {d.id: d.finish_delta_weeks for d in diff.projects} == {"A": 0, "B": 2, "C": 2}
    assert diff.delay_cost == pytest.approx(400.0)
    assert diff.scenario.by_id["IDEA"].value == pytest.approx(2550.0)
    assert diff.net_value_change == pytest.approx(2550.0 - 400.0)
    assert diff.added == ("IDEA",)


def test_a_new_project_with_demands_and_dates(three):
    change = {
        "op": "add",
        "project": {
            "id": "NEW",
            "duration_weeks": 1,
            "value_per_week": 10,
            "earliest_start": week(12).isoformat(),
            "demands": {"TEAM": 1},
        },
    }
    result = vmo_core.schedule(three, {"changes": [change]})
    assert (result.by_id["NEW"].start_week, result.by_id["NEW"].finish_week) == (12, 13)


def test_accelerate_to_front_moves_within_its_group_only():
    pf = make_portfolio(
        [
            {"id": "RUN", "status": "active", "duration_weeks": 1},
            {"id": "B", "duration_weeks": 1},
            {"id": "C", "duration_weeks": 1},
        ]
    )
    assert order_after(pf, {"op": "accelerate", "project": "C", "to_front": True}) == ["RUN", "C", "B"]


def test_crash_multiplies_demand_and_divides_duration_rounding_up(three):
    # C: 4 weeks at 1 FTE, crashed by 2 -> 2 weeks at 2 FTE. TEAM must be 2 FTE for it to fit.
    pf = make_portfolio([{"id": "C", "duration_weeks": 5, "demands": {"TEAM": 1}}], pools={"TEAM": 2})
    plan = apply_scenario(baseline_plan(pf), {"changes": [{"op": "accelerate", "project": "C", "crash": 2}]})
    assert plan.projects["C"].duration_weeks == 3  # ceil(5 / 2)
    assert plan.demands["C"] == {"TEAM": 2}
    assert plan.order == ["C"]  # crash alone does not move it


def test_crash_rounding_ignores_floating_point_noise():
    # 21 / 1.4 is 15.000000000000002 in floating point; the model means 15 weeks.
    pf = make_portfolio([{"id": "C", "duration_weeks": 21, "demands": {"TEAM": 1}}], pools={"TEAM": 2})
    plan = apply_scenario(baseline_plan(pf), {"changes": [{"op": "accelerate", "project": "C", "crash": 1.4}]})
    assert plan.projects["C"].duration_weeks == 15


def test_capacity_change_replaces_planned_changes_from_its_week_on():
    # TEAM: 1 FTE, planned 3 FTE from week 10. Scenario: 2 FTE from week 5 -> the week-10 change goes.
    pf = make_portfolio([{"id": "A", "duration_weeks": 1}], capacity_changes=[("TEAM", 10, 3.0)])
    plan = apply_scenario(
        baseline_plan(pf), {"changes": [{"op": "capacity", "pool": "TEAM", "capacity_fte": 2, "from": week(5).isoformat()}]}
    )
    line = plan.capacity["TEAM"]
    assert [line.at(w) for w in (0, 4, 5, 9, 10, 50)] == [1, 1, 2, 2, 2, 2]


def test_capacity_without_a_date_applies_from_the_as_of_date():
    pf = make_portfolio([{"id": "A", "duration_weeks": 1, "demands": {"TEAM": 3}}])
    result = vmo_core.schedule(pf, {"changes": [{"op": "capacity", "pool": "TEAM", "capacity_fte": 3}]})
    assert result.by_id["A"].finish_week == 1


def test_sequence_puts_named_projects_first_and_keeps_the_rest_in_order(three):
    assert order_after(three, {"op": "sequence", "order": ["C", "A"]}) == ["C", "A", "B"]


def test_changes_apply_in_order(three):
    changes = [
        {"op": "add", "project": "IDEA", "position": 4},
        {"op": "sequence", "order": ["IDEA"]},
        {"op": "stop", "project": "A"},
    ]
    assert order_after(three, *changes) == ["IDEA", "B", "C"]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"op": "stop", "project": "NOPE"}, r"change 1 \(stop\): no project 'NOPE'"),
        ({"op": "stop", "project": "IDEA"}, r"change 1 \(stop\): project 'IDEA' is not scheduled \(proposed\)"),
        ({"op": "fly", "project": "A"}, r"change 1: unknown op 'fly'"),
        ({"op": "add", "project": "A"}, r"already scheduled"),
        ({"op": "add", "project": {"id": "A", "duration_weeks": 1, "value_per_week": 1}}, r"already exists"),
        ({"op": "add", "project": {"id": "N", "value_per_week": 1}}, r"needs 'duration_weeks'"),
        ({"op": "add", "project": {"id": "N", "duration_weeks": 0, "value_per_week": 1}}, r"duration_weeks"),
        ({"op": "add", "project": {"id": "N", "duration_weeks": 1, "value_per_week": 1, "demands": {"X": 1}}}, r"no pool 'X'"),
        ({"op": "add", "project": "IDEA", "position": 0}, r"position"),
        ({"op": "accelerate", "project": "A", "crash": 0.5}, r"crash"),
        ({"op": "accelerate", "project": "A", "to_front": "yes"}, r"to_front"),
        ({"op": "capacity", "pool": "NOPE", "capacity_fte": 2}, r"no pool 'NOPE'"),
        ({"op": "capacity", "pool": "TEAM", "capacity_fte": -1}, r"capacity_fte"),
        ({"op": "capacity", "pool": "TEAM", "capacity_fte": 2, "from": "next week"}, r"from: 'next week' is not a date"),
        ({"op": "sequence", "order": ["A", "A"]}, r"named twice"),
        ({"op": "stop", "project": "A", "why": "because"}, r"unknown field 'why'"),
    ],
)
def test_bad_changes_name_the_change_and_what_is_wrong(three, change, message):
    with pytest.raises(vmo_core.ScenarioError, match=message):
        vmo_core.compare(three, {"changes": [change]})


def test_the_second_bad_change_is_named_as_change_2(three):
    with pytest.raises(vmo_core.ScenarioError, match=r"^change 2 \(stop\)"):
        vmo_core.compare(three, {"changes": [{"op": "stop", "project": "A"}, {"op": "stop", "project": "A"}]})


def test_the_scenario_dict_given_is_not_changed(three):
    scenario = {
        "changes": [{"op": "add", "project": {"id": "N", "duration_weeks": 1, "value_per_week": 1, "demands": {"TEAM": "1"}}}]
    }
    vmo_core.compare(three, scenario)
    assert scenario["changes"][0]["project"]["demands"] == {"TEAM": "1"}
