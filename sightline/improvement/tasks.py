"""Periodic work for learning and improvement, run by the scheduler (sightline/notifications/scheduler.py)."""

from django.utils import timezone
from django_tasks import task


@task()
def flag_escalations() -> int:
    """Periodic: flag for the board every action overdue beyond the threshold or returned twice. Running it
    again flags nothing more."""
    from .escalation import escalations_flag

    return escalations_flag(today=timezone.localdate())


@task()
def send_action_reminders() -> dict:
    """Periodic (hourly): the day's reminder digests. Each person gets at most one email a day."""
    from .reminders import reminders_send

    return reminders_send(today=timezone.localdate())
