"""Days spent on a report (ledger.report_days_record): one ledger entry per report, changed after, with the budget
warning of every booking; the ledger shows it by the report's title."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sightline.audit.models import AuditEvent
from sightline.core.errors import TransitionError
from sightline.scrutiny import ledger
from sightline.scrutiny.models import DayBudget, LedgerEntry
from sightline.scrutiny.years import this_year

from .report_builders import issued


@pytest.fixture
def report(world):
    return issued(world)


def record(world, report, days, **kwargs):
    kwargs.setdefault("work_date", timezone.localdate())
    return ledger.report_days_record(
        by=world.users["iso"], report=report, spent_half_days=int(days * 2), **kwargs
    )


def test_the_author_records_days_once_and_changes_them(world, report, client_for):
    entry = record(world, report, 1.5)
    assert (entry.report, entry.iso, entry.spent_half_days) == (report, world.users["iso"], 3)
    again = record(world, report, 2, version=entry.version)
    assert again.pk == entry.pk and again.spent_half_days == 4 and LedgerEntry.objects.count() == 1
    page = client_for(world.users["iso"]).get(
        reverse("iso_ledger", kwargs={"slug": world.partnership.slug, "iso_id": world.users["iso"].pk})
    )
    assert report.title in page.content.decode()


def test_the_budget_warning_applies(world, report):
    DayBudget.objects.create(
        partnership=world.partnership, iso=world.users["iso"], year=this_year(), half_days=2
    )
    before = AuditEvent.objects.count()
    with pytest.raises(ledger.OverBudget, match="over the budget"):
        record(world, report, 2)
    assert not LedgerEntry.objects.exists() and AuditEvent.objects.count() == before
    assert record(world, report, 2, confirm_over_budget=True).spent_half_days == 4


@pytest.mark.parametrize(
    "who,days,when,message",
    [
        ("business_team", 1, 0, "Only the independent scrutiny officer who wrote the report"),
        ("iso", 0, 0, "Enter the days planned, the days spent, or both"),
        ("iso", 1, 2, "cannot be in the future"),
    ],
)
def test_refusals_change_nothing(world, report, who, days, when, message):
    before = AuditEvent.objects.count()
    with pytest.raises(TransitionError, match=message):
        ledger.report_days_record(
            by=world.users[who],
            report=report,
            spent_half_days=days * 2,
            work_date=timezone.localdate() + timedelta(days=when),
        )
    assert not LedgerEntry.objects.exists() and AuditEvent.objects.count() == before


def test_a_stale_change_is_refused(world, report):
    entry = record(world, report, 1)
    record(world, report, 2, version=entry.version)
    with pytest.raises(TransitionError, match="Someone changed the days"):
        record(world, report, 3, version=entry.version)
    entry.refresh_from_db()
    assert entry.spent_half_days == 4


def test_the_business_team_changes_a_reports_days_from_the_ledger(world, report, client_for):
    entry = record(world, report, 1)
    address = reverse("ledger_entry_edit", kwargs={"slug": world.partnership.slug, "entry_id": entry.pk})
    response = client_for(world.users["business_team"]).post(
        address,
        {
            "work_date": entry.work_date.isoformat(),
            "planned": "1",
            "spent": "2",
            "description": "",
            "version": entry.version,
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.report, entry.spent_half_days, entry.planned_half_days) == (report, 4, 2)
