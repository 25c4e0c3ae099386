from django.utils import timezone
from django_tasks import task


@task()
def send_cycle_reminders() -> dict:
    """Periodic (hourly): send the day's reminders for open cycles. Running it again the same day sends
    nothing more, because each return gets at most one reminder a day."""
    from .reminders import reminders_send

    return reminders_send(today=timezone.localdate())
