"""Writing the ISO day ledger: entries of days planned and spent, budgets, and ISO profiles.

The business team books an ISO's days and sets their budget; the ISO records the days they actually spent on
their own entries. An assignment that would take an ISO past their budget for the year is refused unless the
person booking it confirms, having seen by how much (`confirm_over_budget`)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from sightline import policy
from sightline.audit import services as audit
from sightline.core.errors import TransitionError
from sightline.partnerships.models import Partnership, PartnershipMembership

from .models import DayBudget, IsoProfile, LedgerEntry
from .selectors import days, year_totals
from .years import year_label, year_of

MAX_HALF_DAYS_PER_ENTRY = 60  # 30 days: twice the default year's budget, a typing slip beyond that
MAX_BUDGET_HALF_DAYS = 200
ENTRY_FIELDS = ["activity", "description", "work_date", "planned_half_days", "spent_half_days"]


class OverBudget(TransitionError):
    """The change would take the ISO past their budget for the year. The message says by how much."""


def _shown(half_days: int) -> str:
    value = days(half_days)
    return f"{value:g} day{'s' if value != 1 else ''}"


def _require_business_team(by, partnership: Partnership) -> None:
    if not policy.is_business_team(by, partnership):
        raise TransitionError("Only the partnership's business team can book an ISO's days or set a budget")


def _lock_iso(partnership: Partnership, iso) -> None:
    """Lock the ISO's membership row, so two bookings at once cannot both slip under the budget."""
    found = (
        PartnershipMembership.objects.select_for_update()
        .filter(partnership=partnership, user=iso, role=PartnershipMembership.Role.ISO)
        .first()
    )
    if found is None:
        raise TransitionError(f"{iso} is not an independent scrutiny officer of {partnership.name}")


def _check_half_days(planned: int, spent: int) -> None:
    for value in (planned, spent):
        if value < 0 or value > MAX_HALF_DAYS_PER_ENTRY:
            raise TransitionError(f"Enter between 0 and {MAX_HALF_DAYS_PER_ENTRY // 2} days")
    if planned == 0 and spent == 0:
        raise TransitionError("Enter the days planned, the days spent, or both")


def _check_what(partnership: Partnership, activity, description: str, report=None) -> None:
    if activity is None and report is None and not description.strip():
        raise TransitionError("Choose the assurance activity, or describe the other work")
    if activity is not None and activity.partnership_id != partnership.pk:
        raise TransitionError("Choose an activity of this partnership")


def _check_budget(
    *, entry, partnership, iso, work_date: date, planned: int, spent: int, confirm: bool
) -> None:
    """Refuse, unless confirmed, a change that adds days to a year already at or past its budget."""
    year = year_of(work_date)
    others = year_totals(partnership=partnership, iso=iso, year=year, exclude_entry=entry)
    before = others.committed
    if entry is not None and year_of(entry.work_date) == year:
        before += max(entry.planned_half_days, entry.spent_half_days)
    after = others.committed + max(planned, spent)
    if after > others.budget and after > before and not confirm:
        raise OverBudget(
            f"This takes {iso}'s days in {year_label(year)} to {_shown(after)}, "
            f"{_shown(after - others.budget)} over the budget of {_shown(others.budget)}. "
            "Tick the box to confirm the booking, or book fewer days."
        )


@transaction.atomic
def ledger_entry_create(
    *,
    by,
    partnership: Partnership,
    iso,
    work_date: date,
    planned_half_days: int,
    spent_half_days: int = 0,
    activity=None,
    description: str = "",
    confirm_over_budget: bool = False,
) -> LedgerEntry:
    """Book an ISO's days against an assurance activity or other work."""
    _require_business_team(by, partnership)
    _lock_iso(partnership, iso)
    _check_what(partnership, activity, description)
    _check_half_days(planned_half_days, spent_half_days)
    _check_budget(
        entry=None,
        partnership=partnership,
        iso=iso,
        work_date=work_date,
        planned=planned_half_days,
        spent=spent_half_days,
        confirm=confirm_over_budget,
    )
    entry = LedgerEntry.objects.create(
        partnership=partnership,
        iso=iso,
        activity=activity,
        description=description.strip(),
        work_date=work_date,
        planned_half_days=planned_half_days,
        spent_half_days=spent_half_days,
        created_by=by,
    )
    audit.record(
        actor=by,
        verb="ledger_entry.created",
        target=entry,
        partnership=partnership,
        changes={**audit.snapshot(entry, ENTRY_FIELDS), "over_budget_confirmed": confirm_over_budget},
    )
    return entry


