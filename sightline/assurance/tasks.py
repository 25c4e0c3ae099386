"""Periodic work for assurance activities, run by the scheduler (sightline/notifications/scheduler.py)."""

from django.utils import timezone
from django_tasks import task


@task()
def send_endorsement_reminders() -> dict:
    """Periodic (hourly): remind the parties who have not answered a sign-off; one email a day per person."""
    from .reminders import reminders_send

    return reminders_send(today=timezone.localdate())
