"""A task that runs twice sends one email: every queued email's send task is enqueued twice, and two workers
drain the queue at the same time. Each email must leave exactly once."""

from __future__ import annotations

import subprocess
import sys
import time
from email import message_from_bytes

from .harness import BUILD, PROJECT_ROOT, app_environment

EMAILS = 60
SUBJECT = "Drill email"


def _sent_subjects() -> list[str]:
    """The subjects of the drill's own messages written so far (the cycle's launch emails are left out)."""
    subjects = []
    for path in sorted((BUILD / "mail").glob("*.log")):
        # The file backend writes each message followed by a line of dashes.
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                subject = message_from_bytes(chunk.strip()).get("Subject", "")
                if subject.startswith(SUBJECT):
                    subjects.append(subject)
    return subjects


def run() -> dict:
    from sightline.notifications.models import OutboundEmail
    from sightline.notifications.tasks import send_outbound_email

    mail = BUILD / "mail"
    mail.mkdir(parents=True, exist_ok=True)
    for old in mail.glob("*.log"):
        old.unlink()
    emails = OutboundEmail.objects.bulk_create(
        OutboundEmail(to=f"person{n}@drill.sightline.test", subject=f"{SUBJECT} {n:03d}", body="A drill.")
        for n in range(EMAILS)
    )
    for email in emails:
        for _ in range(
            2
        ):  # the same task twice: a retry after a lost acknowledgement, or a duplicate enqueue
            send_outbound_email.enqueue(email_id=str(email.pk))

    started = time.monotonic()
    workers = [
        subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--interval", "0.1"],
            cwd=PROJECT_ROOT,
            env=app_environment(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    for worker in workers:
        _, errors = worker.communicate(timeout=600)
        if worker.returncode != 0:
            raise RuntimeError(f"a worker failed:\n{errors.decode()[-2000:]}")
    wall = time.monotonic() - started

    subjects = _sent_subjects()
    duplicates = sorted({s for s in subjects if subjects.count(s) > 1})
    unsent = OutboundEmail.objects.filter(pk__in=[e.pk for e in emails], sent_at__isnull=True).count()
    figures = {
        "emails queued": EMAILS,
        "send tasks run (two per email, two workers)": 2 * EMAILS,
        "messages written": len(subjects),
        "sent more than once": len(duplicates),
        "left unsent": unsent,
        "wall time (s)": round(wall, 1),
    }
    assert not duplicates, f"sent more than once: {duplicates[:5]}"
    assert unsent == 0 and len(subjects) == EMAILS, f"{len(subjects)} messages for {EMAILS} emails"
    return figures
