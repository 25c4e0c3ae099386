"""Reads for the register of presentations: the partnership's bodies, its presentations with the filters the
register offers, one presentation with its questions, the reports and people a presentation can name, and the
presentations of any one report (for the report's own page)."""

from __future__ import annotations

from datetime import date

import rules
from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.urls import NoReverseMatch, reverse

from sightline.assessments.models import Cycle
from sightline.improvement.models import ActionPlan, LearningBriefing
from sightline.partnerships.models import Organisation, PartnershipMembership
from sightline.scrutiny.models import IsoReport

from ..models import Presentation, PresentationQuestion, ReportingBody, YearlyReport

# The kinds of report a presentation can name: each is the name of its key on Presentation.
YEARLY, ISO, CYCLE, BRIEFING = "yearly_report", "iso_report", "cycle", "briefing"
REPORT_KINDS = {
    YEARLY: "The yearly report",
    ISO: "An independent scrutiny officer's report",
    CYCLE: "A self-assessment composite",
    BRIEFING: "A learning briefing",
}
# A cycle's composite has been issued once the cycle has reached any of these.
COMPOSITE_ISSUED = (
    Cycle.Status.COMPOSITE_ISSUED,
    Cycle.Status.PROGRESS_ROUND,
    Cycle.Status.ARCHIVED,
)
UPCOMING, PAST = "upcoming", "past"
WHEN = {UPCOMING: "Today or later", PAST: "Before today"}
REPORT_MODELS = {YEARLY: YearlyReport, ISO: IsoReport, CYCLE: Cycle, BRIEFING: LearningBriefing}
# Where each kind of report is read, and who may read it there: (URL name, its argument, permission). A kind whose
# page or permission is not there yet is shown without a link.
REPORT_PAGES = {
    YEARLY: ("yearly_report_detail", "report_id", "governance.view_yearly_reports"),
    ISO: ("iso_report_detail", "report_id", "scrutiny.view_reports"),
    CYCLE: ("cycle_composite", "cycle_id", "assessments.view_cycles"),
    BRIEFING: ("briefing_detail", "briefing_id", "improvement.view_briefings"),
}
REPORT_RELATED = ("yearly_report", "iso_report", "cycle", "briefing")


def bodies_of(*, partnership) -> QuerySet[ReportingBody]:
    """Every body of the partnership, active first, each with how many presentations name it."""
    return (
        ReportingBody.objects.filter(partnership=partnership)
        .annotate(presentation_count=Count("presentations"))
        .order_by("-active", "name")
    )


def body_for(*, partnership, body_id) -> ReportingBody | None:
    return bodies_of(partnership=partnership).filter(pk=body_id).first()


def report_kind_of(presentation: Presentation) -> str:
    return next(kind for kind in REPORT_KINDS if getattr(presentation, f"{kind}_id"))


def presentations_list(
    *, partnership, today: date, body_id=None, kind: str = "", status: str = "", when: str = ""
) -> QuerySet[Presentation]:
    """The register, filtered: the coming presentations soonest first, then the past ones latest first."""
    qs = (
        Presentation.objects.filter(partnership=partnership)
        .select_related("body", "presenter", *REPORT_RELATED)
        .annotate(question_count=Count("questions"))
    )
    if body_id:
        qs = qs.filter(body_id=body_id)
    if kind in REPORT_KINDS:
        qs = qs.filter(**{f"{kind}__isnull": False})
    if status in Presentation.Status.values:
        qs = qs.filter(status=status)
    if when == UPCOMING:
        return qs.filter(on__gte=today).order_by("on", "body__name")
    if when == PAST:
        return qs.filter(on__lt=today).order_by("-on", "body__name")
    return qs.order_by("-on", "body__name")


def presentation_for(*, partnership, presentation_id) -> Presentation | None:
    return (
        Presentation.objects.filter(partnership=partnership, pk=presentation_id)
        .select_related("partnership", "body", "presenter", "created_by", *REPORT_RELATED)
        .first()
    )


