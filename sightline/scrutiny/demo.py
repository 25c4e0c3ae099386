"""Demo independent scrutiny for the demo partnership: a profile and a day ledger for the demo ISO
(iso@demo.sightline.test), with days for the practice learning event, a rapid review and the yearly report this
financial year, and an event last year. Every name and word is invented. Idempotent: an ISO who already has
entries is left alone. Dates are relative to today, kept inside the year they belong to."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from sightline.assurance.models import Activity
from sightline.partnerships.models import Partnership

from . import ledger
from .models import LedgerEntry
from .years import year_bounds, year_of

EMAIL_DOMAIN = "demo.sightline.test"
PROFILE = {
    "background": "Former assistant director of children's services in a neighbouring area, and a registered "
    "social worker for twenty years (an invented profile for the demo).",
    "skills": "Neglect and early help; line-of-sight panels with practitioners; inspection frameworks.",
}


def _person(local: str):
    return get_user_model().objects.filter(email=f"{local}@{EMAIL_DOMAIN}").first()


def _within(day: date, year: int) -> date:
    first, last = year_bounds(year)
    return min(max(day, first), last)


def demo_scrutiny_load(partnership: Partnership) -> None:
    business, iso = _person("business"), _person("iso")
    if (
        business is None
        or iso is None
        or LedgerEntry.objects.filter(partnership=partnership, iso=iso).exists()
    ):
        return
    ledger.iso_profile_update(by=business, partnership=partnership, iso=iso, **PROFILE)
    today = timezone.localdate()
    year = year_of(today)
    event = (
        Activity.objects.filter(partnership=partnership, kind=Activity.Kind.PRACTICE_LEARNING)
        .order_by("created_at")
        .first()
    )

    def book(when: date, planned: float, spent: float = 0, **what) -> None:
        ledger.ledger_entry_create(
            by=business,
            partnership=partnership,
            iso=iso,
            work_date=when,
            planned_half_days=int(planned * 2),
            spent_half_days=int(spent * 2),
            **what,
        )

    book(year_bounds(year - 1)[0] + timedelta(days=200), 4, 4.5, description="Thematic event on exploitation")
    book(_within(today - timedelta(days=30), year), 1, 1, description="Chairing a rapid review")
    if event is not None:
        book(_within(today - timedelta(days=3), year), 1, 1, activity=event, description="Reading the audits")
        book(
            _within(today + timedelta(days=25), year),
            2.5,
            activity=event,
            description="Panel day and overview",
        )
    book(_within(today + timedelta(days=60), year), 3, description="Scrutinising the yearly report")
