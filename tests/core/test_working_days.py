"""Working days in England and Wales: weekends and bank holidays, including substitute days, never count."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sightline.core.working_days import (
    add_working_days,
    is_working_day,
    working_days_before,
    working_days_between,
)


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 12, 25),  # Christmas Day, a Friday
        date(2026, 12, 28),  # Boxing Day falls on Saturday 26th: its substitute is Monday 28th
        date(2027, 1, 1),  # New Year's Day
        date(2027, 3, 26),  # Good Friday
        date(2027, 3, 29),  # Easter Monday
        date(2027, 5, 3),  # early May bank holiday
        date(2027, 5, 31),  # spring bank holiday
        date(2027, 8, 30),  # summer bank holiday
        date(2027, 12, 27),  # Christmas Day falls on Saturday 25th: substitute Monday 27th
        date(2027, 12, 28),  # Boxing Day falls on Sunday 26th: substitute Tuesday 28th
        date(2022, 1, 3),  # New Year's Day on a Saturday: substitute Monday 3rd
        date(2026, 12, 26),  # a Saturday
        date(2026, 12, 27),  # a Sunday
    ],
)
def test_bank_holidays_and_weekends_are_not_working_days(day):
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day", [date(2026, 12, 24), date(2026, 12, 29), date(2027, 3, 25), date(2027, 3, 30)]
)
def test_ordinary_weekdays_are_working_days(day):
    assert is_working_day(day)


@pytest.mark.parametrize(
    "start,n,expected",
    [
        (date(2026, 12, 24), 1, date(2026, 12, 29)),  # over Christmas Day and the Boxing Day substitute
        (date(2026, 12, 31), 1, date(2027, 1, 4)),  # over New Year's Day and a weekend
        (date(2026, 12, 24), 4, date(2027, 1, 4)),
        (date(2027, 3, 25), 1, date(2027, 3, 30)),  # Maundy Thursday → Tuesday after Easter Monday
        (date(2027, 5, 28), 1, date(2027, 6, 1)),  # Friday before the spring bank holiday → Tuesday
        (date(2027, 8, 27), 1, date(2027, 8, 31)),  # Friday before the summer bank holiday → Tuesday
        (date(2027, 12, 24), 1, date(2027, 12, 29)),  # both substitutes, Monday and Tuesday
        (date(2027, 3, 1), 5, date(2027, 3, 8)),  # a plain week
        (date(2027, 3, 1), 0, date(2027, 3, 1)),  # n = 0: a working day is itself
        (date(2027, 3, 26), 0, date(2027, 3, 30)),  # n = 0: Good Friday moves to the next working day
        (date(2027, 3, 27), 1, date(2027, 3, 30)),  # counting from a weekend day
    ],
)
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n) == expected


@pytest.mark.parametrize(
    "day,n,expected",
    [
        (date(2026, 12, 29), 1, date(2026, 12, 24)),
        (date(2027, 3, 30), 1, date(2027, 3, 25)),  # Tuesday after Easter → Maundy Thursday
        (date(2027, 6, 1), 1, date(2027, 5, 28)),  # Tuesday after the spring bank holiday → the Friday before
        (date(2027, 6, 1), 5, date(2027, 5, 24)),
        (date(2027, 6, 1), 0, date(2027, 6, 1)),
        (date(2027, 5, 31), 0, date(2027, 5, 28)),  # n = 0 on a bank holiday: the working day before
    ],
)
def test_working_days_before(day, n, expected):
    assert working_days_before(day, n) == expected


def test_working_days_between_counts_after_start_up_to_end():
    assert working_days_between(date(2026, 12, 24), date(2026, 12, 29)) == 1
    assert working_days_between(date(2026, 12, 24), date(2027, 1, 4)) == 4
    assert working_days_between(date(2027, 3, 1), date(2027, 3, 1)) == 0
    assert working_days_between(date(2027, 3, 8), date(2027, 3, 1)) == -5
    # A year: 365 days hold 261 weekdays in 2027, less its eight bank holidays on weekdays.
    assert working_days_between(date(2026, 12, 31), date(2027, 12, 31)) == 253


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2027, 3, 1), -1)
    with pytest.raises(ValueError):
        working_days_before(date(2027, 3, 1), -1)


days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


@given(day=days, n=st.integers(min_value=0, max_value=80))
def test_adding_always_lands_on_a_working_day(day, n):
    result = add_working_days(day, n)
    assert is_working_day(result) and result >= day
    if n:
        assert working_days_between(day, result) == n
        # No working day is skipped: the day before the result is fewer than n working days on.
        assert working_days_between(day, result - timedelta(days=1)) == n - 1


@given(day=days, n=st.integers(min_value=1, max_value=80))
def test_counting_back_undoes_counting_forward(day, n):
    before = working_days_before(day, n)
    assert is_working_day(before) and before < day
    assert add_working_days(before, n) == add_working_days(day, 0)
    assert working_days_between(before, day) == n - 1 + is_working_day(day)


@given(start=days, end=days)
def test_between_matches_a_day_by_day_count(start, end):
    low, high = sorted((start, end))
    count = sum(is_working_day(low + timedelta(days=i)) for i in range(1, (high - low).days + 1))
    assert working_days_between(start, end) == (count if end >= start else -count)