def questions_of(*, presentation: Presentation) -> list[PresentationQuestion]:
    return list(
        presentation.questions.select_related("action__plan", "action__owner_organisation").order_by(
            "asked_at"
        )
    )


def question_for(*, presentation: Presentation, question_id) -> PresentationQuestion | None:
    return presentation.questions.select_related("action").filter(pk=question_id).first()


def report_kind_for(report) -> str:
    kind = next((k for k, model in REPORT_MODELS.items() if isinstance(report, model)), None)
    if kind is None:
        raise TypeError(f"{type(report).__name__} is not a report that can be presented")
    return kind


def is_presentable(report) -> bool:
    """Whether a presentation of this report can be planned now (the rule `reports_offered` applies)."""
    kind = report_kind_for(report)
    if kind == ISO:
        return report.status == IsoReport.Status.ISSUED
    if kind == CYCLE:
        return report.status in COMPOSITE_ISSUED
    if kind == BRIEFING:
        return report.status == LearningBriefing.Status.APPROVED
    return True


def presentations_of(report) -> list[Presentation]:
    """Where one report (a yearly report, an ISO report, a cycle for its composite or a learning briefing) has
    been or is to be presented, latest first, for the report's own page."""
    kind = report_kind_for(report)
    return list(
        Presentation.objects.filter(**{kind: report})
        .select_related("body", "presenter")
        .order_by("-on", "body__name")
    )


def reports_offered(*, partnership, kind: str) -> QuerySet:
    """The records of one kind a presentation can name: the partnership's yearly reports, its issued ISO
    reports, its cycles whose composite was issued and its approved briefings."""
    if kind == YEARLY:
        return YearlyReport.objects.filter(partnership=partnership).order_by("-period_start", "-edition")
    if kind == ISO:
        return IsoReport.objects.filter(partnership=partnership, status=IsoReport.Status.ISSUED).order_by(
            "-issued_at"
        )
    if kind == CYCLE:
        return Cycle.objects.filter(partnership=partnership, status__in=COMPOSITE_ISSUED).order_by(
            "-opens_on"
        )
    if kind == BRIEFING:
        return LearningBriefing.objects.filter(
            partnership=partnership, status=LearningBriefing.Status.APPROVED
        ).order_by("-approved_at")
    raise ValueError(kind)


def presenters_offered(*, partnership, also=None) -> QuerySet:
    """The people with a role in the partnership (the lead partners, the business team, the ISOs, the chairs),
    and `also`, the presenter already named on a presentation, who stays offered after leaving."""
    people = PartnershipMembership.objects.filter(partnership=partnership).values("user_id")
    chosen = Q(pk__in=people, is_active=True)
    if also is not None:
        chosen |= Q(pk=also.pk)
    return get_user_model().objects.filter(chosen).order_by("full_name", "email")


def plans_open(*, partnership) -> QuerySet[ActionPlan]:
    return (
        ActionPlan.objects.filter(partnership=partnership, status=ActionPlan.Status.OPEN)
        .select_related("owner_organisation")
        .order_by("title")
    )


def owners_offered(*, partnership) -> QuerySet[Organisation]:
    return Organisation.objects.filter(affiliations__partnership=partnership).order_by("name")


def report_link(presentation: Presentation, *, user) -> str | None:
    """The report's own page, if this person may read it there."""
    kind = report_kind_of(presentation)
    name, argument, perm = REPORT_PAGES[kind]
    partnership = presentation.partnership
    if not rules.perm_exists(perm) or not user.has_perm(perm, partnership):
        return None
    try:
        return reverse(name, kwargs={"slug": partnership.slug, argument: getattr(presentation, f"{kind}_id")})
    except NoReverseMatch:
        return None


def presentations_reminded(*, today: date, soon: date) -> QuerySet[Presentation]:
    """Planned presentations from today to `soon`, and those whose date has passed, not reminded today."""
    return (
        Presentation.objects.filter(status=Presentation.Status.PLANNED, on__lte=soon)
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
        .select_related("partnership", "body", *REPORT_RELATED)
        .order_by("partnership_id", "on")
    )
