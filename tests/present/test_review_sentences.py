"""The review's sentences and figure (vmo_core/present/review_sentences.py, charts/review.py)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

import vmo_core
from vmo_core.decisions.review import review_steps
from vmo_core.decisions.slip_results import IntakeRecord, JudgedDecision, Promise
from vmo_core.decisions.slips import changes
from vmo_core.present.charts.review import STEPS, review_waterfall
from vmo_core.present.format import money_short
from vmo_core.present.palette import GREEN, VERMILION
from vmo_core.present.review_sentences import (
    count_words,
    decision_title,
    intake_record_sentence,
    moves_by,
    promise_kept,
    since_review,
    snapshot_label,
)

DATA = Path(__file__).resolve().parents[2] / "data"
SAMPLE = vmo_core.load(DATA / "sample")
EARLIER = vmo_core.load(DATA / "history" / "2026-11-09")
DAY = dt.date(2026, 11, 30)


def promise(slip_weeks: int | None, cost: float | None) -> Promise:
    due = 10
    return Promise("P", "Project", "approved", DAY, DAY, due, None if slip_weeks is None else due + slip_weeks, cost)


def test_numbers_up_to_ten_are_words():
    assert [count_words(n) for n in (1, 3, 10, 12, 2.5)] == ["one", "three", "ten", "12", "2.5"]
    assert [moves_by(w) for w in (5, -2, 1, 0, None)] == [
        "five weeks later",
        "two weeks sooner",
        "one week later",
        "no change",
        "",
    ]


def test_the_headline_says_how_much_was_delayed_and_where_most_of_it_is():
    found = changes(EARLIER, SAMPLE)
    said = since_review(found)
    assert said.startswith("Since the review of 9 Nov 2026: £")
    top = found.slipped[0]
    assert top.name in said
    word = "mostly" if top.slip_cost >= found.value_delayed / 2 else "most of all on"
    assert f"{word} {top.name}" in said


def test_no_delay_is_said_plainly():
    assert since_review(changes(SAMPLE, SAMPLE)) == "Since the review of 30 Nov 2026: no value delayed."


def test_a_snapshot_is_labelled_by_its_date_and_note_or_what_was_adopted():
    imported = SimpleNamespace(id=2, as_of=dt.date(2026, 11, 9), note="November steering review", source="nov/")
    adopted = SimpleNamespace(id=3, as_of=dt.date(2026, 11, 9), note="Why " * 40, source="adopted: Stop the pilot")
    assert snapshot_label(imported) == "9 Nov 2026 · November steering review"
    assert snapshot_label(adopted) == "9 Nov 2026 · adopted: Stop the pilot"


def test_a_promise_kept_or_not_in_money():
    judged = JudgedDecision("D", 1000.0, DAY, (promise(2, 5000.0), promise(0, 0.0)))
    assert promise_kept(judged, "GBP") == (
        "Not kept: one of the two projects it moved lands later than it promised; "
        "£5k of value delayed against its promise (as of 30 Nov 2026)."
    )
    kept = JudgedDecision("D", 1000.0, DAY, (promise(0, 0.0), promise(-1, -300.0)))
    assert promise_kept(kept, "GBP").startswith("Kept: every project it moved lands on or before")
    assert promise_kept(JudgedDecision("D", 0.0, DAY, ()), "GBP").startswith("It moved no project's delivery")


def test_the_intake_record_says_how_late_the_last_intakes_land():
    record = IntakeRecord(decisions=3, projects=3, mean_slip_weeks=5.0, slip_cost=120_000.0)
    assert intake_record_sentence(record, "GBP") == (
        "The last three intakes land on average five weeks later than predicted (£120k of value delayed): "
        "expect the next intake to land about five weeks after its forecast."
    )
    one = IntakeRecord(decisions=1, projects=1, mean_slip_weeks=2.0, slip_cost=15_455.0)
    assert intake_record_sentence(one, "GBP").startswith("The last intake lands two weeks later than predicted (£15k")
    assert intake_record_sentence(IntakeRecord(0, 0, None, 0.0), "GBP").startswith("No decision that took in a project")


def test_a_decision_is_named_by_project_and_team_names_not_codes():
    title = decision_title(
        [
            {"op": "stop", "project": "DQ"},
            {"op": "add", "project": "ATLAS"},
            {"op": "capacity", "pool": "DATA", "capacity_fte": 7},
        ],
        SAMPLE,
    )
    assert title == "Stop Data Quality Programme, take in " + SAMPLE.project("ATLAS").label + " and set Data Engineering to 7 FTE"


def test_the_waterfall_runs_from_the_value_then_to_the_value_now():
    found = changes(EARLIER, SAMPLE)
    figure = json.loads(review_waterfall(found, title="From then to now").to_json())
    bars = figure["data"][0]
    assert bars["x"][0] == "Then, 9 Nov 2026" and bars["x"][-1] == "Now, 30 Nov 2026"
    assert bars["x"][1:-1] == ["Slips", "Re-estimates", "Time moves on", "Entered", "Delivered", "Stopped or dropped"]
    assert bars["y"][0] == found.before.total_value and bars["y"][-1] == found.after.total_value
    assert bars["base"][1] == found.before.total_value - found.value_delayed  # a slip is drawn down from the value then
    assert bars["y"][1] == found.value_delayed


def test_a_project_delivered_since_is_not_drawn_as_a_loss():
    """Meter Reading Ingest finished between the two reviews: its £3.8M is value now being earned,
    a green bar said as delivered, apart from the project stopped (a loss, drawn in vermilion)."""
    found = changes(EARLIER, SAMPLE)
    bars = json.loads(review_waterfall(found).to_json())["data"][0]
    done = sum(x.before_value for x in found.left if x.status == "done")
    assert done > 0 and [x.name for x in found.left if x.status == "done"] == ["Meter Reading Ingest"]
    delivered, stopped = bars["x"].index("Delivered"), bars["x"].index("Stopped or dropped")
    assert bars["marker"]["color"][delivered] == GREEN and bars["marker"]["color"][stopped] == VERMILION
    assert bars["text"][delivered] == money_short(done, "GBP") + " delivered"
    assert bars["y"][delivered] == pytest.approx(done)
    assert "not a loss" in bars["customdata"][delivered][1]
    # the bars walk from the value then to the value now: each step's base is where the one before it ends
    level = bars["y"][0]
    for step, amount in review_steps(found)[1:-1]:
        top = level + amount
        assert bars["base"][bars["x"].index(STEPS[step][0])] == pytest.approx(min(level, top))
        level = top
    assert level == pytest.approx(found.after.total_value)


def test_two_snapshots_of_one_review_date_stay_two_bars():
    adopted = vmo_core.adopt(SAMPLE, {"changes": [{"op": "stop", "project": "DQ"}]})
    bars = json.loads(review_waterfall(changes(SAMPLE, adopted)).to_json())["data"][0]
    assert len(set(bars["x"])) == len(bars["x"]) == 8
