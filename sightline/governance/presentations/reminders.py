"""Reminders to the business team about planned presentations: once when one is a week away
(REMIND_DAYS_BEFORE), and once its date has passed while it is still marked planned (then weekly until it is
recorded as presented or cancelled), so the register says what happened.

Each partnership's business team gets one notice and one email a run, listing every presentation due a reminder.
A presentation is reminded at most once a day: `reminded_on` is set in the transaction that writes the email, on
rows locked and checked again, so a second run that day, or one running at the same moment, finds nothing."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from sightline.audit import services as audit
from sightline.notifications.services import notice_create, send_email_on_commit
from sightline.partnerships.models import PartnershipMembership

from ..models import Presentation
from .selectors import presentations_reminded

REMIND_DAYS_BEFORE = 7
# While a presentation whose date has passed is still marked planned, the team hears of it again this often.
REMIND_PAST_EVERY_DAYS = 7
SOON, PAST = "soon", "past"


@dataclass(frozen=True)
class Occasion:
    presentation: Presentation
    kind: str

    @property
    def text(self) -> str:
        p = self.presentation
        if self.kind == SOON:
            return f"planned for {p.on:%-d %B %Y}: check the papers have gone and who presents"
        return (
            f"planned for {p.on:%-d %B %Y} and still marked planned: record it as presented, "
            "or cancel it saying why"
        )


def occasion_for(presentation: Presentation, *, today: date) -> str | None:
    """What the team should now be told about one planned presentation, if anything."""
    reminded = presentation.reminded_on
    if reminded is not None and reminded >= today:
        return None
    if presentation.on >= today:
        window_opens = presentation.on - timedelta(days=REMIND_DAYS_BEFORE)
        if today >= window_opens and (reminded is None or reminded < window_opens):
            return SOON
        return None
    if reminded is None or reminded <= presentation.on:
        return PAST
    return PAST if reminded <= today - timedelta(days=REMIND_PAST_EVERY_DAYS) else None


def reminders_due(*, today: date) -> dict:
    """{partnership: [Occasion, …]}: what each partnership's business team should now be told."""
    soon = today + timedelta(days=REMIND_DAYS_BEFORE)
    due: dict = defaultdict(list)
    for presentation in presentations_reminded(today=today, soon=soon):
        kind = occasion_for(presentation, today=today)
        if kind is not None:
            due[presentation.partnership].append(Occasion(presentation, kind))
    return dict(due)


def _business_team(partnership) -> list:
    return [
        membership.user
        for membership in PartnershipMembership.objects.filter(
            partnership=partnership, role=PartnershipMembership.Role.BUSINESS_TEAM, user__is_active=True
        )
        .select_related("user")
        .order_by("user__email")
    ]


def presentation_url(presentation: Presentation) -> str:
    return reverse(
        "presentation_detail",
        kwargs={"slug": presentation.partnership.slug, "presentation_id": presentation.pk},
    )


@transaction.atomic
def _remind(partnership, occasions: list[Occasion], today: date) -> int:
    # Locked and checked again: of two runs at once, the second waits here and then finds nothing left to say.
    locked = {
        p.pk: p
        for p in Presentation.objects.select_for_update()
        .filter(pk__in=[o.presentation.pk for o in occasions], status=Presentation.Status.PLANNED)
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
    }
    occasions = [o for o in occasions if o.presentation.pk in locked]
    if not occasions:
        return 0
    Presentation.objects.filter(pk__in=list(locked)).update(reminded_on=today)
    n = len(occasions)
    title = (
        f"{n} presentation{'s' if n != 1 else ''} to other bodies need{'s' if n == 1 else ''} your attention"
    )
    rows = [
        {
            "presentation": o.presentation,
            "text": o.text,
            "url": presentation_url(o.presentation),
        }
        for o in occasions
    ]
    register = reverse("presentation_list", kwargs={"slug": partnership.slug})
    for person in _business_team(partnership):
        notice_create(
            user=person,
            partnership=partnership,
            title=title,
            body="; ".join(f"{row['presentation']}: {row['text']}" for row in rows),
            url=rows[0]["url"] if n == 1 else register,
        )
        send_email_on_commit(
            to=person.email,
            subject=f"Sightline: {title}",
            template="governance/email/presentations_reminder.txt",
            context={"person": person, "rows": rows, "partnership": partnership, "register": register},
        )
    audit.record(
        verb="presentation.reminded",
        target=partnership,
        partnership=partnership,
        changes={
            "on": today.isoformat(),
            "presentations": [str(o.presentation.pk) for o in occasions],
            "occasions": sorted({o.kind for o in occasions}),
        },
    )
    return n


def reminders_send(*, today: date) -> dict:
    """The hourly job: each partnership's business team hears once of what is due; returns counts."""
    counts = {"partnerships": 0, "presentations": 0}
    for partnership, occasions in reminders_due(today=today).items():
        sent = _remind(partnership, occasions, today)
        if sent:
            counts["partnerships"] += 1
            counts["presentations"] += sent
    return counts
