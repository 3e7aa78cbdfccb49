"""Adopting a scenario (ECONOMICS.md, "Adopting a scenario"): the changes written into the
portfolio, by hand for each kind of change, and the adopted snapshot's schedule equal to the
scenario's for generated portfolios and scenarios of every kind."""

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vmo_core
from tests.builders import AS_OF, make_portfolio, week
from tests.strategies import portfolios, scenarios
from vmo_core.engine.ranks import in_order_of_work
from vmo_core.engine.scenario import plan_for
from vmo_core.io.export import export
from vmo_core.model.plan import capacity_lines
from vmo_core.model.portfolio import CapacityChange, Dependency

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def four_projects():
    return make_portfolio(
        [
            {"id": "RUN", "status": "active", "duration_weeks": 3, "value_per_week": 100.0, "demands": {"DEV": 1}},
            {"id": "A", "duration_weeks": 4, "value_per_week": 200.0, "demands": {"DEV": 1, "OPS": 1}},
            {"id": "B", "duration_weeks": 6, "value_per_week": 300.0, "demands": {"DEV": 1}},
            {"id": "IDEA", "status": "proposed", "duration_weeks": 2, "value_per_week": 900.0, "demands": {"OPS": 1}},
            {"id": "OLD", "status": "done", "priority": 2.0},
        ],
        pools={"DEV": 2.0, "OPS": 1.0},
        costs={"DEV": 100.0, "OPS": 50.0},
        capacity_changes=[("DEV", 5, 3.0), ("DEV", 20, 1.0), ("OPS", 10, 2.0)],
    )


def by_id(pf):
    return {p.id: p for p in pf.projects}


def test_a_stopped_project_gets_status_stopped_and_keeps_its_row():
    adopted = vmo_core.adopt(four_projects(), {"changes": [{"op": "stop", "project": "A"}]})
    assert by_id(adopted)["A"].status == "stopped"
    assert [p.id for p in adopted.projects] == ["RUN", "A", "B", "IDEA", "OLD"]
    assert [d for d in adopted.demands if d.project_id == "A"] == [d for d in four_projects().demands if d.project_id == "A"]


def test_an_added_proposal_becomes_approved_where_the_scenario_put_it():
    adopted = vmo_core.adopt(four_projects(), {"changes": [{"op": "add", "project": "IDEA", "position": 2}]})
    projects = by_id(adopted)
    assert projects["IDEA"].status == "approved"
    # list RUN, IDEA, A, B; RUN is in flight and comes first anyway
    assert [(p, projects[p].priority) for p in ("RUN", "IDEA", "A", "B")] == [("RUN", 1.0), ("IDEA", 2.0), ("A", 3.0), ("B", 4.0)]


def test_an_added_new_project_is_a_new_row_with_its_demands_and_predecessors():
    new = {"id": "NEW", "name": "New thing", "duration_weeks": 5, "value_per_week": 50, "demands": {"OPS": 0.5, "DEV": 1}}
    new["predecessors"] = ["A"]
    adopted = vmo_core.adopt(four_projects(), {"changes": [{"op": "add", "project": new, "position": 9}]})
    assert adopted.projects[-1].id == "NEW"
    assert (adopted.projects[-1].status, adopted.projects[-1].duration_weeks, adopted.projects[-1].name) == (
        "approved",
        5,
        "New thing",
    )
    assert adopted.demands_of("NEW") == {"OPS": 0.5, "DEV": 1.0}
    assert adopted.dependencies[-1] == Dependency("A", "NEW")
    assert by_id(adopted)["NEW"].priority == 4.0  # RUN, A, B, NEW: past the end of the list is last


def test_a_crash_rewrites_duration_and_demands():
    # crash 1.5: ceil(4 / 1.5) = 3 weeks, DEV 1 x 1.5 and OPS 1 x 1.5
    adopted = vmo_core.adopt(four_projects(), {"changes": [{"op": "accelerate", "project": "A", "crash": 1.5}]})
    assert by_id(adopted)["A"].duration_weeks == 3
    assert adopted.demands_of("A") == {"DEV": 1.5, "OPS": 1.5}
    assert adopted.demands_of("B") == {"DEV": 1.0}


def test_a_capacity_change_replaces_the_pools_changes_from_its_week_on():
    day = AS_OF + dt.timedelta(days=7 * 8 + 3)  # a Thursday in week 8: the row keeps the date as given
    scenario = {"changes": [{"op": "capacity", "pool": "DEV", "capacity_fte": 4, "from": day.isoformat()}]}
    adopted = vmo_core.adopt(four_projects(), scenario)
    assert adopted.capacity_changes == (
        CapacityChange("DEV", week(5), 3.0),
        CapacityChange("OPS", week(10), 2.0),
        CapacityChange("DEV", day, 4.0),
    )
    assert capacity_lines(adopted) == plan_for(four_projects(), scenario).capacity


def test_a_capacity_change_without_from_is_dated_at_the_as_of_date_and_replaces_every_planned_change():
    adopted = vmo_core.adopt(four_projects(), {"changes": [{"op": "capacity", "pool": "DEV", "capacity_fte": 5}]})
    assert adopted.capacity_changes == (CapacityChange("OPS", week(10), 2.0), CapacityChange("DEV", AS_OF, 5.0))


def test_priorities_follow_the_scenarios_list_with_the_active_first():
    scenario = {"changes": [{"op": "sequence", "order": ["B", "A", "RUN"]}]}
    projects = by_id(vmo_core.adopt(four_projects(), scenario))
    assert [(p, projects[p].priority) for p in ("RUN", "B", "A")] == [("RUN", 1.0), ("B", 2.0), ("A", 3.0)]
    assert (projects["IDEA"].priority, projects["OLD"].priority) == (4.0, 2.0)  # off the list: as they were


