"""Reminders about actions: a week before one falls due (SIGHTLINE_ACTION_REMIND_DAYS_BEFORE), when it becomes
overdue, and when the learning group returns it. Each goes to the action's owner person, or, where none is named,
to the owning organisation's safeguarding leads, as an in-app notice and an email.

At most one email a day per person: the hourly job gathers everything due for a person into one digest, and a
ReminderDigest row (unique per person per day) is written with it, so a second run that day sends nothing; what
falls due after the day's digest waits for the next day's. Each occasion is remembered per action and person
(ActionReminder), so it is mentioned once."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from sightline.audit import services as audit
from sightline.notifications.services import notice_create, send_email_on_commit
from sightline.partnerships.models import OrganisationMembership

from .lifecycle import WORKING
from .models import Action, ActionPlan, ActionReminder, ReminderDigest

S = Action.Status
DEFAULT_REMIND_DAYS_BEFORE = 7
DUE_SOON, OVERDUE, RETURNED = "due_soon", "overdue", "returned"


def remind_days_before() -> int:
    return int(getattr(settings, "SIGHTLINE_ACTION_REMIND_DAYS_BEFORE", DEFAULT_REMIND_DAYS_BEFORE))


@dataclass(frozen=True)
class Occasion:
    action: Action
    kind: str
    key: str

    @property
    def text(self) -> str:
        action = self.action
        if self.kind == DUE_SOON:
            return f"due on {action.due_on:%-d %B %Y}"
        if self.kind == OVERDUE:
            return f"overdue: it was due on {action.due_on:%-d %B %Y}"
        return "returned by the learning group: see why on its page, then update it"


def _occasions(action: Action, today: date) -> list[Occasion]:
    found = []
    if action.status in WORKING and today < action.due_on <= today + timedelta(days=remind_days_before()):
        found.append(Occasion(action, DUE_SOON, f"{DUE_SOON}:{action.due_on}"))
    if action.status in WORKING and action.due_on < today:
        found.append(Occasion(action, OVERDUE, f"{OVERDUE}:{action.due_on}"))
    if action.status == S.IN_PROGRESS and action.returns:
        found.append(Occasion(action, RETURNED, f"{RETURNED}:{action.returns}"))
    return found


def _leads_of(organisation_ids) -> dict:
    leads = defaultdict(list)
    for membership in OrganisationMembership.objects.filter(
        organisation_id__in=set(organisation_ids),
        role=OrganisationMembership.Role.LEAD,
        user__is_active=True,
    ).select_related("user"):
        leads[membership.organisation_id].append(membership.user)
    return leads


def reminders_due(*, today: date) -> dict:
    """{person: [Occasion, …]}: what each person should now be told and has not been."""
    soon = today + timedelta(days=remind_days_before())
    actions = list(
        Action.objects.filter(plan__status=ActionPlan.Status.OPEN)
        .filter(
            Q(status__in=WORKING, due_on__lte=soon) | Q(status=S.IN_PROGRESS, returns__gt=0),
        )
        .select_related("plan__partnership", "owner_organisation", "owner_person")
        .order_by("due_on", "plan__title", "number")
    )
    sent = set(
        ActionReminder.objects.filter(action__in=[a.pk for a in actions]).values_list(
            "action_id", "user_id", "key"
        )
    )

    def named(action):
        return (
            action.owner_person if action.owner_person is not None and action.owner_person.is_active else None
        )

    leads = _leads_of(action.owner_organisation_id for action in actions if named(action) is None)
    due: dict = {}
    for action in actions:
        owner = named(action)
        people = [owner] if owner is not None else leads.get(action.owner_organisation_id, [])
        for occasion in _occasions(action, today):
            for person in people:
                if (action.pk, person.pk, occasion.key) not in sent:
                    due.setdefault(person, []).append(occasion)
    return due


def _digest(person, occasions: list[Occasion], today: date) -> None:
    actions = list(dict.fromkeys(occasion.action for occasion in occasions))
    partnership = actions[0].plan.partnership
    ReminderDigest.objects.create(user=person, sent_on=today, actions=len(actions))
    ActionReminder.objects.bulk_create(
        [ActionReminder(action=o.action, user=person, key=o.key, sent_on=today) for o in occasions]
    )
    n = len(actions)
    subject = f"{n} action{'s' if n != 1 else ''} need{'s' if n == 1 else ''} your attention"
    rows = [
        {
            "action": occasion.action,
            "text": occasion.text,
            "url": reverse(
                "action_detail",
                kwargs={"slug": occasion.action.plan.partnership.slug, "action_id": occasion.action.pk},
            ),
        }
        for occasion in occasions
    ]
    notice_create(
        user=person,
        partnership=partnership,
        title=subject,
        body="; ".join(
            f"{row['action'].plan.title}, action {row['action'].number}: {row['text']}" for row in rows
        ),
        url=rows[0]["url"] if n == 1 else reverse("our_actions", kwargs={"slug": partnership.slug}),
    )
    send_email_on_commit(
        to=person.email,
        subject=f"Sightline: {subject}",
        template="improvement/email/digest.txt",
        context={"person": person, "rows": rows, "partnership": partnership},
    )
    audit.record(
        verb="action_reminders.sent",
        target=person,
        partnership=partnership,
        changes={"on": today.isoformat(), "actions": n, "occasions": sorted({o.kind for o in occasions})},
    )


def reminders_send(*, today: date) -> dict:
    """The hourly job: one digest to each person with something new to hear about and no digest yet today.
    Returns counts: people emailed, and people held over to tomorrow because they had today's email."""
    due = reminders_due(today=today)
    counts = {"sent": 0, "held": 0}
    for person, occasions in due.items():
        try:
            with transaction.atomic():
                _digest(person, occasions, today)
        except IntegrityError:  # this person has had today's digest (from an earlier run, or one running now)
            counts["held"] += 1
            continue
        counts["sent"] += 1
    return counts
