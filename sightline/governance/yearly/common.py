"""What every step of the yearly report shares: its states, who may take a business-team step, the row lock, and
how people are told."""

from __future__ import annotations

from django.urls import reverse

from sightline import policy
from sightline.core.errors import TransitionError
from sightline.notifications.services import notice_create, send_email_on_commit
from sightline.partnerships.models import PartnershipMembership

from ..models import YearlyReport

Status = YearlyReport.Status
Role = PartnershipMembership.Role
EDITABLE = (Status.DRAFTING, Status.SCRUTINY)
FROZEN = (Status.SIGNED_OFF, Status.PUBLISHED)


def require_business_team(by, partnership) -> None:
    if not policy.is_business_team(by, partnership):
        raise TransitionError("Only the partnership's business team can do this")


def locked(report: YearlyReport) -> YearlyReport:
    return (
        YearlyReport.objects.select_for_update(of=("self",))
        .select_related("partnership", "iso", "previous")
        .get(pk=report.pk)
    )


def report_url(report: YearlyReport) -> str:
    return reverse("yearly_report_detail", kwargs={"slug": report.partnership.slug, "report_id": report.pk})


def tell(report: YearlyReport, people, title: str) -> None:
    url = report_url(report)
    for person in people:
        notice_create(user=person, partnership=report.partnership, title=title, url=url)
        send_email_on_commit(
            to=person.email,
            subject=f"Sightline: {title}",
            template="governance/email/yearly_report.txt",
            context={"person": person, "report": report, "url": url, "title": title},
        )


def business_team_of(partnership):
    return [
        membership.user
        for membership in PartnershipMembership.objects.filter(
            partnership=partnership, role=Role.BUSINESS_TEAM, user__is_active=True
        ).select_related("user")
    ]
