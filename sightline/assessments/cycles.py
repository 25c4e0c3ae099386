"""The self-assessment cycle's lifecycle: draft → open → closed → composite issued → progress round → archived.
Each transition is one service that checks who may make it and what must be true, records it, and refuses
anything else with a message that says what to do."""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from sightline import policy
from sightline.audit import services as audit
from sightline.core.errors import TransitionError
from sightline.notifications.services import notice_create
from sightline.partnerships.models import Organisation, OrganisationMembership

from . import daily_email, sharing
from .carry_forward import answers_carry_forward
from .models import Cycle, SharedReturn, Submission, Template

Status = Cycle.Status

TRANSITIONS = {
    Status.DRAFT: {Status.OPEN},
    Status.OPEN: {Status.CLOSED},
    Status.CLOSED: {Status.COMPOSITE_ISSUED},
    Status.COMPOSITE_ISSUED: {Status.PROGRESS_ROUND},
    Status.PROGRESS_ROUND: {Status.ARCHIVED},
    Status.ARCHIVED: set(),
}
DEFAULT_REMINDER_DAYS = [10, 5, 1]


def months_after(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day where it has fewer days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _require_business_team(by, cycle_or_partnership) -> None:
    partnership = getattr(cycle_or_partnership, "partnership", cycle_or_partnership)
    if by is not None and not policy.is_business_team(by, partnership):
        raise TransitionError("Only the partnership's business team can do this")


def _move(cycle: Cycle, to: str, *, by) -> None:
    if to not in TRANSITIONS[cycle.status]:
        raise TransitionError(
            f"A cycle that is {cycle.get_status_display().lower()} cannot become {Status(to).label.lower()}"
        )
    before = cycle.status
    cycle.status = to
    audit.record(
        actor=by,
        verb=f"cycle.{to}",
        target=cycle,
        partnership=cycle.partnership,
        changes={"status": {"before": before, "after": to}},
    )


@transaction.atomic
def cycle_create(
    *,
    by,
    partnership,
    template: Template,
    title: str,
    opens_on: date,
    closes_on: date,
    audience_types: list[str],
    audience_organisations: list[Organisation] | None = None,
    reports_to_board: bool = True,
    reports_to_sab: bool = False,
    progress_due_on: date | None = None,
    reminder_days: list[int] | None = None,
    remind_weekly_when_overdue: bool = True,
    sign_off_by: list[str] | None = None,
) -> Cycle:
    """Prepare a cycle from a template version. Nobody hears of it until it is opened."""
    _require_business_team(by, partnership)
    if closes_on <= opens_on:
        raise TransitionError("The closing date must be after the opening date")
    if not (reports_to_board or reports_to_sab):
        raise TransitionError("Choose at least one board the cycle reports to")
    audience_types = list(dict.fromkeys(audience_types))
    named = list({org.pk: org for org in audience_organisations or []}.values())
    if not audience_types and not named:
        raise TransitionError(
            "Choose at least one type of organisation, or name the organisations, to take part"
        )
    outside = [kind for kind in audience_types if kind not in template.audience]
    if outside:
        labels = ", ".join(Organisation.Type(kind).label for kind in outside)
        raise TransitionError(
            f"This template is not written for: {labels}. Choose another template or fewer types"
        )
    _check_named(partnership, template, named)
    progress_due_on = progress_due_on or months_after(closes_on, 6)
    if progress_due_on <= closes_on:
        raise TransitionError("The progress round must fall after the closing date")
    days = sorted(
        {int(day) for day in (reminder_days if reminder_days is not None else DEFAULT_REMINDER_DAYS)},
        reverse=True,
    )
    if any(day < 1 or day > 60 for day in days):
        raise TransitionError("Reminder days must be between 1 and 60 working days before closing")
    cycle = Cycle.objects.create(
        partnership=partnership,
        template=template,
        title=title.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        progress_due_on=progress_due_on,
        audience_types=audience_types,
        reports_to_board=reports_to_board,
        reports_to_sab=reports_to_sab,
        reminder_days=days,
        remind_weekly_when_overdue=remind_weekly_when_overdue,
        sign_off_by=[office.strip() for office in (sign_off_by or []) if office.strip()],
        created_by=by,
    )
    cycle.audience_organisations.set(named)
    audit.record(
        actor=by,
        verb="cycle.created",
        target=cycle,
        partnership=partnership,
        changes={
            "template": str(template),
            "opens_on": opens_on,
            "closes_on": closes_on,
            "audience": audience_types,
            "named_organisations": sorted(org.name for org in named),
        },
    )
    return cycle


def _check_named(partnership, template: Template, named: list[Organisation]) -> None:
    """A named organisation must be in this partnership's register, open, and of a type the template is for."""
    registered = set(
        Organisation.objects.filter(
            pk__in=[org.pk for org in named], affiliations__partnership=partnership
        ).values_list("pk", flat=True)
    )
    for org in named:
        if org.pk not in registered:
            raise TransitionError(f"{org.name} is not in this partnership's register")
        if org.status != Organisation.Status.OPEN:
            raise TransitionError(f"{org.name} is closed in the register, so it cannot take part")
        if org.type not in template.audience:
            raise TransitionError(
                f"This template is not written for {org.get_type_display().lower()}s such as {org.name}"
            )


def audience_of(cycle: Cycle):
    """Every open organisation of the cycle's types in the register, and every one named for it."""
    return Organisation.objects.filter(
        Q(type__in=cycle.audience_types) | Q(pk__in=cycle.audience_organisations.values("pk")),
        affiliations__partnership=cycle.partnership,
        status=Organisation.Status.OPEN,
    )


@transaction.atomic
def cycle_open(*, by, cycle: Cycle) -> list[Organisation]:
    """Launch the cycle: every organisation in the audience gets a return to complete, and its safeguarding
    lead is told. Returns the organisations that have no lead account, for the business team to fix."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    _require_business_team(by, cycle)
    _move(cycle, Status.OPEN, by=by)
    cycle.opened_at = timezone.now()
    cycle.save(update_fields=["status", "opened_at"])
    organisations = list(audience_of(cycle).order_by("name"))
    shared = sharing.returns_to_share(cycle=cycle, organisations=organisations)
    Submission.objects.bulk_create(
        [
            Submission(cycle=cycle, organisation=org, due_on=cycle.closes_on)
            for org in organisations
            if org.pk not in shared
        ],
        ignore_conflicts=True,
    )
    SharedReturn.objects.bulk_create([SharedReturn(cycle=cycle, submission=s) for s in shared.values()])
    for submission in shared.values():
        audit.record(
            actor=by,
            verb="submission.shared",
            target=submission,
            partnership=cycle.partnership,
            changes={
                "organisation": submission.organisation.name,
                "answered_for": f"{submission.cycle.partnership.name}: {submission.cycle.title}",
                "counted_in": cycle.title,
            },
        )
    answers_carry_forward(cycle=cycle)
    leads = OrganisationMembership.objects.filter(
        organisation__in=organisations, role=OrganisationMembership.Role.LEAD, user__is_active=True
    ).select_related("user", "organisation")
    people = defaultdict(list)
    for membership in leads:
        people[membership.organisation].append(membership.user)
    returns = {s.organisation_id: s for s in cycle.submissions.all()}
    for organisation, persons in people.items():
        answered = shared.get(organisation.pk)
        home = answered.cycle if answered else cycle
        submission = answered or returns[organisation.pk]
        url = reverse(
            "return_overview", kwargs={"slug": home.partnership.slug, "submission_id": submission.pk}
        )
        if answered:
            body = (
                f"You answer it once: your return to {home.partnership.name} ({home.title}) counts for both "
                f"partnerships. Submit it by {answered.due_on:%-d %B %Y}."
            )
        else:
            body = f"Complete and submit it by {cycle.closes_on:%-d %B %Y}."
        for person in persons:
            notice_create(
                user=person,
                partnership=cycle.partnership,
                url=url,
                title=f"{cycle.title} is open for {organisation.name}",
                body=body,
            )
        daily_email.email_leads(
            submission=submission,
            people=persons,
            subject=f"{cycle.title} is open",
            template="assessments/email/cycle_opened.txt",
            context={"cycle": cycle, "organisation": organisation, "answered": answered},
            kind="launch",
        )
    led = {organisation.pk for organisation in people}
    return [org for org in organisations if org.pk not in led]


@transaction.atomic
def cycle_close(*, by, cycle: Cycle) -> Cycle:
    """Close the window: returns lock where they stand. Nothing typed is deleted; organisations with an
    extension can still submit until their own date."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    _require_business_team(by, cycle)
    _move(cycle, Status.CLOSED, by=by)
    cycle.closed_at = timezone.now()
    cycle.save(update_fields=["status", "closed_at"])
    return cycle


@transaction.atomic
def submission_extend(*, by, submission: Submission, due_on: date, reason: str) -> Submission:
    """Give one organisation a later deadline, with the reason on record."""
    submission = (
        Submission.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=submission.pk)
    )
    _require_business_team(by, submission.cycle)
    if not reason.strip():
        raise TransitionError("Enter the reason for the extension")
    if due_on <= submission.cycle.closes_on:
        raise TransitionError("An extension must end after the cycle's closing date")
    if submission.status in (Submission.Status.SUBMITTED, Submission.Status.ACCEPTED):
        raise TransitionError("This return has already been submitted")
    before = submission.due_on
    submission.due_on, submission.extension_reason = due_on, reason.strip()
    submission.save(update_fields=["due_on", "extension_reason"])
    audit.record(
        actor=by,
        verb="submission.extended",
        target=submission,
        partnership=submission.cycle.partnership,
        changes={"due_on": {"before": before, "after": due_on}, "reason": reason.strip()},
    )
    return submission
