"""Reminders to organisations whose return is not in yet: on the cycle's schedule (N working days before the
return's due date, then weekly while it is overdue) and when the business team chases them.

Each reminder is an in-app notice and one email to each of the organisation's safeguarding leads. A return gets
at most one reminder email a day: a ReminderSent row (unique per return per day) is written in the same
savepoint as the emails, so a job that runs twice, or a chase on the day of a scheduled reminder, sends once.
Where several scheduled reminders fall due together, one email mentions them all (a digest).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone

from sightline import policy
from sightline.audit import services as audit
from sightline.core.errors import TransitionError
from sightline.core.working_days import (
    add_working_days,
    is_working_day,
    working_days_before,
    working_days_between,
)
from sightline.notifications.services import notice_create, send_email_on_commit
from sightline.partnerships.models import OrganisationMembership

from . import daily_email
from .models import Cycle, ReminderSent, Submission
from .selectors import SUBMITTED_STATES

# A scheduled reminder missed because the job did not run (a worker down for a day) still goes out on the next
# run within this many working days; older ones lapse rather than arrive late and out of order.
CATCH_UP_WORKING_DAYS = 2
BEFORE_DUE = "before_due"
OVERDUE = "overdue"
CHASE = "chase"
KIND_MAX_LENGTH = ReminderSent._meta.get_field("kind").max_length
SENT, ALREADY_TODAY, NO_LEAD = "sent", "already_today", "no_lead"


@dataclass
class DueReminder:
    """One return's reminders falling due on one day: [(scheduled date, kind), …] in date order."""

    submission: Submission
    scheduled: list[tuple[date, str]]

    @property
    def kinds(self) -> list[str]:
        return [kind for _, kind in self.scheduled]


@dataclass
class ChaseResult:
    """What a chase did with each return it was given."""

    sent: list[Submission] = field(default_factory=list)
    already_today: list[Submission] = field(default_factory=list)
    no_lead: list[Submission] = field(default_factory=list)
    locked: list[Submission] = field(default_factory=list)
    submitted: list[Submission] = field(default_factory=list)


def still_expected(*, today: date) -> Q:
    """Returns the organisation can still submit, so a reminder makes sense: not yet in, and either the cycle
    is open, or it is closed and this return was handed back with challenge or has an extension still running.
    (The same window as answering; a closed cycle's return past its deadline is locked.)"""
    extension_running = Q(due_on__gt=F("cycle__closes_on"), due_on__gte=today)
    closed_but_open_to_them = Q(cycle__status=Cycle.Status.CLOSED) & (
        Q(status=Submission.Status.RETURNED) | extension_running
    )
    return ~Q(status__in=SUBMITTED_STATES) & (Q(cycle__status=Cycle.Status.OPEN) | closed_but_open_to_them)


