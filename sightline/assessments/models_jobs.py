"""Records of work done in the background for a cycle: reminders already sent, and long exports."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class ReminderSent(models.Model):
    """One reminder of one kind to one return on one day: the scheduler checks this before sending, so a job
    that runs twice sends once, and an organisation gets at most one email a day per cycle."""

    submission = models.ForeignKey(
        "assessments.Submission", on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=40)
    sent_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "sent_on"], name="one_reminder_a_day_per_return"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.sent_on}"


class HeldEmail(models.Model):
    """An email about a return that could not go the day it was written, because the organisation had already
    had that day's email for the return. It goes in the next day's digest, or inside the next reminder."""

    submission = models.ForeignKey(
        "assessments.Submission", on_delete=models.CASCADE, related_name="held_emails"
    )
    to = models.EmailField()
    subject = models.CharField(max_length=250)
    body = models.TextField()
    held_on = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["held_on", "pk"]
        indexes = [models.Index(fields=["sent_at", "held_on"])]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to} (held {self.held_on})"


class ExportJob(models.Model):
    """A report or data export built by the worker; the page shows its progress and offers the file when done."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Being prepared"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="+")
    cycle = models.ForeignKey(
        "assessments.Cycle", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=40)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done")
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} export ({self.get_status_display()})"
