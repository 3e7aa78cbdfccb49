"""The decisions' fast paths give the plain paths' figures, to the last bit.

Stop ranking, intake and the interventions evaluate their candidates by repairing the plan's
schedule in one compiled batch (`engine.candidates`); each keeps its plain path, every
candidate compared in full by `compare_changes` (`stopping.plain_options`,
`intake.plain_places`, `interventions.plain_found`). Here the two are held to exact
equality: every figure, every list of projects that move, in the same order. On drawn
portfolios and scenarios (every field, dependencies, in-flight work, proposals that others
depend on, capacity changes) and on generated portfolios of a few hundred projects.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, given, settings

import vmo_core
from tests.strategies import portfolios, scenarios
from vmo_core.decisions import intake as intake_module
from vmo_core.decisions import interventions as interventions_module
from vmo_core.decisions import stopping
from vmo_core.decisions.intake import distinct_places, intake
from vmo_core.decisions.stopping import stop_ranking
from vmo_core.engine import candidates
from vmo_core.engine.batch import part_sums
from vmo_core.engine.evaluation import compare_changes, evaluated_plan

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate_portfolio import write_portfolio  # noqa: E402

DRAWN = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _stops_match(pf, scenario=None) -> None:
    plan, base = evaluated_plan(pf, scenario)
    plain = sorted(stopping.plain_options(plan, base), key=lambda o: (-o.net_value_change, o.id))
    assert stop_ranking(pf, scenario=scenario).projects == tuple(plain)


def _intake_matches(pf, proposal: str, scenario=None, position=None) -> None:
    result = intake(pf, proposal, scenario=scenario, position=position)
    plan, base = evaluated_plan(pf, scenario)
    plain = intake_module.plain_places(plan, base, proposal, [p.position for p in result.places])
    figures = [(p.position, p.own_value, p.own_cost, p.delay_cost, p.net_value_change, p.ahead_of) for p in result.places]
    assert figures == [(p.position, p.own_value, p.own_cost, p.delay_cost, p.net_value_change, p.ahead_of) for p in plain]
    chosen = next(p for p in plain if p.position == result.chosen.position)
    assert result.chosen.delayed == chosen.delayed  # its comparison, built when read, is the plain one


def _interventions_match(pf, scenario=None, limit: int = 10) -> None:
    plan, base, fast = candidates.evaluated(pf, scenario)
    found = interventions_module.fast_found(candidates.Candidates(plan, base, fast), limit)
    plain = interventions_module.plain_found(plan, base)
    key = [(i.action, i.target, i.label, i.changes, i.net_value_change, i.cost) for i in found]
    assert key == [(i.action, i.target, i.label, i.changes, i.net_value_change, i.cost) for i in plain]
    assert interventions_module.ranked(found, limit) == interventions_module.ranked(plain, limit)  # moves too


# ---------------------------------------------------------------------------------------- drawn portfolios


@DRAWN
@given(portfolios(max_projects=10, max_pools=3))
def test_stop_ranking_is_the_plain_ranking(pf):
    _stops_match(pf)


@DRAWN
@given(st.data())
def test_stop_ranking_under_a_scenario_is_the_plain_ranking(data):
    pf = data.draw(portfolios(max_projects=8))
    _stops_match(pf, data.draw(scenarios(pf)))


@DRAWN
@given(st.data())
def test_intake_at_every_place_is_the_plain_comparison(data):
    pf = data.draw(portfolios(max_projects=10, max_pools=3))
    proposals = [p.id for p in pf.projects if p.status == "proposed"]
    if not proposals:
        return
    proposal = data.draw(st.sampled_from(proposals))
    position = data.draw(st.one_of(st.none(), st.integers(1, 12)))
    scenario = data.draw(st.one_of(st.none(), scenarios(pf)))
    plan, _ = evaluated_plan(pf, scenario)
    if proposal in plan.order or plan.projects[proposal].status != "proposed":  # the scenario has added it already
        return
    _intake_matches(pf, proposal, scenario, position)


@DRAWN
@given(st.data())
def test_interventions_are_the_plain_candidates(data):
    pf = data.draw(portfolios(max_projects=10, max_pools=3))
    scenario = data.draw(st.one_of(st.none(), scenarios(pf)))
    _interventions_match(pf, scenario, limit=data.draw(st.integers(1, 12)))


@DRAWN
@given(st.data())
def test_each_crash_and_hire_is_its_comparison(data):
    pf = data.draw(portfolios(max_projects=10, max_pools=3))
    plan, base, fast = candidates.evaluated(pf, data.draw(st.one_of(st.none(), scenarios(pf))))
    cands = candidates.Candidates(plan, base, fast)
    pools = sorted(plan.capacity)
    changes = []
    if plan.order:
        project = data.draw(st.sampled_from(plan.order))
        changes.append(
            {"op": "accelerate", "project": project, "to_front": False, "crash": data.draw(st.sampled_from([1.5, 2, 3]))}
        )
    if data.draw(st.booleans()):
        change = {
            "op": "capacity",
            "pool": data.draw(st.sampled_from(pools)),
            "capacity_fte": data.draw(st.sampled_from([0.5, 2.0, 9.0])),
        }
        if data.draw(st.booleans()):
            change["from"] = pf.date(data.draw(st.integers(-1, 12))).isoformat()
        changes.append(change)
    changes.append({"op": "capacity", "pool": pools[0], "capacity_fte": plan.capacity[pools[0]].at(0) + 1})
    for scenario in ([c] for c in changes):
        figures = cands.changed(scenario, moved=True)
        comparison = compare_changes(plan, base, scenario)
        assert (figures.net_value_change, figures.spend_change, figures.cost_change, figures.delay_cost) == (
            comparison.net_value_change,
            comparison.spend_change,
            comparison.cost_change,
            comparison.delay_cost,
        )
        assert figures.moved == comparison.moved


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15), max_size=60))
def test_the_kernel_sums_floats_as_python_does(values):
    import numpy as np

    array = np.array(values, dtype=float)
    assert candidates.python_sum(array, candidates.NEUMAIER) == sum(values)
    total, comp = part_sums(array, candidates.NEUMAIER)  # where a candidate's sums start: the plan's part-sums
    for r in range(len(values) + 1):
        compensated = candidates.NEUMAIER and comp[r] != 0.0 and math.isfinite(comp[r])
        assert (total[r] + comp[r] if compensated else total[r]) == sum(values[:r])


def test_the_fast_path_is_used_here():
    assert candidates.available()


# ---------------------------------------------------------------------------------------- generated portfolios


@pytest.fixture(scope="module", params=[(150, 6, 1), (240, 30, 2), (300, 12, 3)], ids=lambda p: f"{p[0]}x{p[1]}")
def generated(request, tmp_path_factory):
    projects, pools, seed = request.param
    folder = write_portfolio(
        tmp_path_factory.mktemp("generated"), n_projects=projects, n_pools=pools, horizon_weeks=156, seed=seed
    )
    return vmo_core.load(folder)


def test_generated_stop_ranking_is_the_plain_ranking(generated):
    _stops_match(generated)


def test_generated_intake_is_the_plain_comparison(generated):
    for proposal in [p.id for p in generated.projects if p.status == "proposed"][:2]:
        _intake_matches(generated, proposal)


def test_generated_interventions_are_the_plain_candidates(generated):
    _interventions_match(generated)


def test_generated_interventions_weighing_only_the_most_promising_are_the_plain_candidates(generated, monkeypatch):
    # what a plan of more than 1,000 projects does: a fifth of the stops and moves to the front, chosen alike
    n = len(evaluated_plan(generated)[0].order)
    monkeypatch.setattr(interventions_module, "CANDIDATE_PLACEMENTS", n * (n // 5))
    monkeypatch.setattr(interventions_module, "TO_FRONT_PLACEMENTS", n * n * (n // 5))
    _interventions_match(generated)


def test_generated_moves_to_the_front_are_their_comparisons(generated):
    """Every move to the front, each against its comparison: the figures and who moves, in order."""
    plan, base, fast = candidates.evaluated(generated)
    cands = candidates.Candidates(plan, base, fast)
    movers = plan.order[1::3]
    for project, figures in zip(movers, cands.to_front(movers, moved=True)):
        comparison = compare_changes(plan, base, [{"op": "accelerate", "project": project, "to_front": True}])
        assert (figures.net_value_change, figures.delay_cost, figures.moved) == (
            comparison.net_value_change,
            comparison.delay_cost,
            comparison.moved,
        )


def test_generated_intake_under_a_scenario(generated):
    """A plan with stops, an added project and a hire: the fast path repairs that plan, not the baseline's."""
    plan, _ = evaluated_plan(generated)
    pool = generated.pools[0].id
    scenario = {
        "changes": [
            {"op": "stop", "project": plan.order[3]},
            {"op": "add", "project": {"id": "NEW", "duration_weeks": 6, "value_per_week": 40000, "demands": {pool: 1}}},
            {
                "op": "capacity",
                "pool": pool,
                "capacity_fte": plan.capacity[pool].at(0) + 2,
                "from": generated.date(10).isoformat(),
            },
        ]
    }
    proposal = next(p.id for p in generated.projects if p.status == "proposed")
    _intake_matches(generated, proposal, scenario)
    _stops_match(generated, scenario)


def test_distinct_places_cover_every_place_once(generated):
    plan, _ = evaluated_plan(generated)
    places = distinct_places(plan)
    assert places == sorted(set(places)) and places[-1] == len(plan.order) + 1
    assert math.isfinite(stop_ranking(generated).projects[0].net_value_change)


# ---------------------------------------------------------------------------------------- plans with dates, crowded


@DRAWN
@given(st.data())
def test_every_fast_path_is_the_plain_path_on_crowded_plans_with_dates(data):
    """The batch repairs a plan's dates and what a candidate frees: crowded portfolios, where the order of work
    decides who waits, with dates on most scheduled projects."""
    pf = data.draw(portfolios(max_projects=10, min_projects=4, dates=True, crowded=True))
    scenario = data.draw(st.none() | scenarios(pf))
    _stops_match(pf, scenario)
    _interventions_match(pf, scenario)
    plan, _ = evaluated_plan(pf, scenario)
    # still waiting once the scenario is applied: neither added by it nor stopped (an added proposal may be stopped again)
    proposals = [p.id for p in plan.projects.values() if p.status == "proposed" and p.id not in plan.order]
    if proposals:
        _intake_matches(pf, data.draw(st.sampled_from(proposals)), scenario)
