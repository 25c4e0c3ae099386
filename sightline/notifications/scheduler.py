"""A small scheduler for periodic jobs: every JOB runs at most once per interval across all scheduler
processes. It enqueues tasks; the worker runs them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import ScheduledRun


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    task_path: str


JOBS = [
    Job("retry-unsent-emails", timedelta(minutes=10), "sightline.notifications.tasks.retry_unsent_emails"),
    Job("clear-expired-sessions", timedelta(hours=6), "sightline.notifications.tasks.clear_expired_sessions"),
    Job(
        "purge-abandoned-register-imports",
        timedelta(hours=6),
        "sightline.partnerships.tasks.purge_abandoned_register_imports",
    ),
    Job(
        "send-cycle-reminders",
        timedelta(hours=1),
        "sightline.assessments.tasks_reminders.send_cycle_reminders",
    ),
    Job("purge-old-exports", timedelta(hours=6), "sightline.assessments.tasks.purge_old_exports"),
    Job("flag-escalations", timedelta(hours=1), "sightline.improvement.tasks.flag_escalations"),
    Job("send-action-reminders", timedelta(hours=1), "sightline.improvement.tasks.send_action_reminders"),
    Job(
        "send-case-audit-reminders", timedelta(hours=1), "sightline.casework.tasks.send_case_audit_reminders"
    ),
    Job(
        "send-endorsement-reminders",
        timedelta(hours=1),
        "sightline.assurance.tasks.send_endorsement_reminders",
    ),
    Job(
        "send-presentation-reminders",
        timedelta(hours=1),
        "sightline.governance.presentations.tasks.send_presentation_reminders",
    ),
    Job(
        "send-yearly-report-dispatch-reminders",
        timedelta(hours=1),
        "sightline.governance.yearly.tasks.send_dispatch_reminders",
    ),
    Job(
        "send-recommendation-reminders",
        timedelta(hours=1),
        "sightline.scrutiny.tasks.send_recommendation_reminders",
    ),
    Job("audit-checkpoint", timedelta(days=1), "sightline.audit.tasks.write_audit_checkpoint"),
]


def due_jobs_enqueue(*, now=None, jobs: list[Job] | None = None) -> list[str]:
    """Enqueue each job whose interval has passed; return the names enqueued."""
    from django.utils.module_loading import import_string

    now = now or timezone.now()
    enqueued = []
    for job in jobs or JOBS:
        with transaction.atomic():
            run, _ = ScheduledRun.objects.get_or_create(name=job.name)
            run = ScheduledRun.objects.select_for_update().get(pk=run.pk)
            if run.last_run_at is not None and now - run.last_run_at < job.every:
                continue
            run.last_run_at = now
            run.save(update_fields=["last_run_at"])
            task = import_string(job.task_path)
            transaction.on_commit(task.enqueue)
            enqueued.append(job.name)
    return enqueued
