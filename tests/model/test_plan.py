"""The model: the calendar rule, and the baseline plan a portfolio makes, by hand."""

from __future__ import annotations

import datetime as dt

from tests.builders import AS_OF, make_portfolio, week
from vmo_core.model.plan import CapacityLine, baseline_plan
from vmo_core.model.portfolio import date_of, week_of


def test_week_zero_starts_on_the_as_of_date_and_earlier_dates_give_negative_weeks():
    assert week_of(AS_OF, AS_OF) == 0
    assert week_of(AS_OF + dt.timedelta(days=6), AS_OF) == 0
    assert week_of(AS_OF + dt.timedelta(days=7), AS_OF) == 1
    assert week_of(AS_OF - dt.timedelta(days=1), AS_OF) == -1
    assert date_of(3, AS_OF) == AS_OF + dt.timedelta(days=21)


def test_a_capacity_line_is_its_base_until_the_first_change_then_the_last_change_so_far():
    line = CapacityLine(4.0, ((2, 6.0), (5, 3.0)))
    assert [line.at(w) for w in range(7)] == [4.0, 4.0, 6.0, 6.0, 6.0, 3.0, 3.0]
    assert line.final == 3.0
    # one more FTE in every week: on the base and on each change
    assert line.plus(1.0) == CapacityLine(5.0, ((2, 7.0), (5, 4.0)))
    # a new capacity from week 3 drops the changes from then on
    assert line.set_from(3, 9.0) == CapacityLine(4.0, ((2, 6.0), (3, 9.0)))


def test_the_baseline_lists_scheduled_work_by_priority_blank_priorities_last_ties_by_id():
    pf = make_portfolio(
        [
            {"id": "C", "priority": 2.0},
            {"id": "B", "priority": 1.0},
            {"id": "A", "priority": 2.0},
            {"id": "N", "priority": None},
            {"id": "P", "status": "proposed", "priority": 0.5},
            {"id": "D", "status": "done", "priority": 0.1},
            {"id": "R", "status": "active", "priority": 9.0},
        ]
    )
    plan = baseline_plan(pf)
    assert plan.order == ["B", "A", "C", "R", "N"]  # proposed, done work is not scheduled
    assert plan.in_flight("R") and not plan.in_flight("B")


def test_the_baseline_keeps_each_pools_capacity_changes_in_date_order():
    pf = make_portfolio(
        [{"id": "A", "demands": {"TEAM": 1.0}}],
        pools={"TEAM": 2.0},
        capacity_changes=[("TEAM", 8, 5.0), ("TEAM", 3, 4.0)],
    )
    line = baseline_plan(pf).capacity["TEAM"]
    assert line == CapacityLine(2.0, ((3, 4.0), (8, 5.0)))
    assert week(8) == pf.date(8)
