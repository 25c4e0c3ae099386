"""Working days in England and Wales (ARCHITECTURE.md §4 rule 8): Monday to Friday, except bank holidays.

Bank holidays come from the `holidays` package's calendar for England ("GB", subdivision "ENG"), which is the
same as Wales's: New Year's Day, Good Friday, Easter Monday, the early May, spring and summer bank holidays,
Christmas Day and Boxing Day, each with its substitute day when it falls at a weekend, and one-off holidays
(jubilees, coronations, state funerals) as the package's releases add them.

Counting convention: "n working days after a day" counts working days strictly after it, so the day itself never
counts, whether it is a working day or not (Thursday 24 December 2026 + 1 working day is Tuesday 29 December).
`add_working_days(day, 0)` is the day itself if it is a working day, otherwise the next working day: the date
a deadline falling on a weekend or bank holiday moves to.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    # Built per year and frozen, so lookups are thread-safe (the package's calendar grows itself on access).
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def next_working_day(day: date) -> date:
    """The first working day strictly after `day`."""
    day += ONE_DAY
    while not is_working_day(day):
        day += ONE_DAY
    return day


def previous_working_day(day: date) -> date:
    """The last working day strictly before `day`."""
    day -= ONE_DAY
    while not is_working_day(day):
        day -= ONE_DAY
    return day


def add_working_days(day: date, n: int) -> date:
    """The n-th working day after `day` (n ≥ 0; see the module's counting convention for n = 0)."""
    if n < 0:
        raise ValueError("n must be zero or more; use working_days_before to count back")
    if n == 0:
        return day if is_working_day(day) else next_working_day(day)
    for _ in range(n):
        day = next_working_day(day)
    return day


def working_days_before(day: date, n: int) -> date:
    """The date n working days before `day` (n ≥ 0): the n-th working day strictly before it. For n = 0, the
    day itself if it is a working day, otherwise the working day before it."""
    if n < 0:
        raise ValueError("n must be zero or more; use add_working_days to count forward")
    if n == 0:
        return day if is_working_day(day) else previous_working_day(day)
    for _ in range(n):
        day = previous_working_day(day)
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days fall after `start`, up to and including `end`; negative when `end` is earlier.

    So `working_days_between(d, add_working_days(d, n)) == n` for every n ≥ 1, and "due in 3 working days"
    reads as `working_days_between(today, due_on) == 3`.
    """
    if end < start:
        return -working_days_between(end, start)
    span = (end - start).days
    weeks, extra = divmod(span, 7)
    count = weeks * 5
    day = start
    for _ in range(extra):
        day += ONE_DAY
        count += day.weekday() < 5
    holidays_in_span = sum(
        1
        for year in range(start.year, end.year + 1)
        for holiday in _bank_holidays(year)
        if start < holiday <= end and holiday.weekday() < 5
    )
    return count - holidays_in_span
