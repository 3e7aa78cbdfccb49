"""How people write numbers and dates, read back exactly (vmo_core.io.written), as properties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vmo_core.io.written import AmbiguousDate, canonical_number, percent, point_decimal, without_currency, written_date

AMOUNTS = st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False)


@given(AMOUNTS)
def test_thousands_grouped_with_commas_read_back_exactly(amount):
    assert float(canonical_number(f"{amount:,}")) == float(amount)


@given(AMOUNTS)
def test_european_numbers_in_a_semicolon_file_read_back_exactly(amount):
    written = f"{amount:,}".translate(str.maketrans({",": ".", ".": ","}))
    assert float(point_decimal(written)) == float(amount)


@given(AMOUNTS, st.sampled_from(["£{}", "${}", "{} €", "GBP {}", "{} USD"]))
def test_a_currency_before_or_after_is_set_aside(amount, form):
    assert float(canonical_number(without_currency(form.format(f"{amount:,}")))) == float(amount)


@given(st.decimals(min_value=-99, max_value=1000, places=3, allow_nan=False, allow_infinity=False))
def test_a_percentage_is_the_fraction_it_writes(share):
    assert percent(f"{share}%") == float(Decimal(f"{share}") / 100)


@given(st.dates(min_value=dt.date(1928, 1, 1), max_value=dt.date(2170, 12, 31)))
def test_a_day_first_date_reads_back_when_it_can_only_be_day_first_or_by_date_order(day):
    text = f"{day.day:02d}/{day.month:02d}/{day.year}"
    assert written_date(text, order="DMY") == day
    if day.day > 12:
        assert written_date(text) == day
    elif day.day != day.month:
        with pytest.raises(AmbiguousDate, match=r"could be .* or .*; write it as"):
            written_date(text)


@pytest.mark.parametrize("text", ["1,2,3", "1.2.3", "12,34.5,6"])
def test_marks_that_are_not_groups_of_three_are_refused(text):
    with pytest.raises(ValueError):
        canonical_number(text)
