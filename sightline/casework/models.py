"""Cases and single-agency case audits for assurance activities (line-of-sight events and partnership audits),
the panel that reads them, and the panel's preparation.

No field here holds a child's name, date of birth, address or NHS number: a case is known only by a generated
pseudonymous reference, an age band and the agencies involved, and free text is checked before it is saved
(guard.py)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class Case(models.Model):
    class AgeBand(models.TextChoices):
        UNBORN = "unborn", "Unborn (pre-birth)"
        UNDER_1 = "under_1", "Under 1"
        AGE_1_4 = "1_4", "1 to 4"
        AGE_5_10 = "5_10", "5 to 10"
        AGE_11_15 = "11_15", "11 to 15"
        AGE_16_17 = "16_17", "16 or 17"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The activity's partnership, kept here so that references are unique per partnership in the database.
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey("assurance.Activity", on_delete=models.CASCADE, related_name="cases")
    reference = models.CharField(max_length=20)
    age_band = models.CharField(max_length=10, choices=AgeBand.choices)
    agencies = models.ManyToManyField("partnerships.Organisation", related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "reference"], name="case_reference_unique"),
        ]

    def __str__(self) -> str:
        return self.reference


class PanelMember(models.Model):
    """A member of an activity's panel. The panel is the access list for the activity's case audits: its
    members read the returned audits until the activity closes."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        MEMBER = "member", "Panel member"
        ISO = "iso", "Independent scrutiny officer"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    activity = models.ForeignKey("assurance.Activity", on_delete=models.CASCADE, related_name="panel")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="panels")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["role", "user__full_name"]
        constraints = [models.UniqueConstraint(fields=["activity", "user"], name="panel_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class CaseAudit(models.Model):
    """One involved agency's audit of its own work on one case, answered on a case-audit template from the
    library. Requested → in progress → submitted (locked)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="audits")
    organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="case_audits"
    )
    template = models.ForeignKey("assessments.Template", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    due_on = models.DateField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case__created_at", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["case", "organisation"], name="case_audit_unique")]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.case.reference}: {self.organisation}"


class CaseAuditAnswer(models.Model):
    """One question's answer in one case audit: the same columns as a self-assessment's Answer, so the same
    question kinds and the same answer handling (sightline.assessments.answering) serve both."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey("assessments.Question", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)
    choice = models.CharField(max_length=80, blank=True)
    choices = models.JSONField(default=list, blank=True)
    number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    not_applicable = models.BooleanField(default=False)
    score = models.SmallIntegerField(null=True, blank=True)
    # Bumped by every save, so a second editor working from an older copy sees both versions.
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["audit", "question"], name="case_audit_answer_unique")]

    def __str__(self) -> str:
        return f"Answer to {self.question_id}"


class PanelNote(models.Model):
    """A panel member's preparation: a line of enquiry to pursue with the practitioners, or a reflective
    observation on what the audits show."""

    class Kind(models.TextChoices):
        ENQUIRY = "enquiry", "Line of enquiry"
        OBSERVATION = "observation", "Reflective observation"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    activity = models.ForeignKey("assurance.Activity", on_delete=models.CASCADE, related_name="panel_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:80]


class AuditReminder(models.Model):
    """That a person was reminded about an audit on one occasion (due soon, overdue), so each occasion is
    mentioned once."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40)
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audit", "user", "key"], name="audit_reminder_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.key} on {self.sent_on}"


class AuditEmailDay(models.Model):
    """That a person had a case-audit email on a day. Unique per person and day: the reminder job sends no
    second email that day, however often it runs."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "sent_on"], name="audit_email_day_unique")]

    def __str__(self) -> str:
        return f"Case-audit email on {self.sent_on}"
