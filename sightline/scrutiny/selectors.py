"""Reads of the ISO pool and the day ledger, and the partnership's ISO reports as the yearly report counts them.
Each page's figures come from a fixed number of queries (one grouped aggregate for the totals), however many ISOs
or entries there are. The reads of ISO reports for pages, scoped to the person asking, are in reports/selectors.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, QuerySet, Sum
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from sightline.partnerships.models import Partnership, PartnershipMembership

from .models import DEFAULT_BUDGET_HALF_DAYS, DayBudget, IsoReport, LedgerEntry, RecommendationResponse
from .years import year_bounds

ISO = PartnershipMembership.Role.ISO


def days(half_days: int) -> Decimal:
    return Decimal(half_days) / 2


@dataclass(frozen=True)
class Totals:
    """One ISO's year in one partnership, in half days. Committed counts each entry once, at the larger of its
    planned and spent days: work that took longer than planned uses the longer time, and planned work not yet
    done still holds its days."""

    budget: int
    planned: int = 0
    spent: int = 0
    committed: int = 0

    @property
    def remaining(self) -> int:
        return self.budget - self.committed

    @property
    def over(self) -> int:
        return max(0, -self.remaining)


TOTALS = {
    "planned": Coalesce(Sum("planned_half_days"), 0),
    "spent": Coalesce(Sum("spent_half_days"), 0),
    "committed": Coalesce(Sum(Greatest("planned_half_days", "spent_half_days")), 0),
}


def entries_in_year(*, partnership: Partnership, iso, year: int) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(partnership=partnership, iso=iso, work_date__range=year_bounds(year))


def budget_half_days(*, partnership: Partnership, iso, year: int) -> int:
    budget = DayBudget.objects.filter(partnership=partnership, iso=iso, year=year).first()
    return budget.half_days if budget is not None else DEFAULT_BUDGET_HALF_DAYS


def year_totals(*, partnership: Partnership, iso, year: int, exclude_entry=None) -> Totals:
    qs = entries_in_year(partnership=partnership, iso=iso, year=year)
    if exclude_entry is not None:
        qs = qs.exclude(pk=exclude_entry.pk)
    sums = qs.aggregate(**TOTALS)
    return Totals(budget=budget_half_days(partnership=partnership, iso=iso, year=year), **sums)


def isos_of(*, partnership: Partnership) -> QuerySet:
    """The partnership's pool: everyone holding the ISO role in it, with their profile."""
    return (
        get_user_model()
        .objects.filter(partnership_roles__partnership=partnership, partnership_roles__role=ISO)
        .select_related("iso_profile")
        .order_by("full_name", "email")
    )


def iso_in(*, partnership: Partnership, iso_id):
    return isos_of(partnership=partnership).filter(pk=iso_id).first()


def pool_rows(*, partnership: Partnership, year: int) -> list[dict]:
    """Each ISO of the partnership with the year's totals: three queries whatever the size of the pool."""
    isos = list(isos_of(partnership=partnership))
    sums = {
        row["iso_id"]: row
        for row in LedgerEntry.objects.filter(partnership=partnership, work_date__range=year_bounds(year))
        .values("iso_id")
        .annotate(**TOTALS)
        .order_by()
    }
    budgets = dict(
        DayBudget.objects.filter(partnership=partnership, year=year).values_list("iso_id", "half_days")
    )
    rows = []
    for iso in isos:
        found = sums.get(iso.pk, {})
        totals = Totals(
            budget=budgets.get(iso.pk, DEFAULT_BUDGET_HALF_DAYS),
            planned=found.get("planned", 0),
            spent=found.get("spent", 0),
            committed=found.get("committed", 0),
        )
        rows.append({"iso": iso, "profile": getattr(iso, "iso_profile", None), "totals": totals})
    return rows


def ledger_entries(*, partnership: Partnership, iso, year: int) -> QuerySet[LedgerEntry]:
    return entries_in_year(partnership=partnership, iso=iso, year=year).select_related("activity", "report")


