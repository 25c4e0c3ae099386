"""The ISO's scrutiny of the draft: asking an officer (or handing it to another), their comments on sections and
the scrutiny statement that becomes part of the report."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sightline import policy
from sightline.audit import services as audit
from sightline.core.errors import TransitionError
from sightline.partnerships.models import PartnershipMembership

from ..models import ReportSection, SectionComment, YearlyReport
from .common import (
    EDITABLE,
    Role,
    Status,
    business_team_of,
    locked,
    require_business_team,
    tell,
)


@transaction.atomic
def report_send_for_scrutiny(*, by, report: YearlyReport, iso) -> YearlyReport:
    """Ask one of the partnership's ISOs to scrutinise the draft: they comment on sections and write the
    scrutiny statement that becomes part of the report. Asking another officer while one has it hands it over."""
    report = locked(report)
    require_business_team(by, report.partnership)
    if report.status not in EDITABLE:
        raise TransitionError(
            f"The report is {report.get_status_display().lower()}: only a draft can be sent"
        )
    if (
        iso is None
        or not PartnershipMembership.objects.filter(
            partnership=report.partnership, user=iso, role=Role.ISO, user__is_active=True
        ).exists()
    ):
        raise TransitionError("Choose one of the partnership's independent scrutiny officers")
    if report.status == Status.SCRUTINY and report.iso_id == iso.pk:
        raise TransitionError(f"{iso.get_full_name()} is already scrutinising it")
    # Another officer starts afresh: a statement is the officer's own.
    if report.iso_id not in (None, iso.pk):
        report.scrutiny_statement, report.scrutiny_done_at = "", None
    report.status, report.iso = Status.SCRUTINY, iso
    report.version += 1
    report.updated_at = timezone.now()
    report.save(
        update_fields=["status", "iso", "scrutiny_statement", "scrutiny_done_at", "version", "updated_at"]
    )
    audit.record(
        actor=by,
        verb="yearly_report.sent_for_scrutiny",
        target=report,
        partnership=report.partnership,
        changes={"iso": iso.email},
    )
    tell(report, [iso], f"Please scrutinise the draft {report.title}")
    return report


def _require_scrutinising_iso(by, report: YearlyReport) -> None:
    if (
        report.iso_id is None
        or report.iso_id != getattr(by, "pk", None)
        or not policy.is_iso_of(by, report.partnership)
    ):
        raise TransitionError("Only the ISO asked to scrutinise this report can do this")
    if report.status != Status.SCRUTINY:
        raise TransitionError("The report is not with you for scrutiny")


@transaction.atomic
def section_comment_add(*, by, section: ReportSection, text: str) -> SectionComment:
    section = ReportSection.objects.select_related("report__partnership", "kind").get(pk=section.pk)
    report = locked(section.report)
    _require_scrutinising_iso(by, report)
    text = (text or "").strip()
    if not text:
        raise TransitionError("Write your comment")
    comment = SectionComment.objects.create(section=section, author=by, text=text)
    audit.record(
        actor=by,
        verb="yearly_report.commented",
        target=report,
        partnership=report.partnership,
        changes={"section": section.kind.key, "comment": text},
    )
    tell(report, business_team_of(report.partnership), f"The ISO commented on {section.kind.title}")
    return comment


@transaction.atomic
def scrutiny_statement_save(*, by, report: YearlyReport, statement: str, complete: bool) -> YearlyReport:
    """Save the ISO's statement; with `complete`, the scrutiny is done and the business team can ask the partners
    to sign the report off."""
    report = locked(report)
    _require_scrutinising_iso(by, report)
    statement = (statement or "").strip()
    if complete and not statement:
        raise TransitionError("Write the scrutiny statement before you finish your scrutiny")
    report.scrutiny_statement = statement
    report.scrutiny_done_at = timezone.now() if complete else None
    report.version += 1
    report.updated_at = timezone.now()
    report.save(update_fields=["scrutiny_statement", "scrutiny_done_at", "version", "updated_at"])
    audit.record(
        actor=by,
        verb="yearly_report.scrutiny_completed" if complete else "yearly_report.scrutiny_saved",
        target=report,
        partnership=report.partnership,
        changes={"statement": statement},
    )
    if complete:
        tell(
            report, business_team_of(report.partnership), f"The ISO has finished scrutinising {report.title}"
        )
    return report
