"""Reminding the business team, once a day, to send a published yearly report to the national review panel and the
Department for Education, until both dates are recorded (the guidance asks for it within a few days of publication:
`YearlyReport.dispatch_within_days`)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q

from sightline.audit import services as audit

from ..models import YearlyReport
from .common import business_team_of, tell

Status = YearlyReport.Status


def dispatch_due_on(report: YearlyReport) -> date | None:
    """The last day to send the published report, while a dispatch is still to be recorded."""
    if report.status != Status.PUBLISHED or (report.sent_to_panel_on and report.sent_to_department_on):
        return None
    return report.published_on + timedelta(days=report.dispatch_within_days)


def dispatch_reminders_send(*, today: date) -> int:
    """Remind each partnership's business team of each published report not yet recorded as sent to both bodies."""
    waiting = (
        YearlyReport.objects.filter(status=Status.PUBLISHED)
        .filter(Q(sent_to_panel_on__isnull=True) | Q(sent_to_department_on__isnull=True))
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
        .select_related("partnership")
    )
    sent = 0
    for report in waiting:
        with transaction.atomic():
            locked = YearlyReport.objects.select_for_update().get(pk=report.pk)
            if locked.reminded_on == today:
                continue
            missing = [
                name
                for name, value in (
                    ("the Child Safeguarding Practice Review Panel", locked.sent_to_panel_on),
                    ("the Department for Education", locked.sent_to_department_on),
                )
                if value is None
            ]
            due = dispatch_due_on(locked)
            when = f"due by {due:%-d %B %Y}" if due >= today else f"overdue since {due:%-d %B %Y}"
            title = f"Send {report.title} to {' and '.join(missing)} ({when})"
            tell(report, business_team_of(report.partnership), title)
            locked.reminded_on = today
            locked.save(update_fields=["reminded_on"])
            audit.record(
                verb="yearly_report.dispatch_reminded",
                target=report,
                partnership=report.partnership,
                changes={"on": today.isoformat(), "missing": missing},
            )
            sent += 1
    return sent
