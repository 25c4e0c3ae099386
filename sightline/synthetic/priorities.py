"""The partnership's priorities: three agreed for the years the scale covers (made through the priorities' service,
which checks them and writes the trail) and, where the scale covers more than one year, one that ended last year;
then about half the plans, most assurance activities, some reviews and any approved briefings tagged with one of
the three. The tags are bulk-inserted: a county's plans run to hundreds, and the tag's own checks (same
partnership, in force) hold by construction here."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sightline.assurance.models import Activity
from sightline.improvement.models import ActionPlan, LearningBriefing, Review
from sightline.partnerships.priorities import priority_create

from .register import Register
from .scales import Scale

CURRENT = [
    ("Neglect", "la", "Referrals that name neglect\nChildren on a plan for neglect a second time"),
    ("Child exploitation", "police", "Return interviews after a young person goes missing"),
    ("The voice of the child", "icb", "Assessments that record the child's own words"),
]
ENDED = ("Early help", "la", "Families helped before a referral is needed")
# How often each kind of record serves one of the current priorities.
SHARE = {ActionPlan: 0.5, Activity: 0.7, Review: 0.4, LearningBriefing: 0.5}


def _year_start(day: date) -> date:
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def priorities_make(register: Register, scale: Scale, today: date) -> int:
    # Its own generator, seeded by the partnership, so adding priorities leaves every other record as it was.
    rng = random.Random(register.partnership.slug)  # noqa: S311 - synthetic data, not secrets
    partnership, business = register.partnership, register.business
    this_year = _year_start(today)
    first_year = this_year.replace(year=this_year.year - (scale.years - 1))
    ends_on = this_year.replace(year=this_year.year + 1) - timedelta(days=1)
    current = [
        priority_create(
            by=business,
            partnership=partnership,
            title=title,
            lead_partner=lead,
            description=f"{title}: the partners' shared priority (synthetic).",
            measures=measures,
            starts_on=first_year,
            ends_on=ends_on,
        )
        for title, lead, measures in CURRENT
    ]
    made = len(current)
    if scale.years > 1:
        title, lead, measures = ENDED
        priority_create(
            by=business,
            partnership=partnership,
            title=title,
            lead_partner=lead,
            measures=measures,
            starts_on=first_year,
            ends_on=this_year - timedelta(days=1),
        )
        made += 1
    records = {
        ActionPlan: sorted(
            ActionPlan.objects.filter(partnership=partnership), key=lambda p: (p.title, p.created_at)
        ),
        Activity: sorted(Activity.objects.filter(partnership=partnership), key=lambda a: (a.kind, a.title)),
        Review: list(Review.objects.filter(partnership=partnership).order_by("reference")),
        LearningBriefing: list(
            LearningBriefing.objects.filter(partnership=partnership, status="approved").order_by("title")
        ),
    }
    for model, rows in records.items():
        tags = model._meta.get_field("priorities")
        through, source = tags.remote_field.through, tags.m2m_field_name()
        through.objects.bulk_create(
            [
                through(**{f"{source}_id": row.pk, "priority_id": rng.choice(current).pk})
                for row in rows
                if rng.random() < SHARE[model]
            ],
            batch_size=500,
        )
    return made
