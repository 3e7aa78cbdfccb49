"""Slips since an earlier snapshot, and decisions judged (ECONOMICS.md, "Time passing"), worked by
hand; and properties on generated snapshot pairs, against tests/reference.py's value formula."""

import dataclasses
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vmo_core
from tests.builders import AS_OF, make_portfolio
from tests.reference import reference_value
from tests.strategies import portfolios, scenarios
from vmo_core.decisions.slips import Decision, intake_record, judge, predict

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
V = 1000.0  # value per week of the projects below; H = 52 and r = 0, so V(F) = 1000 x (52 - F)


def snapshot(projects, *, days=0, **options):
    """A portfolio whose as-of date is `days` after AS_OF (one pool TEAM of 1 FTE unless told)."""
    pf = make_portfolio(projects, **options)
    return dataclasses.replace(pf, settings=dataclasses.replace(pf.settings, as_of=AS_OF + dt.timedelta(days=days)))


def solo(duration, *, status="approved", value=V, **fields):
    return {"id": "X", "status": status, "duration_weeks": duration, "value_per_week": value, "demands": {"TEAM": 1}, **fields}


def only_slip(before, after):
    moved = vmo_core.changes(before, after)
    assert len(moved.projects) == 1
    return moved, moved.projects[0]


def test_a_delayed_project_slips_by_the_weeks_it_lost_valued_in_the_later_snapshot():
    # A: finish week 4, delivered on AS_OF + 28 days. B, two weeks on: due in B's week (28 - 14) // 7 = 2,
    # now finishes in week 6. slip 6 - 2 = 4 weeks; cost V_B(2) - V_B(6) = 1000 x 50 - 1000 x 46 = 4,000.
    moved, slip = only_slip(snapshot([solo(4, status="active")]), snapshot([solo(6, status="active")], days=14))
    assert (slip.due_week, slip.finish_week, slip.slip_weeks) == (2, 6, 4)
    assert slip.slip_cost == pytest.approx(4000.0)
    assert moved.value_delayed == pytest.approx(4000.0)
    assert moved.to_dict()["projects"] == [
        {
            "id": "X",
            "name": "X",
            "before_finish": "2027-02-01",
            "after_finish": "2027-03-01",
            "slip_weeks": 4,
            "slip_cost": slip.slip_cost,
        }
    ]


def test_the_bridge_walks_from_the_earlier_total_value_to_the_later_one():
    # A: X at week 4, 48,000. B two weeks on: due week 2, V_B(2) = 50,000 (the horizon moved on two
    # weeks: revalued +2,000), lands in week 6, 46,000 (delayed -4,000); Y enters at week 6 + 1 = 7 with
    # 45 x 100 = 4,500; nothing leaves. 48,000 - 4,000 + 2,000 + 4,500 - 0 = 50,500.
    extra = {"id": "Y", "duration_weeks": 1, "value_per_week": 100.0, "demands": {"TEAM": 1}}
    moved = vmo_core.changes(snapshot([solo(4, status="active")]), snapshot([solo(6, status="active"), extra], days=14))
    assert [step for step, _ in moved.bridge] == ["before", "delayed", "revalued", "entered", "left", "after"]
    expected = {"before": 48000.0, "delayed": -4000.0, "revalued": 2000.0, "entered": 4500.0, "left": 0.0, "after": 50500.0}
    assert dict(moved.bridge) == pytest.approx(expected)
    assert moved.to_dict()["bridge"][1] == {"step": "delayed", "amount": -moved.value_delayed}


def test_a_project_due_before_the_later_as_of_carries_the_weeks_since_it_was_due():
    # A: finish week 2, AS_OF + 14 days. B is 35 days on: F_A' = (14 - 35) // 7 = -3, F_B = 3.
    # V_B(-3) = 1000 x (52 + 3) = 55,000; V_B(3) = 49,000: slip 6 weeks, 6,000.
    _, slip = only_slip(snapshot([solo(2, status="active")]), snapshot([solo(3, status="active")], days=35))
    assert (slip.due_week, slip.slip_weeks) == (-3, 6)
    assert slip.slip_cost == pytest.approx(6000.0)


