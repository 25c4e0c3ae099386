"""Where the partnership's reports were presented to other bodies (the framework: the yearly report goes to the
council's Cabinet and scrutiny panel, the ICB's quality committee and the police's management meetings), who
presented them, what was decided and the questions raised, each of which can become an action."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

# Offered to a partnership that has not named its own bodies yet.
DEFAULT_BODIES = (
    ("council", "Council Cabinet"),
    ("scrutiny_panel", "Children and young people's scrutiny panel"),
    ("icb", "ICB quality committee"),
    ("police", "Police local management meeting"),
    ("police", "Police force management meeting"),
    ("adults_board", "Safeguarding adults board"),
)


class ReportingBody(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        SCRUTINY_PANEL = "scrutiny_panel", "Council scrutiny panel"
        ICB = "icb", "Integrated care board"
        POLICE = "police", "Police"
        ADULTS_BOARD = "adults_board", "Safeguarding adults board"
        PARTNERSHIP = "partnership", "Another partnership"
        OTHER = "other", "Other"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="reporting_bodies"
    )
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="reporting_body_name_unique"),
        ]
        verbose_name_plural = "reporting bodies"

    def __str__(self) -> str:
        return self.name


class Presentation(models.Model):
    """One report presented (or to be presented) to one body. The report is one of the partnership's records,
    named by exactly one of the keys below."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Presented"
        CANCELLED = "cancelled", "Cancelled"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="presentations"
    )
    body = models.ForeignKey(ReportingBody, on_delete=models.PROTECT, related_name="presentations")
    on = models.DateField("Date")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    presenter_name = models.CharField("Who presents", max_length=200, blank=True)
    yearly_report = models.ForeignKey(
        "governance.YearlyReport",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="presentations",
    )
    iso_report = models.ForeignKey(
        "scrutiny.IsoReport", null=True, blank=True, on_delete=models.PROTECT, related_name="presentations"
    )
    cycle = models.ForeignKey(
        "assessments.Cycle",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="presentations",
        help_text="The self-assessment cycle whose composite was presented",
    )
    briefing = models.ForeignKey(
        "improvement.LearningBriefing",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="presentations",
    )
    outcome = models.TextField("Outcome", blank=True)
    minute_reference = models.CharField("Minute reference", max_length=100, blank=True)
    reminded_on = models.DateField(
        null=True, blank=True, help_text="When the business team was last reminded"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-on"]
        indexes = [models.Index(fields=["partnership", "status", "on"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        yearly_report__isnull=False,
                        iso_report__isnull=True,
                        cycle__isnull=True,
                        briefing__isnull=True,
                    )
                    | Q(
                        yearly_report__isnull=True,
                        iso_report__isnull=False,
                        cycle__isnull=True,
                        briefing__isnull=True,
                    )
                    | Q(
                        yearly_report__isnull=True,
                        iso_report__isnull=True,
                        cycle__isnull=False,
                        briefing__isnull=True,
                    )
                    | Q(
                        yearly_report__isnull=True,
                        iso_report__isnull=True,
                        cycle__isnull=True,
                        briefing__isnull=False,
                    )
                ),
                name="presentation_of_one_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_title} to {self.body}"

    @property
    def report(self):
        return self.yearly_report or self.iso_report or self.cycle or self.briefing

    @property
    def report_title(self) -> str:
        if self.cycle_id:
            return f"Composite report of {self.cycle}"
        return str(self.report)


class PresentationQuestion(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    presentation = models.ForeignKey(Presentation, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField("Question raised")
    answer = models.TextField(blank=True)
    action = models.ForeignKey(
        "improvement.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    asked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["asked_at"]

    def __str__(self) -> str:
        return self.text[:60]
