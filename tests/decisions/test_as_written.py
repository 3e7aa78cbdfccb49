"""The plan as written against what capacity allows (vmo_core/decisions/as_written.py), by hand."""

from __future__ import annotations

import vmo_core
from tests.builders import make_portfolio, week
from vmo_core.decisions.as_written import plan_as_written, written_starts
from vmo_core.present.as_written import describe_plan_as_written


def dated(**extra):
    # One team of 1 FTE; a 52-week horizon, no discounting: V(F) = v x (52 - F).
    return make_portfolio(
        [
            {"id": "A", "duration_weeks": 4, "value_per_week": 1000, "demands": {"TEAM": 1}, "planned_start": week(0)},
            {"id": "B", "duration_weeks": 2, "value_per_week": 500, "demands": {"TEAM": 1}, "planned_start": week(0)},
            {"id": "C", "duration_weeks": 1, "value_per_week": 100, "demands": {"TEAM": 1}, "planned_start": week(10)},
            {"id": "D", "duration_weeks": 1, "value_per_week": 10, "demands": {"TEAM": 1}},  # no date: not counted
            *extra.get("more", []),
        ],
        **{k: v for k, v in extra.items() if k != "more"},
    )


def test_a_project_planned_beside_another_that_holds_the_team_waits_and_its_delay_is_priced():
    pf = dated()
    plan = vmo_core.schedule(pf)
    assert {p.id: p.start_week for p in plan.projects} == {"A": 0, "B": 4, "C": 7, "D": 6}
    gap = plan_as_written(pf)
    # B is written to start in week 0 beside A; the one person is A's until week 4. As written B lands at
    # week 2: 500 x (52 - 2) = 25,000; as capacity allows at week 6: 500 x 46 = 23,000; 2,000 delayed.
    # C was written for week 10; D, undated, takes week 6 and the repair brings C forward to week 7: sooner, not late.
    assert [(p.id, p.written_start_week, p.start_week, p.weeks_late, p.value_delayed) for p in gap.late] == [
        ("B", 0, 4, 4, 2000.0)
    ]
    assert (gap.dated, gap.value_delayed) == (3, 2000.0)
    # as written: A 1000 x 48 + B 500 x 50 + C (week 10 to 11) 100 x 41 = 48,000 + 25,000 + 4,100
    assert gap.value_as_written == 77_100.0
    assert describe_plan_as_written(gap, "GBP") == (
        "1 project cannot start when planned; £2k of value delayed: the plan as written needs more people than "
        "the teams have, so capacity puts it later."
    )


def test_a_project_that_never_fits_loses_all_its_value_as_written():
    pf = dated(more=[{"id": "E", "duration_weeks": 1, "value_per_week": 10, "demands": {"TEAM": 2}, "planned_start": week(0)}])
    gap = plan_as_written(pf)
    # E needs 2 FTE of a team of 1: unschedulable. As written it lands at week 1: 10 x 51 = 510, all lost.
    assert [(p.id, p.start_week, p.value_delayed) for p in gap.late] == [("B", 4, 2000.0), ("E", None, 510.0)]
    assert gap.value_delayed == 2510.0
    assert describe_plan_as_written(gap, "GBP").startswith("2 projects cannot start when planned; £3k of value delayed")


def test_a_written_start_waits_for_its_predecessor_and_its_earliest_start():
    pf = dated(dependencies=[("A", "B")])
    starts = written_starts(pf, vmo_core.schedule(pf))
    assert starts["B"] == 4  # written for week 0, but A, written for week 0 and 4 weeks long, finishes at week 4
    assert plan_as_written(pf).late == ()  # so capacity costs B nothing: it starts at week 4 either way


def test_nothing_is_said_when_no_project_carries_a_date():
    pf = make_portfolio([{"id": "A", "duration_weeks": 4, "value_per_week": 1000, "demands": {"TEAM": 1}}])
    assert plan_as_written(pf) is None
    assert describe_plan_as_written(None, "GBP") == ""


def test_a_plan_that_capacity_keeps_says_so():
    pf = make_portfolio(
        [
            {"id": "A", "duration_weeks": 4, "value_per_week": 1000, "demands": {"TEAM": 1}, "planned_start": week(0)},
            {"id": "B", "duration_weeks": 2, "value_per_week": 500, "demands": {"TEAM": 1}, "planned_start": week(4)},
        ]
    )
    gap = plan_as_written(pf)
    assert gap.late == () and gap.value_delayed == 0
    assert describe_plan_as_written(gap, "GBP") == "Every project can start when the plan says: the teams have the people for it."


def test_the_command_line_s_schedule_ends_with_the_plan_as_written_and_its_gap(tmp_path, capsys):
    from tests.cli_support import call
    from vmo_core.io import export

    export.export(dated(), tmp_path / "dated")
    code, out, _ = call(capsys, "schedule", str(tmp_path / "dated"))
    assert code == 0
    assert out.rstrip().endswith(describe_plan_as_written(plan_as_written(dated()), "GBP"))
    code, out, _ = call(capsys, "schedule", str(tmp_path / "dated"), "--json")
    assert "cannot start when planned" not in out  # the JSON document is the schedule's, as it was
