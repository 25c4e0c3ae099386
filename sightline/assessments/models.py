import uuid

from django.conf import settings
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


class Cycle(models.Model):
    """One year's run of a self-assessment for a partnership: launched to every organisation in its audience,
    closed at the deadline (locking, never deleting), reported to the board(s), then followed up six months on."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        COMPOSITE_ISSUED = "composite_issued", "Composite issued"
        PROGRESS_ROUND = "progress_round", "Progress round"
        ARCHIVED = "archived", "Archived"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="cycles"
    )
    template = models.ForeignKey(Template, on_delete=models.PROTECT, related_name="cycles")
    title = models.CharField(max_length=200)
    reports_to_board = models.BooleanField("Reports to the children's partnership board", default=True)
    reports_to_sab = models.BooleanField("Reports to the safeguarding adults board", default=False)
    audience_types = models.JSONField(default=list)
    audience_organisations = models.ManyToManyField(
        "partnerships.Organisation",
        blank=True,
        related_name="+",
        help_text="Organisations named to take part, whatever their type",
    )
    opens_on = models.DateField()
    closes_on = models.DateField()
    progress_due_on = models.DateField()
    reminder_days = models.JSONField(
        default=list, help_text="Working days before closing when reminders go out"
    )
    remind_weekly_when_overdue = models.BooleanField(default=True)
    sign_off_by = models.JSONField(default=list, help_text="The offices that must sign off a return")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opens_on", "title"]
        indexes = [models.Index(fields=["partnership", "status"])]

    def __str__(self) -> str:
        return self.title


class Submission(models.Model):
    """One organisation's return for a cycle."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        AWAITING_SIGN_OFF = "awaiting_sign_off", "Awaiting sign-off"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned with challenge"
        ACCEPTED = "accepted", "Accepted"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="submissions")
    organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="submissions"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    due_on = models.DateField(help_text="The cycle's closing date, or this organisation's extension")
    extension_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [models.UniqueConstraint(fields=["cycle", "organisation"], name="submission_unique")]
        indexes = [models.Index(fields=["cycle", "status"])]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.cycle}"


class SharedReturn(models.Model):
    """A return counted in another partnership's cycle as well as its own. An organisation in two partnerships
    whose cycles use the same template version answers once: the return belongs to the cycle that opened first,
    and the later cycle counts it too. The later partnership sees it; its own cycle keeps the deadline,
    reminders, challenge and acceptance."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="shared_returns")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="shared_with")
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cycle", "submission"], name="shared_return_unique")]

    def __str__(self) -> str:
        return f"{self.submission} (also in {self.cycle})"


from .models_answers import ActionArising, Answer, Challenge, SectionAssignment, SignOff  # noqa: E402, F401
from .models_evidence import EvidenceFile  # noqa: E402, F401
from .models_jobs import ExportJob, HeldEmail, ReminderSent  # noqa: E402, F401
