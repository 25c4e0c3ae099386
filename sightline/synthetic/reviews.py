"""The reviews register: serious incidents recorded by the business team through the register's service (which
checks the dates and writes the audit trail), with notifications and rapid reviews mostly on time and some late,
the decision on a further review, and an action plan for each review that led to one. References are
pseudonymous and invented; no child is described."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sightline.core.working_days import add_working_days
from sightline.improvement import reviews
from sightline.improvement.models import ActionPlan, Review

from .improvement import plan_with_actions
from .register import Register
from .scales import Scale

D = Review.Decision
DECISIONS = [(D.LCSPR, 15), (D.NON_STATUTORY, 35), (D.NO_FURTHER_REVIEW, 50)]
SUMMARIES = [
    "Serious injury to an infant; several agencies involved.",
    "A young person harmed outside the home.",
    "A child with a disability seriously harmed at home.",
    "A teenager seriously harmed after going missing several times.",
    "A child seriously injured where domestic abuse was known.",
]
NOTES = {
    D.LCSPR: "The criteria are met and there is national as well as local learning.",
    D.NON_STATUTORY: "The learning is local and the learning group can take it forward.",
    D.NO_FURTHER_REVIEW: "The rapid review found the learning already in hand.",
}


def reviews_make(register: Register, scale: Scale, rng: random.Random, today: date) -> int:
    per_year = scale.per_partnership(scale.reviews_per_year, register.plan)
    isos = register.staff["iso"]
    made = 0
    for years_ago in range(scale.years):
        for number in range(1, per_year + 1):
            aware = today - timedelta(days=365 * years_ago + rng.randint(3, 360))
            aware = min(aware, today - timedelta(days=1))
            recent = (today - aware).days < 30
            # A few notifications go after the five working days; rapid reviews mostly within fifteen.
            notified = add_working_days(aware, rng.choices((2, 4, 5, 7), (30, 40, 20, 10), k=1)[0])
            rapid = add_working_days(notified, rng.choices((10, 14, 15, 18), (30, 40, 15, 15), k=1)[0])
            if recent:
                notified = notified if notified <= today and rng.random() < 0.7 else None
                rapid = rapid if notified and rapid <= today and rng.random() < 0.5 else None
            decision = (
                rng.choices([d for d, _ in DECISIONS], [w for _, w in DECISIONS], k=1)[0] if rapid else ""
            )
            chaired = {"chair": rng.choice(isos)} if rng.random() < 0.6 else {"chair_name": "Head of service"}
            review = reviews.review_create(
                by=register.business,
                partnership=register.partnership,
                reference=f"RR-{today.year - years_ago}-{number:02d}",
                summary=rng.choice(SUMMARIES),
                became_aware_on=aware,
                notified_on=notified,
                rapid_review_on=rapid,
                decision=decision,
                decided_on=rapid,
                decision_note=NOTES.get(decision, ""),
                **chaired,
            )
            made += 1
            if decision in (D.LCSPR, D.NON_STATUTORY):
                plan_with_actions(
                    register,
                    rng,
                    today=today,
                    years_ago=years_ago,
                    raised_on=min(today, rapid + timedelta(days=30)),
                    count=rng.randint(4, 8),
                    owners=_owners(register, rng),
                    title=f"Learning from {review.reference}",
                    source_kind=ActionPlan.SourceKind.REVIEW,
                    source_review=review,
                )
    return made


def _owners(register: Register, rng: random.Random) -> list:
    agencies = [org for org in register.organisations if org.sector not in ("Education", "Early years")]
    return [*register.statutory.values(), *rng.sample(agencies, k=min(3, len(agencies)))]
