"""The ledger's year is the financial year, 1 April to 31 March.

Why not the calendar year: an independent scrutiny officer's days are paid from the safeguarding partners' shared
budget, which the three partners agree and account for per financial year, as every public body does. The
framework's "up to 15 days a year" is a commitment against that budget, so days are counted, and budgets set, per
financial year. A year is named by the calendar year it starts in: 2026 is 1 April 2026 to 31 March 2027.
An entry belongs to the year its date falls in, so 31 March counts in the year then ending and 1 April in the
next; totals are sums over that date range, never a stored year that could disagree with the date.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

FIRST_MONTH = 4  # April


def year_of(day: date) -> int:
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def this_year() -> int:
    return year_of(timezone.localdate())


def year_bounds(year: int) -> tuple[date, date]:
    """The first and last day of the financial year `year`, both included."""
    return date(year, FIRST_MONTH, 1), date(year + 1, FIRST_MONTH - 1, 31)


def year_label(year: int) -> str:
    return f"April {year} to March {year + 1}"


def year_short(year: int) -> str:
    return f"{year} to {year + 1}"
