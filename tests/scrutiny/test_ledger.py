"""The ISO day ledger: booking days, the warning before a booking passes the year's budget, the ISO recording the
days they spent, and totals counted by financial year (April to March), right across the year boundary."""

from datetime import date

import pytest
from django.urls import reverse

from sightline.audit.models import AuditEvent
from sightline.core.errors import TransitionError
from sightline.scrutiny import ledger, selectors
from sightline.scrutiny.models import DayBudget, LedgerEntry
from sightline.scrutiny.years import this_year, year_bounds, year_label, year_of

from .. import factories
from ..casework.builders import make_activity
from .builders import book

Y = 2026  # the financial year from 1 April 2026 to 31 March 2027


def totals(world, year=Y, iso=None):
    return selectors.year_totals(partnership=world.partnership, iso=iso or world.users["iso"], year=year)


def test_the_financial_year_runs_from_april_to_march():
    assert year_of(date(2027, 3, 31)) == 2026 and year_of(date(2027, 4, 1)) == 2027
    assert year_of(date(2026, 1, 15)) == 2025
    assert year_bounds(2026) == (date(2026, 4, 1), date(2027, 3, 31))
    assert year_label(2026) == "April 2026 to March 2027"


def test_totals_are_right_across_the_year_boundary(world):
    book(world, date(2026, 4, 1), 2, 2)  # first day of 2026 to 2027
    book(world, date(2027, 3, 31), 1.5, 2.5)  # last day of it: spent more than planned
    book(world, date(2027, 4, 1), 3)  # first day of 2027 to 2028
    book(world, date(2026, 3, 31), 4, 4)  # last day of 2025 to 2026
    this, following, before = totals(world), totals(world, 2027), totals(world, 2025)
    assert (this.planned, this.spent, this.committed) == (7, 9, 9)  # in half days: 3.5 planned, 4.5 spent
    assert this.remaining == 30 - 9
    assert (following.planned, following.spent, following.remaining) == (6, 0, 24)
    assert (before.planned, before.spent, before.remaining) == (8, 8, 22)


def test_ledger_pages_show_each_years_own_totals(world, client_for):
    book(world, date(2027, 3, 31), 1.5, description="Scrutinising the yearly report")
    book(world, date(2027, 4, 1), 3, description="Chairing a rapid review")
    client = client_for(world.users["business_team"])
    url = reverse("iso_ledger", kwargs={"slug": "test", "iso_id": world.users["iso"].pk})
    this = client.get(url, {"year": 2026}).content.decode()
    following = client.get(url, {"year": 2027}).content.decode()
    assert "Scrutinising the yearly report" in this and "Chairing a rapid review" not in this
    assert "Chairing a rapid review" in following and "Scrutinising the yearly report" not in following
    assert "1.5 days" in this and "13.5 days" in this  # planned, and remaining of 15
    assert "12 days" in following  # remaining of 15 after 3


def test_a_booking_past_the_budget_is_refused_until_confirmed(world):
    book(world, date(2026, 6, 1), 14)
    with pytest.raises(ledger.OverBudget, match=r"to 16 days, 1 day over the budget of 15 days"):
        book(world, date(2026, 9, 1), 2)
    assert LedgerEntry.objects.count() == 1
    entry = book(world, date(2026, 9, 1), 2, confirm=True)
    assert totals(world).over == 2
    event = AuditEvent.objects.get(verb="ledger_entry.created", target_id=str(entry.pk))
    assert event.changes["over_budget_confirmed"] is True


def test_a_booking_in_another_year_does_not_count_against_this_years_budget(world):
    book(world, date(2026, 6, 1), 15)
    book(world, date(2027, 4, 1), 15)  # next financial year: within its own budget, no warning


def test_the_budget_is_per_partnership_and_editable(world):
    other = world.other_partnership
    factories.with_partnership_role(other, "iso", user=world.users["iso"])
    ledger.day_budget_set(
        by=world.users["business_team"],
        partnership=world.partnership,
        iso=world.users["iso"],
        year=Y,
        half_days=40,
    )
    book(world, date(2026, 6, 1), 18)  # within the raised budget of 20
    assert totals(world).remaining == 4
    assert selectors.year_totals(partnership=other, iso=world.users["iso"], year=Y).budget == 30
    with pytest.raises(TransitionError, match="Only the partnership's business team"):
        ledger.day_budget_set(
            by=world.users["other_business_team"],
            partnership=world.partnership,
            iso=world.users["iso"],
            year=Y,
            half_days=2,
        )
    assert DayBudget.objects.get().half_days == 40


