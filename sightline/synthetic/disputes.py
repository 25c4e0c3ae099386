"""Disputes: a few a partnership, recorded through the disputes' services (which check the parties, guard the text
and write the audit trail): between the statutory partners or between a partner and an agency, some escalated a
stage or two, some with an ISO asked to assist, about half resolved, some of those with learning for the learning
group. Dates are spread over the years the scale covers. The words are invented and name no one."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sightline.scrutiny.disputes import services as disputes
from sightline.scrutiny.models import Dispute

from .register import Register
from .scales import Scale

PER_REFERENCE_SIZE = 6  # disputes over the years, for a partnership of the scale's reference size
BETWEEN_PARTNERS = [
    "Funding of the partnership's independent scrutiny",
    "Who chairs strategy discussions out of hours",
    "Sharing of police information before initial case conferences",
]
BETWEEN_AGENCIES = [
    "Thresholds for referral to early help",
    "Attendance at child protection conferences",
    "Information sharing when a family moves between areas",
    "Who leads on children missing from education",
    "Follow-up of injuries in babies who are not yet mobile",
]
DESCRIPTION = (
    "The agencies read the partnership's procedure differently and each has acted on its own reading. "
    "Each party has set out its position in writing."
)
NOTES = ["The managers met and could not agree.", "The positions were set out again in writing."]
OUTCOMES = [
    "The parties agreed a shared reading of the procedure.",
    "The delegated partners decided; the procedure is to be reworded.",
]
LEARNINGS = [
    "Agree changes to thresholds jointly before any agency applies them.",
    "Write down who decides when a procedure is read in two ways.",
]
AGENCIES = ("nhs_trust", "youth_justice", "probation", "voluntary", "other_health", "school")


def disputes_make(register: Register, scale: Scale, rng: random.Random, today: date) -> int:
    partners = list(register.statutory.values())
    agencies = register.of_types(*AGENCIES)
    if len(partners) < 2 or not agencies:
        return 0
    business, isos = register.business, register.staff["iso"]
    count = scale.per_partnership(PER_REFERENCE_SIZE, register.plan, least=3)
    made = 0
    for number in range(count):
        if number % 3 == 0:
            between, subject = Dispute.Between.PARTNERS, rng.choice(BETWEEN_PARTNERS)
            parties = rng.sample(partners, 2)
        else:
            between, subject = Dispute.Between.AGENCIES, rng.choice(BETWEEN_AGENCIES)
            parties = [rng.choice(partners), rng.choice(agencies)]
        dispute = disputes.dispute_record(
            by=business,
            partnership=register.partnership,
            between=between,
            subject=subject,
            description=DESCRIPTION,
            parties=parties,
        )
        for _ in range(rng.choice((0, 1, 1, 2))):
            dispute = disputes.dispute_escalate(by=business, dispute=dispute, note=rng.choice(NOTES))
        if isos and rng.random() < 0.4:
            dispute = disputes.dispute_iso_ask(by=business, dispute=dispute, iso=rng.choice(isos))
        raised = today - timedelta(days=rng.randint(10, 365 * scale.years))
        resolved = None
        if rng.random() < 0.5:
            disputes.dispute_resolve(
                by=business,
                dispute=dispute,
                outcome=rng.choice(OUTCOMES),
                learning=rng.choice(LEARNINGS) if rng.random() < 0.6 else "",
            )
            resolved = min(today, raised + timedelta(days=rng.randint(14, 120)))
        # The services date a dispute today; spread them over the years, as they would have come.
        Dispute.objects.filter(pk=dispute.pk).update(raised_on=raised, resolved_on=resolved)
        made += 1
    return made
