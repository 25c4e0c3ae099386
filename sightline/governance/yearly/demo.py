"""The demo partnership's yearly reports: last year's drafted, scrutinised by the demo ISO, signed off by the three
demo partners, published, sent to the national panel (the Department still to be recorded, so the reminder shows)
and presented to the council's Cabinet and the ICB's quality committee, with a correction being drafted; and the
year before's, published and sent, with a correction signed off and waiting to be published. Synthetic text only."""

from datetime import timedelta

from django.utils import timezone

from sightline.assurance import endorsements
from sightline.partnerships.models import Partnership, PartnershipMembership

from ..models import ReportingBody, YearlyReport
from . import reports
from .periods import financial_year, financial_year_of

Role = PartnershipMembership.Role

NARRATIVE = (
    "The three partners met as an executive every quarter and agreed the year's programme of assurance together. "
    "The figures in this section are counted from the records the partnership keeps; each links to the records "
    "behind it.\n\nWhere the work made a difference, the section says what changed in practice and how the "
    "partners know, drawing on the learning group's verification of each action."
)
STATEMENT = (
    "I have read this report in draft and tested its figures against the records behind them. The arrangements "
    "are working and the partners challenge each other openly. Evidence of impact on children and families is "
    "improving but remains thinner than evidence of activity, and I have asked the partners to strengthen it."
)


def _holder(partnership, role):
    membership = (
        PartnershipMembership.objects.filter(partnership=partnership, role=role)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def _signed_off(team, iso, report, *, comment: str = ""):
    """Take a draft through writing, the ISO's scrutiny and the three partners' sign-off."""
    for section in report.sections.all():
        if not section.narrative:
            reports.section_update(
                by=team, section=section, narrative=NARRATIVE, expected_version=section.version
            )
    reports.report_send_for_scrutiny(by=team, report=report, iso=iso)
    if comment:
        reports.section_comment_add(by=iso, section=report.sections.get(kind__key="impact"), text=comment)
    reports.scrutiny_statement_save(by=iso, report=report, statement=STATEMENT, complete=True)
    request = reports.report_send_for_sign_off(by=team, report=report)
    for party in request.parties.select_related("user"):
        endorsements.endorsement_decide(
            by=party.user, request=request, decision="endorsed", comment="Signed off"
        )
    report.refresh_from_db()
    return report


def _presented(team, partnership, report, bodies, today) -> None:
    from ..presentations.services import presentation_plan, presentation_record

    for name, minute in bodies:
        body = ReportingBody.objects.filter(partnership=partnership, name=name).first()
        if body is None:
            continue
        planned = presentation_plan(
            by=team,
            partnership=partnership,
            body=body,
            on=today + timedelta(days=7),
            report_kind="yearly_report",
            report=report,
            presenter=team,
        )
        presentation_record(
            by=team,
            presentation=planned,
            on=today,
            outcome="Received the report and thanked the partners; asked for the impact evidence next year.",
            minute_reference=minute,
        )


def demo_yearly_load(partnership: Partnership) -> None:
    """Four editions, so every step of the report can be seen: the year before last's, published and sent, with a
    correction signed off and waiting to be published; last year's, published, presented twice and sent to the
    panel (the Department still to come), with a correction being drafted."""
    from ..presentations.services import bodies_ensure

    team, iso = _holder(partnership, Role.BUSINESS_TEAM), _holder(partnership, Role.ISO)
    if team is None or iso is None:
        return
    today = timezone.localdate()
    last_year = financial_year(financial_year_of(today).start.year - 1)
    year_before = financial_year(last_year.start.year - 1)
    if YearlyReport.objects.filter(partnership=partnership).exists():
        return  # loaded before: the demo is loaded again without more reports
    bodies_ensure(partnership=partnership)

    older = _signed_off(
        team, iso, reports.yearly_report_start(by=team, partnership=partnership, period=year_before)
    )
    reports.report_publish(by=team, report=older, published_on=today)
    reports.report_dispatch_record(by=team, report=older, sent_to_panel_on=today, sent_to_department_on=today)
    _presented(team, partnership, older, (("Council Cabinet", "CAB/2025/38"),), today)
    _signed_off(team, iso, reports.yearly_report_revise(by=team, report=older))

    report = _signed_off(
        team,
        iso,
        reports.yearly_report_start(by=team, partnership=partnership, period=last_year),
        comment="Say what changed for children, not only what was done.",
    )
    reports.report_publish(by=team, report=report, published_on=today)
    reports.report_dispatch_record(by=team, report=report, sent_to_panel_on=today, sent_to_department_on=None)
    _presented(
        team,
        partnership,
        report,
        (("Council Cabinet", "CAB/2026/41"), ("ICB quality committee", "QC-2026-112")),
        today,
    )
    reports.yearly_report_revise(by=team, report=report)
