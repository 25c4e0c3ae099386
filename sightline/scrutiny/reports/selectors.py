"""Reads of ISO reports, always scoped to the person asking (the same rule as `scrutiny.view_report` in
sightline/policy/scrutiny.py): a draft is read by its author and the business team; an issued report by the
partnership-wide roles and by the safeguarding leads of the organisations it addresses. Each page's reads are a
fixed number of queries, however many reports, recommendations and responses there are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When

from sightline import policy
from sightline.assurance.models import Activity
from sightline.partnerships.models import Organisation, Partnership, Priority

from ..models import IsoRecommendation, IsoReport, LedgerEntry, RecommendationResponse

Status = IsoReport.Status
Answer = RecommendationResponse.Answer
Role = policy.Role


def reports_visible_to(*, user, partnership: Partnership) -> QuerySet[IsoReport]:
    if not getattr(user, "is_authenticated", False):
        return IsoReport.objects.none()
    roles = policy.roles_in(user, partnership)
    qs = IsoReport.objects.filter(partnership=partnership)
    seen = Q(pk__in=[])
    if roles & policy.PARTNERSHIP_WIDE_ROLES:
        seen |= Q(status=Status.ISSUED)
    if Role.BUSINESS_TEAM in roles:
        seen |= Q(status=Status.DRAFT)
    elif Role.ISO in roles:
        seen |= Q(status=Status.DRAFT, author=user)
    led = policy.led_organisations(user)
    if led:
        addressed = RecommendationResponse.objects.filter(organisation_id__in=led).values(
            "recommendation__report_id"
        )
        seen |= Q(status=Status.ISSUED, pk__in=addressed)
    return qs.filter(seen)


def report_list(*, user, partnership: Partnership, status: str = "") -> QuerySet[IsoReport]:
    """The reports this person reads, newest first, with the counts the list shows (one query)."""
    qs = reports_visible_to(user=user, partnership=partnership)
    if status in Status.values:
        qs = qs.filter(status=status)
    return (
        qs.select_related("author", "activity")
        .annotate(
            recommendation_count=Count("recommendations", distinct=True),
            awaited_count=Count(
                "recommendations__responses",
                filter=Q(status=Status.ISSUED, recommendations__responses__answer=Answer.AWAITED),
                distinct=True,
            ),
        )
        .order_by("-issued_at", "-created_at")
    )


def report_for(*, user, partnership: Partnership, report_id) -> IsoReport | None:
    return (
        reports_visible_to(user=user, partnership=partnership)
        .select_related("partnership", "author", "activity", "action_plan")
        .prefetch_related(Prefetch("priorities", queryset=Priority.objects.order_by("title")))
        .filter(pk=report_id)
        .first()
    )


def recommendation_of(*, report: IsoReport, recommendation_id) -> IsoRecommendation | None:
    found = (
        IsoRecommendation.objects.filter(report=report, pk=recommendation_id)
        .prefetch_related("responses__organisation")
        .first()
    )
    if found is not None:
        found.report = report
    return found


def response_of(*, report: IsoReport, response_id) -> RecommendationResponse | None:
    found = (
        RecommendationResponse.objects.filter(recommendation__report=report, pk=response_id)
        .select_related("recommendation", "organisation", "responded_by", "judged_by")
        .prefetch_related("actions__plan")
        .first()
    )
    if found is not None:
        found.recommendation.report = report
    return found


@dataclass(frozen=True)
class Row:
    """One addressee's response to one recommendation, as the report's table of states shows it."""

    recommendation: IsoRecommendation
    response: RecommendationResponse
    overdue: bool
    can_answer: bool
    can_judge: bool


def recommendations_of(*, report: IsoReport) -> list[IsoRecommendation]:
    """The report's recommendations with their responses, each response's organisation, people and actions:
    four queries however many."""
    responses = RecommendationResponse.objects.select_related(
        "organisation", "responded_by", "judged_by"
    ).prefetch_related("actions__plan")
    recommendations = list(
        report.recommendations.order_by("number").prefetch_related(Prefetch("responses", queryset=responses))
    )
    for recommendation in recommendations:
        recommendation.report = report
        for response in recommendation.responses.all():
            response.recommendation = recommendation
    return recommendations


def state_rows(
    *, user, report: IsoReport, recommendations: list[IsoRecommendation], today: date
) -> list[Row]:
    author = policy.is_report_author(user, report)
    issued = report.status == Status.ISSUED
    rows = []
    for recommendation in recommendations:
        for response in recommendation.responses.all():
            rows.append(
                Row(
                    recommendation=recommendation,
                    response=response,
                    overdue=issued and not response.is_answered and recommendation.respond_by < today,
                    can_answer=issued
                    and response.judgement != RecommendationResponse.Judgement.SUFFICIENT
                    and policy.answers_for_organisation(user, response.organisation, report.partnership_id),
                    can_judge=issued and author and response.is_answered and not response.judgement,
                )
            )
    return rows


def report_days(*, report: IsoReport) -> list[LedgerEntry]:
    return list(LedgerEntry.objects.filter(report=report).select_related("iso").order_by("work_date"))


def report_days_entry(*, report: IsoReport, iso) -> LedgerEntry | None:
    return LedgerEntry.objects.filter(report=report, iso=iso).first()


def activities_for_report(*, user, partnership: Partnership) -> QuerySet[Activity]:
    """The activities an ISO may write a report on: those they may read (`assurance.view_activity`'s rule for
    an ISO: assigned to it, or on its panel)."""
    from sightline.assurance.selectors import activities_visible_to

    return activities_visible_to(user=user, partnership=partnership).order_by("title")


def addressee_choices(*, partnership: Partnership) -> QuerySet[Organisation]:
    """The partnership's open organisations, the three statutory partners' first, then by name."""
    return (
        Organisation.objects.filter(affiliations__partnership=partnership, status=Organisation.Status.OPEN)
        .annotate(not_partner=Case(When(statutory_partner="", then=Value(1)), default=Value(0)))
        .order_by("not_partner", "name")
    )


def responses_to_answer(*, user, partnership: Partnership) -> QuerySet[RecommendationResponse]:
    """The responses of issued reports this person answers for (their organisations' as lead, their statutory
    partner's as delegated partner), awaited first, then by date."""
    if not getattr(user, "is_authenticated", False):
        return RecommendationResponse.objects.none()
    mine = Q(organisation_id__in=policy.led_organisations(user))
    kinds = [
        kind for kind, role in policy.PARTNER_ROLE_OF.items() if role in policy.roles_in(user, partnership)
    ]
    if kinds:
        mine |= Q(organisation__statutory_partner__in=kinds)
    return (
        RecommendationResponse.objects.filter(
            mine,
            recommendation__report__partnership=partnership,
            recommendation__report__status=Status.ISSUED,
        )
        .select_related("recommendation__report__author", "organisation")
        .order_by("recommendation__respond_by", "recommendation__report__title", "recommendation__number")
    )


def reports_on_activity(*, user, activity: Activity) -> list[IsoReport]:
    """The reports on an activity this person reads: for the activity's page."""
    return list(
        reports_visible_to(user=user, partnership=activity.partnership)
        .filter(activity=activity)
        .order_by("-issued_at", "-created_at")
    )
