"""The board pack says what the plan as written cannot deliver for lack of people, when the plan
carries its dates (the hand-checked portfolio of tests/decisions/test_as_written.py), and says
nothing of it when no project has a date."""

from __future__ import annotations

import datetime as dt

from pptx import Presentation

from tests.decisions.test_as_written import dated
from tests.report.support import SAMPLE
from vmo_core.report import build_pack, write_report

SAID = (
    "1 project cannot start when planned; £2k of value delayed: the plan as written needs more people than "
    "the teams have, so capacity puts it later."
)


def test_the_pack_of_a_plan_with_dates_says_what_capacity_delays(tmp_path):
    pack = build_pack(dated(), generated=dt.date(2027, 1, 4))
    assert SAID in pack.section("economics").sentences
    assert pack.results.as_written.value_delayed == 2000.0
    path = tmp_path / "pack.pptx"
    assert write_report(pack, path) == []
    deck = [shape.text_frame.text for slide in Presentation(path).slides for shape in slide.shapes if shape.has_text_frame]
    assert any(SAID in text for text in deck)


def test_the_pack_of_a_plan_without_dates_says_nothing_of_it():
    pack = build_pack(SAMPLE, generated=dt.date(2027, 1, 4))
    assert pack.results.as_written is None
    assert not any("when planned" in said for said in pack.sentences())
