"""Money, dates and counts for people: the one place figures are rounded, checked by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from vmo_core.model.portfolio import Settings
from vmo_core.present.format import (
    day,
    join_words,
    money,
    money_short,
    ordinal,
    percent,
    symbol,
    times,
    week_date,
    weeks,
)
from vmo_core.present.sentences import describe_changes


@pytest.mark.parametrize(
    ("amount", "signed", "shown"),
    [
        (1_234_567.4, False, "£1,234,567"),
        (-1_234_567.4, False, "-£1,234,567"),
        (1_234_567.4, True, "+£1,234,567"),
        (0.0, True, "£0"),
        (0.4, False, "£0"),
    ],
)
def test_money_in_full_has_the_symbol_and_thousands_separators(amount, signed, shown):
    assert money(amount, "GBP", signed=signed) == shown


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (950.0, "£950"),
        (999.4, "£999"),
        (1_000.0, "£1k"),
        (420_400.0, "£420k"),
        (999_499.0, "£999k"),
        (999_500.0, "£1.0M"),  # not "£1,000k"
        (1_249_999.0, "£1.2M"),
        (58_199_168.5, "£58.2M"),
        (-2_500_000.0, "-£2.5M"),
        (-0.4, "£0"),  # rounds to nothing: no minus sign in front of a zero
    ],
)
def test_headline_money_rounds_to_k_and_m(amount, shown):
    assert money_short(amount, "GBP") == shown


def test_a_signed_headline_says_plus_only_for_a_gain_that_shows():
    assert money_short(4_600_000.0, "GBP", signed=True) == "+£4.6M"
    assert money_short(0.2, "GBP", signed=True) == "£0"
    assert money_short(-406_000.0, "GBP", signed=True) == "-£406k"


def test_currencies_without_a_symbol_are_written_as_their_code():
    assert [symbol(c) for c in ("GBP", "USD", "EUR")] == ["£", "$", "€"]
    assert money(1500.0, "CHF") == "CHF 1,500"
    assert money_short(2_000_000.0, "CHF") == "CHF 2.0M"


def test_dates_read_as_people_write_them_and_weeks_become_dates():
    settings = Settings(as_of=dt.date(2027, 1, 4))
    assert day(dt.date(2027, 3, 3)) == "3 Mar 2027"
    assert week_date(0, settings) == "4 Jan 2027"
    assert week_date(9, settings) == "8 Mar 2027"  # 4 Jan + 63 days
    assert week_date(None, settings) == "never"


def test_counts_ordinals_lists_and_ratios():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
        "111th",
    ]
    assert [weeks(1), weeks(-1), weeks(2), weeks(0)] == ["1 week", "-1 week", "2 weeks", "0 weeks"]
    assert join_words([]) == "" and join_words(["A"]) == "A"
    assert join_words(["A", "B", "C"]) == "A, B and C"
    assert (percent(0.862), times(1.30), times(1.0), times(1.25)) == ("86%", "1.3x", "1x", "1.25x")


def test_a_change_list_is_said_in_words():
    changes = [
        {"op": "add", "project": "ATLAS"},
        {"op": "add", "project": {"id": "NEW", "duration_weeks": 4}},
        {"op": "stop", "project": "BOREALIS"},
        {"op": "capacity", "pool": "DATA", "capacity_fte": 7},
        {"op": "sequence", "order": ["CRM"]},
    ]
    assert describe_changes(changes) == (
        "Adding ATLAS, adding NEW, stopping BOREALIS, setting DATA to 7 FTE and putting the work in a new order"
    )
    assert describe_changes([]) == "The scenario changes nothing"
