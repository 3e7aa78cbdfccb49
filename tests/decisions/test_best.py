"""The best order: one answer per plan, ended by a budget that depends only on the plan's size,
the same twice, on a slow clock, and for every consumer (the interventions' re-sequence, the
command line's `optimise` given no search options; the board pack's in tests/report, the
pages' in tests/app/test_app_best_order.py)."""

from __future__ import annotations

import json

import pytest

import vmo_core
from tests.tools import UNCLOCKED
from vmo_core.cli import main
from vmo_core.decisions import sequencing
from vmo_core.decisions.best import best_order, budget
from vmo_core.decisions.interventions import interventions
from vmo_core.decisions.sequencing import optimise
from vmo_core.engine.scenario import plan_for

SAMPLE = vmo_core.load("data/sample")
STOP_DQ = {"changes": [{"op": "stop", "project": "DQ"}]}


def fingerprint(result) -> tuple:
    """All of an answer but the seconds it took (the one figure a machine may change)."""
    return (result.order, result.total_value, result.baseline_total_value, result.cd3_total_value, result.evaluations)


def test_the_budget_is_300000_placements_at_most_20000_schedules():
    # 300,000 // n: 6,666 on 45 projects, 300 on 1,000, 60 on 5,000; capped at 20,000 below 15 projects
    assert [budget(n) for n in (1, 10, 15, 16, 45, 1_000, 5_000)] == [20_000, 20_000, 20_000, 18_750, 6_666, 300, 60]
    assert budget(0) == 20_000 and budget(10**6) == 1  # an empty list; a list longer than the placements allow


def test_the_same_answer_twice_and_it_is_the_optimisers_with_that_budget_and_seed_0():
    plan = plan_for(SAMPLE)
    first, second = best_order(SAMPLE), best_order(SAMPLE)
    assert fingerprint(first) == fingerprint(second)
    expected = budget(len(plan.order))
    assert first.evaluations == expected and not first.proven_best  # the budget ended it, all of it spent
    again = optimise(SAMPLE, evaluations=expected, time_limit=UNCLOCKED, seed=0)
    assert fingerprint(first) == fingerprint(again)
    assert first.value_unlocked > 0, "the sample's order can be bettered"


def test_a_clock_a_million_times_slower_finds_the_same_order(monkeypatch):
    real = sequencing.time.perf_counter
    calls = []

    def slow() -> float:  # every look at the clock finds a further 100 s gone
        calls.append(1)
        return real() + 100.0 * len(calls)

    fast = best_order(SAMPLE, scenario=STOP_DQ)
    monkeypatch.setattr(sequencing.time, "perf_counter", slow)
    slowly = best_order(SAMPLE, scenario=STOP_DQ)
    assert calls, "the search looked at the clock"
    assert fingerprint(slowly) == fingerprint(fast)


def test_a_scenario_and_a_pool_are_part_of_the_question():
    stopped = best_order(SAMPLE, scenario=STOP_DQ)
    assert "DQ" not in stopped.order
    assert stopped.evaluations == budget(len(plan_for(SAMPLE, STOP_DQ).order))
    assert best_order(SAMPLE, constraint="DATA").constraint == "DATA"


def test_its_progress_ends_at_one_with_the_value_found():
    heard = []
    found = best_order(SAMPLE, progress=lambda fraction, value: heard.append((fraction, value)))
    assert heard and heard[-1] == (1.0, found.total_value)
    assert all(a[0] <= b[0] for a, b in zip(heard, heard[1:], strict=False))


@pytest.mark.parametrize("scenario", [None, STOP_DQ], ids=["plan", "stop-dq"])
def test_the_interventions_re_sequence_is_the_best_order_and_worth_what_it_unlocks(scenario):
    best = best_order(SAMPLE, scenario=scenario)
    listed = {i.action: i for i in interventions(SAMPLE, scenario=scenario, limit=100).interventions}
    move = listed["resequence"]
    assert move.changes == ({"op": "sequence", "order": list(best.order)},)
    assert move.net_value_change == pytest.approx(best.value_unlocked, rel=1e-12)


def test_interventions_given_the_best_order_search_no_more(monkeypatch):
    best = best_order(SAMPLE)
    alone = interventions(SAMPLE, limit=100)
    monkeypatch.setattr(
        "vmo_core.decisions.interventions.best_order_of", lambda *a, **k: pytest.fail("searched again"), raising=True
    )
    assert interventions(SAMPLE, limit=100, best=best) == alone


def test_optimise_on_the_command_line_with_no_search_options_prints_the_best_order(capsys):
    assert main(["optimise", "data/sample", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    best = best_order(SAMPLE)
    assert (document["order"], document["total_value"], document["evaluations"]) == (
        list(best.order),
        best.total_value,
        best.evaluations,
    )
    assert main(["optimise", "data/sample", "--constraint", "DATA", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["order"] == list(best_order(SAMPLE, constraint="DATA").order)


def test_optimise_given_any_search_option_searches_on_its_own_defaults(capsys, monkeypatch):
    asked = []
    monkeypatch.setattr("vmo_core.cli.commands.best_order", lambda *a, **k: pytest.fail("the best order was asked for"))
    real = sequencing.optimise

    def recorded(pf, **options):
        asked.append({k: options[k] for k in ("evaluations", "seed")})
        return real(pf, **options)

    monkeypatch.setattr("vmo_core.cli.commands.optimise", recorded)
    assert main(["optimise", "data/sample", "--evaluations", "500", "--json"]) == 0
    assert main(["optimise", "data/sample", "--seed", "3", "--json"]) == 0
    capsys.readouterr()
    assert asked == [{"evaluations": 500, "seed": 0}, {"evaluations": 20_000, "seed": 3}]
