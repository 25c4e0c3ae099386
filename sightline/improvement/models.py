"""Action plans and their actions, each action's history and evidence, escalations to the board, and the
reminders already sent. The reviews register lives in models_reviews."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ActionPlan(models.Model):
    """What needs to change after a piece of scrutiny, with owners and dates, linked to where it came from.

    A plan with an `owner_organisation` is a single-agency plan: only that organisation and the partnership-wide
    roles see it. `monitoring_group` is the group that follows it to completion (the learning group by default,
    or the board); it is empty only for a single-agency plan its own agency monitors."""

    class SourceKind(models.TextChoices):
        # A modelled source has its own nullable foreign key below; the rest are described in words until
        # their app exists (assurance events, independent scrutiny reports), when each gets a key of its own.
        COMPOSITE = "composite", "A self-assessment composite"
        SUBMISSION = "submission", "One organisation's self-assessment return"
        REVIEW = "review", "A case in the reviews register"
        NATIONAL_REVIEW = "national_review", "A national review or report"
        SCRUTINY_REPORT = "scrutiny_report", "An independent scrutiny report"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="action_plans"
    )
    title = models.CharField(max_length=200)
    source_kind = models.CharField(max_length=30, choices=SourceKind.choices)
    # RESTRICT, not PROTECT: a source cannot be deleted while a plan names it, but a partnership's deletion takes
    # its cycles, register and plans together.
    source_cycle = models.ForeignKey(
        "assessments.Cycle", null=True, blank=True, on_delete=models.RESTRICT, related_name="action_plans"
    )
    source_submission = models.ForeignKey(
        "assessments.Submission",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="action_plans",
    )
    source_review = models.ForeignKey(
        "improvement.Review", null=True, blank=True, on_delete=models.RESTRICT, related_name="action_plans"
    )
    source_description = models.TextField(blank=True)
    owner_organisation = models.ForeignKey(
        "partnerships.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="single_agency_plans",
    )
    monitoring_group = models.ForeignKey(
        "partnerships.Group", null=True, blank=True, on_delete=models.RESTRICT, related_name="monitored_plans"
    )
    reports_to = models.ManyToManyField("partnerships.Group", related_name="reporting_plans", blank=True)
    priorities = models.ManyToManyField(
        "partnerships.Priority", blank=True, related_name="action_plans", help_text="The priorities it serves"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closing_note = models.TextField(blank=True, help_text="What was learned, for the board's summary")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["partnership", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(monitoring_group__isnull=False) | Q(owner_organisation__isnull=False),
                name="plan_monitored_by_a_group_or_its_agency",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_single_agency(self) -> bool:
        return self.owner_organisation_id is not None

    @property
    def source_label(self) -> str:
        if self.source_kind == self.SourceKind.COMPOSITE and self.source_cycle_id:
            return f"Composite report of {self.source_cycle}"
        if self.source_kind == self.SourceKind.SUBMISSION and self.source_submission_id:
            return f"Return: {self.source_submission}"
        if self.source_kind == self.SourceKind.REVIEW and self.source_review_id:
            return f"Reviews register: {self.source_review}"
        return self.get_source_kind_display()


class Action(models.Model):
    """One thing an organisation will do, the difference it should make and how that will be known. Its state
    moves only through the services in `actions`, by the table in `lifecycle`."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETION_PROPOSED = "completion_proposed", "Completion proposed"
        VERIFIED = "verified", "Verified"
        CLOSED = "closed", "Closed"
        DEFERRED = "deferred", "Deferred"
        CANCELLED = "cancelled", "Cancelled"

    class Priority(models.TextChoices):
        HIGH = "high", "High"
        MEDIUM = "medium", "Medium"
        LOW = "low", "Low"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    number = models.PositiveIntegerField(help_text="The action's number within its plan")
    what = models.TextField()
    intended_impact = models.TextField(blank=True)
    impact_measure = models.TextField("How the impact will be known", blank=True)
    owner_organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="improvement_actions"
    )
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_name = models.CharField("Who leads it", max_length=200, blank=True)
    due_on = models.DateField()
    original_due_on = models.DateField()
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.OPEN)
    status_reason = models.TextField(blank=True, help_text="Why it was deferred or cancelled")
    returns = models.PositiveSmallIntegerField(
        default=0, help_text="Times a completion proposal was returned"
    )
    proposed_on = models.DateField(null=True, blank=True, help_text="When completion was last proposed")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True, help_text="When it was closed or cancelled")
    source_action = models.ForeignKey(
        "assessments.ActionArising", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Bumped by every edit of the details, so an editor working from an older copy is told, not overwritten.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["plan", "number"]
        indexes = [
            models.Index(fields=["owner_organisation", "status"]),
            models.Index(fields=["status", "due_on"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="action_number_unique"),
            models.UniqueConstraint(
                fields=["plan", "source_action"],
                condition=Q(source_action__isnull=False),
                name="action_imported_once_per_plan",
            ),
        ]

    def __str__(self) -> str:
        return f"Action {self.number}: {self.what[:80]}"


def action_evidence_path(instance, filename: str) -> str:
    """improvement/<yyyy>/<mm>/<random hex>: the uploaded name is kept, cleaned, for display only."""
    now = timezone.now()
    return f"improvement/{now:%Y}/{now:%m}/{uuid.uuid4().hex}"


class ActionEvidence(models.Model):
    """A file given with a progress update or a completion proposal: checked by content, stored under a random
    name outside the web root, served only through a view that checks access and logs the read."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=action_evidence_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class ActionEvent(models.Model):
    """One line of an action's history, shown on its page: every change of state, progress update, change of
    due date and escalation, with who, when and why. The audit trail holds the same facts for the record;
    this table lets the page show them in one query."""

    class Kind(models.TextChoices):
        CREATED = "created", "Action added"
        EDITED = "edited", "Details changed"
        PROGRESS = "progress", "Progress update"
        STARTED = "started", "Work started"
        PROPOSED = "proposed", "Completion proposed"
        VERIFIED = "verified", "Verified by the learning group"
        RETURNED = "returned", "Returned to the owner"
        CLOSED = "closed", "Closed"
        DEFERRED = "deferred", "Deferred"
        RESUMED = "resumed", "Resumed"
        CANCELLED = "cancelled", "Cancelled"
        EXTENDED = "extended", "Due date changed"
        ESCALATED = "escalated", "Escalated to the board"
        ESCALATION_RESOLVED = "escalation_resolved", "Escalation resolved"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30, blank=True)
    note = models.TextField(blank=True)
    due_before = models.DateField(null=True, blank=True)
    due_after = models.DateField(null=True, blank=True)
    evidence = models.ForeignKey(
        ActionEvidence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["at"]
        indexes = [models.Index(fields=["action", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"


class Escalation(models.Model):
    """An action flagged for the board: overdue beyond the threshold, returned twice, or escalated by a
    decision. It stays on the board's list, open until resolved, with what became of it."""

    class Reason(models.TextChoices):
        OVERDUE = "overdue", "Overdue beyond the threshold"
        RETURNED = "returned", "Returned twice"
        DECISION = "decision", "Escalated by decision"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="escalations")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.TextField(blank=True)
    due_on = models.DateField(help_text="The action's due date when it was escalated")
    returns = models.PositiveSmallIntegerField(default=0, help_text="Its returns when it was escalated")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        indexes = [models.Index(fields=["status", "-raised_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["action"], condition=Q(status="open"), name="one_open_escalation_per_action"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.action}"


class ActionReminder(models.Model):
    """One reminder about one action to one person: `key` names the occasion (due soon or overdue for a given
    due date, or the n-th return), so each occasion is mentioned once, and a new due date starts afresh."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40)
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "user", "key"], name="action_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.key} on {self.sent_on}"


class ReminderDigest(models.Model):
    """The one reminder email a person may get in a day about their actions: the row is written with the email,
    so a job that runs twice, or hourly, sends once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    actions = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="one_action_digest_a_day"),
        ]

    def __str__(self) -> str:
        return f"Digest for {self.user_id} on {self.sent_on}"


from .models_briefings import LearningBriefing  # noqa: E402, F401  (learning briefings live in their own module)
from .models_reviews import Review  # noqa: E402, F401  (the reviews register lives in its own module)