def test_the_earlier_date_falls_in_the_later_week_by_floor():
    # due AS_OF + 14; B's as-of 16 days on: (14 - 16) // 7 = -1, not 0; 10 days on: (14 - 10) // 7 = 0
    _, slip = only_slip(snapshot([solo(2)]), snapshot([solo(2)], days=16))
    assert (slip.due_week, slip.finish_week, slip.slip_cost) == (-1, 2, pytest.approx(3 * V))
    _, slip = only_slip(snapshot([solo(2)]), snapshot([solo(2)], days=10))
    assert (slip.due_week, slip.slip_cost) == (0, pytest.approx(2 * V))


def test_a_negative_due_week_is_discounted_and_decayed_as_the_formula_reads():
    # r = 25 %, d = 2 %: V_B(F) = v (1 - d)^F sum_{t=F}^{51} q^t, for F = -3 too (q^t > 1 before week 0)
    before = snapshot([solo(2, status="active", decay_per_week=0.02)], discount_rate=0.25)
    after = snapshot([solo(3, status="active", decay_per_week=0.02)], days=35, discount_rate=0.25)
    _, slip = only_slip(before, after)
    q = 1.25 ** (-1 / 52)
    by_hand = V * 0.98**-3 * sum(q**t for t in range(-3, 52)) - V * 0.98**3 * sum(q**t for t in range(3, 52))
    assert slip.slip_cost == pytest.approx(by_hand, rel=1e-12)
    project = after.project("X")
    assert slip.slip_cost == pytest.approx(reference_value(after, project, -3) - reference_value(after, project, 3), rel=1e-12)


def test_a_project_the_later_snapshot_cannot_schedule_loses_its_whole_value_at_the_due_date():
    # B needs 2 FTE of a 1-FTE pool: unschedulable. Due in B's week 4 - 1 = 3: slip cost V_B(3) = 49,000.
    moved, slip = only_slip(snapshot([solo(4)]), snapshot([solo(4) | {"demands": {"TEAM": 2}}], days=7))
    assert (slip.due_week, slip.finish_week, slip.slip_weeks, slip.after_finish) == (3, None, None, None)
    assert slip.slip_cost == pytest.approx(49 * V)
    assert moved.to_dict()["projects"][0]["after_finish"] is None


def test_a_project_the_earlier_snapshot_could_not_schedule_brings_its_value_forward():
    # unschedulable in A (V = 0, as in a comparison), delivered in B's week 4: slip cost 0 - V_B(4) = -48,000
    _, slip = only_slip(snapshot([solo(4) | {"demands": {"TEAM": 2}}]), snapshot([solo(4)]))
    assert (slip.before_finish, slip.slip_weeks, slip.slip_cost) == (None, None, pytest.approx(-48 * V))


def test_a_deadline_crossed_by_the_slip_adds_its_penalty():
    # deadline AS_OF + 5 weeks is B's week 5 (B is as of AS_OF); penalty 10,000.
    # due week 4 (before the deadline), now week 6 (after): 1000 x 48 - (1000 x 46 - 10,000) = 12,000
    deadline = {"deadline": AS_OF + dt.timedelta(weeks=5), "late_penalty": 10000.0}
    _, slip = only_slip(snapshot([solo(4, **deadline)]), snapshot([solo(6, **deadline)]))
    assert slip.slip_cost == pytest.approx(12000.0)


def test_a_re_estimated_project_is_listed_and_its_slip_is_valued_at_the_new_value():
    # v 1000 -> 1500, and one more week of work: due in week 4, lands in week 5
    moved, slip = only_slip(snapshot([solo(4)]), snapshot([solo(5, value=1500.0)]))
    assert [(r.id, r.before, r.after) for r in moved.reestimated] == [("X", 1000.0, 1500.0)]
    assert moved.to_dict()["reestimated"] == [{"id": "X", "name": "X", "before": 1000.0, "after": 1500.0}]
    assert slip.slip_cost == pytest.approx(1500.0)  # one week late at 1,500 a week


