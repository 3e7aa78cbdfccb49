"""The workshop's core: ranking, replay and the attribution of the gap between two scenarios.

A table of made-up nets shows the path walked; the sample shows the effects add up to the gap."""

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vmo_core
from vmo_core.decisions.workshop import attribute, net_values, rank, replay
from vmo_core.errors import VmoError
from vmo_core.present.workshop_sentences import describe_drift, describe_step, describe_winner

SAMPLE = vmo_core.load(Path(__file__).resolve().parents[2] / "data" / "sample")
ATLAS = {"op": "add", "project": "ATLAS"}
STOP_BOREALIS = {"op": "stop", "project": "BOREALIS"}
STOP_CRM = {"op": "stop", "project": "CRM"}
CRASH_CRM = {"op": "accelerate", "project": "CRM", "to_front": True, "crash": 1.5}
DATA_8 = {"op": "capacity", "pool": "DATA", "capacity_fte": 8, "from": "2027-03-01"}


def table_of(nets: dict[tuple[str, ...], int]):
    """A net_of from a table keyed by the ops' projects, in order; a missing point does not fit."""

    def net_of(changes):
        key = tuple(c.get("project") or c.get("pool") for c in changes)
        if key not in nets:
            raise VmoError(f"no such point {key}")
        return nets[key]

    return net_of


def test_replay_adds_one_change_a_step_from_the_plan():
    net_of = table_of({(): 0, ("ATLAS",): 900, ("ATLAS", "BOREALIS"): 1300, ("ATLAS", "BOREALIS", "CRM"): 1200})
    steps = replay([ATLAS, STOP_BOREALIS, STOP_CRM], net_of)
    assert [s.added for s in steps] == [(ATLAS,), (STOP_BOREALIS,), (STOP_CRM,)]
    assert [s.effect for s in steps] == [900, 400, -100]  # 900 - 0, 1300 - 900, 1200 - 1300
    assert steps[-1].net_after == 1200


def test_attribution_takes_the_runner_ups_own_changes_out_then_puts_the_winners_in():
    # runner-up: stop CRM, stop Borealis (net 500); winner: stop Borealis, add Atlas (net 1,300)
    net_of = table_of({("CRM", "BOREALIS"): 500, ("BOREALIS",): 400, ("BOREALIS", "ATLAS"): 1300})
    steps = attribute([STOP_BOREALIS, ATLAS], [STOP_CRM, STOP_BOREALIS], net_of)
    assert [(s.added, s.dropped) for s in steps] == [((), (STOP_CRM,)), ((ATLAS,), ())]
    assert [s.effect for s in steps] == [-100, 900]  # 400 - 500, then 1,300 - 400
    assert sum(s.effect for s in steps) == 1300 - 500


def test_a_point_that_does_not_fit_joins_its_move_to_the_next_step():
    net_of = table_of({(): 0, ("ATLAS", "BOREALIS"): 700})  # Atlas alone cannot be worked out here
    (step,) = replay([ATLAS, STOP_BOREALIS], net_of)
    assert step.added == (ATLAS, STOP_BOREALIS) and step.effect == 700


def test_either_end_not_fitting_is_said():
    with pytest.raises(VmoError, match="no such point"):
        replay([ATLAS], table_of({(): 0}))


def test_rank_puts_the_highest_net_first_and_keeps_ties_in_order():
    assert rank({"a": 1.0, "b": 3.0, "c": 1.0}) == ["b", "a", "c"]


CHANGES = [ATLAS, STOP_BOREALIS, CRASH_CRM, DATA_8, STOP_CRM]


@settings(max_examples=15, deadline=None)
@given(st.lists(st.sampled_from(range(4)), unique=True, max_size=3), st.lists(st.sampled_from(range(4)), unique=True, max_size=3))
def test_on_the_sample_the_steps_add_up_to_the_gap(winner_picks, runner_picks):
    net_of = cached(net_values(SAMPLE))
    winner, runner_up = [CHANGES[i] for i in winner_picks], [CHANGES[i] for i in runner_picks]
    steps = attribute(winner, runner_up, net_of)
    assert sum(s.effect for s in steps) == pytest.approx(net_of(winner) - net_of(runner_up), abs=1e-6)
    if steps:
        assert steps[0].net_before == net_of(runner_up) and steps[-1].net_after == net_of(winner)


def cached(net_of, known={}):  # noqa: B006 - one memo for the whole module: the sample's nets do not change
    def net(changes):
        key = json.dumps(changes, sort_keys=True)
        if key not in known:
            known[key] = net_of(changes)
        return known[key]

    return net


def test_the_winner_is_named_with_its_moves_in_money():
    net_of = table_of({("CRM", "BOREALIS"): 500_000, ("BOREALIS",): 400_000, ("BOREALIS", "ATLAS"): 1_300_000})
    steps = attribute([STOP_BOREALIS, ATLAS], [STOP_CRM, STOP_BOREALIS], net_of)
    said = describe_winner("Atlas", "Stop CRM", steps, SAMPLE)
    assert said == (
        "Atlas wins by £800k over Stop CRM: adding Atlas Digital Twin (+£900k) "
        "and not stopping Customer CRM Replacement (-£100k)."
    )


def test_a_replay_step_says_its_effect_and_the_net_so_far():
    (step,) = replay([ATLAS], table_of({(): 0, ("ATLAS",): 1_234_567}))
    said = describe_step(1, step, SAMPLE)
    assert said == "Step 1, adding Atlas Digital Twin: +£1.2M; the scenario so far is +£1.2M against the plan."


def test_drift_says_the_saved_figure_and_todays():
    said = describe_drift(saved_on=dt.date(2026, 11, 9), saved_net=1_200_000, net_now=900_000, currency="GBP", same_plan=False)
    assert said == "Saved on the 9 Nov 2026 plan at +£1.2M; on today's plan it is +£900k (-£300k)."
