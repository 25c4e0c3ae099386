"""At most one email a day per organisation per cycle (issue 3, scope 8). Every email about a return (launch,
reminders, chases, challenge, acceptance, the progress round) claims the return's one `ReminderSent` row for the
day. When the day's email has already gone, the new one is held (`HeldEmail`) and goes the next working hour:
inside that day's reminder if one is due, otherwise as a digest of everything held. In-app notices are never
held; they appear at once."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from sightline.notifications.services import send_email_on_commit

from .models import HeldEmail, ReminderSent, Submission

KIND_MAX_LENGTH = ReminderSent._meta.get_field("kind").max_length


def email_leads(
    *, submission: Submission, people: list, subject: str, template: str, context: dict, kind: str, today=None
) -> bool:
    """Email each of `people` about this return now, or hold the emails for tomorrow when the return has
    already had today's. Returns whether they went now."""
    if not people:
        return False  # nobody to write to: leave the day's email for a message that has readers
    today = today or timezone.localdate()
    try:
        with transaction.atomic():
            ReminderSent.objects.create(submission=submission, kind=kind[:KIND_MAX_LENGTH], sent_on=today)
            for person in people:
                send_email_on_commit(
                    to=person.email, subject=subject, template=template, context={**context, "person": person}
                )
        return True
    except IntegrityError:
        HeldEmail.objects.bulk_create(
            [
                HeldEmail(
                    submission=submission,
                    to=person.email,
                    subject=subject,
                    body=render_to_string(
                        template, {**context, "person": person, "site_url": settings.SITE_URL}
                    ),
                    held_on=today,
                )
                for person in people
            ]
        )
        return False


def held_for(submission: Submission, *, today: date) -> dict[str, list[HeldEmail]]:
    """{address: [held email, …]} for this return, held before today and not yet sent."""
    held = defaultdict(list)
    for email in HeldEmail.objects.filter(submission=submission, sent_at__isnull=True, held_on__lt=today):
        held[email.to].append(email)
    return held


def mark_sent(emails) -> None:
    HeldEmail.objects.filter(pk__in=[email.pk for email in emails]).update(sent_at=timezone.now())


def digests_send(*, today: date) -> int:
    """Send each return's held emails as one digest per person, unless the return has had today's email (they
    wait for tomorrow). Returns the number of digests written. Running it twice sends nothing more."""
    waiting = (
        Submission.objects.filter(held_emails__sent_at__isnull=True, held_emails__held_on__lt=today)
        .distinct()
        .select_related("cycle__partnership", "organisation")
    )
    written = 0
    for submission in waiting:
        held = held_for(submission, today=today)
        try:
            with transaction.atomic():
                ReminderSent.objects.create(submission=submission, kind="digest", sent_on=today)
                for address, emails in held.items():
                    send_email_on_commit(
                        to=address,
                        subject=f"{submission.cycle.title} for {submission.organisation.name}: "
                        f"{len(emails)} update{'s' if len(emails) != 1 else ''}",
                        template="assessments/email/digest.txt",
                        context={"submission": submission, "emails": emails},
                    )
                    mark_sent(emails)
                    written += 1
        except IntegrityError:
            continue  # this return has had today's email; the digest goes tomorrow
    return written
