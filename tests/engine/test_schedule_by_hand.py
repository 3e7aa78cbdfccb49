"""Schedules small enough to work out by hand; the arithmetic is in each test."""

import pytest

import vmo_core
from tests.builders import make_portfolio, week


def finishes(pf, scenario=None):
    return {p.id: (p.start_week, p.finish_week) for p in vmo_core.schedule(pf, scenario).projects}


def test_one_pool_runs_projects_back_to_back_in_priority_order():
    # TEAM has 1 FTE; each project needs all of it: A (3 weeks) then B (2 weeks) then C (1 week).
    pf = make_portfolio(
        [
            {"id": "A", "duration_weeks": 3, "demands": {"TEAM": 1}},
            {"id": "B", "duration_weeks": 2, "demands": {"TEAM": 1}},
            {"id": "C", "duration_weeks": 1, "demands": {"TEAM": 1}},
        ]
    )
    assert finishes(pf) == {"A": (0, 3), "B": (3, 5), "C": (5, 6)}


def test_projects_share_a_pool_when_it_has_room():
    # TEAM has 2 FTE: A and B need 1 each and run side by side; C needs 2, so waits for both.
    pf = make_portfolio(
        [
            {"id": "A", "duration_weeks": 4, "demands": {"TEAM": 1}},
            {"id": "B", "duration_weeks": 2, "demands": {"TEAM": 1}},
            {"id": "C", "duration_weeks": 1, "demands": {"TEAM": 2}},
        ],
        pools={"TEAM": 2},
    )
    assert finishes(pf) == {"A": (0, 4), "B": (0, 2), "C": (4, 5)}


def test_a_later_project_fills_an_earlier_gap_that_fits_it():
    # A holds 1 of 2 FTE for weeks 0-3; B needs 2 FTE so starts at 4; C needs 1 FTE for 4 weeks:
    # weeks 0-3 have 1 free, so C goes back to week 0 (serial generation fills gaps).
    pf = make_portfolio(
        [
            {"id": "A", "duration_weeks": 4, "demands": {"TEAM": 1}},
            {"id": "B", "duration_weeks": 2, "demands": {"TEAM": 2}},
            {"id": "C", "duration_weeks": 4, "demands": {"TEAM": 1}},
        ],
        pools={"TEAM": 2},
    )
    assert finishes(pf) == {"A": (0, 4), "B": (4, 6), "C": (0, 4)}


def test_active_projects_are_placed_before_approved_ones_whatever_their_priority():
    pf = make_portfolio(
        [
            {"id": "NEW", "priority": 1, "duration_weeks": 2, "demands": {"TEAM": 1}},
            {"id": "RUNNING", "priority": 9, "status": "active", "duration_weeks": 3, "demands": {"TEAM": 1}},
        ]
    )
    assert finishes(pf) == {"RUNNING": (0, 3), "NEW": (3, 5)}


def test_priority_ties_break_by_id_and_missing_priority_goes_last():
    pf = make_portfolio(
        [
            {"id": "Z", "priority": None, "duration_weeks": 1, "demands": {"TEAM": 1}},
            {"id": "B", "priority": 1, "duration_weeks": 1, "demands": {"TEAM": 1}},
            {"id": "A", "priority": 1, "duration_weeks": 1, "demands": {"TEAM": 1}},
        ]
    )
    assert finishes(pf) == {"A": (0, 1), "B": (1, 2), "Z": (2, 3)}


def test_a_successor_starts_no_earlier_than_its_predecessor_finishes():
    # B comes first in the list but waits for A (3 weeks): the first project whose predecessors
    # are all placed is A, then B at week 3, although TEAM has room at week 0.
    pf = make_portfolio(
        [
            {"id": "B", "duration_weeks": 2, "demands": {"TEAM": 1}},
            {"id": "A", "duration_weeks": 3, "demands": {"OTHER": 1}},
        ],
        pools={"TEAM": 1, "OTHER": 1},
        dependencies=[("A", "B")],
    )
    assert finishes(pf) == {"A": (0, 3), "B": (3, 5)}


def test_a_done_predecessor_counts_as_finished_at_week_zero():
    pf = make_portfolio(
        [
            {"id": "OLD", "status": "done", "duration_weeks": 5},
            {"id": "B", "duration_weeks": 2, "demands": {"TEAM": 1}},
        ],
        dependencies=[("OLD", "B")],
    )
    assert finishes(pf) == {"B": (0, 2)}


def test_a_dependency_on_an_unscheduled_project_makes_the_successor_unschedulable():
    pf = make_portfolio(
        [
            {"id": "IDEA", "status": "proposed", "duration_weeks": 5},
            {"id": "B", "duration_weeks": 2, "demands": {"TEAM": 1}},
            {"id": "C", "duration_weeks": 1, "demands": {"TEAM": 1}},
        ],
        dependencies=[("IDEA", "B"), ("B", "C")],
    )
    result = vmo_core.schedule(pf)
    assert [(p.id, p.reason) for p in result.unschedulable] == [
        ("B", "depends on IDEA, which is not scheduled (proposed)"),
        ("C", "depends on B, which is unschedulable"),
    ]
    assert result.total_value == 0 and result.total_cost == 0


