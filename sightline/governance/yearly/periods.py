"""Reporting periods: 1 April to 31 March unless a report says otherwise, named as people say them ("2025-26")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

LABEL = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def label(self) -> str:
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (4, 1, 3, 31) and (
            self.end.year == self.start.year + 1
        ):
            return f"{self.start.year}-{str(self.end.year)[2:]}"
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"

    @property
    def starts_at(self) -> datetime:
        """The first moment of the first day, in local time."""
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def ends_before(self) -> datetime:
        """The first moment after the last day, in local time: periods are [starts_at, ends_before)."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))


def financial_year(starting: int) -> Period:
    return Period(date(starting, 4, 1), date(starting + 1, 3, 31))


def financial_year_of(day: date) -> Period:
    return financial_year(day.year if day.month >= 4 else day.year - 1)


def period_from_label(label: str) -> Period:
    """ "2025-26" is 1 April 2025 to 31 March 2026. Anything else is refused with the form it should take."""
    match = LABEL.match((label or "").strip())
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise ValueError("Give the period as the years it spans, such as 2025-26")
    return financial_year(int(match.group(1)))