def _schedule(submission: Submission, *, since: date, today: date) -> list[tuple[date, str]]:
    """The scheduled reminders of this return dated from `since` to `today` inclusive. Reminders before the due
    date land on working days by construction; weekly overdue ones that fall on a weekend or bank holiday move
    to the next working day."""
    cycle, due_on = submission.cycle, submission.due_on
    scheduled = [
        (working_days_before(due_on, int(n)), f"{BEFORE_DUE}:{int(n)}")
        for n in sorted({int(n) for n in cycle.reminder_days}, reverse=True)
    ]
    if cycle.remind_weekly_when_overdue and today > due_on:
        # A moved date lands at most a few days later, so the weeks just before `since` are enough to look at.
        first_week = max(1, (since - due_on).days // 7 - 1)
        for week in range(first_week, (today - due_on).days // 7 + 1):
            scheduled.append((add_working_days(due_on + timedelta(weeks=week), 0), OVERDUE))
    return sorted((day, kind) for day, kind in scheduled if since <= day <= today)


def reminders_due(*, today: date) -> list[DueReminder]:
    """Every return with a scheduled reminder falling due on `today`, or missed on one of the last
    CATCH_UP_WORKING_DAYS working days and not covered by a reminder (scheduled or chased) sent since. Nothing is
    due on a weekend or bank holiday, nor on or before the day a cycle was launched: the launch was that day's
    email."""
    if not is_working_day(today):
        return []
    window_start = working_days_before(today, CATCH_UP_WORKING_DAYS)
    returns = (
        Submission.objects.filter(still_expected(today=today))
        .select_related("cycle", "cycle__partnership", "organisation")
        .annotate(last_reminded_on=Max("reminders__sent_on"))
        .order_by("cycle_id", "organisation__name")
    )
    due = []
    for submission in returns:
        since = window_start
        if submission.last_reminded_on is not None:
            since = max(since, submission.last_reminded_on + timedelta(days=1))
        if submission.cycle.opened_at is not None:
            since = max(since, timezone.localdate(submission.cycle.opened_at) + timedelta(days=1))
        scheduled = _schedule(submission, since=since, today=today)
        if scheduled:
            due.append(DueReminder(submission=submission, scheduled=scheduled))
    return due


def _leads_of(organisation_ids) -> dict:
    leads = defaultdict(list)
    for membership in (
        OrganisationMembership.objects.filter(
            organisation_id__in=set(organisation_ids),
            role=OrganisationMembership.Role.LEAD,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__email")
    ):
        leads[membership.organisation_id].append(membership.user)
    return leads


def _describe(scheduled_day: date, kind: str) -> str:
    if kind.startswith(BEFORE_DUE):
        n = int(kind.split(":")[1])
        return f"{n} working day{'s' if n != 1 else ''} before the deadline ({scheduled_day:%-d %B %Y})"
    if kind == OVERDUE:
        return f"the weekly reminder while overdue ({scheduled_day:%-d %B %Y})"
    return "sent now at the business team's request"


def _remind(submission: Submission, *, scheduled: list[tuple[date, str]], leads: list, today: date) -> str:
    """Send one return's reminder to its leads, once a day at most. Returns SENT, ALREADY_TODAY or NO_LEAD."""
    if not leads:
        return NO_LEAD
    cycle, organisation, due_on = submission.cycle, submission.organisation, submission.due_on
    kinds = [kind for _, kind in scheduled]
    returned = submission.status == Submission.Status.RETURNED
    overdue = today > due_on
    if returned:
        subject = f"Reminder: respond to the challenge on {cycle.title} for {organisation.name}"
    elif overdue:
        subject = f"Overdue: {cycle.title} for {organisation.name}"
    else:
        subject = f"Reminder: {cycle.title} for {organisation.name} is due on {due_on:%-d %B %Y}"
    context = {
        "cycle": cycle,
        "organisation": organisation,
        "submission": submission,
        "due_on": due_on,
        "due_today": due_on == today,
        "days_left": working_days_between(today, due_on),
        "overdue": overdue,
        "returned": returned,
        "chased": CHASE in kinds,
        "reminders": [_describe(day, kind) for day, kind in scheduled],
    }
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                submission=submission, kind="+".join(kinds)[:KIND_MAX_LENGTH], sent_on=today
            )
            held = daily_email.held_for(submission, today=today)
            for person in leads:
                notice_create(
                    user=person,
                    partnership=cycle.partnership,
                    url=reverse(
                        "return_overview",
                        kwargs={"slug": cycle.partnership.slug, "submission_id": submission.pk},
                    ),
                    title=subject,
                    body=f"Submit it by {due_on:%-d %B %Y}."
                    if not overdue
                    else f"It was due on {due_on:%-d %B %Y}.",
                )
                send_email_on_commit(
                    to=person.email,
                    subject=subject,
                    template="assessments/email/reminder.txt",
                    context={**context, "person": person, "held": held.get(person.email, [])},
                )
                daily_email.mark_sent(held.get(person.email, []))
    except IntegrityError:  # this return has had its email today, from another run or a chase
        return ALREADY_TODAY
    return SENT


def reminders_send(*, today: date) -> dict:
    """Send every reminder falling due today. Each cycle's reminders commit with one `reminders.sent` audit
    event giving the count; a cycle with nothing sent records nothing, so the hourly job leaves no noise.
    Returns counts: returns reminded, emails written, returns already emailed today, returns with no lead."""
    due = reminders_due(today=today)
    leads = _leads_of(item.submission.organisation_id for item in due)
    by_cycle = defaultdict(list)
    for item in due:
        by_cycle[item.submission.cycle_id].append(item)
    totals = {SENT: 0, "emails": 0, ALREADY_TODAY: 0, NO_LEAD: 0}
    for items in by_cycle.values():
        cycle = items[0].submission.cycle
        with transaction.atomic():
            counts = {SENT: 0, "emails": 0, ALREADY_TODAY: 0, NO_LEAD: 0}
            kinds = defaultdict(int)
            for item in items:
                people = leads.get(item.submission.organisation_id, [])
                outcome = _remind(item.submission, scheduled=item.scheduled, leads=people, today=today)
                counts[outcome] += 1
                if outcome == SENT:
                    counts["emails"] += len(people)
                    for kind in item.kinds:
                        kinds[kind] += 1
            if counts[SENT]:
                audit.record(
                    verb="reminders.sent",
                    target=cycle,
                    partnership=cycle.partnership,
                    changes={
                        "on": today.isoformat(),
                        "count": counts[SENT],
                        "emails": counts["emails"],
                        "kinds": dict(kinds),
                    },
                )
        for key, value in counts.items():
            totals[key] += value
    return totals


@transaction.atomic
def submissions_chase(*, by, cycle: Cycle, submissions) -> ChaseResult:
    """The business team's "remind them now": a reminder to the leads of each given return that is not in yet,
    unless it has already had a reminder email today (the one-a-day rule), in which case the result says so."""
    if by is None or not policy.is_business_team(by, cycle.partnership):
        raise TransitionError("Only the partnership's business team can send reminders")
    if cycle.status not in (Cycle.Status.OPEN, Cycle.Status.CLOSED):
        raise TransitionError("Reminders can be sent only while the cycle is open or just closed")
    today = timezone.localdate()
    chosen = (
        Submission.objects.filter(cycle=cycle, pk__in=[submission.pk for submission in submissions])
        .select_related("cycle", "cycle__partnership", "organisation")
        .order_by("organisation__name")
    )
    expected = set(chosen.filter(still_expected(today=today)).values_list("pk", flat=True))
    chosen = list(chosen)
    leads = _leads_of(submission.organisation_id for submission in chosen)
    result = ChaseResult()
    for submission in chosen:
        if submission.status in SUBMITTED_STATES:
            result.submitted.append(submission)
            continue
        if submission.pk not in expected:
            result.locked.append(submission)
            continue
        people = leads.get(submission.organisation_id, [])
        outcome = _remind(submission, scheduled=[(today, CHASE)], leads=people, today=today)
        {SENT: result.sent, ALREADY_TODAY: result.already_today, NO_LEAD: result.no_lead}[outcome].append(
            submission
        )
        if outcome == SENT:
            audit.record(
                actor=by,
                verb="submission.chased",
                target=submission,
                partnership=cycle.partnership,
                changes={"leads_emailed": len(people)},
            )
    return result
