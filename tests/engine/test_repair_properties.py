"""The product's repair against the reference's, and the page's promises about a repair.

ECONOMICS.md: "A change moves only what it must: repairing a plan", "A plan with dates", "A
scenario is one repair of the plan". On generated portfolios (dependencies, planned capacity
changes, plans with dates) and scenarios (every kind of change, `move` included, in chains):
- `vmo_core.schedule(pf, scenario).to_dict()` and `vmo_core.compare(pf, scenario).to_dict()` agree
  with the reference (tests/reference.py) start for start and figure for figure;
- with no reference: a scenario that leaves the portfolio as it was gives the plan back; more
  capacity or a stop delays a project only to fit one that could not be scheduled before and ranks
  before it; no project in a result could start sooner; an adopted scenario schedules as itself.
"""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vmo_core
from tests.reference import capacity_at, reference_compare, reference_plan, reference_result
from tests.reference_scenario import week_of
from tests.strategies import portfolios, scenarios
from vmo_core.decisions.constraints import constraints
from vmo_core.engine.evaluation import evaluate
from vmo_core.engine.scenario import plan_for

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EPS = 1e-9


def money(value):
    return pytest.approx(value, rel=1e-9, abs=1e-6)


def a_portfolio(data):
    """A generated portfolio, a plan with dates about half the time, crowded (work waiting for work) half the time."""
    crowded = data.draw(st.booleans())
    return data.draw(
        portfolios(
            max_projects=10 if crowded else 8, min_projects=4 if crowded else 1, dates=data.draw(st.booleans()), crowded=crowded
        )
    )


def a_scenario(data, pf):
    """A chain of up to 6 changes of every kind; now and then a new project that waits on others."""
    scenario = data.draw(scenarios(pf, max_changes=6))
    if data.draw(st.integers(0, 4)) == 0:
        waits_on = data.draw(st.lists(st.sampled_from([p.id for p in pf.projects]), unique=True, max_size=2))
        new = {"id": "NP", "duration_weeks": 2, "value_per_week": 100, "demands": {pf.pools[0].id: 0.5}, "predecessors": waits_on}
        change = {"op": "add", "project": new}
        if data.draw(st.booleans()):
            change["position"] = data.draw(st.integers(1, 10))
        scenario["changes"].insert(data.draw(st.integers(0, len(scenario["changes"]))), change)
    return scenario


def starts(schedule: dict) -> dict:
    """{id: (start_week, finish_week)} of a schedule's to_dict(), (None, None) where unschedulable."""
    return {p["id"]: (p["start_week"], p["finish_week"]) for p in schedule["projects"]}


def assert_same_schedule(product: dict, reference: dict):
    assert starts(product) == starts(reference)
    assert {p["id"] for p in product["unschedulable"]} == {p["id"] for p in reference["unschedulable"]}
    mine = {p["id"]: p for p in reference["projects"]}
    for p in product["projects"]:
        assert p["value"] == money(mine[p["id"]]["value"]), p["id"]
        assert p["cost"] == money(mine[p["id"]]["cost"]), p["id"]
    for key in ("total_value", "total_cost", "capacity_cost"):
        assert product[key] == money(reference[key]), key


# ---------------------------------------------------------------- the product against the reference


@SETTINGS
@given(st.data())
def test_the_baseline_is_the_references_start_for_start(data):
    pf = a_portfolio(data)
    assert_same_schedule(vmo_core.schedule(pf).to_dict(), reference_result(reference_plan(pf)))


@SETTINGS
@given(st.data())
def test_a_scenarios_schedule_is_the_references_start_for_start(data):
    pf = a_portfolio(data)
    scenario = a_scenario(data, pf)
    assert_same_schedule(vmo_core.schedule(pf, scenario).to_dict(), reference_result(reference_plan(pf, scenario)))


@SETTINGS
@given(st.data())
def test_a_comparison_is_the_references_figure_for_figure(data):
    pf = a_portfolio(data)
    scenario = a_scenario(data, pf)
    product, reference = vmo_core.compare(pf, scenario).to_dict(), reference_compare(pf, scenario)
    assert_same_schedule(product["baseline"], reference["baseline"])
    assert_same_schedule(product["scenario"], reference["scenario"])
    mine, theirs = reference["delta"], product["delta"]
    for key in ("delay_cost", "value_lost_to_delays", "value_gained_sooner", "capacity_cost", "net_value_change"):
        assert theirs[key] == money(mine[key]), key
    assert {r["id"]: r["finish_delta_weeks"] for r in theirs["projects"]} == {
        r["id"]: r["finish_delta_weeks"] for r in mine["projects"]
    }
    expected = {r["id"]: r["value_delta"] for r in mine["projects"]}
    for r in theirs["projects"]:
        assert r["value_delta"] == money(expected[r["id"]]), r["id"]
    assert (theirs["added"], theirs["stopped"]) == (mine["added"], mine["stopped"])


