import uuid

from django.db import models
from django.utils import timezone


class Template(models.Model):
    """One version of an assessment template, loaded from library/*.yaml. Versions are immutable once used:
    the loader refuses a changed file under a version it already holds (see docs/templates.md)."""

    class Kind(models.TextChoices):
        SECTION11 = "section11", "Section 11 self-assessment"
        SCHOOLS = "schools", "Schools, colleges and alternative provision audit"
        EARLY_YEARS = "early_years", "Early years safeguarding audit"
        CASE_AUDIT = "case_audit", "Single-agency case audit"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    key = models.SlugField(max_length=80)
    version = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=250)
    summary = models.TextField(blank=True)
    source = models.TextField(blank=True)
    audience = models.JSONField(default=list, help_text="Organisation types the template is for")
    scale = models.JSONField(help_text="The grading scale: key, allow_not_applicable and levels")
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the loaded content")
    source_file = models.CharField(max_length=250, blank=True)
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["key", "-version"]
        constraints = [models.UniqueConstraint(fields=["key", "version"], name="template_version_unique")]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    @property
    def levels(self) -> list[dict]:
        return self.scale.get("levels", [])


class Section(models.Model):
    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(max_length=80)
    title = models.CharField(max_length=250)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["template", "key"], name="section_key_unique")]

    def __str__(self) -> str:
        return self.title


class Standard(models.Model):
    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="standards")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="standards")
    key = models.SlugField(max_length=80)
    title = models.CharField(max_length=250)
    guidance = models.TextField(blank=True)
    good_evidence = models.TextField(blank=True)
    source = models.TextField(blank=True)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["template", "key"], name="standard_key_unique")]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        RATING = "rating", "Rating on the template's scale"
        YES_NO_PARTLY = "yes_no_partly", "Yes, no or partly"
        YES_NO = "yes_no", "Yes or no"
        SINGLE_CHOICE = "single_choice", "One choice"
        MULTIPLE_CHOICE = "multiple_choice", "Several choices (checklist)"
        TEXT = "text", "Text"
        NUMBER = "number", "Number"
        DATE = "date", "Date"
        EVIDENCE = "evidence", "Evidence files"

    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="questions")
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=80)
    text = models.TextField()
    hint = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    required = models.BooleanField(default=True)
    choices = models.JSONField(default=list, blank=True)
    show_if = models.JSONField(default=dict, blank=True)
    minimum = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    maximum = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["template", "key"], name="question_key_unique")]

    def __str__(self) -> str:
        return self.text[:80]
