"""The records each figure of the yearly report counts, and how its evidence page names each one: one function that
returns the records (a queryset over the partnership's records in the period) and one that names a record (`Row`).
`figures.py` pairs them into the catalogue of figures."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.urls import reverse

from sightline.assessments.models import Cycle, Submission
from sightline.assurance.models import Activity, ActivityTransition
from sightline.casework.models import CaseAudit
from sightline.improvement.lifecycle import DONE
from sightline.improvement.models import Action, ActionPlan, LearningBriefing, Review
from sightline.partnerships.models import Organisation, Priority
from sightline.scrutiny.models import Dispute, IsoRecommendation, IsoReport, RecommendationResponse

from ..models import Meeting, Presentation
from .periods import Period


@dataclass(frozen=True)
class Row:
    text: str
    url: str | None


def held(partnership, period: Period, kinds=None) -> QuerySet[Activity]:
    held = ActivityTransition.objects.filter(
        to_state="held", at__gte=period.starts_at, at__lt=period.ends_before
    ).values("activity_id")
    qs = Activity.objects.filter(partnership=partnership, pk__in=held)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return qs.order_by("title", "pk")


def activity_row(activity, slug, period=None) -> Row:
    return Row(
        f"{activity.title} ({activity.get_kind_display().lower()})",
        reverse("activity_detail", kwargs={"slug": slug, "activity_id": activity.pk}),
    )


def within(field: str, period: Period, *, dates: bool = False) -> Q:
    if dates:
        return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})
    return Q(**{f"{field}__gte": period.starts_at, f"{field}__lt": period.ends_before})


def case_audits(partnership, period):
    return (
        CaseAudit.objects.filter(case__activity__partnership=partnership, status=CaseAudit.Status.SUBMITTED)
        .filter(within("submitted_at", period))
        .select_related("organisation", "case__activity")
        .order_by("case__activity__title", "organisation__name", "pk")
    )


def case_audit_row(audit, slug, period=None) -> Row:
    return Row(
        f"{audit.organisation.name}, for {audit.case.activity.title}",
        reverse("activity_detail", kwargs={"slug": slug, "activity_id": audit.case.activity_id}),
    )


REPORTED_CYCLE_STATES = (Cycle.Status.COMPOSITE_ISSUED, Cycle.Status.PROGRESS_ROUND, Cycle.Status.ARCHIVED)


def cycles(partnership, period):
    return (
        Cycle.objects.filter(partnership=partnership, status__in=REPORTED_CYCLE_STATES)
        .filter(within("closes_on", period, dates=True))
        .order_by("closes_on", "title")
    )


def cycle_row(cycle, slug, period=None) -> Row:
    return Row(str(cycle.title), reverse("cycle_composite", kwargs={"slug": slug, "cycle_id": cycle.pk}))


def returns(partnership, period):
    return (
        Submission.objects.filter(cycle__partnership=partnership, submitted_at__isnull=False)
        .filter(within("submitted_at", period))
        .select_related("organisation", "cycle")
        .order_by("cycle__title", "organisation__name", "pk")
    )


def return_row(submission, slug, period=None) -> Row:
    return Row(f"{submission.organisation.name}, {submission.cycle.title}", None)


def plans(partnership, period):
    return (
        ActionPlan.objects.filter(partnership=partnership)
        .filter(within("created_at", period))
        .order_by("title", "pk")
    )


def plan_row(plan, slug, period=None) -> Row:
    return Row(plan.title, reverse("plan_detail", kwargs={"slug": slug, "plan_id": plan.pk}))


def actions_verified(partnership, period, *, sources=None):
    qs = Action.objects.filter(plan__partnership=partnership, status__in=DONE).filter(
        within("verified_at", period)
    )
    if sources:
        qs = qs.filter(plan__source_kind__in=sources)
    return qs.select_related("plan", "owner_organisation").order_by("plan__title", "number")


def actions_overdue(partnership, period):
    """Open at the end of the period and due before it ended, as the actions stand now."""
    return (
        Action.objects.filter(
            plan__partnership=partnership, due_on__lt=period.end, created_at__lt=period.ends_before
        )
        .exclude(status__in=(*DONE, Action.Status.CANCELLED, Action.Status.DEFERRED))
        .select_related("plan", "owner_organisation")
        .order_by("due_on", "plan__title", "number")
    )


def action_row(action, slug, period=None) -> Row:
    owner = f", {action.owner_organisation.name}" if action.owner_organisation_id else ""
    return Row(
        f"{action.plan.title}: action {action.number}{owner}",
        reverse("action_detail", kwargs={"slug": slug, "action_id": action.pk}),
    )


def reviews(partnership, period, field):
    return (
        Review.objects.filter(partnership=partnership)
        .filter(within(field, period, dates=True))
        .order_by(field, "reference")
    )


def review_row(review, slug, period=None) -> Row:
    return Row(review.reference, reverse("review_detail", kwargs={"slug": slug, "review_id": review.pk}))


def briefings(partnership, period):
    return (
        LearningBriefing.objects.filter(partnership=partnership, status=LearningBriefing.Status.APPROVED)
        .filter(within("approved_at", period))
        .order_by("title", "pk")
    )


def briefing_row(briefing, slug, period=None) -> Row:
    return Row(briefing.title, reverse("briefing_detail", kwargs={"slug": slug, "briefing_id": briefing.pk}))


def iso_reports(partnership, period):
    return (
        IsoReport.objects.filter(partnership=partnership, status=IsoReport.Status.ISSUED)
        .filter(within("issued_at", period))
        .order_by("title", "pk")
    )


def iso_report_row(report, slug, period=None) -> Row:
    return Row(report.title, reverse("iso_report_detail", kwargs={"slug": slug, "report_id": report.pk}))


def recommendations(partnership, period):
    return (
        IsoRecommendation.objects.filter(report__in=iso_reports(partnership, period))
        .select_related("report")
        .order_by("report__title", "number")
    )


def recommendation_row(recommendation, slug, period=None) -> Row:
    return Row(
        f"{recommendation.report.title}: recommendation {recommendation.number}",
        reverse("iso_report_detail", kwargs={"slug": slug, "report_id": recommendation.report_id}),
    )


def responses(partnership, period, answers):
    return (
        RecommendationResponse.objects.filter(
            recommendation__report__in=iso_reports(partnership, period), answer__in=answers
        )
        .select_related("recommendation__report", "organisation")
        .order_by("recommendation__report__title", "recommendation__number", "organisation__name")
    )


def response_row(response, slug, period=None) -> Row:
    recommendation = response.recommendation
    return Row(
        f"{recommendation.report.title}: recommendation {recommendation.number}, {response.organisation.name}",
        reverse("iso_report_detail", kwargs={"slug": slug, "report_id": recommendation.report_id}),
    )


def disputes(partnership, period, field):
    return (
        Dispute.objects.filter(partnership=partnership)
        .filter(within(field, period, dates=True))
        .order_by(field, "subject")
    )


def dispute_row(dispute, slug, period=None) -> Row:
    # A dispute is read only by its parties: the report names the subject and links nowhere.
    return Row(dispute.subject, None)


def meetings(partnership, period, group_kind):
    return (
        Meeting.objects.filter(partnership=partnership, group__kind=group_kind, status=Meeting.Status.HELD)
        .filter(within("held_on", period, dates=True))
        .order_by("held_on", "title")
    )


def meeting_row(meeting, slug, period=None) -> Row:
    return Row(
        f"{meeting.title}, {meeting.held_on:%-d %B %Y}",
        reverse("meeting_detail", kwargs={"slug": slug, "meeting_id": meeting.pk}),
    )


def agencies(partnership, period):
    return (
        Organisation.objects.filter(
            affiliations__partnership=partnership, status=Organisation.Status.OPEN, statutory_partner=""
        )
        .exclude(
            type__in=(Organisation.Type.LOCAL_AUTHORITY, Organisation.Type.ICB, Organisation.Type.POLICE)
        )
        .order_by("name", "pk")
    )


def organisation_row(organisation, slug, period=None) -> Row:
    return Row(
        f"{organisation.name} ({organisation.get_type_display().lower()})",
        reverse("organisation_detail", kwargs={"slug": slug, "organisation_id": organisation.pk}),
    )


def little_progress(partnership, period):
    from ..priorities import priorities_with_little_or_no_progress

    slow = priorities_with_little_or_no_progress(partnership=partnership, start=period.start, end=period.end)
    return Priority.objects.filter(pk__in=[getattr(item, "priority", item).pk for item in slow]).order_by(
        "title", "pk"
    )


def priorities(partnership, period):
    return Priority.objects.filter(
        partnership=partnership, starts_on__lte=period.end, ends_on__gte=period.start
    ).order_by("title", "pk")


def priority_row(priority, slug, period) -> Row:
    """A priority's page for the report's period, so it lists what was done on it in that period."""
    query = urlencode({"start": period.start.isoformat(), "end": period.end.isoformat()})
    url = reverse("priority_detail", kwargs={"slug": slug, "priority_id": priority.pk})
    return Row(priority.title, f"{url}?{query}")


def presentations(partnership, period):
    return (
        Presentation.objects.filter(partnership=partnership, status=Presentation.Status.HELD)
        .filter(within("on", period, dates=True))
        .select_related("body", "yearly_report", "iso_report", "cycle", "briefing")
        .order_by("on", "body__name")
    )


def presentation_row(presentation, slug, period=None) -> Row:
    return Row(
        f"{presentation.report_title} to {presentation.body.name}, {presentation.on:%-d %B %Y}",
        reverse("presentation_detail", kwargs={"slug": slug, "presentation_id": presentation.pk}),
    )