# ---------------------------------------------------------------- a change that changes nothing gives the plan back


@SETTINGS
@given(st.data())
def test_a_scenario_with_no_changes_gives_the_plan_back(data):
    pf = a_portfolio(data)
    diff = vmo_core.compare(pf, {"name": "nothing", "changes": []}).to_dict()
    assert starts(diff["scenario"]) == starts(diff["baseline"]) == starts(vmo_core.schedule(pf).to_dict())
    assert diff["delta"]["net_value_change"] == money(0.0)
    assert diff["delta"]["value_lost_to_delays"] == diff["delta"]["value_gained_sooner"] == 0.0


def set_back(pf, pool_id: str) -> list[dict]:
    """Changes that put a pool's capacity back as it stands from week 0 on: its capacity then, and each planned change after."""
    line = reference_plan(pf).capacity[pool_id]
    changes = [{"op": "capacity", "pool": pool_id, "capacity_fte": line.at(0)}]
    for w, fte in line.steps:
        if w > 0:
            changes.append({"op": "capacity", "pool": pool_id, "capacity_fte": fte, "from": date(pf, w)})
    return changes


def date(pf, w: int) -> str:
    return (pf.settings.as_of + dt.timedelta(days=7 * w)).isoformat()


@SETTINGS
@given(st.data())
def test_a_capacity_raised_and_set_back_gives_the_plan_back(data):
    pf = a_portfolio(data)
    pool = data.draw(st.sampled_from([p.id for p in pf.pools]))
    raise_ = {"op": "capacity", "pool": pool, "capacity_fte": data.draw(st.sampled_from([0.0, 0.5, 3.0, 9.0]))}
    if data.draw(st.booleans()):
        raise_["from"] = date(pf, data.draw(st.integers(0, 20)))
    scenario = {"changes": [raise_, *set_back(pf, pool)]}
    base, scen = reference_plan(pf), reference_plan(pf, scenario)
    weeks = range(pf.settings.horizon_weeks + 30)
    assert [capacity_at(scen, pool, w) for w in weeks] == [capacity_at(base, pool, w) for w in weeks]  # the test's own premise
    diff = vmo_core.compare(pf, scenario).to_dict()
    assert starts(diff["scenario"]) == starts(diff["baseline"])
    assert diff["delta"]["capacity_cost"] == money(0.0)
    assert diff["delta"]["net_value_change"] == money(0.0)


# ---------------------------------------------------------------- more capacity or a stop


@st.composite
def freeing(draw, pf):
    """Stops and capacity raises only: each raise leaves every week's capacity at least where it was."""
    plan = reference_plan(pf)
    changes = []
    for _ in range(draw(st.integers(1, 3))):
        current = reference_plan(pf, {"changes": changes})
        kind = draw(st.sampled_from(["stop", "more", "more_from"] if current.order else ["more", "more_from"]))
        if kind == "stop":
            changes.append({"op": "stop", "project": draw(st.sampled_from(current.order))})
            continue
        pool = draw(st.sampled_from(sorted(plan.capacity)))
        line = current.capacity[pool]
        extra = draw(st.sampled_from([0.5, 1.0, 2.0]))
        if kind == "more":  # more by `extra` in every week: the capacity now, and each planned change after
            changes.append({"op": "capacity", "pool": pool, "capacity_fte": line.at(0) + extra})
            for w, fte in line.steps:
                if w > 0:
                    changes.append({"op": "capacity", "pool": pool, "capacity_fte": fte + extra, "from": date(pf, w)})
        else:  # from a week on, above the most the pool ever has from then on
            start = draw(st.integers(0, 20))
            most = max([line.at(start)] + [fte for w, fte in line.steps if w > start])
            changes.append({"op": "capacity", "pool": pool, "capacity_fte": most + extra, "from": date(pf, start)})
    return {"name": "freeing", "changes": changes}


def placing_order(plan) -> list[str]:
    """The order serial generation places a plan's list in: in flight first, each group in list order, precedence-feasible."""
    remaining = [p for p in plan.order if plan.in_flight(p)] + [p for p in plan.order if not plan.in_flight(p)]
    listed, order = set(remaining), []
    while remaining:
        ready = next(p for p in remaining if all(q in order or q not in listed for q in plan.predecessors.get(p, ())))
        remaining.remove(ready)
        order.append(ready)
    return order


