"""Periodic work for casework, run by the scheduler (sightline/notifications/scheduler.py)."""

from django.utils import timezone
from django_tasks import task


@task()
def send_case_audit_reminders() -> dict:
    """Periodic (hourly): remind agencies' leads of case audits due soon or overdue, at most one email a day each.
    Running it again the same day sends nothing more."""
    from .requests import reminders_send

    return reminders_send(today=timezone.localdate())
