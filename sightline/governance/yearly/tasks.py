"""Periodic work for the yearly report, run by the scheduler (sightline/notifications/scheduler.py)."""

from django.utils import timezone
from django_tasks import task


@task()
def send_dispatch_reminders() -> int:
    """Periodic (hourly): remind the business team, at most once a day per report, to send a published report to
    the national bodies until both dates are recorded."""
    from .reminders import dispatch_reminders_send

    return dispatch_reminders_send(today=timezone.localdate())
