"""Assurance activities: the events, audits, call-ins and peer reviews through which the partnership tests how
well children are safeguarded (the framework's sections 2 and 4).

An Activity holds what every type shares: its place in its lifecycle (`status`, moved only by
`activities.activity_advance` along the table in `lifecycle.py`), its subject, the ISO assigned, its dates and
the record of the event. Sign-offs live in `models_endorsements`, scheduling in `models_scheduling`, and the
parts only some types have (recommendations, call-in, peer review) in `models_record`."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class Activity(models.Model):
    """One assurance activity of any type. Its lifecycle (the states it passes through and who moves it on)
    is data, per type, in `lifecycle.py`; `status` is the stored state, never guessed from other fields."""

    class Kind(models.TextChoices):
        THEMATIC = "thematic", "Thematic assurance event"
        AGENCY = "agency", "Agency-specific assurance event"
        PRACTICE_LEARNING = "practice_learning", "Practice learning line-of-sight event"
        CASE_SPECIFIC = "case_specific", "Case-specific line-of-sight event"
        PARTNERSHIP_AUDIT = "partnership_audit", "Partnership (multi-agency) audit"
        CALL_IN = "call_in", "Agency call-in"
        PEER_REVIEW = "peer_review", "Peer review"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=40)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    # What it looks at: the theme, or for a case-specific event why it is asked for (never a child's details).
    theme = models.TextField(blank=True)
    description = models.TextField(blank=True)
    format = models.TextField(blank=True, help_text="How the event will run, as proposed to the partners")
    terms_of_reference = models.TextField(blank=True)
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assurance_activities",
        help_text="The agency an agency-specific event or a call-in is about",
    )
    involved_agencies = models.ManyToManyField(
        "partnerships.Organisation", blank=True, related_name="assurance_involvements"
    )
    iso = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assurance_assignments",
        help_text="The independent scrutiny officer assigned",
    )

    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    # Bumped each time the programme is sent, so calendars replace the earlier invitation (RFC 5545 SEQUENCE).
    invitation_sequence = models.PositiveIntegerField(default=0)

    lines_of_questioning = models.TextField(blank=True)
    highlights = models.TextField(blank=True)
    findings = models.TextField(blank=True)
    immediate_actions = models.TextField(blank=True)
    overview = models.TextField(blank=True)
    action_plan = models.ForeignKey(
        "improvement.ActionPlan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assurance_activities",
    )
    publish_highlights = models.BooleanField(default=False)
    publication_text = models.TextField(blank=True)
    priorities = models.ManyToManyField(
        "partnerships.Priority", blank=True, related_name="activities", help_text="The priorities it serves"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    # Bumped by every saved edit of its details or record, so an editor working from an older copy is told and
    # shown what was saved, not overwritten (ARCHITECTURE.md §4, rule 6).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "activities"
        indexes = [
            models.Index(fields=["partnership", "kind", "status"]),
            models.Index(fields=["partnership", "starts_at"]),
        ]

    def __str__(self) -> str:
        return self.title


class ActivityTransition(models.Model):
    """One move of an activity along its lifecycle: who, when, from what to what, and why. The audit trail
    holds the same facts for the record; this table lets the activity's task list show them in one query."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=40, blank=True)
    to_state = models.CharField(max_length=40)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at"]
        indexes = [models.Index(fields=["activity", "at"])]

    def __str__(self) -> str:
        return f"{self.from_state or 'new'} → {self.to_state}"


# The other model modules, so Django finds them with this app's models.
from .models_endorsements import EndorsementParty, EndorsementReminder, EndorsementRequest  # noqa: E402, F401
from .models_record import CallIn, PeerReview, Recommendation  # noqa: E402, F401
from .models_scheduling import (  # noqa: E402, F401
    CalendarFeed,
    CandidateAnswer,
    CandidateDate,
    Participant,
    ProgrammeItem,
    Unavailability,
)