def _locked_entry(entry: LedgerEntry, version: int | None) -> LedgerEntry:
    """The entry's row, locked; refused if someone removed it or changed it since this editor loaded it (a
    `version` of None skips the change check)."""
    current = (
        LedgerEntry.objects.select_for_update(of=("self",))
        .select_related("partnership", "iso")
        .filter(pk=entry.pk)
        .first()
    )
    if current is None:
        raise TransitionError("Someone removed this entry while you were looking at it. Nothing was changed.")
    if version is not None and current.version != version:
        raise TransitionError(
            "Someone else changed this entry while you were editing it. Reload the page to see their change."
        )
    return current


def _save(by, entry: LedgerEntry, before: dict, confirm: bool) -> LedgerEntry:
    entry.version += 1
    entry.updated_at = timezone.now()
    entry.save()
    audit.record(
        actor=by,
        verb="ledger_entry.updated",
        target=entry,
        partnership=entry.partnership,
        changes={**audit.diff(before, audit.snapshot(entry, ENTRY_FIELDS)), "over_budget_confirmed": confirm},
    )
    return entry


@transaction.atomic
def ledger_entry_update(
    *,
    by,
    entry: LedgerEntry,
    version: int,
    work_date: date,
    planned_half_days: int,
    spent_half_days: int,
    activity=None,
    description: str = "",
    confirm_over_budget: bool = False,
) -> LedgerEntry:
    """The business team changes a booking: what it is for, when, and the days."""
    _require_business_team(by, entry.partnership)
    _lock_iso(entry.partnership, entry.iso)
    entry = _locked_entry(entry, version)
    _check_what(entry.partnership, activity, description, entry.report)
    _check_half_days(planned_half_days, spent_half_days)
    _check_budget(
        entry=entry,
        partnership=entry.partnership,
        iso=entry.iso,
        work_date=work_date,
        planned=planned_half_days,
        spent=spent_half_days,
        confirm=confirm_over_budget,
    )
    before = audit.snapshot(entry, ENTRY_FIELDS)
    entry.activity, entry.description, entry.work_date = activity, description.strip(), work_date
    entry.planned_half_days, entry.spent_half_days = planned_half_days, spent_half_days
    return _save(by, entry, before, confirm_over_budget)


@transaction.atomic
def ledger_entry_record_spent(
    *, by, entry: LedgerEntry, version: int, spent_half_days: int, confirm_over_budget: bool = False
) -> LedgerEntry:
    """The ISO records the days they actually spent on one of their own entries."""
    if by.pk != entry.iso_id:
        raise TransitionError("Only the ISO the days are booked for can record the days they spent")
    _lock_iso(entry.partnership, entry.iso)
    entry = _locked_entry(entry, version)
    _check_half_days(entry.planned_half_days, spent_half_days)
    _check_budget(
        entry=entry,
        partnership=entry.partnership,
        iso=entry.iso,
        work_date=entry.work_date,
        planned=entry.planned_half_days,
        spent=spent_half_days,
        confirm=confirm_over_budget,
    )
    before = audit.snapshot(entry, ENTRY_FIELDS)
    entry.spent_half_days = spent_half_days
    return _save(by, entry, before, confirm_over_budget)


@transaction.atomic
def ledger_entry_remove(*, by, entry: LedgerEntry) -> None:
    _require_business_team(by, entry.partnership)
    entry = _locked_entry(entry, version=None)
    audit.record(
        actor=by,
        verb="ledger_entry.removed",
        target=entry,
        partnership=entry.partnership,
        changes=audit.snapshot(entry, ENTRY_FIELDS),
    )
    entry.delete()


