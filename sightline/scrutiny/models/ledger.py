"""Independent scrutiny: the pool of independent scrutiny officers (ISOs), each one's yearly day budget per
partnership, and the ledger of days planned and spent (the framework's section 4).

Who is an ISO is never stored here: it is the ISO role in a partnership (PartnershipMembership), so the
partnerships an ISO serves are their memberships. Days are kept as whole numbers of half days, the smallest
unit the partnership books, so every total is exact."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

DEFAULT_BUDGET_HALF_DAYS = 30  # the framework's "up to 15 days a year"


class IsoProfile(models.Model):
    """What the partnership knows of an ISO's background and skills: one profile whichever partnerships they
    serve, as the framework asks for a pool drawn from a range of backgrounds."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="iso_profile"
    )
    background = models.TextField(blank=True)
    skills = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Profile of {self.user}"


class DayBudget(models.Model):
    """An ISO's budget of days in one partnership for one financial year (see years.py). Without a row the
    budget is the framework's default of 15 days."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="iso_budgets"
    )
    iso = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="iso_budgets")
    year = models.PositiveSmallIntegerField(help_text="The calendar year the financial year starts in")
    half_days = models.PositiveSmallIntegerField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "iso", "year"], name="day_budget_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.iso}: {self.half_days / 2:g} days from April {self.year}"


class LedgerEntry(models.Model):
    """Days an ISO is planned to give, and has given, to one assurance activity or to other work (chairing a
    rapid review, scrutinising the yearly report). The date places the entry in a financial year."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="ledger_entries"
    )
    iso = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ledger_entries")
    activity = models.ForeignKey(
        "assurance.Activity",
        null=True,
        blank=True,
        # Days booked against an activity are a record of paid work: the activity cannot vanish under them.
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    report = models.ForeignKey(
        "scrutiny.IsoReport",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        help_text="The report the days were spent writing and presenting",
    )
    description = models.CharField(
        max_length=300, blank=True, help_text="The work, when it is not an activity or a report; else a note"
    )
    work_date = models.DateField(help_text="When the work is planned or was done")
    planned_half_days = models.PositiveSmallIntegerField(default=0)
    spent_half_days = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Bumped by every saved change, so an edit made from an out-of-date page is refused, not lost.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["work_date", "created_at"]
        indexes = [models.Index(fields=["partnership", "iso", "work_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(activity__isnull=False) | Q(report__isnull=False) | ~Q(description=""),
                name="ledger_entry_says_what",
            ),
        ]
        verbose_name_plural = "ledger entries"

    def __str__(self) -> str:
        return f"{self.iso}: {self.work_date}"

    @property
    def what(self) -> str:
        if self.activity_id is not None:
            return self.activity.title
        if self.report_id is not None:
            return self.report.title
        return self.description
