"""Cliffs: which project's deadline or value window a figure crosses, and what crossing it costs.
Small cases worked by hand, then the sample's two the steering group asked about."""

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

import vmo_core
from tests.builders import make_portfolio, week
from vmo_core.decisions.cliffs import DEADLINE, WINDOW, Cliff, crossed, share_of, week_of_delay_cliffs
from vmo_core.decisions.delay import delay_costs
from vmo_core.decisions.intake import intake
from vmo_core.present.sentences import describe_cliffs, describe_intake, describe_week_of_delay

SAMPLE = vmo_core.load(Path(__file__).resolve().parents[2] / "data" / "sample")
ADD_P_FIRST = {"changes": [{"op": "add", "project": "P", "position": 1}]}


def queue(last: dict, *, p_weeks: int = 1):
    # TEAM 1 FTE, H = 10, no discounting. A (2 weeks, 10 a week) then `last` (2 weeks, 30 a week);
    # P, a 1-week proposal, waits for intake: put first, it pushes both back by its weeks.
    return make_portfolio(
        [
            {"id": "A", "name": "Alpha", "duration_weeks": 2, "value_per_week": 10.0, "demands": {"TEAM": 1}},
            {"duration_weeks": 2, "value_per_week": 30.0, "demands": {"TEAM": 1}, **last},
            {"id": "P", "name": "Proposal", "status": "proposed", "duration_weeks": p_weeks, "demands": {"TEAM": 1}},
        ],
        horizon=10,
    )


def test_a_finish_moved_past_the_deadline_pays_the_penalty_and_says_whose():
    # B lands at 4, its deadline week is 4: on time, 30 x 6 = 180. With P first it lands at 5:
    # late, 30 x 5 - 100 = 50. Of its -130, the deadline's crossing is -100.
    pf = queue({"id": "B", "name": "Billing", "deadline": week(4), "late_penalty": 100.0})
    diff = vmo_core.compare(pf, ADD_P_FIRST)
    assert [d.value_delta for d in diff.projects if d.id == "B"] == [pytest.approx(-130.0)]
    assert crossed(diff) == (Cliff("B", "Billing", DEADLINE, week(4), True, -100.0),)
    assert describe_cliffs(crossed(diff), "GBP") == "Billing misses its 1 Feb 2027 deadline: a £100 penalty."


def test_a_finish_brought_back_before_the_deadline_avoids_the_penalty():
    # B's deadline week is 3: it lands at 4, late (30 x 6 - 100 = 80); with A stopped it lands at 2
    # (30 x 8 = 240): +160, of which the penalty avoided is +100.
    pf = queue({"id": "B", "name": "Billing", "deadline": week(3), "late_penalty": 100.0})
    diff = vmo_core.compare(pf, {"changes": [{"op": "stop", "project": "A"}]})
    assert [d.value_delta for d in diff.projects if d.id == "B"] == [pytest.approx(160.0)]
    assert crossed(diff) == (Cliff("B", "Billing", DEADLINE, week(3), False, 100.0),)
    assert describe_cliffs(crossed(diff), "GBP") == "Billing now meets its 25 Jan 2027 deadline: a £100 penalty avoided."


def test_a_finish_moved_past_the_value_window_loses_all_the_window_held():
    # W's value ends at week 5: landing at 4 it earns week 4 only (30); with P first it lands at 5: nothing.
    pf = queue({"id": "W", "name": "Winter Tariff", "value_end": week(5)})
    diff = vmo_core.compare(pf, ADD_P_FIRST)
    assert crossed(diff) == (Cliff("W", "Winter Tariff", WINDOW, week(5), True, -30.0),)
    assert describe_cliffs(crossed(diff), "GBP") == ("Winter Tariff lands after its value ends on 8 Feb 2027: £30 of value lost.")


