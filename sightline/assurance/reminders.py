"""Reminders to the parties of a sign-off who have not answered: first REMIND_AFTER_DAYS after they were asked,
then every REMIND_EVERY_DAYS while they still have not.

At most one email a day per person: the hourly job gathers every request waiting for a person into one email, and
writes an EndorsementReminder row (unique per person per day) with it, so a second run that day sends nothing."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from sightline.audit import services as audit
from sightline.notifications.services import notice_create, send_email_on_commit

from .endorsements import request_url
from .models_endorsements import EndorsementParty, EndorsementReminder, EndorsementRequest

REMIND_AFTER_DAYS = 2
REMIND_EVERY_DAYS = 3


def reminders_due(*, today: date) -> dict:
    """{person: [party row, …]}: who should now be reminded, of which requests."""
    asked_before = today - timedelta(days=REMIND_AFTER_DAYS)
    last_before = today - timedelta(days=REMIND_EVERY_DAYS)
    parties = (
        EndorsementParty.objects.filter(
            decision=EndorsementParty.Decision.PENDING,
            request__outcome=EndorsementRequest.Outcome.PENDING,
            request__requested_at__date__lte=asked_before,
            user__is_active=True,
        )
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lte=last_before))
        .select_related("user", "request__activity", "request__yearly_report", "request__partnership")
        .order_by("request__requested_at")
    )
    due: dict = {}
    for party in parties:
        due.setdefault(party.user, []).append(party)
    return due


def _remind(person, parties: list[EndorsementParty], today: date) -> None:
    EndorsementReminder.objects.create(user=person, sent_on=today, requests=len(parties))
    EndorsementParty.objects.filter(pk__in=[party.pk for party in parties]).update(reminded_on=today)
    n = len(parties)
    title = f"{n} sign-off{'s are' if n != 1 else ' is'} waiting for you"
    rows = [
        {
            "request": party.request,
            "activity": party.request.owner,
            "url": request_url(party.request),
        }
        for party in parties
    ]
    partnership = parties[0].request.partnership
    notice_create(
        user=person,
        partnership=partnership,
        title=title,
        url=rows[0]["url"] if n == 1 else reverse("endorsement_list", kwargs={"slug": partnership.slug}),
    )
    send_email_on_commit(
        to=person.email,
        subject=f"Sightline: {title}",
        template="assurance/email/endorsement_reminder.txt",
        context={"person": person, "rows": rows, "title": title},
    )
    audit.record(
        verb="endorsement.reminded",
        target=person,
        partnership=partnership,
        changes={"on": today.isoformat(), "requests": [str(party.request_id) for party in parties]},
    )


def reminders_send(*, today: date) -> dict:
    """The hourly job: one email to each person with sign-offs waiting and no reminder yet today."""
    due = reminders_due(today=today)
    had_today = set(
        EndorsementReminder.objects.filter(sent_on=today, user__in=[p.pk for p in due]).values_list(
            "user_id", flat=True
        )
    )
    counts = {"sent": 0, "held": 0}
    for person, parties in due.items():
        if person.pk in had_today:
            counts["held"] += 1
            continue
        try:
            with transaction.atomic():
                _remind(person, parties, today)
        except IntegrityError:  # another run reminded this person a moment ago
            counts["held"] += 1
            continue
        counts["sent"] += 1
    return counts