@transaction.atomic
def report_days_record(
    *,
    by,
    report,
    work_date: date,
    spent_half_days: int,
    version: int | None = None,
    confirm_over_budget: bool = False,
    today: date | None = None,
) -> LedgerEntry:
    """The ISO who wrote a report records the days they spent writing and presenting it: one ledger entry per
    report, made the first time and changed after, so the report's days count in the year's budget like any
    other work (and going past the budget needs the same confirmation)."""
    if not policy.is_report_author(by, report):
        raise TransitionError(
            "Only the independent scrutiny officer who wrote the report can record its days"
        )
    partnership = report.partnership
    _lock_iso(partnership, by)
    if work_date > (today or timezone.localdate()):
        raise TransitionError("Enter the date of the work: days spent cannot be in the future")
    entry = (
        LedgerEntry.objects.select_for_update(of=("self",))
        .select_related("partnership", "iso", "report")
        .filter(partnership=partnership, iso=by, report=report)
        .first()
    )
    if entry is not None and version is not None and entry.version != version:
        raise TransitionError(
            "Someone changed the days recorded for this report after you opened the page. Reload it to see them."
        )
    planned = entry.planned_half_days if entry is not None else 0
    _check_half_days(planned, spent_half_days)
    _check_budget(
        entry=entry,
        partnership=partnership,
        iso=by,
        work_date=work_date,
        planned=planned,
        spent=spent_half_days,
        confirm=confirm_over_budget,
    )
    if entry is None:
        entry = LedgerEntry.objects.create(
            partnership=partnership,
            iso=by,
            report=report,
            work_date=work_date,
            spent_half_days=spent_half_days,
            created_by=by,
        )
        audit.record(
            actor=by,
            verb="ledger_entry.created",
            target=entry,
            partnership=partnership,
            changes={
                **audit.snapshot(entry, [*ENTRY_FIELDS, "report"]),
                "over_budget_confirmed": confirm_over_budget,
            },
        )
        return entry
    before = audit.snapshot(entry, ENTRY_FIELDS)
    entry.work_date, entry.spent_half_days = work_date, spent_half_days
    return _save(by, entry, before, confirm_over_budget)


@transaction.atomic
def day_budget_set(*, by, partnership: Partnership, iso, year: int, half_days: int) -> DayBudget:
    """Set an ISO's budget of days in this partnership for one financial year."""
    _require_business_team(by, partnership)
    _lock_iso(partnership, iso)
    if not 0 <= half_days <= MAX_BUDGET_HALF_DAYS:
        raise TransitionError(f"Enter a budget between 0 and {MAX_BUDGET_HALF_DAYS // 2} days")
    budget = DayBudget.objects.filter(partnership=partnership, iso=iso, year=year).first()
    before = budget.half_days if budget is not None else None
    if budget is None:
        budget = DayBudget(partnership=partnership, iso=iso, year=year, half_days=half_days)
    budget.half_days, budget.updated_by, budget.updated_at = half_days, by, timezone.now()
    budget.save()
    audit.record(
        actor=by,
        verb="day_budget.set",
        target=iso,
        partnership=partnership,
        changes={"year": year_label(year), "days": {"before": before and before / 2, "after": half_days / 2}},
    )
    return budget


@transaction.atomic
def iso_profile_update(*, by, partnership: Partnership, iso, background: str, skills: str) -> IsoProfile:
    """The ISO, or the business team of a partnership they serve, describes their background and skills."""
    if by.pk != iso.pk and not policy.is_business_team(by, partnership):
        raise TransitionError("Only the ISO or the business team can change this profile")
    if not PartnershipMembership.objects.filter(
        partnership=partnership, user=iso, role=PartnershipMembership.Role.ISO
    ).exists():
        raise TransitionError(f"{iso} is not an independent scrutiny officer of {partnership.name}")
    profile, _ = IsoProfile.objects.select_for_update().get_or_create(user=iso)
    before = audit.snapshot(profile, ["background", "skills"])
    profile.background, profile.skills = background.strip(), skills.strip()
    profile.updated_by, profile.updated_at = by, timezone.now()
    profile.save()
    audit.record(
        actor=by,
        verb="iso_profile.updated",
        target=iso,
        partnership=partnership,
        changes=audit.diff(before, audit.snapshot(profile, ["background", "skills"])),
    )
    return profile