def test_only_the_business_team_books_days_and_only_for_the_partnerships_isos(world):
    with pytest.raises(TransitionError, match="Only the partnership's business team"):
        ledger.ledger_entry_create(
            by=world.users["iso"],
            partnership=world.partnership,
            iso=world.users["iso"],
            work_date=date(2026, 6, 1),
            planned_half_days=2,
            description="Reading",
        )
    with pytest.raises(TransitionError, match="is not an independent scrutiny officer"):
        book(world, date(2026, 6, 1), 1, iso=world.users["partner_la"])
    with pytest.raises(TransitionError, match="Choose an activity of this partnership"):
        book(world, date(2026, 6, 1), 1, activity=make_activity(world, partnership=world.other_partnership))
    with pytest.raises(TransitionError, match="Enter the days planned, the days spent, or both"):
        book(world, date(2026, 6, 1), 0)
    assert not LedgerEntry.objects.exists()


def test_an_entry_against_an_activity_is_an_assignment_of_the_iso(world):
    activity = make_activity(world, title="Thematic event on exploitation")
    book(world, date(2026, 6, 1), 2, 1, activity=activity, description="")
    book(world, date(2027, 5, 1), 1, activity=activity, description="Overview report")
    [row] = selectors.assignments(iso=world.users["iso"])
    assert (row["activity__title"], row["planned"], row["spent"], row["entries"]) == (
        "Thematic event on exploitation",
        6,
        2,
        2,
    )


def test_the_iso_records_days_spent_on_their_own_entry_with_the_same_warning(world):
    entry = book(world, date(2026, 6, 1), 14)
    iso = world.users["iso"]
    entry = ledger.ledger_entry_record_spent(by=iso, entry=entry, version=entry.version, spent_half_days=28)
    with pytest.raises(ledger.OverBudget):
        ledger.ledger_entry_record_spent(by=iso, entry=entry, version=entry.version, spent_half_days=32)
    entry.refresh_from_db()
    assert entry.spent_half_days == 28
    ledger.ledger_entry_record_spent(
        by=iso, entry=entry, version=entry.version, spent_half_days=32, confirm_over_budget=True
    )
    other_iso = factories.with_partnership_role(world.partnership, "iso")
    with pytest.raises(TransitionError, match="Only the ISO the days are booked for"):
        ledger.ledger_entry_record_spent(
            by=other_iso, entry=entry, version=entry.version + 1, spent_half_days=2
        )


def test_an_edit_from_an_out_of_date_page_is_refused(world):
    entry = book(world, date(2026, 6, 1), 2)
    ledger.ledger_entry_record_spent(by=world.users["iso"], entry=entry, version=1, spent_half_days=2)
    with pytest.raises(TransitionError, match="Someone else changed this entry"):
        ledger.ledger_entry_update(
            by=world.users["business_team"],
            entry=entry,
            version=1,
            work_date=entry.work_date,
            planned_half_days=1,
            spent_half_days=0,
            description="Reading",
        )
    entry.refresh_from_db()
    assert (entry.planned_half_days, entry.spent_half_days) == (4, 2)


def test_an_entry_removed_meanwhile_is_refused_with_a_message_not_an_error(world):
    entry = book(world, date(2026, 6, 1), 2)
    business = world.users["business_team"]
    ledger.ledger_entry_remove(by=business, entry=entry)
    with pytest.raises(TransitionError, match="Someone removed this entry"):
        ledger.ledger_entry_update(
            by=business,
            entry=entry,
            version=1,
            work_date=entry.work_date,
            planned_half_days=1,
            spent_half_days=0,
            description="Reading",
        )
    with pytest.raises(TransitionError, match="Someone removed this entry"):
        ledger.ledger_entry_remove(by=business, entry=entry)
    assert AuditEvent.objects.filter(verb="ledger_entry.removed").count() == 1


def test_moving_an_entry_into_a_full_year_warns(world):
    book(world, date(2027, 5, 1), 15)
    entry = book(world, date(2026, 6, 1), 2)
    with pytest.raises(ledger.OverBudget, match="April 2027 to March 2028"):
        ledger.ledger_entry_update(
            by=world.users["business_team"],
            entry=entry,
            version=entry.version,
            work_date=date(2027, 6, 1),
            planned_half_days=4,
            spent_half_days=0,
            description="Chairing a rapid review",
        )


