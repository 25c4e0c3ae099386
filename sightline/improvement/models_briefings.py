"""Learning briefings ("7-minute briefings"): a short structured document that carries the learning from an
assurance event, a case review or a self-assessment cycle to practitioners across the partnership. The business
team drafts and approves them; an approved one can be marked ready for the public site."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

# The six sections, in the order a briefing is read: (field name, heading).
SECTIONS = [
    ("background", "Background"),
    ("findings", "What we found"),
    ("why_it_matters", "Why it matters"),
    ("what_to_do", "What to do"),
    ("questions", "Questions for reflection"),
    ("further_reading", "Further reading"),
]
SECTION_FIELDS = [name for name, _ in SECTIONS]


def _only_one_source() -> Q:
    activity, review, cycle = (
        Q(source_activity__isnull=False),
        Q(source_review__isnull=False),
        Q(source_cycle__isnull=False),
    )
    return ~(activity & review) & ~(activity & cycle) & ~(review & cycle)


class LearningBriefing(models.Model):
    """One briefing. Its source is a typed key to the record it was drafted from (at most one), or none for a
    briefing written by hand; the sections are the briefing's own text, copied from the source when it was
    started and rewritten by the business team, so a later change to the source never changes an approved
    briefing."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="learning_briefings"
    )
    title = models.CharField(max_length=200)
    # RESTRICT, as for action plans: a source cannot be deleted while a briefing names it, but a partnership's
    # deletion takes its activities, register, cycles and briefings together.
    source_activity = models.ForeignKey(
        "assurance.Activity", null=True, blank=True, on_delete=models.RESTRICT, related_name="briefings"
    )
    source_review = models.ForeignKey(
        "improvement.Review", null=True, blank=True, on_delete=models.RESTRICT, related_name="briefings"
    )
    source_cycle = models.ForeignKey(
        "assessments.Cycle", null=True, blank=True, on_delete=models.RESTRICT, related_name="briefings"
    )

    background = models.TextField(blank=True)
    findings = models.TextField("What we found", blank=True)
    why_it_matters = models.TextField("Why it matters", blank=True)
    what_to_do = models.TextField("What to do", blank=True)
    questions = models.TextField("Questions for reflection", blank=True)
    further_reading = models.TextField("Further reading", blank=True)
    priorities = models.ManyToManyField(
        "partnerships.Priority", blank=True, related_name="briefings", help_text="The priorities it serves"
    )

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    ready_to_publish = models.BooleanField(
        default=False, help_text="Set by the business team on an approved briefing; read by the public site"
    )
    ready_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # The last withdrawal, shown on the draft so the team knows what was to change.
    withdrawn_reason = models.TextField(blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every saved change, so an editor working from an older copy is told, not overwritten.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["partnership", "status", "-updated_at"])]
        constraints = [
            models.CheckConstraint(condition=_only_one_source(), name="briefing_at_most_one_source"),
            models.CheckConstraint(
                condition=Q(ready_to_publish=False) | Q(status="approved"),
                name="briefing_ready_only_when_approved",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(approved_at__isnull=False),
                name="briefing_approved_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def source(self):
        return self.source_activity or self.source_review or self.source_cycle

    @property
    def source_label(self) -> str:
        if self.source_activity_id:
            return f"{self.source_activity.get_kind_display()}: {self.source_activity}"
        if self.source_review_id:
            return f"Reviews register: {self.source_review}"
        if self.source_cycle_id:
            return f"Self-assessment composite: {self.source_cycle}"
        return "Written by hand"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def sections(self) -> list[tuple[str, str, str]]:
        """(field name, heading, text) for each of the six sections, in order."""
        return [(name, heading, getattr(self, name)) for name, heading in SECTIONS]
