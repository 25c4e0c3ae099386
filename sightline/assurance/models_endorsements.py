"""Multi-party sign-off (ARCHITECTURE.md §3): a request to named parties, each endorsing or declining, under a
rule (all of them, or a quorum), with the outcome derived from their decisions. `endorsements.py` holds the
services; this module only the rows.

The request points at its owner through one foreign key (`activity`) plus a `subject` (what is being endorsed)
and keeps its own `partnership`, so the mechanism scopes and lists requests without knowing its owners. Another
owner (the yearly report) joins by a nullable key of its own and a check that exactly one owner is set."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class EndorsementRequest(models.Model):
    class Subject(models.TextChoices):
        THEME = "theme", "Theme"
        FORMAT = "format", "Format"
        PROGRAMME = "programme", "Programme"
        TERMS_OF_REFERENCE = "terms_of_reference", "Scope and terms of reference"
        OVERVIEW = "overview", "Overview report and recommendations"
        CASE_REQUEST = "case_request", "Request for a case-specific event"
        YEARLY_REPORT = "yearly_report", "Yearly report"

    class Rule(models.TextChoices):
        ALL = "all", "Every party endorses"
        QUORUM = "quorum", "A quorum of the parties endorses"

    class Outcome(models.TextChoices):
        PENDING = "pending", "Waiting for decisions"
        AGREED = "agreed", "Agreed"
        DECLINED = "declined", "Declined"
        SUPERSEDED = "superseded", "Replaced by a later version"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="endorsement_requests"
    )
    activity = models.ForeignKey(
        "assurance.Activity",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="endorsement_requests",
    )
    yearly_report = models.ForeignKey(
        "governance.YearlyReport",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="endorsement_requests",
    )
    subject = models.CharField(max_length=30, choices=Subject.choices)
    version = models.PositiveIntegerField(default=1)
    text = models.TextField(help_text="Exactly what the parties are asked to endorse, as it stood when asked")
    rule = models.CharField(max_length=10, choices=Rule.choices, default=Rule.ALL)
    quorum = models.PositiveSmallIntegerField(null=True, blank=True)
    # Derived from the parties' decisions by `endorsements.outcome_of` and stored with each decision, so lists
    # and guards read it without counting decisions.
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True, help_text="When the outcome was reached")

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["partnership", "outcome"])]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "subject", "version"], name="endorsement_request_version_unique"
            ),
            models.UniqueConstraint(
                fields=["yearly_report", "subject", "version"], name="endorsement_report_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(activity__isnull=False, yearly_report__isnull=True)
                | Q(activity__isnull=True, yearly_report__isnull=False),
                name="endorsement_request_has_one_owner",
            ),
            models.CheckConstraint(
                condition=(Q(rule="all") & Q(quorum__isnull=True)) | (Q(rule="quorum") & Q(quorum__gte=1)),
                name="endorsement_quorum_only_for_quorum_rule",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} (version {self.version})"

    @property
    def owner(self):
        """What is being signed off: the activity, or the yearly report."""
        return self.activity if self.activity_id else self.yearly_report

    @property
    def is_open(self) -> bool:
        return self.outcome == self.Outcome.PENDING


class EndorsementParty(models.Model):
    """One named party to a request, the capacity they sign in, and their decision."""

    class SignsFor(models.TextChoices):
        PARTNER_LA = "partner_la", "Local authority (delegated safeguarding partner)"
        PARTNER_ICB = "partner_icb", "Integrated care board (delegated safeguarding partner)"
        PARTNER_POLICE = "partner_police", "Police (delegated safeguarding partner)"
        BOARD = "board", "A board"
        ISO = "iso", "Independent scrutiny officer"

    class Decision(models.TextChoices):
        PENDING = "pending", "Not answered yet"
        ENDORSED = "endorsed", "Endorsed"
        DECLINED = "declined", "Declined"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(EndorsementRequest, on_delete=models.CASCADE, related_name="parties")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signs_for = models.CharField(max_length=20, choices=SignsFor.choices)
    order = models.PositiveSmallIntegerField(default=0)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    comment = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True, help_text="When this party was last reminded")

    class Meta:
        ordering = ["order"]
        indexes = [models.Index(fields=["user", "decision"])]
        constraints = [
            models.UniqueConstraint(fields=["request", "user"], name="endorsement_party_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} for {self.get_signs_for_display()}: {self.get_decision_display()}"


class EndorsementReminder(models.Model):
    """The one reminder email a person may get in a day about sign-offs waiting for them: the row is written
    with the email, so a job that runs twice, or hourly, sends once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    requests = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="one_endorsement_reminder_a_day"),
        ]

    def __str__(self) -> str:
        return f"Sign-off reminder for {self.user_id} on {self.sent_on}"