def test_the_adopted_portfolio_keeps_its_as_of_settings_and_pools():
    pf = four_projects()
    adopted = vmo_core.adopt(pf, {"changes": [{"op": "stop", "project": "B"}]})
    assert (adopted.settings, adopted.pools, adopted.actuals) == (pf.settings, pf.pools, pf.actuals)


def test_adopting_no_changes_renumbers_priorities_only():
    pf = four_projects()
    adopted = vmo_core.adopt(pf, {"changes": []})
    assert [p.priority for p in adopted.projects] == [1.0, 2.0, 3.0, 4.0, 2.0]
    assert vmo_core.schedule(adopted).to_dict() == vmo_core.schedule(pf).to_dict()


def test_a_bad_scenario_is_refused_as_the_scenario_error_it_is():
    with pytest.raises(vmo_core.ScenarioError, match="change 1 \\(stop\\).*IDEA.*not scheduled"):
        vmo_core.adopt(four_projects(), {"changes": [{"op": "stop", "project": "IDEA"}]})


def test_a_what_if_beyond_what_a_portfolio_file_holds_cannot_be_adopted():
    pf = four_projects()
    with pytest.raises(vmo_core.ScenarioError, match="cannot adopt.*DEV.*5,000,000 FTE.*at most 1,000,000 FTE"):
        vmo_core.adopt(pf, {"changes": [{"op": "capacity", "pool": "DEV", "capacity_fte": 5e6}]})
    big = make_portfolio([{"id": "BIG", "duration_weeks": 4, "demands": {"DEV": 2e5}}], pools={"DEV": 1e6})
    with pytest.raises(vmo_core.ScenarioError, match="cannot adopt.*BIG.*2,000,000 FTE of pool .DEV."):
        vmo_core.adopt(big, {"changes": [{"op": "accelerate", "project": "BIG", "crash": 10}]})
    assert vmo_core.schedule(big, {"changes": [{"op": "accelerate", "project": "BIG", "crash": 10}]}).total_value == 0.0


def schedule_rows(result):
    """Each project's schedule, by id: the adopted list puts the in-flight first, as they are placed."""
    return sorted((o.id, o.status, o.start_week, o.finish_week, o.value, o.cost) for o in result.projects)


def assert_adoption_schedules_as_the_scenario(pf, scenario):
    adopted = vmo_core.adopt(pf, scenario)
    mine, theirs = vmo_core.schedule(adopted), vmo_core.schedule(pf, scenario)
    assert schedule_rows(mine) == schedule_rows(theirs)
    # each project's value is exact; the total is summed in list order, and an adopted list puts
    # the active projects first, so the two sums may differ in the last binary digit
    assert mine.total_value == pytest.approx(theirs.total_value, rel=1e-12, abs=1e-9)
    assert mine.total_cost == pytest.approx(theirs.total_cost - theirs.capacity_cost, rel=1e-12, abs=1e-9)
    assert capacity_lines(adopted) == plan_for(pf, scenario).capacity
    assert [o.id for o in mine.projects] == in_order_of_work(theirs.plan)
    return adopted


DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.mark.parametrize("path", sorted((DATA / "scenarios").glob("*.json")), ids=lambda p: p.stem)
def test_the_sample_scenarios_schedule_the_same_once_adopted(path):
    scenario = json.loads(path.read_text(encoding="utf-8"))
    assert_adoption_schedules_as_the_scenario(vmo_core.load(DATA / "sample"), scenario)


@SETTINGS
@given(st.data())
def test_adopting_a_scenario_and_scheduling_it_equals_scheduling_with_the_scenario(data):
    pf = data.draw(portfolios())
    assert_adoption_schedules_as_the_scenario(pf, data.draw(scenarios(pf)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_an_adopted_portfolio_exports_and_loads_back_to_the_same_schedule(data, tmp_path_factory):
    pf = data.draw(portfolios())
    adopted = vmo_core.adopt(pf, data.draw(scenarios(pf)))
    folder = export(adopted, tmp_path_factory.mktemp("adopted") / "pf")
    assert schedule_rows(vmo_core.schedule(vmo_core.load(folder))) == schedule_rows(vmo_core.schedule(adopted))


@SETTINGS
@given(st.data())
def test_adopting_twice_schedules_as_both_scenarios_in_turn(data):
    pf = data.draw(portfolios())
    # the second scenario's new projects are drawn as N0, N1, ... too: the first one's become M0, M1, ...
    first = vmo_core.adopt(pf, json.loads(json.dumps(data.draw(scenarios(pf))).replace('"N', '"M')))
    assert_adoption_schedules_as_the_scenario(first, data.draw(scenarios(first)))


@SETTINGS
@given(st.data())
def test_a_new_project_with_predecessors_schedules_the_same_once_adopted(data):
    # the drawn scenarios add new projects without predecessors; this one waits on any projects, of any status
    pf = data.draw(portfolios())
    scenario = data.draw(scenarios(pf))
    waits_on = data.draw(st.lists(st.sampled_from([p.id for p in pf.projects]), unique=True, max_size=3))
    new = {"id": "NP", "duration_weeks": 2, "value_per_week": 100, "demands": {pf.pools[0].id: 0.5}, "predecessors": waits_on}
    scenario["changes"].append({"op": "add", "project": new, "position": data.draw(st.integers(1, 12))})
    adopted = assert_adoption_schedules_as_the_scenario(pf, scenario)
    assert {d.predecessor_id for d in adopted.dependencies if d.successor_id == "NP"} == set(waits_on)
