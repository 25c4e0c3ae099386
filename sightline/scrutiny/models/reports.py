"""Independent scrutiny officers' written reports and the recommendations in them (framework section 4: the ISOs
"prepare written reports" and report recommendations to the safeguarding partners), each recommendation answered
by every partner or agency it is addressed to, and each answer judged by the ISO."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class IsoReport(models.Model):
    class Kind(models.TextChoices):
        ACTIVITY = "activity", "One assurance activity"
        THEME = "theme", "A theme"
        REVIEWS = "reviews", "The review arrangements (rapid reviews and practice reviews)"
        LEADERSHIP = "leadership", "Leadership of the arrangements"
        ARRANGEMENTS = "arrangements", "The yearly scrutiny of the arrangements"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ISSUED = "issued", "Issued"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="iso_reports"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="iso_reports")
    kind = models.CharField("What the report is on", max_length=20, choices=Kind.choices)
    activity = models.ForeignKey(
        "assurance.Activity", null=True, blank=True, on_delete=models.PROTECT, related_name="iso_reports"
    )
    title = models.CharField(max_length=200)
    summary = models.TextField("Summary", blank=True)
    body = models.TextField("What the ISO found", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # The draft number: each saved change while drafting is the next draft, its text kept in the audit trail.
    draft = models.PositiveIntegerField(default=1)
    issued_at = models.DateTimeField(null=True, blank=True)
    priorities = models.ManyToManyField(
        "partnerships.Priority", blank=True, related_name="iso_reports", help_text="The priorities it serves"
    )
    # The plan the accepted recommendations' actions go into, made with the first response that has actions.
    action_plan = models.ForeignKey(
        "improvement.ActionPlan", null=True, blank=True, on_delete=models.PROTECT, related_name="iso_reports"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Bumped by every saved change, so an edit made from an out-of-date page is refused, not lost.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["partnership", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="activity") | Q(activity__isnull=False),
                name="iso_report_on_activity_names_it",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class IsoRecommendation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(IsoReport, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    respond_by = models.DateField("Response due")
    addressees = models.ManyToManyField(
        "partnerships.Organisation", through="RecommendationResponse", related_name="iso_recommendations"
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="iso_recommendation_number_unique"),
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.number}"


class RecommendationResponse(models.Model):
    """One addressee's answer to one recommendation, and the ISO's judgement of it."""

    class Answer(models.TextChoices):
        AWAITED = "awaited", "Response awaited"
        ACCEPTED = "accepted", "Accepted"
        PARTLY = "partly", "Partly accepted"
        NOT_ACCEPTED = "not_accepted", "Not accepted"

    class Judgement(models.TextChoices):
        NONE = "", "Not judged yet"
        SUFFICIENT = "sufficient", "Sufficient"
        INSUFFICIENT = "insufficient", "Not sufficient"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recommendation = models.ForeignKey(IsoRecommendation, on_delete=models.CASCADE, related_name="responses")
    organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="recommendation_responses"
    )
    answer = models.CharField(max_length=15, choices=Answer.choices, default=Answer.AWAITED)
    reasons = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    actions = models.ManyToManyField(
        "improvement.Action", blank=True, related_name="recommendation_responses"
    )
    judgement = models.CharField(max_length=15, choices=Judgement.choices, blank=True, default="")
    judgement_note = models.TextField(blank=True)
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    judged_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True, help_text="When the addressee was last reminded")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["recommendation__number", "organisation__name"]
        indexes = [models.Index(fields=["organisation", "answer"])]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "organisation"], name="one_response_per_addressee"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_answer_display()}"

    @property
    def is_answered(self) -> bool:
        return self.answer != self.Answer.AWAITED
