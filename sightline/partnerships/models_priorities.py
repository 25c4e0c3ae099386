"""The partnership's agreed priorities for a period (neglect, child exploitation, the voice of the child…). Plans,
assurance activities, reviews and briefings are tagged with the priorities they serve (each app keeps its own
many-to-many field to `Priority`), so progress on a priority is counted from those records."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from .models import Organisation


class Priority(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="priorities"
    )
    title = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    lead_partner = models.CharField(
        "Lead partner", max_length=10, choices=[c for c in Organisation.StatutoryPartner.choices if c[0]]
    )
    measures = models.TextField(
        "Measures", blank=True, help_text="How the partners will know it has improved, one measure a line"
    )
    starts_on = models.DateField("From")
    ends_on = models.DateField("Until")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Bumped by every saved change, so an edit made from an out-of-date page is refused, not lost.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name_plural = "priorities"
        indexes = [models.Index(fields=["partnership", "starts_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="priority_period_in_order"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def measure_list(self) -> list[str]:
        return [line.strip() for line in self.measures.splitlines() if line.strip()]

    def covers(self, start, end) -> bool:
        """Whether the priority was in force at some time between `start` and `end`."""
        return self.starts_on <= end and self.ends_on >= start
