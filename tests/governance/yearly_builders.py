"""Builders for the yearly report, made through its services, and the URL arguments the access matrix needs: a
draft of this year's report, one with the world's ISO for scrutiny, and one waiting for the lead partners."""

from __future__ import annotations

from django.utils import timezone

from sightline.governance.models import YearlyReport
from sightline.governance.yearly import reports
from sightline.governance.yearly.periods import financial_year, financial_year_of

TEXT = "The partners worked together on this and the figures above show what was done."


def draft(world, years_back: int = 0) -> YearlyReport:
    period = financial_year(financial_year_of(timezone.localdate()).start.year - years_back)
    found = YearlyReport.objects.filter(partnership=world.partnership, label=period.label).first()
    return found or reports.yearly_report_start(
        by=world.users["business_team"], partnership=world.partnership, period=period
    )


def with_iso(world, years_back: int = 1) -> YearlyReport:
    report = draft(world, years_back)
    if report.status == YearlyReport.Status.DRAFTING:
        reports.report_send_for_scrutiny(
            by=world.users["business_team"], report=report, iso=world.users["iso"]
        )
        report.refresh_from_db()
    return report


def waiting_for_partners(world) -> YearlyReport:
    from sightline.partnerships.models import PartnershipMembership

    from .. import factories

    for role in (PartnershipMembership.Role.PARTNER_ICB, PartnershipMembership.Role.PARTNER_POLICE):
        if not PartnershipMembership.objects.filter(partnership=world.partnership, role=role).exists():
            factories.with_partnership_role(world.partnership, role)
    report = with_iso(world, years_back=2)
    if report.status == YearlyReport.Status.SCRUTINY:
        for section in report.sections.all():
            reports.section_update(
                by=world.users["business_team"],
                section=section,
                narrative=TEXT,
                expected_version=section.version,
            )
        reports.scrutiny_statement_save(by=world.users["iso"], report=report, statement=TEXT, complete=True)
        reports.report_send_for_sign_off(by=world.users["business_team"], report=report)
        report.refresh_from_db()
    return report


def matrix_kwargs(world, part: str) -> dict:
    if part == "yearly_report":
        return {"report_id": draft(world).pk}
    if part == "yearly_section":
        report = draft(world)
        return {"report_id": report.pk, "section_id": report.sections.first().pk}
    if part == "yearly_figure":
        return {"report_id": draft(world).pk, "key": "plans_opened"}
    if part == "yearly_download":
        return {"report_id": draft(world).pk, "fmt": "html"}
    if part == "yearly_in_scrutiny":
        return {"report_id": with_iso(world).pk}
    if part == "yearly_in_sign_off":
        return {"report_id": waiting_for_partners(world).pk}
    raise ValueError(part)


MATRIX_PARTS = {
    "yearly_report",
    "yearly_section",
    "yearly_figure",
    "yearly_download",
    "yearly_in_scrutiny",
    "yearly_in_sign_off",
}
