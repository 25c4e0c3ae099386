"""Meetings of the partnership's groups (the learning group, the board, the practice review group), their agendas
and the decision on each item (framework section 5: the learning group monitors action plans to completion and
reports to the board through its chair)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="meetings"
    )
    group = models.ForeignKey("partnerships.Group", on_delete=models.PROTECT, related_name="meetings")
    # The date set for the meeting until it is recorded as held; from then on, the day it actually met.
    held_on = models.DateField("Date")
    title = models.CharField(max_length=200)
    present = models.TextField("Who was there", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "title"]
        indexes = [models.Index(fields=["partnership", "group", "held_on"])]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    """One item on a meeting's agenda: built from the state of the plans (a new plan handed over, a completion
    proposed, an overdue action, a plan ready to close, an escalation), or added by the chair."""

    class Kind(models.TextChoices):
        NEW_PLAN = "new_plan", "New action plan handed over"
        COMPLETION = "completion", "Completion proposed"
        OVERDUE = "overdue", "Overdue action"
        NEAR_COMPLETION = "near_completion", "Plan ready to close"
        ESCALATION = "escalation", "Escalation to the board"
        ISO_REPORT = "iso_report", "Independent scrutiny report to present"
        DISPUTE_LEARNING = "dispute_learning", "Learning from a resolved dispute"
        OTHER = "other", "Other business"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    plan = models.ForeignKey(
        "improvement.ActionPlan", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    action = models.ForeignKey(
        "improvement.Action", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    escalation = models.ForeignKey(
        "improvement.Escalation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    iso_report = models.ForeignKey(
        "scrutiny.IsoReport", null=True, blank=True, on_delete=models.CASCADE, related_name="agenda_items"
    )
    dispute = models.ForeignKey(
        "scrutiny.Dispute", null=True, blank=True, on_delete=models.CASCADE, related_name="agenda_items"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the item was built from the state of the plans",
    )

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["meeting", "order"], name="agenda_order_unique")]

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    """What the meeting decided on one item. A decision on an action is made through the improvement app's
    services, so the action's history and state change with it."""

    class Kind(models.TextChoices):
        VERIFY = "verify", "Verify: the action has made its difference"
        RETURN = "return", "Return to the owner, with the reason"
        EXTEND = "extend", "Extend the due date, with the reason"
        ESCALATE = "escalate", "Escalate to the board"
        RESOLVE = "resolve", "Resolve the escalation"
        NOTE = "note", "Note"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="decision")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.TextField(blank=True, help_text="The reason, or what was noted")
    new_due_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now, help_text="When the decision was recorded")
    decided_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day of the meeting that took it, set when the meeting is recorded as held",
    )

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.item}"
