"""The figures of the yearly report: each one a count of the partnership's records in the reporting period, made by
one stated query, so a reader can see what was counted and follow it to the records (the figure's evidence page
lists exactly the rows the count counts).

A figure is never typed: the narrative around it is. Figures are counted over the partnership's records, not over
what the person reading may open: the report speaks for the whole partnership, and each record on an evidence page
is named only by what the report may say of it (an activity's title, an organisation's name), never by case detail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Model, Q, QuerySet
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

Kind = Activity.Kind
Answer = RecommendationResponse.Answer


@dataclass(frozen=True)
class Row:
    text: str
    url: str | None


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    query: str  # the query in words, shown beside the figure and on its evidence page
    records: Callable[[object, Period], QuerySet]
    row: Callable[
        [Model, str, Period], Row
    ]  # (record, partnership slug, period) -> how its evidence page names it
    target: int | None = None  # a number the partnership set itself (the framework's three events a year)


def _held(partnership, period: Period, kinds=None) -> QuerySet[Activity]:
    held = ActivityTransition.objects.filter(
        to_state="held", at__gte=period.starts_at, at__lt=period.ends_before
    ).values("activity_id")
    qs = Activity.objects.filter(partnership=partnership, pk__in=held)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return qs.order_by("title", "pk")


def _activity_row(activity, slug, period=None) -> Row:
    return Row(
        f"{activity.title} ({activity.get_kind_display().lower()})",
        reverse("activity_detail", kwargs={"slug": slug, "activity_id": activity.pk}),
    )


def _within(field: str, period: Period, *, dates: bool = False) -> Q:
    if dates:
        return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})
    return Q(**{f"{field}__gte": period.starts_at, f"{field}__lt": period.ends_before})


def _case_audits(partnership, period):
    return (
        CaseAudit.objects.filter(case__activity__partnership=partnership, status=CaseAudit.Status.SUBMITTED)
        .filter(_within("submitted_at", period))
        .select_related("organisation", "case__activity")
        .order_by("case__activity__title", "organisation__name", "pk")
    )


def _case_audit_row(audit, slug, period=None) -> Row:
    return Row(
        f"{audit.organisation.name}, for {audit.case.activity.title}",
        reverse("activity_detail", kwargs={"slug": slug, "activity_id": audit.case.activity_id}),
    )


REPORTED_CYCLE_STATES = (Cycle.Status.COMPOSITE_ISSUED, Cycle.Status.PROGRESS_ROUND, Cycle.Status.ARCHIVED)


def _cycles(partnership, period):
    return (
        Cycle.objects.filter(partnership=partnership, status__in=REPORTED_CYCLE_STATES)
        .filter(_within("closes_on", period, dates=True))
        .order_by("closes_on", "title")
    )


def _cycle_row(cycle, slug, period=None) -> Row:
    return Row(str(cycle.title), reverse("cycle_composite", kwargs={"slug": slug, "cycle_id": cycle.pk}))


def _returns(partnership, period):
    return (
        Submission.objects.filter(cycle__partnership=partnership, submitted_at__isnull=False)
        .filter(_within("submitted_at", period))
        .select_related("organisation", "cycle")
        .order_by("cycle__title", "organisation__name", "pk")
    )


def _return_row(submission, slug, period=None) -> Row:
    return Row(f"{submission.organisation.name}, {submission.cycle.title}", None)


def _plans(partnership, period):
    return (
        ActionPlan.objects.filter(partnership=partnership)
        .filter(_within("created_at", period))
        .order_by("title", "pk")
    )


def _plan_row(plan, slug, period=None) -> Row:
    return Row(plan.title, reverse("plan_detail", kwargs={"slug": slug, "plan_id": plan.pk}))


def _actions_verified(partnership, period, *, sources=None):
    qs = Action.objects.filter(plan__partnership=partnership, status__in=DONE).filter(
        _within("verified_at", period)
    )
    if sources:
        qs = qs.filter(plan__source_kind__in=sources)
    return qs.select_related("plan", "owner_organisation").order_by("plan__title", "number")


def _actions_overdue(partnership, period):
    """Open at the end of the period and due before it ended, as the actions stand now."""
    return (
        Action.objects.filter(
            plan__partnership=partnership, due_on__lt=period.end, created_at__lt=period.ends_before
        )
        .exclude(status__in=(*DONE, Action.Status.CANCELLED, Action.Status.DEFERRED))
        .select_related("plan", "owner_organisation")
        .order_by("due_on", "plan__title", "number")
    )


def _action_row(action, slug, period=None) -> Row:
    owner = f", {action.owner_organisation.name}" if action.owner_organisation_id else ""
    return Row(
        f"{action.plan.title}: action {action.number}{owner}",
        reverse("action_detail", kwargs={"slug": slug, "action_id": action.pk}),
    )


def _reviews(partnership, period, field):
    return (
        Review.objects.filter(partnership=partnership)
        .filter(_within(field, period, dates=True))
        .order_by(field, "reference")
    )


def _review_row(review, slug, period=None) -> Row:
    return Row(review.reference, reverse("review_detail", kwargs={"slug": slug, "review_id": review.pk}))


def _briefings(partnership, period):
    return (
        LearningBriefing.objects.filter(partnership=partnership, status=LearningBriefing.Status.APPROVED)
        .filter(_within("approved_at", period))
        .order_by("title", "pk")
    )


def _briefing_row(briefing, slug, period=None) -> Row:
    return Row(briefing.title, reverse("briefing_detail", kwargs={"slug": slug, "briefing_id": briefing.pk}))


def _iso_reports(partnership, period):
    return (
        IsoReport.objects.filter(partnership=partnership, status=IsoReport.Status.ISSUED)
        .filter(_within("issued_at", period))
        .order_by("title", "pk")
    )


def _iso_report_row(report, slug, period=None) -> Row:
    return Row(report.title, reverse("iso_report_detail", kwargs={"slug": slug, "report_id": report.pk}))


def _recommendations(partnership, period):
    return (
        IsoRecommendation.objects.filter(report__in=_iso_reports(partnership, period))
        .select_related("report")
        .order_by("report__title", "number")
    )


def _recommendation_row(recommendation, slug, period=None) -> Row:
    return Row(
        f"{recommendation.report.title}: recommendation {recommendation.number}",
        reverse("iso_report_detail", kwargs={"slug": slug, "report_id": recommendation.report_id}),
    )


def _responses(partnership, period, answers):
    return (
        RecommendationResponse.objects.filter(
            recommendation__report__in=_iso_reports(partnership, period), answer__in=answers
        )
        .select_related("recommendation__report", "organisation")
        .order_by("recommendation__report__title", "recommendation__number", "organisation__name")
    )


def _response_row(response, slug, period=None) -> Row:
    recommendation = response.recommendation
    return Row(
        f"{recommendation.report.title}: recommendation {recommendation.number}, {response.organisation.name}",
        reverse("iso_report_detail", kwargs={"slug": slug, "report_id": recommendation.report_id}),
    )


def _disputes(partnership, period, field):
    return (
        Dispute.objects.filter(partnership=partnership)
        .filter(_within(field, period, dates=True))
        .order_by(field, "subject")
    )


def _dispute_row(dispute, slug, period=None) -> Row:
    # A dispute is read only by its parties: the report names the subject and links nowhere.
    return Row(dispute.subject, None)


def _meetings(partnership, period, group_kind):
    return (
        Meeting.objects.filter(partnership=partnership, group__kind=group_kind, status=Meeting.Status.HELD)
        .filter(_within("held_on", period, dates=True))
        .order_by("held_on", "title")
    )


def _meeting_row(meeting, slug, period=None) -> Row:
    return Row(
        f"{meeting.title}, {meeting.held_on:%-d %B %Y}",
        reverse("meeting_detail", kwargs={"slug": slug, "meeting_id": meeting.pk}),
    )


def _agencies(partnership, period):
    return (
        Organisation.objects.filter(
            affiliations__partnership=partnership, status=Organisation.Status.OPEN, statutory_partner=""
        )
        .exclude(
            type__in=(Organisation.Type.LOCAL_AUTHORITY, Organisation.Type.ICB, Organisation.Type.POLICE)
        )
        .order_by("name", "pk")
    )


def _organisation_row(organisation, slug, period=None) -> Row:
    return Row(
        f"{organisation.name} ({organisation.get_type_display().lower()})",
        reverse("organisation_detail", kwargs={"slug": slug, "organisation_id": organisation.pk}),
    )


def _little_progress(partnership, period):
    from ..priorities import priorities_with_little_or_no_progress

    slow = priorities_with_little_or_no_progress(partnership=partnership, start=period.start, end=period.end)
    return Priority.objects.filter(pk__in=[getattr(item, "priority", item).pk for item in slow]).order_by(
        "title", "pk"
    )


def _priorities(partnership, period):
    return Priority.objects.filter(
        partnership=partnership, starts_on__lte=period.end, ends_on__gte=period.start
    ).order_by("title", "pk")


def _priority_row(priority, slug, period) -> Row:
    """A priority's page for the report's period, so it lists what was done on it in that period."""
    query = urlencode({"start": period.start.isoformat(), "end": period.end.isoformat()})
    url = reverse("priority_detail", kwargs={"slug": slug, "priority_id": priority.pk})
    return Row(priority.title, f"{url}?{query}")


def _presentations(partnership, period):
    return (
        Presentation.objects.filter(partnership=partnership, status=Presentation.Status.HELD)
        .filter(_within("on", period, dates=True))
        .select_related("body", "yearly_report", "iso_report", "cycle", "briefing")
        .order_by("on", "body__name")
    )


def _presentation_row(presentation, slug, period=None) -> Row:
    return Row(
        f"{presentation.report_title} to {presentation.body.name}, {presentation.on:%-d %B %Y}",
        reverse("presentation_detail", kwargs={"slug": slug, "presentation_id": presentation.pk}),
    )


LINE_OF_SIGHT = (Kind.PRACTICE_LEARNING,)
REVIEW_SOURCES = (ActionPlan.SourceKind.REVIEW, ActionPlan.SourceKind.NATIONAL_REVIEW)

FIGURES: dict[str, Figure] = {
    figure.key: figure
    for figure in (
        Figure(
            "activities_held",
            "Assurance activities held",
            "Assurance activities of every kind recorded as held during the period.",
            lambda p, period: _held(p, period),
            _activity_row,
        ),
        Figure(
            "line_of_sight_held",
            "Practice learning line-of-sight events held",
            "Practice learning line-of-sight events recorded as held during the period.",
            lambda p, period: _held(p, period, LINE_OF_SIGHT),
            _activity_row,
            target=3,
        ),
        Figure(
            "case_specific_held",
            "Case-specific line-of-sight events held",
            "Case-specific line-of-sight events recorded as held during the period.",
            lambda p, period: _held(p, period, (Kind.CASE_SPECIFIC,)),
            _activity_row,
        ),
        Figure(
            "agency_assurance_held",
            "Agency call-ins, agency-specific events, audits and peer reviews held",
            "Agency-specific events, partnership audits, agency call-ins and peer reviews recorded as held during "
            "the period.",
            lambda p, period: _held(
                p, period, (Kind.AGENCY, Kind.PARTNERSHIP_AUDIT, Kind.CALL_IN, Kind.PEER_REVIEW)
            ),
            _activity_row,
        ),
        Figure(
            "case_audits_returned",
            "Single-agency case audits returned",
            "Single-agency case audits submitted to a panel during the period.",
            _case_audits,
            _case_audit_row,
        ),
        Figure(
            "cycles_reported",
            "Self-assessment cycles reported to the board",
            "Self-assessment cycles closing in the period whose composite report has been issued.",
            _cycles,
            _cycle_row,
        ),
        Figure(
            "returns_submitted",
            "Self-assessment returns submitted",
            "Organisations' self-assessment returns submitted during the period.",
            _returns,
            _return_row,
        ),
        Figure(
            "plans_opened",
            "Action plans opened",
            "Action plans made during the period, from any source.",
            _plans,
            _plan_row,
        ),
        Figure(
            "actions_done",
            "Actions verified as done",
            "Actions the learning group verified as having made their difference during the period.",
            lambda p, period: _actions_verified(p, period),
            _action_row,
        ),
        Figure(
            "actions_overdue",
            "Actions overdue at the end of the period",
            "Actions due before the period ended that are still not done, deferred or cancelled.",
            _actions_overdue,
            _action_row,
        ),
        Figure(
            "review_actions_done",
            "Actions from local and national reviews verified as done",
            "Actions in plans made from a case review or a national review, verified during the period.",
            lambda p, period: _actions_verified(p, period, sources=REVIEW_SOURCES),
            _action_row,
        ),
        Figure(
            "incidents_notified",
            "Serious incidents notified",
            "Cases in the reviews register notified to the national panel during the period.",
            lambda p, period: _reviews(p, period, "notified_on"),
            _review_row,
        ),
        Figure(
            "rapid_reviews",
            "Rapid reviews held",
            "Cases in the reviews register whose rapid review was held during the period.",
            lambda p, period: _reviews(p, period, "rapid_review_on"),
            _review_row,
        ),
        Figure(
            "practice_reviews_decided",
            "Decisions to hold a local child safeguarding practice review",
            "Cases in the reviews register where a local practice review was decided on during the period.",
            lambda p, period: _reviews(p, period, "decided_on").filter(decision=Review.Decision.LCSPR),
            _review_row,
        ),
        Figure(
            "briefings_approved",
            "Learning briefings approved",
            "Learning briefings approved for use during the period.",
            _briefings,
            _briefing_row,
        ),
        Figure(
            "iso_reports_issued",
            "Independent scrutiny reports issued",
            "Reports the independent scrutiny officers issued during the period.",
            _iso_reports,
            _iso_report_row,
        ),
        Figure(
            "iso_recommendations",
            "Recommendations made by independent scrutiny",
            "Recommendations in the independent scrutiny reports issued during the period.",
            _recommendations,
            _recommendation_row,
        ),
        Figure(
            "iso_responses_accepted",
            "Responses accepting a recommendation, fully or in part",
            "Addressees' responses to those recommendations that accept them or accept them in part.",
            lambda p, period: _responses(p, period, (Answer.ACCEPTED, Answer.PARTLY)),
            _response_row,
        ),
        Figure(
            "iso_responses_not_accepted",
            "Responses not accepting a recommendation",
            "Addressees' responses to those recommendations that do not accept them.",
            lambda p, period: _responses(p, period, (Answer.NOT_ACCEPTED,)),
            _response_row,
        ),
        Figure(
            "iso_responses_awaited",
            "Responses still awaited",
            "Responses to those recommendations that the addressee has not yet given.",
            lambda p, period: _responses(p, period, (Answer.AWAITED,)),
            _response_row,
        ),
        Figure(
            "disputes_raised",
            "Disputes raised",
            "Disagreements between partners or agencies recorded during the period.",
            lambda p, period: _disputes(p, period, "raised_on"),
            _dispute_row,
        ),
        Figure(
            "disputes_resolved",
            "Disputes resolved",
            "Disagreements resolved during the period.",
            lambda p, period: _disputes(p, period, "resolved_on"),
            _dispute_row,
        ),
        Figure(
            "priorities",
            "Priorities in force",
            "The partnership's priorities in force at some time during the period.",
            _priorities,
            _priority_row,
        ),
        Figure(
            "priorities_little_progress",
            "Priorities with little or no evidence of progress",
            "Priorities in force during the period with no action done and no tagged activity held in it, or "
            "with more actions overdue than done.",
            _little_progress,
            _priority_row,
        ),
        Figure(
            "board_meetings",
            "Partnership board meetings held",
            "Meetings of the partnership board recorded as held during the period.",
            lambda p, period: _meetings(p, period, "board"),
            _meeting_row,
        ),
        Figure(
            "learning_meetings",
            "Learning group meetings held",
            "Meetings of the practice learning group recorded as held during the period.",
            lambda p, period: _meetings(p, period, "learning"),
            _meeting_row,
        ),
        Figure(
            "relevant_agencies",
            "Relevant agencies and providers in the arrangements",
            "Open organisations in the partnership's register other than the three safeguarding partners, as the "
            "register stands.",
            _agencies,
            _organisation_row,
        ),
        Figure(
            "presentations_held",
            "Reports presented to other bodies",
            "Presentations of the partnership's reports to other bodies recorded as held during the period.",
            _presentations,
            _presentation_row,
        ),
    )
}


def figure_for(key: str) -> Figure | None:
    return FIGURES.get(key)