def test_no_crossing_when_both_finishes_are_on_the_same_side():
    # B's deadline week is 8: at 4 or at 5 it is on time. A penalty with no deadline is never paid.
    assert crossed(vmo_core.compare(queue({"id": "B", "deadline": week(8), "late_penalty": 100.0}), ADD_P_FIRST)) == ()
    assert crossed(vmo_core.compare(queue({"id": "B", "late_penalty": 100.0}), ADD_P_FIRST)) == ()
    # with no one left in TEAM from week 2, B is never delivered: no crossing, its whole value is lost
    # (the sentences say so); landing past the horizon (at 11, P of 7 weeks first) it still pays the penalty
    pf = queue({"id": "B", "deadline": week(4), "late_penalty": 100.0}, p_weeks=7)
    empty = {"changes": [{"op": "capacity", "pool": "TEAM", "capacity_fte": 0, "from": week(2).isoformat()}]}
    diff = vmo_core.compare(pf, empty)
    assert [d.scenario_finish_week for d in diff.projects if d.id == "B"] == [None]
    assert crossed(diff) == ()
    assert [c.money for c in crossed(vmo_core.compare(pf, ADD_P_FIRST))] == [-100.0]


def test_a_week_of_delay_names_the_deadline_it_would_miss_and_the_slack_left():
    # B lands at 4 (1 Feb 2027); its deadline, 4 Feb, is in week 4: on time with 3 days to spare,
    # late a week later. Its cost of a week: V(4) - V(5) = 180 - (150 - 100) = 130, 100 of it the penalty.
    deadline = week(4) + dt.timedelta(days=3)
    pf = queue({"id": "B", "name": "Billing", "deadline": deadline, "late_penalty": 100.0})
    delays = delay_costs(vmo_core.schedule(pf))
    assert {d.id: d.cost for d in delays.projects}["B"] == pytest.approx(130.0)
    assert delays.cliffs == (Cliff("B", "Billing", DEADLINE, deadline, True, -100.0, slack_days=3),)
    assert share_of(delays.cliffs, delays.per_week) == pytest.approx(100.0 / delays.per_week)
    assert describe_week_of_delay(delays, "GBP") == (
        f"Of the £{delays.per_week:,.0f} a week of delay costs, £100 is one penalty: Billing lands 3 days before "
        "its 4 Feb 2027 deadline, and a week later would miss it."
    )
    assert week_of_delay_cliffs(vmo_core.schedule(queue({"id": "B", "deadline": week(9), "late_penalty": 1.0}))) == ()
    assert delays.to_dict()["cliffs"] == [
        {"id": "B", "kind": "deadline", "date": deadline.isoformat(), "missed": True, "money": -100.0, "slack_days": 3}
    ]


def test_share_of_a_figure():
    cliff = Cliff("B", "B", DEADLINE, week(1), True, -50.0)
    assert share_of((cliff,), 200.0) == 0.25
    assert share_of((cliff,), 0.0) == 0.0
    assert share_of((cliff,), 10.0) == 1.0


# ---------------------------------------------------------------- the sample


def test_the_sample_cost_of_a_week_of_delay_is_mostly_one_regulatory_penalty():
    delays = delay_costs(vmo_core.schedule(SAMPLE))
    assert [(c.id, c.money, c.slack_days) for c in delays.cliffs] == [("REGRPT", -2_500_000.0, 4)]
    assert share_of(delays.cliffs, delays.per_week) > 0.75  # £2.5M of £3.1M
    assert describe_week_of_delay(delays, "GBP") == (
        "Of the £3.1M a week of delay costs, £2.5M is one penalty: Water Quality Regulatory Reporting lands "
        "4 days before its 29 Oct 2027 deadline, and a week later would miss it."
    )


def test_a_project_landing_on_its_deadline_day_lands_on_it_not_0_days_before():
    delays = delay_costs(vmo_core.schedule(SAMPLE))
    on_the_day = dataclasses.replace(delays, cliffs=(dataclasses.replace(delays.cliffs[0], slack_days=0),))
    assert "Reporting lands on its 29 Oct 2027 deadline" in describe_week_of_delay(on_the_day, "GBP")


def test_accepting_atlas_9th_misses_the_regulatory_deadline_and_10th_does_not():
    result = intake(SAMPLE, "ATLAS")
    at = {p.position: p for p in result.places}
    assert result.chosen.position == 9 and result.best.position == 10
    assert [(c.id, c.kind, c.missed, c.money) for c in crossed(at[9].comparison)] == [("REGRPT", DEADLINE, True, -2_500_000.0)]
    assert crossed(at[10].comparison) == ()
    text = describe_intake(result, SAMPLE)
    assert "At 9th, Water Quality Regulatory Reporting misses its 29 Oct 2027 deadline: a £2.5M penalty." in text
    assert text.endswith("At 10th, no deadline is missed and no project's value ends first.")
