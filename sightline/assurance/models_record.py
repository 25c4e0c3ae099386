"""What only some activities have: the overview report's recommendations, an agency call-in's particulars and a
peer review's. Each belongs to one activity, so it belongs to that activity's partnership."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class Recommendation(models.Model):
    """One recommendation of an activity's overview report, numbered within it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    activity = models.ForeignKey(
        "assurance.Activity", on_delete=models.CASCADE, related_name="recommendations"
    )
    number = models.PositiveIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["activity", "number"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "number"], name="recommendation_number_unique"),
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.number}"


class CallIn(models.Model):
    """An agency called in to assure the partnership (framework section 2): why, where, the questions put to it,
    its answer (entered by the agency's safeguarding lead), and what came of it."""

    class Reason(models.TextChoices):
        SECTION_11 = "section_11", "Its Section 11 responsibilities"
        CONTRIBUTION = "contribution", "Its contribution to the safeguarding arrangements"
        SPECIFIC_ISSUE = "specific_issue", "A specific issue"

    class Venue(models.TextChoices):
        BOARD = "board", "The partnership board"
        SUBGROUP = "subgroup", "A subgroup of the partnership"
        BESPOKE = "bespoke", "A bespoke meeting or event"

    activity = models.OneToOneField(
        "assurance.Activity", on_delete=models.CASCADE, primary_key=True, related_name="call_in"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    reason_detail = models.TextField(blank=True)
    venue = models.CharField(max_length=10, choices=Venue.choices)
    venue_detail = models.CharField(max_length=200, blank=True, help_text="Which subgroup or meeting")
    questions = models.TextField(blank=True)
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    follow_up = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Call-in: {self.activity}"


class PeerReview(models.Model):
    """A peer review, reciprocal: we review another area, or another area reviews us. The other partnership is
    named in words, as it may not use Sightline; the findings are the activity's own."""

    class Direction(models.TextChoices):
        WE_REVIEW = "we_review", "We review another area"
        REVIEWED = "reviewed", "Another area reviews us"

    activity = models.OneToOneField(
        "assurance.Activity", on_delete=models.CASCADE, primary_key=True, related_name="peer_review"
    )
    direction = models.CharField(max_length=12, choices=Direction.choices)
    other_partnership = models.CharField(max_length=200)
    team = models.TextField(blank=True, help_text="Who reviews: names and roles")
    response = models.TextField(blank=True, help_text="The reviewed partnership's response to the findings")
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Peer review: {self.activity}"