def test_entered_and_left_with_their_value_and_status():
    ideas = {"demands": {"TEAM": 0}}
    before = snapshot(
        [
            solo(2),
            {"id": "DONE", "duration_weeks": 1, **ideas},
            {"id": "DROP", "duration_weeks": 1, **ideas},
            {"id": "BACK", "duration_weeks": 1, **ideas},
            {"id": "GONE", "duration_weeks": 1, **ideas},
            {"id": "IDEA", "status": "proposed", "duration_weeks": 2, "value_per_week": 10.0, **ideas},
        ]
    )
    after = snapshot(
        [
            solo(2),
            {"id": "DONE", "status": "done", "duration_weeks": 1},
            {"id": "DROP", "status": "stopped", "duration_weeks": 1},
            {"id": "BACK", "status": "proposed", "duration_weeks": 1},
            {"id": "IDEA", "duration_weeks": 2, "value_per_week": 10.0, **ideas},
            {"id": "NEW", "duration_weeks": 3, "value_per_week": 20.0, **ideas},
        ]
    )
    moved = vmo_core.changes(before, after)
    # entered, most valuable first: NEW 20 x (52 - 3) = 980, IDEA 10 x (52 - 2) = 500
    assert [(e.id, e.value) for e in moved.entered] == [("NEW", pytest.approx(980.0)), ("IDEA", pytest.approx(500.0))]
    assert moved.to_dict()["left"] == [
        {"id": "DONE", "name": "DONE", "status": "done", "before_value": 0.0},
        {"id": "DROP", "name": "DROP", "status": "stopped", "before_value": 0.0},
        {"id": "BACK", "name": "BACK", "status": "proposed", "before_value": 0.0},
        {"id": "GONE", "name": "GONE", "status": "gone", "before_value": 0.0},
    ]
    assert [x.id for x in moved.delivered] == ["DONE"]  # its value is being earned, not lost
    assert [x.id for x in moved.dropped] == ["DROP", "BACK", "GONE"]
    assert [s.id for s in moved.projects] == ["X"]  # a project that left carries no slip


def test_slips_are_ranked_by_cost_largest_first_ties_by_id():
    def three(days, durations):
        return snapshot(
            [
                {"id": i, "duration_weeks": n, "value_per_week": v, "demands": {}}
                for i, n, v in zip(["C", "B", "A"], durations, [100.0, 300.0, 100.0])
            ],
            days=days,
        )

    # C and A slip 2 weeks at 100 (200 each), B 1 week at 300
    moved = vmo_core.changes(three(0, [4, 4, 4]), three(0, [6, 5, 6]))
    assert [(s.id, s.slip_cost) for s in moved.projects] == [("B", 300.0), ("A", 200.0), ("C", 200.0)]
    assert moved.value_delayed == pytest.approx(700.0)


def test_the_json_document_has_the_keys_of_the_interface():
    document = vmo_core.changes(snapshot([solo(4)]), snapshot([solo(5)], days=7)).to_dict()
    assert {"before_as_of", "after_as_of", "value_delayed", "projects", "entered", "left", "reestimated"} <= document.keys()
    assert (document["before_as_of"], document["after_as_of"]) == ("2027-01-04", "2027-01-11")
    assert set(document["projects"][0]) >= {"id", "before_finish", "after_finish", "slip_weeks", "slip_cost"}


# Decisions: what an adoption predicted, judged later by the same rule.


def three_on_one_team():
    return snapshot(
        [
            {"id": "A", "duration_weeks": 2, "value_per_week": 100.0, "demands": {"TEAM": 1}},
            {"id": "B", "duration_weeks": 3, "value_per_week": 500.0, "demands": {"TEAM": 1}},
            {"id": "C", "duration_weeks": 1, "value_per_week": 50.0, "demands": {}},
        ]
    )


def test_a_decision_predicts_each_moved_projects_delivery_date():
    # B to the front: B weeks 0-3 (was 2-5), A weeks 3-5 (was 0-2); C does not move
    pf = three_on_one_team()
    scenario = {"name": "B first", "changes": [{"op": "accelerate", "project": "B", "to_front": True}]}
    record = predict(pf, scenario)
    assert record["predicted"] == [
        {"id": "B", "predicted_finish": (AS_OF + dt.timedelta(weeks=3)).isoformat()},
        {"id": "A", "predicted_finish": (AS_OF + dt.timedelta(weeks=5)).isoformat()},
    ]
    assert record["name"] == "B first" and record["scenario"]["changes"] == scenario["changes"]
    assert record["predicted_net_value_change"] == pytest.approx(vmo_core.compare(pf, scenario).net_value_change)
    assert Decision.from_dict(record).to_dict() == record


