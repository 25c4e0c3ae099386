"""What a live installation accumulates besides its records: the in-app notices people were sent, and the audit
trail of everyday work (answers saved, returns submitted and accepted, sign-ins). The services used elsewhere
write their own audit events as they go; the everyday ones are appended here in bulk, in time order per
partnership, each linked to the one before by its hash exactly as `audit.services.record` links them, so
`manage.py verify_audit_log` proves the whole chain."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from sightline.assessments.models import Submission
from sightline.audit.models import AuditEvent, ChainHead
from sightline.notifications.models import Notice

from .register import Register
from .returns import DONE

SIGN_INS_PER_PERSON = 4
BATCH = 5000


def _at(day: date, rng: random.Random) -> datetime:
    """A moment in office hours that day, in UTC as the audit trail stores it (its hash covers the text)."""
    moment = timezone.make_aware(datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59))))
    return moment.astimezone(UTC)


def notices_make(register: Register, rng: random.Random, today: date) -> int:
    """The notices the cycles' services would have sent each organisation's lead when its cycle opened, and the
    progress round's requests: read when the return has moved on since."""
    rows = []
    returns = (
        Submission.objects.filter(cycle__partnership=register.partnership)
        .select_related("cycle", "organisation")
        .order_by("cycle__opens_on", "organisation__name")
    )
    for submission in returns:
        lead = register.leads.get(submission.organisation_id)
        if lead is None:
            continue
        cycle = submission.cycle
        opened = _at(cycle.opens_on, rng)
        rows.append(
            Notice(
                user=lead,
                partnership=register.partnership,
                title=f"{cycle.title} is open for {submission.organisation.name}",
                body=f"Complete and submit it by {cycle.closes_on:%-d %B %Y}.",
                created_at=opened,
                read_at=opened + timedelta(days=2) if submission.status != "not_started" else None,
            )
        )
        if cycle.status in ("progress_round", "archived") and submission.status in DONE:
            rows.append(
                Notice(
                    user=lead,
                    partnership=register.partnership,
                    title=f"{cycle.title}: update progress on {submission.organisation.name}'s actions",
                    created_at=_at(cycle.closes_on + timedelta(days=150), rng),
                    read_at=None if rng.random() < 0.4 else _at(cycle.closes_on + timedelta(days=160), rng),
                )
            )
    Notice.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def trail_append(register: Register, rng: random.Random, today: date) -> int:
    """Everyday events of this partnership, oldest first, appended to the chain in one transaction."""
    events = _everyday(register, rng, today)
    events.sort(key=lambda event: event.at)
    with transaction.atomic():
        head = ChainHead.objects.select_for_update().get(pk=1)
        for event in events:
            event.seq, event.prev_hash = head.seq + 1, head.hash
            event.hash = event.compute_hash()
            head.seq, head.hash = event.seq, event.hash
        AuditEvent.objects.bulk_create(events, batch_size=BATCH)
        head.save(update_fields=["seq", "hash"])
    return len(events)


def _event(actor, verb: str, target, partnership, at: datetime, changes: dict | None = None) -> AuditEvent:
    return AuditEvent(
        at=at,
        actor=actor,
        actor_label=actor.email if actor is not None else "system",
        verb=verb,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_label=str(target)[:300],
        partnership=partnership,
        changes=changes or {},
    )


def _everyday(register: Register, rng: random.Random, today: date) -> list[AuditEvent]:
    partnership, business = register.partnership, register.business
    events = []
    standards: dict = {}
    returns = (
        Submission.objects.filter(cycle__partnership=partnership)
        .exclude(status="not_started")
        .select_related("cycle__template", "organisation")
        .order_by("cycle__opens_on", "organisation__name")
    )
    now = timezone.now()
    for submission in returns:
        lead = register.leads.get(submission.organisation_id)
        if lead is None:
            continue  # nobody to have typed it: the organisation's lead account is missing
        cycle = submission.cycle
        if cycle.template_id not in standards:
            standards[cycle.template_id] = list(cycle.template.standards.values_list("key", flat=True))
        keys = standards[cycle.template_id]
        last = submission.submitted_at.date() if submission.submitted_at else min(today, cycle.closes_on)
        first = cycle.opens_on
        saves = len(keys) if submission.status in DONE else rng.randint(1, max(1, len(keys) // 2))
        for key in keys[:saves]:
            day = first + timedelta(days=rng.randint(0, max(0, (last - first).days)))
            events.append(
                _event(lead, "answers.saved", submission, partnership, _at(day, rng), {"standard": key})
            )
        if submission.submitted_at:
            events.append(
                _event(lead, "submission.submitted", submission, partnership, submission.submitted_at)
            )
        if submission.accepted_at:
            accepted = min(now, submission.accepted_at + timedelta(days=rng.randint(1, 10)))
            events.append(_event(business, "submission.accepted", submission, partnership, accepted))
    people = [*{user.pk: user for users in register.staff.values() for user in users}.values()]
    people += list(register.leads.values())
    for person in people:
        for _ in range(SIGN_INS_PER_PERSON):
            day = today - timedelta(days=rng.randint(1, 365))
            events.append(_event(person, "signin.succeeded", person, None, _at(day, rng)))
    return events