def partnerships_served(*, iso) -> QuerySet[Partnership]:
    return Partnership.objects.filter(memberships__user=iso, memberships__role=ISO).order_by("name")


def assignments(*, iso, partnership: Partnership | None = None) -> list[dict]:
    """The activities an ISO has ledger entries for, with their days over every year: one query."""
    qs = LedgerEntry.objects.filter(iso=iso, activity__isnull=False)
    if partnership is not None:
        qs = qs.filter(partnership=partnership)
    return list(
        qs.values(
            "activity_id",
            "activity__title",
            "activity__kind",
            "activity__status",
            "partnership__name",
            "partnership__slug",
        )
        .annotate(
            planned=Coalesce(Sum("planned_half_days"), 0),
            spent=Coalesce(Sum("spent_half_days"), 0),
            entries=Count("id"),
            last=Max("work_date"),
        )
        .order_by("-last", "activity__title")
    )


def my_days(*, iso, year: int) -> list[dict]:
    """The year in each partnership this ISO serves: three queries whatever the number of partnerships."""
    partnerships = list(partnerships_served(iso=iso))
    sums = {
        row["partnership_id"]: row
        for row in LedgerEntry.objects.filter(iso=iso, work_date__range=year_bounds(year))
        .values("partnership_id")
        .annotate(**TOTALS)
        .order_by()
    }
    budgets = dict(DayBudget.objects.filter(iso=iso, year=year).values_list("partnership_id", "half_days"))
    return [
        {
            "partnership": partnership,
            "totals": Totals(
                budget=budgets.get(partnership.pk, DEFAULT_BUDGET_HALF_DAYS),
                **{
                    key: sums.get(partnership.pk, {}).get(key, 0) for key in ("planned", "spent", "committed")
                },
            ),
        }
        for partnership in partnerships
    ]


# The yearly report counts the partnership's own records, whoever builds it: these two are not scoped to a
# person. Pages that show reports read through reports/selectors.py, which is.
def reports_issued_between(partnership: Partnership, start: date, end: date) -> QuerySet[IsoReport]:
    """The partnership's ISO reports issued from `start` to `end`, both days included (in the partnership's local
    time, Europe/London), oldest first, with their author and activity. Drafts are never counted."""
    tz = timezone.get_current_timezone()
    since = datetime.combine(start, time.min, tzinfo=tz)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)
    return (
        IsoReport.objects.filter(
            partnership=partnership,
            status=IsoReport.Status.ISSUED,
            issued_at__gte=since,
            issued_at__lt=until,
        )
        .select_related("author", "activity")
        .order_by("issued_at", "title")
    )


def responses_for_reports(reports) -> QuerySet[RecommendationResponse]:
    """Every addressee's response to every recommendation of `reports` (a queryset or a list of reports), with
    the recommendation, its report and the organisation, in report, recommendation and organisation order. The
    answer, reasons, judgement and the actions (`.actions`, prefetched) are the record as it stands now."""
    return (
        RecommendationResponse.objects.filter(recommendation__report__in=reports)
        .select_related("recommendation__report", "organisation")
        .prefetch_related("actions")
        .order_by("recommendation__report__issued_at", "recommendation__number", "organisation__name")
    )


def disputes_between(partnership: Partnership, start: date, end: date) -> QuerySet:
    """The partnership's disputes raised or resolved between `start` and `end` (both days included), for the yearly
    report. This counts the partnership's records and is not scoped to a reader: the report states how many there
    were, never what any dispute said."""
    from django.db.models import Q

    from .models import Dispute

    raised = Q(raised_on__range=(start, end))
    resolved = Q(resolved_on__range=(start, end))
    return (
        Dispute.objects.filter(partnership=partnership)
        .filter(raised | resolved)
        .order_by("raised_on", "subject")
    )
