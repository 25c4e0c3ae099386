"""The yearly report the safeguarding partners publish for each reporting period: sections the partnership keeps as
data, each with figures computed from the year's records and a narrative people write; scrutinised by an ISO,
signed off by the three lead partners, frozen with a content hash, published, sent to the national bodies and
presented to others (`presentations.py`)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

# The national bodies a published report is sent to, and how soon after publication. Kept as a field on each
# report, defaulted from here, because the guidance can change between editions (docs/yearly-report.md).
DISPATCH_WITHIN_DAYS = 7


class SectionKind(models.Model):
    """One section of the partnership's yearly report: the built-in list (`yearly/sections.py`) is copied to a
    partnership the first time it builds a report, and the business team can add sections of its own."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="report_section_kinds"
    )
    key = models.SlugField(max_length=60)
    title = models.CharField(max_length=200)
    guidance = models.TextField(
        blank=True, help_text="What the section should show, for the people writing it"
    )
    figures = models.JSONField(
        default=list, blank=True, help_text="The keys of the figures the section shows"
    )
    order = models.PositiveSmallIntegerField()
    built_in = models.BooleanField(default=False)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "key"], name="section_kind_key_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class YearlyReport(models.Model):
    class Status(models.TextChoices):
        DRAFTING = "drafting", "Drafting"
        SCRUTINY = "scrutiny", "With the ISO for scrutiny"
        SIGN_OFF = "sign_off", "With the lead partners for sign-off"
        SIGNED_OFF = "signed_off", "Signed off"
        PUBLISHED = "published", "Published"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="yearly_reports"
    )
    period_start = models.DateField("Period from")
    period_end = models.DateField("Period to")
    label = models.CharField(max_length=20, help_text="The period as people say it, such as 2025-26")
    edition = models.PositiveSmallIntegerField(default=1)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The signed-off edition this one revises",
    )
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFTING)
    iso = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The ISO who scrutinises the draft",
    )
    scrutiny_statement = models.TextField("Scrutiny statement", blank=True)
    scrutiny_done_at = models.DateTimeField(null=True, blank=True)
    frozen = models.JSONField(null=True, blank=True, help_text="Text, figures and records as signed off")
    content_hash = models.CharField(max_length=64, blank=True)
    frozen_at = models.DateTimeField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    dispatch_within_days = models.PositiveSmallIntegerField(default=DISPATCH_WITHIN_DAYS)
    sent_to_panel_on = models.DateField("Sent to the national review panel", null=True, blank=True)
    sent_to_department_on = models.DateField("Sent to the Department for Education", null=True, blank=True)
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
        ordering = ["-period_start", "-edition"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "label", "edition"], name="yearly_report_edition_unique"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")), name="yearly_report_period_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_frozen(self) -> bool:
        return self.frozen is not None


class ReportSection(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="sections")
    kind = models.ForeignKey(SectionKind, on_delete=models.PROTECT, related_name="sections")
    order = models.PositiveSmallIntegerField()
    narrative = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["report", "kind"], name="report_section_once"),
        ]

    def __str__(self) -> str:
        return self.kind.title


class SectionComment(models.Model):
    """The ISO's comment on a section of a draft (the ISO scrutinises the report before publication)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    section = models.ForeignKey(ReportSection, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Comment on {self.section}"
