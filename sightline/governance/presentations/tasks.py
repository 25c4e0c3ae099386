"""Periodic work for the register of presentations, run by the scheduler (sightline/notifications/scheduler.py)."""

from django.utils import timezone
from django_tasks import task


@task()
def send_presentation_reminders() -> dict:
    """Periodic (hourly): remind the business team of presentations a week away or past their date and still
    planned; each presentation at most once a day."""
    from .reminders import reminders_send

    return reminders_send(today=timezone.localdate())
