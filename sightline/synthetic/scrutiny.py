"""The independent scrutiny officers' pool and day ledger: a profile for each ISO, a budget for each financial year
(mostly the framework's fifteen days, some more), and their days booked through the ledger's service (which
checks the budget and writes the audit trail): against the activities they are assigned to, and other work such
as chairing rapid reviews and scrutinising the yearly report. Past days are spent; days ahead are planned."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sightline.assurance.models import Activity
from sightline.scrutiny import ledger
from sightline.scrutiny.models import DayBudget
from sightline.scrutiny.years import year_of

from .register import Register
from .scales import Scale

BACKGROUNDS = [
    "A former director of children's services, and a social worker for many years before that.",
    "A retired senior police officer who led a public protection unit.",
    "A former designated nurse for safeguarding children in an integrated care board.",
    "A former head teacher and local authority education safeguarding adviser.",
]
SKILLS = [
    "Line-of-sight panels with practitioners; chairing rapid reviews.",
    "Multi-agency audit; inspection frameworks; neglect.",
    "Exploitation outside the home; information sharing.",
]
OTHER_WORK = ["Chairing a rapid review", "Scrutinising the yearly report", "Attending the partnership board"]


def ledger_make(
    register: Register, scale: Scale, activities: list[Activity], rng: random.Random, today: date
) -> int:
    by, partnership = register.business, register.partnership
    isos = register.staff["iso"]
    for iso in isos:
        ledger.iso_profile_update(
            by=by,
            partnership=partnership,
            iso=iso,
            background=rng.choice(BACKGROUNDS),
            skills=rng.choice(SKILLS),
        )
    first_year = year_of(today) - scale.years + 1
    DayBudget.objects.bulk_create(
        [
            DayBudget(
                partnership=partnership,
                iso=iso,
                year=year,
                half_days=rng.choice((30, 30, 30, 40)),
                updated_by=by,
            )
            for iso in isos
            for year in range(first_year, year_of(today) + 1)
        ]
    )
    booked = 0
    for activity in activities:
        if activity.iso_id is None:
            continue
        day = (
            activity.starts_at.date()
            if activity.starts_at
            else activity.created_at.date() + timedelta(days=60)
        )
        for offset, planned in ((-7, 1), (0, rng.choice((2, 3))), (14, 2)):
            booked += _book(
                register, activity.iso, day + timedelta(days=offset), planned, today, rng, activity=activity
            )
    for iso in isos:
        for year in range(scale.years):
            for description in OTHER_WORK:
                day = today - timedelta(days=365 * year + rng.randint(-60, 300))
                booked += _book(register, iso, day, rng.choice((1, 2)), today, rng, description=description)
    return booked


def _book(register: Register, iso, day: date, planned: int, today: date, rng: random.Random, **what) -> int:
    """One entry; days past are spent (a little more or less than planned), days ahead only planned."""
    spent = max(0, planned + rng.choice((-1, 0, 0, 1))) if day <= today else 0
    ledger.ledger_entry_create(
        by=register.business,
        partnership=register.partnership,
        iso=iso,
        work_date=day,
        planned_half_days=planned,
        spent_half_days=spent,
        confirm_over_budget=True,
        **what,
    )
    return 1
