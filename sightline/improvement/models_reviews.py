"""The reviews register: serious incident notifications and rapid reviews, with their working-day deadlines
(domain REFERENCE §2), the decision on a further review, who chaired it, and the action plan that followed."""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from sightline.core.working_days import add_working_days

# Working Together 2023: the local authority notifies the national panel within 5 working days of becoming
# aware of a serious incident, and the rapid review is completed within 15 working days of the notification.
NOTIFICATION_WORKING_DAYS = 5
RAPID_REVIEW_WORKING_DAYS = 15


class Review(models.Model):
    """One serious incident in the register, by its pseudonymous case reference: no child is named here."""

    class Decision(models.TextChoices):
        PENDING = "", "Not decided yet"
        LCSPR = "lcspr", "Local child safeguarding practice review"
        NON_STATUTORY = "non_statutory", "Non-statutory review"
        NO_FURTHER_REVIEW = "no_further_review", "No further review"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="case_reviews"
    )
    reference = models.CharField(max_length=40)
    summary = models.TextField(blank=True)
    became_aware_on = models.DateField()
    notified_on = models.DateField(null=True, blank=True)
    rapid_review_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True, default="")
    decided_on = models.DateField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chair_name = models.CharField(max_length=200, blank=True)
    priorities = models.ManyToManyField(
        "partnerships.Priority", blank=True, related_name="reviews", help_text="The priorities it serves"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-became_aware_on", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "reference"], name="review_reference_unique"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def notification_due_on(self) -> date:
        return add_working_days(self.became_aware_on, NOTIFICATION_WORKING_DAYS)

    @property
    def rapid_review_due_on(self) -> date:
        """Counted from the notification; until it is made, from the last day it may be made."""
        return add_working_days(self.notified_on or self.notification_due_on, RAPID_REVIEW_WORKING_DAYS)

    @property
    def rapid_review_due_is_provisional(self) -> bool:
        return self.notified_on is None

    @property
    def chaired_by(self) -> str:
        return str(self.chair) if self.chair_id else self.chair_name

    def notification_late(self, today: date) -> bool:
        due = self.notification_due_on
        return self.notified_on > due if self.notified_on else today > due

    def rapid_review_late(self, today: date) -> bool:
        due = self.rapid_review_due_on
        return self.rapid_review_on > due if self.rapid_review_on else today > due
