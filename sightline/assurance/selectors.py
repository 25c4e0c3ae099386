"""Reads of assurance activities, always scoped to the person asking: the partnership-wide roles other than the ISO
see every activity of their partnership, an ISO the activities they are assigned to, an agency's safeguarding lead
the call-ins of their agency, and a participant or panel member the activities they take part in (the same rule as
`assurance.view_activity` in sightline/policy/)."""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from sightline import policy
from sightline.partnerships.models import OrganisationMembership, PartnershipMembership

from .endorsements import current_request
from .lifecycle import WITHDRAWN, Step, actors_label, lifecycle_of, may_act, state_label
from .models import Activity, ActivityTransition, CandidateAnswer, Participant, Unavailability
from .models_endorsements import EndorsementParty, EndorsementRequest


def activities_visible_to(*, user, partnership=None) -> QuerySet[Activity]:
    if not getattr(user, "is_authenticated", False):
        return Activity.objects.none()
    from sightline.casework.models import PanelMember

    whole = [pk for pk, roles in policy.partnership_roles(user).items() if roles & policy.ACTIVITY_WIDE_ROLES]
    iso_in = [pk for pk, roles in policy.partnership_roles(user).items() if policy.Role.ISO in roles]
    led = [
        pk
        for pk, roles in policy.organisation_roles(user).items()
        if OrganisationMembership.Role.LEAD in roles
    ]
    qs = Activity.objects.filter(
        Q(partnership_id__in=whole)
        | Q(iso=user, partnership_id__in=iso_in)
        | Q(kind=Activity.Kind.CALL_IN, organisation_id__in=led)
        | Q(pk__in=Participant.objects.filter(user=user).values("activity_id"))
        | Q(pk__in=PanelMember.objects.filter(user=user).values("activity_id"))
    )
    if partnership is not None:
        qs = qs.filter(partnership=partnership)
    return qs


def activity_for(*, user, partnership, activity_id) -> Activity | None:
    return (
        activities_visible_to(user=user, partnership=partnership)
        .select_related("partnership", "organisation", "iso", "action_plan", "call_in", "peer_review")
        .filter(pk=activity_id)
        .first()
    )


def activity_list(*, user, partnership, kind: str = "", status: str = "", year: int | None = None):
    qs = (
        activities_visible_to(user=user, partnership=partnership)
        .select_related("organisation", "iso")
        .annotate(year=ExtractYear(Coalesce("starts_at", "created_at")))
    )
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-created_at", "pk")


def activity_years(*, user, partnership) -> list[int]:
    return sorted(
        set(
            activities_visible_to(user=user, partnership=partnership)
            .annotate(year=ExtractYear(Coalesce("starts_at", "created_at")))
            .values_list("year", flat=True)
        ),
        reverse=True,
    )


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def calendar_month(*, user, partnership, year: int, month: int) -> list[tuple[date, list[Activity]]]:
    """The month's activities with fixed dates, by day (Europe/London)."""
    first = date(year, month, 1)
    last = date(year, month, month_calendar.monthrange(year, month)[1])
    activities = (
        activities_visible_to(user=user, partnership=partnership)
        .filter(
            starts_at__gte=_local_midnight(first), starts_at__lt=_local_midnight(last + timedelta(days=1))
        )
        .order_by("starts_at", "pk")
    )
    days: dict[date, list[Activity]] = {}
    for activity in activities:
        days.setdefault(timezone.localtime(activity.starts_at).date(), []).append(activity)
    return sorted(days.items())


def feed_activities(*, user) -> QuerySet[Activity]:
    """Everything with fixed dates this person may see, in every partnership they belong to."""
    return (
        activities_visible_to(user=user)
        .filter(starts_at__isnull=False, ends_at__isnull=False)
        .select_related("partnership")
        .prefetch_related("programme")
        .order_by("starts_at")
    )


def activity_requests(*, activity: Activity) -> list[EndorsementRequest]:
    parties = EndorsementParty.objects.select_related("user")
    return list(
        activity.endorsement_requests.prefetch_related(Prefetch("parties", queryset=parties)).order_by(
            "subject", "-version"
        )
    )


def request_for(*, activity: Activity, request_id) -> EndorsementRequest | None:
    return (
        activity.endorsement_requests.select_related("requested_by", "partnership", "activity")
        .prefetch_related(Prefetch("parties", queryset=EndorsementParty.objects.select_related("user")))
        .filter(pk=request_id)
        .first()
    )