def test_a_decision_kept_has_no_slip_and_one_broken_is_valued_by_the_slip_rule():
    pf = three_on_one_team()
    scenario = {"changes": [{"op": "accelerate", "project": "B", "to_front": True}]}
    record = predict(pf, scenario)
    kept = judge(record, vmo_core.adopt(pf, scenario))
    assert [(p.id, p.slip_weeks, p.slip_cost) for p in kept.projects] == [("B", 0, 0.0), ("A", 0, 0.0)]
    # a week on, B has 3 weeks left (so lands in week 3 of the new snapshot, due in week 2) and A is done
    week_on = snapshot(
        [
            {"id": "A", "status": "done", "duration_weeks": 2, "value_per_week": 100.0},
            {"id": "B", "status": "active", "duration_weeks": 3, "value_per_week": 500.0, "demands": {"TEAM": 1}},
        ],
        days=7,
    )
    judged = judge(record, week_on)
    b, a = judged.projects
    assert (b.due_week, b.finish_week, b.slip_weeks) == (2, 3, 1)
    assert b.slip_cost == pytest.approx(500.0)  # V(2) - V(3) = 500 x (50 - 49)
    assert (a.status, a.slip_cost, a.current_finish) == ("done", None, None)
    # eight weeks on, B still has 3 weeks left: due in week (21 - 56) // 7 = -5, V(-5) - V(3) = 500 x (57 - 49)
    late = judge(
        record, dataclasses.replace(week_on, settings=dataclasses.replace(week_on.settings, as_of=AS_OF + dt.timedelta(weeks=8)))
    )
    assert (late.projects[0].due_week, late.projects[0].slip_weeks) == (-5, 8)
    assert late.projects[0].slip_cost == pytest.approx(4000.0)
    assert judged.value_delayed == pytest.approx(500.0)
    assert judged.to_dict()["projects"][0] == {
        "id": "B",
        "name": "B",
        "status": "active",
        "predicted_finish": "2027-01-25",
        "current_finish": "2027-02-01",
        "slip_weeks": 1,
        "slip_cost": b.slip_cost,
    }


def test_a_predicted_project_the_current_snapshot_no_longer_holds_is_shown_as_gone():
    record = {
        "name": "n",
        "scenario": {},
        "predicted_net_value_change": 1.0,
        "predicted": [{"id": "Z", "predicted_finish": None}],
    }
    (promise,) = judge(record, three_on_one_team()).projects
    assert (promise.status, promise.slip_cost, promise.predicted_finish) == ("gone", None, None)


def test_an_intake_is_judged_by_its_added_projects_landing_against_their_promise():
    # N goes first: N week 0-1 (promised AS_OF + 1 week), A 1-3, B 3-6 (both moved a week)
    pf = three_on_one_team()
    new = {"id": "N", "duration_weeks": 1, "value_per_week": 1000, "demands": {"TEAM": 1}}
    record = predict(pf, {"name": "take N", "changes": [{"op": "add", "project": new, "position": 1}]})
    assert [p["id"] for p in record["predicted"]] == ["A", "B"]
    assert record["added"] == [{"id": "N", "predicted_finish": "2027-01-11"}]
    # a week on, N has two weeks left: due in week 0, lands in week 2; V(0) - V(2) = 1000 x 2
    week_on = snapshot(
        [
            {"id": "N", "status": "active", "duration_weeks": 2, "value_per_week": 1000.0, "demands": {"TEAM": 1}},
            {"id": "A", "duration_weeks": 2, "value_per_week": 100.0, "demands": {"TEAM": 1}},
        ],
        days=7,
    )
    judged = judge(record, week_on)
    (promise,) = judged.added
    assert (promise.due_week, promise.finish_week, promise.slip_cost) == (0, 2, pytest.approx(2000.0))
    assert judged.to_dict()["added"][0]["slip_weeks"] == 2
    nothing_added = judge(predict(pf, {"changes": []}), week_on)
    track = intake_record([judged, nothing_added, judged, judged], last=2)
    assert (track.decisions, track.projects, track.mean_slip_weeks) == (2, 2, 2.0)
    assert track.slip_cost == pytest.approx(4000.0)
    assert intake_record([nothing_added]).to_dict() == {"decisions": 0, "projects": 0, "mean_slip_weeks": None, "slip_cost": 0.0}


# Properties on generated snapshot pairs.


@st.composite
def later_snapshots(draw, pf):
    """`pf` some days on: durations, values and statuses re-estimated, projects dropped."""
    projects = []
    for project in pf.projects:
        if draw(st.integers(0, 9)) == 0:
            continue
        project = dataclasses.replace(
            project,
            duration_weeks=draw(st.integers(1, 9)),
            value_per_week=draw(st.sampled_from([project.value_per_week, project.value_per_week, 250.0])),
            status=draw(st.sampled_from([project.status, project.status, project.status, "done", "approved"])),
        )
        projects.append(project)
    kept = {p.id for p in projects}
    settings = dataclasses.replace(pf.settings, as_of=pf.as_of + dt.timedelta(days=draw(st.integers(0, 60))))
    return dataclasses.replace(
        pf,
        settings=settings,
        projects=tuple(projects),
        demands=tuple(d for d in pf.demands if d.project_id in kept),
        dependencies=tuple(d for d in pf.dependencies if {d.predecessor_id, d.successor_id} <= kept),
    )


@SETTINGS
@given(st.data())
def test_every_slip_cost_is_the_reference_value_at_the_due_week_less_at_the_finish(data):
    before = data.draw(portfolios())
    after = data.draw(later_snapshots(before))
    moved = vmo_core.changes(before, after)
    was, now = vmo_core.schedule(before).by_id, vmo_core.schedule(after).by_id
    assert {s.id for s in moved.projects} == set(was) & set(now)
    assert {e.id for e in moved.entered} == set(now) - set(was)
    assert {x.id for x in moved.left} == set(was) - set(now)
    for slip in moved.projects:
        finish_a = was[slip.id].finish_week
        due = None if finish_a is None else (before.as_of + dt.timedelta(weeks=finish_a) - after.as_of).days // 7
        project = after.project(slip.id)
        expected = reference_value(after, project, due) - reference_value(after, project, now[slip.id].finish_week)
        assert slip.due_week == due
        assert slip.slip_cost == pytest.approx(expected, rel=1e-9, abs=1e-6), slip.id
    assert moved.value_delayed == pytest.approx(sum(s.slip_cost for s in moved.projects))
    steps = dict(moved.bridge)
    walked = steps["before"] + steps["delayed"] + steps["revalued"] + steps["entered"] + steps["left"]
    assert walked == pytest.approx(steps["after"], rel=1e-9, abs=1e-6)


@SETTINGS
@given(portfolios())
def test_a_snapshot_against_itself_has_no_slip(pf):
    moved = vmo_core.changes(pf, pf)
    assert all(s.slip_cost == 0.0 and s.slip_weeks in (0, None) for s in moved.projects)
    assert (moved.value_delayed, moved.entered, moved.left, moved.reestimated) == (0.0, (), (), ())


@SETTINGS
@given(st.data())
def test_adopting_a_scenario_delays_what_the_comparison_says_it_delays(data):
    # the same as-of date: each slip is V(F_base) - V(F_scen), so the sum is the comparison's delay cost
    pf = data.draw(portfolios())
    scenario = data.draw(scenarios(pf))
    moved, diff = vmo_core.changes(pf, vmo_core.adopt(pf, scenario)), vmo_core.compare(pf, scenario)
    assert moved.value_delayed == pytest.approx(diff.delay_cost, rel=1e-9, abs=1e-6)
    assert {s.id for s in moved.projects} == {d.id for d in diff.projects}
    assert {e.id for e in moved.entered} == set(diff.added) - set(diff.stopped)
    assert {x.id for x in moved.left} == set(diff.stopped) - set(diff.added)


@SETTINGS
@given(st.data())
def test_a_decision_judged_on_its_own_adoption_is_kept(data):
    pf = data.draw(portfolios())
    scenario = data.draw(scenarios(pf))
    judged = judge(predict(pf, scenario), vmo_core.adopt(pf, scenario))
    assert all(p.slip_cost == 0.0 for p in judged.projects + judged.added)
    assert {p.id for p in judged.projects} == set(vmo_core.compare(pf, scenario).moved)
