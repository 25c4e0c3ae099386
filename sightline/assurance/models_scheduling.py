"""Scheduling an activity: the dates put forward and who they suit, when people are away, the programme, the
people taking part (and whether they came), and each person's calendar feed."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class CandidateDate(models.Model):
    """A date and time put forward for an activity, for the key people to say whether it suits them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    activity = models.ForeignKey("assurance.Activity", on_delete=models.CASCADE, related_name="candidates")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="candidate_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class CandidateAnswer(models.Model):
    """Whether a candidate date suits one person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    candidate = models.ForeignKey(CandidateDate, on_delete=models.CASCADE, related_name="answers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    suits = models.BooleanField()
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["candidate", "user"], name="candidate_answer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {'suits' if self.suits else 'does not suit'}"


class Unavailability(models.Model):
    """A stretch of days on which a person (an ISO, a partner) cannot take part in anything. It is theirs, not
    a partnership's: an ISO serving two areas records it once. No reason is kept."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unavailability"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_on"]
        verbose_name_plural = "unavailability"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="unavailable_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on} to {self.ends_on}"


class ProgrammeItem(models.Model):
    """One item of the programme on the day: when, what, and who leads it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    activity = models.ForeignKey("assurance.Activity", on_delete=models.CASCADE, related_name="programme")
    starts = models.TimeField()
    ends = models.TimeField()
    title = models.CharField(max_length=200)
    who = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["starts", "ends"]

    def __str__(self) -> str:
        return f"{self.starts:%H:%M} {self.title}"


class Participant(models.Model):
    """Someone taking part: a person with a Sightline account (emailed the programme and its invitation), or a
    practitioner named in words for the attendance record only."""

    class Role(models.TextChoices):
        PANEL = "panel", "Panel member"
        PARTNER = "partner", "Safeguarding partner or representative"
        AGENCY = "agency", "Agency representative"
        PRACTITIONER = "practitioner", "Practitioner"
        ISO = "iso", "Independent scrutiny officer"
        BUSINESS_TEAM = "business_team", "Partnership business team"
        OTHER = "other", "Other"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    activity = models.ForeignKey("assurance.Activity", on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        "partnerships.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    invited_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["role", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "user"],
                condition=Q(user__isnull=False),
                name="participant_once_per_person",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CalendarFeed(models.Model):
    """A person's secret calendar address. Only a hash of its token is kept, so the address is shown once, when
    made; its owner can revoke it or make a new one (which ends the old)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user_id}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
