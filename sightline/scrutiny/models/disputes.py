"""Disagreements between the safeguarding partners, or between agencies about multi-agency practice, taken up the
partnership's escalation stages until resolved (the ISO "may also assist with the dispute resolution process").
Read only by its parties, the business team and an ISO asked to assist."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

# Used for a partnership that has not set its own stages.
DEFAULT_STAGES = (
    ("Practitioners", "The practitioners involved talk it through and try to agree."),
    ("Managers", "Their line managers take it up with each other."),
    ("Senior leaders", "Senior leaders of the agencies meet to resolve it."),
    ("Safeguarding partners", "The delegated safeguarding partners decide."),
    ("Independent scrutiny", "An independent scrutiny officer is asked to assist."),
)


class DisputeStage(models.Model):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="dispute_stages"
    )
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "order"], name="dispute_stage_order_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Dispute(models.Model):
    class Between(models.TextChoices):
        PARTNERS = "partners", "The safeguarding partners"
        AGENCIES = "agencies", "Agencies, about multi-agency practice"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="disputes"
    )
    between = models.CharField(max_length=10, choices=Between.choices)
    subject = models.CharField(max_length=200)
    description = models.TextField("What the disagreement is about")
    parties = models.ManyToManyField("partnerships.Organisation", related_name="disputes")
    stage = models.ForeignKey(DisputeStage, on_delete=models.PROTECT, related_name="disputes")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    assisting_iso = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assisted_disputes",
    )
    outcome = models.TextField(blank=True)
    learning = models.TextField("Learning for the learning group", blank=True)
    # Set when the learning is put on a meeting of the learning group (the agenda builder picks it up).
    learning_on_agenda_at = models.DateTimeField(null=True, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_on = models.DateField(default=timezone.localdate)
    resolved_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-raised_on", "subject"]
        indexes = [models.Index(fields=["partnership", "status"])]

    def __str__(self) -> str:
        return self.subject


class DisputeStep(models.Model):
    """One move of a dispute: raised at a stage, escalated to the next, an ISO asked to assist, resolved."""

    class Kind(models.TextChoices):
        RAISED = "raised", "Raised"
        ESCALATED = "escalated", "Escalated"
        ISO_ASKED = "iso_asked", "ISO asked to assist"
        NOTE = "note", "Note"
        RESOLVED = "resolved", "Resolved"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    stage = models.ForeignKey(DisputeStage, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.stage}"
