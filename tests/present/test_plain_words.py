"""The core's sentences speak as an executive does: no CD3, P50/P90, "1,000 runs", FTE-week, horizon,
crash, re-sequence, value window, "None" or a team's id, on the sample and on a scenario that
stops, crashes, hires and re-orders (the precise terms live in the app's hover help)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import vmo_core
from vmo_core.decisions.benefits import benefits
from vmo_core.decisions.best import best_order
from vmo_core.decisions.constraints import constraints
from vmo_core.decisions.intake import intake
from vmo_core.decisions.interventions import interventions
from vmo_core.decisions.slips import changes
from vmo_core.decisions.stopping import stop_ranking
from vmo_core.forecast.montecarlo import forecast
from vmo_core.present import forecast_sentences as fs
from vmo_core.present import review_sentences as rs
from vmo_core.present import sentences as s
from vmo_core.present.format import period_words

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = vmo_core.load(ROOT / "data" / "sample")
EARLIER = vmo_core.load(ROOT / "data" / "history" / "2026-11-09")
SCENARIO = [
    {"op": "stop", "project": "DQ"},
    {"op": "accelerate", "project": "PAM", "to_front": True, "crash": 1.5},
    {"op": "capacity", "pool": "DATA", "capacity_fte": 7},
    {"op": "add", "project": "ATLAS"},
]
JARGON = re.compile(r"(?i:\bCD3\b|\bP\d\d\b|\b\d[\d,]* runs\b|FTE-week|\bhorizon\b|\bcrash|re-sequenc|value window)|\bNone\b")
TEAM_IDS = re.compile(r"\b(" + "|".join(re.escape(p.id) for p in SAMPLE.pools) + r")\b")


def sentences() -> dict[str, str]:
    """Every sentence the core writes for people, as the pages, the pack and the command line ask for it."""
    currency = SAMPLE.currency
    scenario = {"changes": SCENARIO}
    diff = vmo_core.compare(SAMPLE, scenario)
    accepted = intake(SAMPLE, "ATLAS")
    placed = intake(SAMPLE, "ATLAS", position=3)
    found = forecast(SAMPLE, runs=40, seed=0, scenario=scenario)
    plan_forecast = forecast(SAMPLE, runs=40, seed=0)
    moved = changes(EARLIER, SAMPLE)
    items = interventions(SAMPLE).interventions
    said = {
        "changes": s.describe_changes(SCENARIO, SAMPLE),
        "sequence": s.describe_changes([{"op": "sequence", "order": []}], SAMPLE),
        "comparison": s.describe_comparison(diff, SAMPLE, SCENARIO),
        "what_moved": s.what_moved(diff),
        "optimise": s.describe_optimise(best_order(SAMPLE), currency),
        "constraint": s.describe_constraint(constraints(SAMPLE), currency),
        "intake": s.describe_intake(accepted, SAMPLE),
        "intake_placed": s.describe_intake(placed, SAMPLE),
        "stop": s.describe_stop(stop_ranking(SAMPLE).missed_least, currency),
        "benefits": s.describe_benefits(benefits(SAMPLE, scenario=scenario), currency),
        "crossings": s.describe_crossings(placed.chosen.comparison, currency),
        "forecast": fs.describe_forecast(plan_forecast, SAMPLE.settings),
        "change_range": fs.describe_change_range(found, currency),
        "calibration": fs.describe_calibration(plan_forecast.calibration),
        "likely": fs.describe_plan_against_likely(plan_forecast, currency),
        "since_review": rs.since_review(moved),
        "adoption": rs.adoption_sentence(diff, name="Steering", changes=SCENARIO, portfolio=SAMPLE),
        "title": rs.decision_title(SCENARIO, SAMPLE),
    }
    said |= {f"intervention {n}": s.describe_intervention(item, currency) for n, item in enumerate(items)}
    return said


@pytest.fixture(scope="module")
def said() -> dict[str, str]:
    return sentences()


def test_the_core_s_sentences_use_an_executive_s_words(said):
    jargon = {name: text for name, text in said.items() if JARGON.search(text)}
    assert not jargon, jargon


def test_the_core_s_sentences_name_teams_not_their_ids(said):
    ids = {name: text for name, text in said.items() if TEAM_IDS.search(text)}
    assert not ids, ids


def test_every_sentence_is_written(said):
    assert all(text.strip() for name, text in said.items() if name not in ("crossings", "likely")), said


def test_the_planning_period_is_said_in_years_or_weeks():
    settings = SAMPLE.settings
    assert period_words(settings) == "the next three years"  # 156 weeks
    assert period_words(type(settings)(**{**vars(settings), "horizon_weeks": 80})) == "the next 80 weeks"
    assert period_words(type(settings)(**{**vars(settings), "horizon_weeks": 52})) == "the next year"