@dataclass
class Task:
    step: Step
    status: str  # done, next, later
    done_by: object = None
    done_at: datetime | None = None
    note: str = ""
    waiting_for: str = ""
    blocked: str = ""
    may_act: bool = False

    @property
    def who(self) -> str:
        return actors_label(self.step.by)


def activity_tasks(*, activity: Activity, user) -> tuple[list[Task], ActivityTransition | None]:
    """The lifecycle as a task list: each step done (who, when, the note), the next one (who must act, what
    stands in the way), the rest to come. Also the withdrawal, if it was withdrawn."""
    lifecycle = lifecycle_of(activity)
    log = {}
    for transition in ActivityTransition.objects.filter(activity=activity).select_related("by"):
        log[transition.to_state] = transition
    withdrawn = log.get(WITHDRAWN) if activity.status == WITHDRAWN else None
    reached = lifecycle.index(withdrawn.from_state) if withdrawn else lifecycle.index(activity.status)
    tasks = []
    for i, step in enumerate(lifecycle.steps):
        entry = log.get(step.state)
        if i <= reached:
            tasks.append(
                Task(
                    step,
                    "done",
                    entry.by if entry else None,
                    entry.at if entry else None,
                    entry.note if entry else "",
                )
            )
        elif i == reached + 1 and withdrawn is None:
            task = Task(step, "next")
            if step.agreed_by:
                request = current_request(activity, step.agreed_by)
                if request is not None and request.outcome == EndorsementRequest.Outcome.PENDING:
                    task.waiting_for = ", ".join(
                        f"{p.user} ({p.get_signs_for_display()})"
                        for p in request.parties.all()
                        if p.decision == "pending"
                    )
            task.blocked = step.guard(activity, "x" if step.note_hint else "") if step.guard else ""
            task.may_act = may_act(user, activity, step.by)
            tasks.append(task)
        else:
            tasks.append(Task(step, "later"))
    return tasks, withdrawn


def status_label(activity: Activity) -> str:
    return state_label(activity.kind, activity.status)


def isos_of(*, partnership):
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            partnership_roles__partnership=partnership,
            partnership_roles__role=policy.Role.ISO,
            is_active=True,
        )
        .order_by("full_name")
    )


def unavailability_of(*, user):
    return user.unavailability.filter(ends_on__gte=timezone.localdate() - timedelta(days=30)).order_by(
        "starts_on"
    )


def key_people(activity: Activity) -> list[tuple[object, str]]:
    """Whose availability matters when the dates are fixed: the ISO assigned and the delegated partners."""
    people = []
    if activity.iso_id:
        people.append((activity.iso, "the ISO assigned"))
    memberships = PartnershipMembership.objects.filter(
        partnership_id=activity.partnership_id,
        role__in=PartnershipMembership.PARTNER_ROLES,
        user__is_active=True,
    ).select_related("user")
    for membership in memberships:
        people.append((membership.user, membership.get_role_display().lower()))
    return people


def date_warnings(activity: Activity, starts_at: datetime, ends_at: datetime) -> list[str]:
    """Who among the key people cannot come: they are away then, or said the date does not suit them."""
    people = key_people(activity)
    ids = [person.pk for person, _ in people]
    first, last = timezone.localtime(starts_at).date(), timezone.localtime(ends_at).date()
    away = {
        period.user_id: period
        for period in Unavailability.objects.filter(user_id__in=ids, starts_on__lte=last, ends_on__gte=first)
    }
    declined = set(
        CandidateAnswer.objects.filter(
            candidate__activity=activity,
            candidate__starts_at__lt=ends_at,
            candidate__ends_at__gt=starts_at,
            suits=False,
            user_id__in=ids,
        ).values_list("user_id", flat=True)
    )
    warnings = []
    for person, role in people:
        if person.pk in away:
            period = away[person.pk]
            warnings.append(
                f"{person} ({role}) is unavailable from {period.starts_on:%-d %B %Y} to {period.ends_on:%-d %B %Y}"
            )
        elif person.pk in declined:
            warnings.append(f"{person} ({role}) said this date does not suit them")
    return warnings


def people_of(partnership):
    """Everyone with an account in the partnership, or in one of its organisations, for choosing participants."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            Q(partnership_roles__partnership=partnership)
            | Q(organisation_roles__organisation__affiliations__partnership=partnership),
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )
