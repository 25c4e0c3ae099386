import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class OutboundEmail(models.Model):
    """An email written in the same transaction as the change that caused it and sent by the worker after
    commit. `sent_at` makes sending idempotent: a task that runs twice sends once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    to = models.EmailField()
    subject = models.CharField(max_length=250)
    body = models.TextField()
    # Files sent with it, each {"filename", "content_type", "content"} with text content (a calendar invitation),
    # kept with the email so that a retry sends exactly what was written.
    attachments = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"


class Notice(models.Model):
    """An in-app notice: what someone needs to know or do, with a link to where they do it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    partnership = models.ForeignKey(
        "partnerships.Partnership", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=250)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title


class ScheduledRun(models.Model):
    """When each periodic job last ran. The scheduler locks a job's row before running it, so two scheduler
    processes never run the same job for the same slot."""

    name = models.CharField(max_length=100, unique=True)
    last_run_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name