# Pages ----------------------------------------------------------------------------------------------------------


def test_the_booking_form_warns_then_saves_only_with_the_box_ticked(world, client_for):
    book(world, date(this_year(), 6, 1), 14)
    client = client_for(world.users["business_team"])
    url = reverse("ledger_entry_create", kwargs={"slug": "test", "iso_id": world.users["iso"].pk})
    data = {"description": "Chairing a rapid review", "work_date": f"{this_year()}-09-01", "planned": "1.5"}
    first = client.get(url)
    assert b"confirm_over_budget" not in first.content
    warned = client.post(url, data)
    assert warned.status_code == 200
    assert b"over the budget of 15 days" in warned.content and b'name="confirm_over_budget"' in warned.content
    assert LedgerEntry.objects.count() == 1
    again = client.post(url, data)  # the box left unticked
    assert again.status_code == 200 and LedgerEntry.objects.count() == 1
    saved = client.post(url, {**data, "confirm_over_budget": "on"})
    assert saved.status_code == 302 and LedgerEntry.objects.count() == 2


def test_the_business_teams_edit_form_shows_the_entrys_date_as_a_date_box_can_hold_it(world, client_for):
    when = date(this_year(), 6, 1)
    entry = book(world, when, 2)
    url = reverse("ledger_entry_edit", kwargs={"slug": "test", "entry_id": entry.pk})
    page = client_for(world.users["business_team"]).get(url).content.decode()
    assert f'value="{when.isoformat()}"' in page  # a browser shows (and posts back) nothing for 01/06/2026


def test_half_days_only(world, client_for):
    client = client_for(world.users["business_team"])
    url = reverse("ledger_entry_create", kwargs={"slug": "test", "iso_id": world.users["iso"].pk})
    response = client.post(url, {"description": "Reading", "work_date": "2026-09-01", "planned": "1.25"})
    assert b"Enter days in whole or half days" in response.content
    assert not LedgerEntry.objects.exists()


def test_the_isos_own_form_changes_only_the_days_spent(world, client_for):
    entry = book(world, date(this_year(), 6, 1), 2)
    client = client_for(world.users["iso"])
    url = reverse("ledger_entry_edit", kwargs={"slug": "test", "entry_id": entry.pk})
    page = client.get(url)
    assert b'name="spent"' in page.content and b'name="planned"' not in page.content
    response = client.post(
        url,
        {
            "spent": "1",
            "planned": "9",
            "work_date": "2020-01-01",
            "description": "x",
            "version": entry.version,
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.planned_half_days, entry.spent_half_days, entry.description) == (
        4,
        2,
        "Chairing a rapid review",
    )
    assert entry.work_date == date(this_year(), 6, 1)


def test_another_iso_cannot_touch_an_entry_and_the_refusal_is_recorded(world, client_for):
    entry = book(world, date(this_year(), 6, 1), 2)
    other_iso = factories.with_partnership_role(world.partnership, "iso")
    url = reverse("ledger_entry_edit", kwargs={"slug": "test", "entry_id": entry.pk})
    assert client_for(other_iso).post(url, {"spent": "1", "version": entry.version}).status_code == 404
    entry.refresh_from_db()
    assert entry.spent_half_days == 0
    assert AuditEvent.objects.filter(verb="access.refused", actor=other_iso).exists()


def test_my_days_lists_each_partnership_the_iso_serves(world, client_for):
    iso = world.users["iso"]
    factories.with_partnership_role(world.other_partnership, "iso", user=iso)
    book(world, date(this_year(), 6, 1), 2, 1)
    page = client_for(iso).get(reverse("my_days")).content.decode()
    assert (
        "Test Safeguarding Children Partnership" in page and "Other Safeguarding Children Partnership" in page
    )
    home = client_for(iso).get(reverse("home")).content.decode()
    assert reverse("my_days") in home
    assert (
        reverse("my_days")
        not in client_for(world.users["business_team"]).get(reverse("home")).content.decode()
    )


def test_the_profile_is_written_by_the_iso_or_the_business_team(world, client_for):
    url = reverse("iso_profile_edit", kwargs={"slug": "test", "iso_id": world.users["iso"].pk})
    response = client_for(world.users["iso"]).post(
        url, {"background": "Former head of service", "skills": "Neglect"}
    )
    assert response.status_code == 302
    assert world.users["iso"].iso_profile.background == "Former head of service"
    assert client_for(world.users["partner_la"]).post(url, {"background": "x"}).status_code == 404