def test_earliest_start_holds_a_project_back():
    pf = make_portfolio([{"id": "A", "duration_weeks": 2, "earliest_start": week(5), "demands": {"TEAM": 1}}])
    assert finishes(pf) == {"A": (5, 7)}


def test_earliest_start_mid_week_rounds_down_to_the_week_it_falls_in():
    # as_of + 38 days: (38 // 7) = week 5.
    import datetime as dt

    pf = make_portfolio([{"id": "A", "duration_weeks": 1, "earliest_start": week(0) + dt.timedelta(days=38)}])
    assert finishes(pf) == {"A": (5, 6)}


def test_capacity_changes_apply_from_their_week():
    # TEAM has 1 FTE, 2 from week 3. A needs 2 FTE: the first week it fits is 3.
    pf = make_portfolio([{"id": "A", "duration_weeks": 2, "demands": {"TEAM": 2}}], capacity_changes=[("TEAM", 3, 2.0)])
    assert finishes(pf) == {"A": (3, 5)}


@pytest.mark.parametrize("listed", ["in date order", "later date first"])
def test_of_two_capacity_changes_in_one_week_the_later_dated_is_the_last(listed):
    # TEAM has 1 FTE. Week 3 holds two changes: to 1 FTE on its Tuesday, to 2 on its Wednesday.
    # The last change at or before week 3 is Wednesday's, whichever row comes first: A (2 FTE) starts at 3.
    import dataclasses
    import datetime as dt

    from vmo_core.model.portfolio import CapacityChange

    pf = make_portfolio([{"id": "A", "duration_weeks": 2, "demands": {"TEAM": 2}}])
    tuesday = CapacityChange("TEAM", week(3) + dt.timedelta(days=1), 1.0)
    wednesday = CapacityChange("TEAM", week(3) + dt.timedelta(days=2), 2.0)
    rows = (tuesday, wednesday) if listed == "in date order" else (wednesday, tuesday)
    assert finishes(dataclasses.replace(pf, capacity_changes=rows)) == {"A": (3, 5)}


def test_a_capacity_drop_blocks_a_window_that_straddles_it():
    # TEAM has 2 FTE until week 4, then 1. A (2 FTE, 3 weeks) fits weeks 0-2; B (2 FTE, 3 weeks)
    # would need weeks 3-5 but from week 4 there is only 1 FTE: never fits, so unschedulable.
    pf = make_portfolio(
        [
            {"id": "A", "duration_weeks": 3, "demands": {"TEAM": 2}},
            {"id": "B", "duration_weeks": 3, "demands": {"TEAM": 2}},
        ],
        pools={"TEAM": 2},
        capacity_changes=[("TEAM", 4, 1.0)],
    )
    result = vmo_core.schedule(pf)
    assert finishes(pf)["A"] == (0, 3)
    assert "needs 2 FTE of TEAM" in result.by_id["B"].reason


def test_placement_goes_past_the_horizon_so_the_delay_stays_measurable():
    pf = make_portfolio(
        [
            {"id": "A", "duration_weeks": 50, "demands": {"TEAM": 1}},
            {"id": "B", "duration_weeks": 10, "value_per_week": 100, "demands": {"TEAM": 1}},
        ],
        horizon=52,
    )
    result = vmo_core.schedule(pf)
    assert finishes(pf)["B"] == (50, 60)
    assert result.by_id["B"].value == 0.0  # lands after the horizon: earns nothing within it


def test_a_very_long_queue_grows_the_capacity_grid():
    # 40 projects of 10 weeks on one FTE: the last finishes at week 400, far past the first grid.
    pf = make_portfolio([{"id": f"P{i:02d}", "duration_weeks": 10, "demands": {"TEAM": 1}} for i in range(40)])
    assert finishes(pf)["P39"] == (390, 400)


def test_fractional_demands_fit_exactly():
    # 0.1 + 0.2 + 0.7 = 1.0 in exact arithmetic, not in floating point; all three fit in week 0.
    pf = make_portfolio(
        [
            {"id": "A", "duration_weeks": 1, "demands": {"TEAM": 0.1}},
            {"id": "B", "duration_weeks": 1, "demands": {"TEAM": 0.2}},
            {"id": "C", "duration_weeks": 1, "demands": {"TEAM": 0.7}},
        ]
    )
    assert {s for s, _ in finishes(pf).values()} == {0}


def test_a_project_with_no_demands_starts_at_once():
    pf = make_portfolio(
        [
            {"id": "A", "duration_weeks": 5, "demands": {"TEAM": 1}},
            {"id": "PAPER", "duration_weeks": 3},
        ]
    )
    assert finishes(pf)["PAPER"] == (0, 3)


@pytest.mark.parametrize("status", ["proposed", "done", "stopped"])
def test_only_active_and_approved_projects_are_scheduled(status):
    pf = make_portfolio([{"id": "A", "status": status, "duration_weeks": 1}])
    assert vmo_core.schedule(pf).projects == ()
