"""Periodic work for independent scrutiny, run by the scheduler (sightline/notifications/scheduler.py)."""

from django.utils import timezone
from django_tasks import task


@task()
def send_recommendation_reminders() -> dict:
    """Periodic (hourly): remind addressees of recommendations due within a week or overdue, at most once a day."""
    from .reports.reminders import reminders_send

    return reminders_send(today=timezone.localdate())
