"""Email and in-app notices. Emails are written in the caller's transaction and sent by the worker after
commit, so a rolled-back change never sends mail and a committed one always does. An email may carry text
attachments (a calendar invitation), written with it."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Notice, OutboundEmail

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    """A text file sent with an email. `content_type` may carry parameters, which are sent as they are (a
    calendar invitation's "text/calendar; method=REQUEST")."""

    filename: str
    content_type: str
    content: str

    def __post_init__(self):
        # Checked when the email is written, in the caller's transaction, not later by the worker.
        if not self.content_type.startswith("text/"):
            raise ValueError(f"Only text attachments are sent: {self.content_type}")


def send_email_on_commit(
    *, to: str, subject: str, template: str, context: dict, attachments: Sequence[Attachment] = ()
) -> OutboundEmail:
    body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
    email = OutboundEmail.objects.create(
        to=to, subject=subject, body=body, attachments=[asdict(a) for a in attachments]
    )
    transaction.on_commit(lambda: _enqueue_send(email.pk))
    return email


def _mime_part(attachment: dict) -> MIMEText:
    content_type, *parameters = (part.strip() for part in attachment["content_type"].split(";"))
    part = MIMEText(attachment["content"], content_type.split("/", 1)[1], "utf-8")
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        part.set_param(name.strip(), value.strip().strip('"'))
    part.add_header("Content-Disposition", "attachment", filename=attachment["filename"])
    return part


def _message(email: OutboundEmail) -> EmailMessage:
    message = EmailMessage(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to])
    for attachment in email.attachments:
        message.attach(_mime_part(attachment))
    return message


def _enqueue_send(email_id) -> None:
    from .tasks import send_outbound_email

    send_outbound_email.enqueue(email_id=str(email_id))


def notice_create(*, user, title: str, body: str = "", url: str = "", partnership=None) -> Notice:
    return Notice.objects.create(user=user, title=title, body=body, url=url, partnership=partnership)


@transaction.atomic
def notice_mark_read(*, user, notice_id) -> None:
    Notice.objects.filter(user=user, pk=notice_id, read_at__isnull=True).update(read_at=timezone.now())


def outbound_email_send(*, email_id) -> bool:
    """Send one queued email once. Returns whether this call sent it."""
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.sent_at is not None:
            return False
        email.attempts += 1
        try:
            _message(email).send()
        except Exception as error:  # a mail server fault must not lose the email: keep it for a retry
            email.last_error = str(error)[:500]
            email.save(update_fields=["attempts", "last_error"])
            logger.warning("Email %s not sent: %s", email.pk, error)
            return False
        email.sent_at = timezone.now()
        email.save(update_fields=["attempts", "sent_at"])
        return True


def outbound_emails_unsent(*, older_than_minutes: int = 5):
    cutoff = timezone.now() - timezone.timedelta(minutes=older_than_minutes)
    return OutboundEmail.objects.filter(sent_at__isnull=True, created_at__lt=cutoff, attempts__lt=10)
