"""What an organisation records in its return: one row per answered question (so composite figures are SQL
aggregates), the actions arising per standard, evidence files, section assignments, sign-offs and challenges."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class Answer(models.Model):
    """One question's answer in one return. `version` rises with every save so a second editor working from an
    older copy is shown both versions instead of overwriting."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    submission = models.ForeignKey("assessments.Submission", on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey("assessments.Question", on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(blank=True)
    choice = models.CharField(
        max_length=80, blank=True, help_text="A rating level, yes/no/partly or one choice"
    )
    choices = models.JSONField(default=list, blank=True, help_text="The ticked items of a checklist")
    number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    not_applicable = models.BooleanField(default=False)
    score = models.SmallIntegerField(
        null=True, blank=True, help_text="The rating's score, for composite figures"
    )
    carried_forward = models.BooleanField(
        default=False, help_text="Brought from last cycle's return and not yet confirmed or changed"
    )
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "question"], name="answer_unique")]
        indexes = [models.Index(fields=["question", "score"])]

    def __str__(self) -> str:
        return f"Answer to {self.question_id}"


class ActionArising(models.Model):
    """An action an organisation commits to under a standard: what, who leads, by when; updated in the
    six-month progress round."""

    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Complete"

    class Rag(models.TextChoices):
        GREEN = "green", "Green: on track"
        AMBER = "amber", "Amber: at risk"
        RED = "red", "Red: off track"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    submission = models.ForeignKey("assessments.Submission", on_delete=models.CASCADE, related_name="actions")
    standard = models.ForeignKey("assessments.Standard", on_delete=models.PROTECT, related_name="actions")
    what = models.TextField()
    lead = models.CharField("Who leads it", max_length=200)
    due_on = models.DateField("By when")
    progress = models.CharField(max_length=20, choices=Progress.choices, default=Progress.NOT_STARTED)
    rag = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    commentary = models.TextField(blank=True)
    progress_updated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "created_at"]

    def __str__(self) -> str:
        return self.what[:80]


class SectionAssignment(models.Model):
    """A colleague asked by the lead to complete one section."""

    submission = models.ForeignKey(
        "assessments.Submission", on_delete=models.CASCADE, related_name="assignments"
    )
    section = models.ForeignKey("assessments.Section", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="section_assignments"
    )
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "section", "user"], name="section_assignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.section}"


class SignOff(models.Model):
    """A named signatory's sign-off of a return, in one of the offices the cycle requires."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    submission = models.ForeignKey(
        "assessments.Submission", on_delete=models.CASCADE, related_name="sign_offs"
    )
    office = models.CharField(max_length=120)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200)
    signed_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["signed_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.office})"


class Challenge(models.Model):
    """The business team's challenge on one standard of a returned submission, and the organisation's reply."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    submission = models.ForeignKey(
        "assessments.Submission", on_delete=models.CASCADE, related_name="challenges"
    )
    standard = models.ForeignKey("assessments.Standard", on_delete=models.PROTECT, related_name="+")
    comment = models.TextField()
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    response = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["raised_at"]

    def __str__(self) -> str:
        return self.comment[:80]