@SETTINGS
@given(st.data())
def test_more_capacity_or_a_stop_delays_a_project_only_to_fit_one_that_could_not_be_scheduled_before(data):
    pf = a_portfolio(data)
    scenario = data.draw(freeing(pf))
    base = reference_plan(pf)
    scen = reference_plan(pf, scenario)
    for pool in scen.capacity:  # the test's own premise: no week has less
        assert all(capacity_at(scen, pool, w) >= capacity_at(base, pool, w) for w in range(pf.settings.horizon_weeks + 30))
    diff = vmo_core.compare(pf, scenario).to_dict()
    before, after = starts(diff["baseline"]), starts(diff["scenario"])
    newly = [p for p in after if after[p][0] is not None and before.get(p, (None,))[0] is None]
    order = placing_order(scen)
    for p, (start, finish) in after.items():
        if p not in before or before[p][0] is None:
            continue
        if start is None:  # a stop leaves the projects that depend on the stopped one unscheduled
            assert any(q not in after or after[q][0] is None for q in scen.predecessors.get(p, ())), p
        elif finish > before[p][1]:
            assert any(order.index(u) < order.index(p) for u in newly), (p, before[p], after[p], newly)
    if not newly and all(after[p][0] is not None for p in after if before[p][0] is not None):
        assert diff["delta"]["value_lost_to_delays"] == money(0.0)


# ---------------------------------------------------------------- no project could start sooner


def assert_none_could_start_sooner(plan, schedule: dict):
    """For every scheduled project, every week from its lower bound to its start: it does not fit beside all the others."""
    at = starts(schedule)
    for p, (start, finish) in at.items():
        if start is None:
            continue
        project = plan.projects[p]
        bound = 0
        if project.earliest_start is not None:
            bound = max(bound, week_of(project.earliest_start, plan.as_of))
        for q in plan.predecessors.get(p, ()):
            bound = max(bound, at[q][1] if q in at else 0)  # a done predecessor: finished at week 0
        load = {}
        for q, (s, f) in at.items():
            if q != p and s is not None:
                for pool, fte in plan.demands.get(q, {}).items():
                    for w in range(s, f):
                        load[(pool, w)] = load.get((pool, w), 0.0) + fte
        demands = {pool: fte for pool, fte in plan.demands.get(p, {}).items() if fte > 0}
        for s in range(bound, start):
            fits = all(
                capacity_at(plan, pool, w) - load.get((pool, w), 0.0) + EPS >= fte
                for w in range(s, s + finish - start)
                for pool, fte in demands.items()
            )
            assert not fits, f"{p} could start at week {s}, not {start}"


@SETTINGS
@given(st.data())
def test_no_project_in_a_result_could_start_sooner(data):
    pf = a_portfolio(data)
    scenario = a_scenario(data, pf)
    diff = vmo_core.compare(pf, scenario).to_dict()
    assert_none_could_start_sooner(reference_plan(pf), diff["baseline"])
    assert_none_could_start_sooner(reference_plan(pf, scenario), diff["scenario"])


# ---------------------------------------------------------------- adopting a scenario


@SETTINGS
@given(st.data())
def test_an_adopted_scenario_schedules_exactly_as_the_scenario(data):
    pf = a_portfolio(data)
    scenario = a_scenario(data, pf)
    adopted = vmo_core.adopt(pf, scenario)
    mine, theirs = vmo_core.schedule(adopted).to_dict(), vmo_core.schedule(pf, scenario).to_dict()
    assert starts(mine) == starts(theirs)
    values = {p["id"]: p["value"] for p in theirs["projects"]}
    for p in mine["projects"]:
        assert p["value"] == pytest.approx(values[p["id"]], rel=1e-12, abs=1e-9), p["id"]
    assert mine["total_value"] == pytest.approx(theirs["total_value"], rel=1e-12, abs=1e-9)
    assert mine["total_cost"] == pytest.approx(theirs["total_cost"] - theirs["capacity_cost"], rel=1e-12, abs=1e-9)
    planned = {p.id: p.planned_start for p in adopted.projects}
    for p, (start, _) in starts(theirs).items():  # the adopted snapshot is a plan with dates: the scenario's starts
        if start is not None:
            assert planned[p] == pf.settings.as_of + dt.timedelta(days=7 * start), p


# ---------------------------------------------------------------- the shadow price


@SETTINGS
@given(st.data())
def test_a_shadow_price_is_never_below_zero_but_to_fit_a_project_that_could_not_be_scheduled_before(data):
    """One more FTE in every week of a pool repairs the plan: value falls only where a project the plan could
    not schedule now can be, and takes the place of work ranked below it."""
    pf = a_portfolio(data)
    unscheduled = {o.id for o in vmo_core.schedule(pf).projects if o.finish_week is None}
    for price in constraints(pf).pools:
        if price.shadow_price >= -EPS:
            continue
        hire = plan_for(pf, {"changes": []})  # the plan, repaired: with one more FTE of the pool in every week
        hire.capacity[price.id] = hire.capacity[price.id].plus(1.0)
        newly = {o.id for o in evaluate(hire).projects if o.finish_week is not None} & unscheduled
        assert newly, f"one more FTE of {price.id} loses {-price.shadow_price:,.2f} with no project newly scheduled"
