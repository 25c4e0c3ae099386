"""Email is written in the transaction and sent once after commit; periodic jobs run once per interval."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from sightline.notifications import services
from sightline.notifications.models import OutboundEmail, ScheduledRun
from sightline.notifications.scheduler import JOBS, due_jobs_enqueue


@pytest.fixture
def queued(db):
    return services.send_email_on_commit(
        to="lead@example.test",
        subject="Test notice",
        template="accounts/email/role_granted.txt",
        context={"invitation": None, "sign_in_url": "http://127.0.0.1:8000"},
    )


def test_a_task_that_runs_twice_sends_one_email(queued):
    assert services.outbound_email_send(email_id=queued.pk) is True
    assert services.outbound_email_send(email_id=queued.pk) is False
    assert len(mail.outbox) == 1
    queued.refresh_from_db()
    assert queued.sent_at is not None and queued.attempts == 1


def test_an_email_carries_its_text_attachment_with_the_content_types_parameters(db):
    invitation = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nSUMMARY:Caf\u00e9 event\r\nEND:VCALENDAR\r\n"
    queued = services.send_email_on_commit(
        to="lead@example.test",
        subject="Programme",
        template="accounts/email/role_granted.txt",
        context={"invitation": None, "sign_in_url": "http://127.0.0.1:8000"},
        attachments=[services.Attachment("event.ics", "text/calendar; method=REQUEST", invitation)],
    )
    assert services.outbound_email_send(email_id=queued.pk) is True
    message = mail.outbox[0].message()
    assert message.get_content_type() == "multipart/mixed"
    (body,) = [part for part in message.walk() if part.get_content_type() == "text/plain"]
    assert "a new role" in body.get_payload(decode=True).decode()
    (part,) = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "REQUEST" and part.get_content_charset() == "utf-8"
    assert part.get_content_disposition() == "attachment" and part.get_filename() == "event.ics"
    assert part.get_payload(decode=True).decode("utf-8") == invitation


def test_only_text_is_attached(db):
    with pytest.raises(ValueError, match="Only text attachments"):
        services.Attachment("report.pdf", "application/pdf", "%PDF-")


def test_mail_server_fault_keeps_the_email_for_a_retry(queued, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nothing listens there
    assert services.outbound_email_send(email_id=queued.pk) is False
    queued.refresh_from_db()
    assert queued.sent_at is None and queued.last_error


def test_rolled_back_change_sends_nothing(db, django_capture_on_commit_callbacks):
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.send_email_on_commit(
            to="x@example.test",
            subject="never",
            template="accounts/email/role_granted.txt",
            context={"invitation": None, "sign_in_url": ""},
        )
        raise RuntimeError
    assert callbacks == [] and not OutboundEmail.objects.exists() and mail.outbox == []


def test_scheduler_runs_each_job_once_per_interval(db, run_on_commit):
    now = timezone.now()
    assert set(due_jobs_enqueue(now=now)) == {job.name for job in JOBS}
    assert due_jobs_enqueue(now=now + timedelta(minutes=1)) == []
    later = due_jobs_enqueue(now=now + timedelta(minutes=11))
    assert later == ["retry-unsent-emails"]
    assert ScheduledRun.objects.count() == len(JOBS)


def test_retry_job_sends_what_failed_before(queued, run_on_commit):
    from sightline.notifications.tasks import retry_unsent_emails

    OutboundEmail.objects.update(created_at=timezone.now() - timedelta(minutes=30))
    retry_unsent_emails.enqueue()
    assert len(mail.outbox) == 1


def test_abandoned_register_uploads_are_purged(world):
    from sightline.partnerships.models_import import RegisterImport
    from sightline.partnerships.tasks import purge_abandoned_register_imports

    old = RegisterImport.objects.create(
        partnership=world.partnership,
        format="csv",
        content=b"name,type\n",
        created_at=timezone.now() - timedelta(days=2),
    )
    fresh = RegisterImport.objects.create(partnership=world.partnership, format="csv", content=b"name,type\n")
    applied = RegisterImport.objects.create(
        partnership=world.partnership,
        format="csv",
        created_at=timezone.now() - timedelta(days=2),
        applied_at=timezone.now(),
    )
    purge_abandoned_register_imports.enqueue()
    assert set(RegisterImport.objects.values_list("pk", flat=True)) == {fresh.pk, applied.pk}
    assert not RegisterImport.objects.filter(pk=old.pk).exists()
