from django.utils import timezone
from django_tasks import task


@task()
def send_cycle_reminders() -> dict:
    """Periodic (hourly): send the day's reminders for open cycles, then the digests of emails held from earlier
    days. Running it again the same day sends nothing more, because each return gets at most one email a day."""
    from .daily_email import digests_send
    from .reminders import reminders_send

    today = timezone.localdate()
    sent = reminders_send(today=today)
    sent["digests"] = digests_send(today=today)
    return sent
