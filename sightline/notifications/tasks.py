from django_tasks import task

from . import services


@task()
def send_outbound_email(*, email_id: str) -> bool:
    return services.outbound_email_send(email_id=email_id)


@task()
def retry_unsent_emails() -> int:
    """Periodic: send emails whose first attempt failed (a mail server that was down)."""
    sent = 0
    for email in services.outbound_emails_unsent():
        sent += services.outbound_email_send(email_id=email.pk)
    return sent


@task()
def clear_expired_sessions() -> None:
    """Periodic: remove expired sessions from the database, and the one-time form tokens of pages that old."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from sightline.core.once import form_tokens_purge

    Session.objects.filter(expire_date__lt=timezone.now()).delete()
    form_tokens_purge()
