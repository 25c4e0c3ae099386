"""The partnership's priorities: the business team adds, changes, ends and removes them; a refused change says why
and changes nothing; the partnership-wide roles read them; nobody else does."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sightline.audit.models import AuditEvent
from sightline.core.errors import EditConflict, TransitionError
from sightline.partnerships import priorities
from sightline.partnerships.models_priorities import Priority

from ..improvement.builders import make_plan
from .builders import make_priority, this_year

pytestmark = pytest.mark.django_db


def events(verb: str) -> int:
    return AuditEvent.objects.filter(verb=verb).count()


def unchanged(priority: Priority) -> dict:
    return {
        field.name: getattr(Priority.objects.get(pk=priority.pk), field.name)
        for field in Priority._meta.fields
    }


# Services.


def test_creating_a_priority_records_it_with_its_measures_and_an_audit_event(world):
    priority = make_priority(world, measures="  Referrals naming neglect \n\n Re-referrals within a year\n")

    assert priority.partnership == world.partnership
    assert priority.measure_list == ["Referrals naming neglect", "Re-referrals within a year"]
    assert priority.created_by == world.users["business_team"]
    event = AuditEvent.objects.get(verb="priority.created")
    assert event.target_id == str(priority.pk) and event.partnership == world.partnership


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"title": "  "}, "Enter the priority"),
        ({"lead_partner": "school"}, "Choose the partner that leads"),
        ({"starts_on": None}, "Enter the date the priority runs from"),
        ({"ends_on": None}, "Enter the date the priority runs until"),
        ({"starts_on": date(2026, 4, 1), "ends_on": date(2026, 4, 1)}, "must be after the date it runs from"),
        ({"starts_on": date(2026, 4, 1), "ends_on": date(2025, 4, 1)}, "must be after the date it runs from"),
    ],
)
def test_a_priority_with_bad_values_is_refused_and_nothing_is_made(world, overrides, message):
    with pytest.raises(TransitionError, match=message):
        make_priority(world, **overrides)
    assert not Priority.objects.exists() and events("priority.created") == 0


def test_the_same_priority_twice_in_overlapping_periods_is_refused(world):
    make_priority(world, title="Neglect")

    with pytest.raises(TransitionError, match="already has a priority called Neglect"):
        make_priority(world, title="neglect")
    start, end = this_year()
    next_year = make_priority(
        world, title="Neglect", starts_on=end + timedelta(days=1), ends_on=end + timedelta(366)
    )
    assert next_year.title == "Neglect"
    assert Priority.objects.count() == 2


def test_only_the_business_team_keeps_priorities(world):
    with pytest.raises(TransitionError, match="Only the partnership's business team"):
        make_priority(world, by=world.users["partner_la"])
    priority = make_priority(world)
    before = unchanged(priority)
    for attempt in (
        lambda: priorities.priority_update(
            by=world.users["board_member"], priority=priority, title="Changed"
        ),
        lambda: priorities.priority_end(
            by=world.users["iso"], priority=priority, ends_on=timezone.localdate()
        ),
        lambda: priorities.priority_remove(by=world.users["learning_chair"], priority=priority),
    ):
        with pytest.raises(TransitionError, match="Only the partnership's business team"):
            attempt()
    assert unchanged(priority) == before


def test_changing_a_priority_bumps_its_version_and_records_what_changed(world):
    priority = make_priority(world)

    changed = priorities.priority_update(
        by=world.users["business_team"],
        priority=priority,
        expected_version=1,
        title="Neglect of younger children",
    )

    assert changed.title == "Neglect of younger children" and changed.version == 2
    event = AuditEvent.objects.get(verb="priority.updated")
    assert event.changes == {"title": {"before": "Neglect", "after": "Neglect of younger children"}}


def test_a_change_that_changes_nothing_is_not_recorded(world):
    priority = make_priority(world)
    priorities.priority_update(by=world.users["business_team"], priority=priority, title="Neglect")
    assert events("priority.updated") == 0 and Priority.objects.get().version == 1


def test_a_stale_change_is_refused_with_what_is_saved_now(world):
    priority = make_priority(world)
    priorities.priority_update(
        by=world.users["business_team"], priority=priority, expected_version=1, title="First"
    )
    before = unchanged(priority)

    with pytest.raises(EditConflict) as conflict:
        priorities.priority_update(
            by=world.users["business_team"], priority=priority, expected_version=1, title="Second"
        )

    assert conflict.value.current["title"] == "First" and conflict.value.current["version"] == 2
    assert unchanged(priority) == before


def test_a_change_to_bad_dates_is_refused_and_changes_nothing(world):
    priority = make_priority(world)
    before = unchanged(priority)
    with pytest.raises(TransitionError, match="must be after the date it runs from"):
        priorities.priority_update(
            by=world.users["business_team"], priority=priority, ends_on=priority.starts_on
        )
    assert unchanged(priority) == before


def test_ending_a_priority_early_moves_its_last_day(world):
    start, end = this_year()
    priority = make_priority(world)
    last_day = start + timedelta(days=100)

    ended = priorities.priority_end(by=world.users["business_team"], priority=priority, ends_on=last_day)

    assert ended.ends_on == last_day and ended.version == 2
    assert AuditEvent.objects.get(verb="priority.ended").changes == {
        "ends_on": {"before": end.isoformat(), "after": last_day.isoformat()}
    }


@pytest.mark.parametrize(
    "days_from_start,message",
    [(0, "end it after that day"), (-5, "end it after that day"), (365, "already runs only until")],
)
def test_ending_on_a_day_outside_its_period_is_refused(world, days_from_start, message):
    priority = make_priority(world)
    before = unchanged(priority)
    with pytest.raises(TransitionError, match=message):
        priorities.priority_end(
            by=world.users["business_team"],
            priority=priority,
            ends_on=priority.starts_on + timedelta(days=days_from_start),
        )
    assert unchanged(priority) == before and events("priority.ended") == 0


def test_ending_from_a_stale_page_is_refused(world):
    priority = make_priority(world)
    priorities.priority_update(by=world.users["business_team"], priority=priority, title="Renamed")
    with pytest.raises(TransitionError, match="Someone changed this priority"):
        priorities.priority_end(
            by=world.users["business_team"],
            priority=priority,
            ends_on=priority.starts_on + timedelta(days=10),
            expected_version=1,
        )
    assert Priority.objects.get().ends_on == priority.ends_on


def test_a_priority_nothing_serves_can_be_removed(world):
    priority = make_priority(world)
    priorities.priority_remove(by=world.users["business_team"], priority=priority)
    assert not Priority.objects.exists()
    assert AuditEvent.objects.get(verb="priority.removed").target_label == "Neglect"


def test_a_priority_a_plan_serves_cannot_be_removed(world):
    priority = make_priority(world)
    make_plan(world, priorities=[priority])

    with pytest.raises(TransitionError, match="1 action plan serves it. End it instead"):
        priorities.priority_remove(by=world.users["business_team"], priority=priority)

    assert Priority.objects.filter(pk=priority.pk).exists() and events("priority.removed") == 0


# Tags.


def test_a_record_is_tagged_only_with_its_own_partnerships_priorities_in_force(world):
    ours = make_priority(world)
    theirs = make_priority(world, partnership=world.other_partnership, by=world.users["other_business_team"])
    start, _ = this_year()
    ended = make_priority(
        world, title="Old", starts_on=start - timedelta(days=400), ends_on=start - timedelta(1)
    )

    with pytest.raises(TransitionError, match="Choose priorities of this partnership"):
        priorities.priorities_checked(partnership=world.partnership, priorities=[ours, theirs])
    with pytest.raises(TransitionError, match="Old is not in force today"):
        priorities.priorities_checked(partnership=world.partnership, priorities=[ended])
    # One a record already serves stays allowed after it ends.
    assert priorities.priorities_checked(
        partnership=world.partnership, priorities=[ended], current=[ended]
    ) == [ended]
    offered = priorities.priorities_offered(partnership=world.partnership, current=[ended])
    assert list(offered) == [ours, ended]
    assert list(priorities.priorities_offered(partnership=world.partnership)) == [ours]


def test_a_refused_tag_leaves_no_plan_behind(world):
    theirs = make_priority(world, partnership=world.other_partnership, by=world.users["other_business_team"])
    from sightline.improvement.models import ActionPlan

    with pytest.raises(TransitionError, match="Choose priorities of this partnership"):
        make_plan(world, priorities=[theirs])
    assert not ActionPlan.objects.exists() and events("action_plan.created") == 0


# Pages.


def page(name, world, priority=None):
    kwargs = {"slug": world.partnership.slug}
    if priority is not None:
        kwargs["priority_id"] = priority.pk
    return reverse(name, kwargs=kwargs)


def test_the_business_team_adds_a_priority_from_the_page(world, client_for):
    client = client_for(world.users["business_team"])
    start, end = this_year()
    response = client.post(
        page("priority_create", world),
        {
            "title": "Child exploitation",
            "description": "",
            "lead_partner": "police",
            "measures": "Missing episodes followed by a return interview",
            "starts_on": start.isoformat(),
            "ends_on": end.isoformat(),
        },
    )
    priority = Priority.objects.get()
    assert response.status_code == 302 and response.url == page("priority_detail", world, priority)
    assert priority.lead_partner == "police"
    detail = client.get(response.url)
    assert "Child exploitation" in detail.content.decode() and "Missing episodes" in detail.content.decode()


def test_a_bad_priority_form_shows_the_error_summary_and_saves_nothing(world, client_for):
    response = client_for(world.users["business_team"]).post(
        page("priority_create", world),
        {"title": "Neglect", "lead_partner": "la", "starts_on": "2026-04-01", "ends_on": "2026-03-01"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    assert "must be after the date it runs from" in body
    assert not Priority.objects.exists()


def test_a_stale_edit_on_the_page_shows_both_versions(world, client_for):
    priority = make_priority(world)
    priorities.priority_update(by=world.users["business_team"], priority=priority, title="Theirs")
    start, end = this_year()
    response = client_for(world.users["business_team"]).post(
        page("priority_edit", world, priority),
        {
            "version": "1",
            "title": "Mine",
            "lead_partner": "la",
            "starts_on": start.isoformat(),
            "ends_on": end.isoformat(),
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Someone else changed this priority" in body
    assert "Theirs" in body and "Mine" in body
    assert Priority.objects.get().title == "Theirs"


def test_removing_a_priority_something_serves_shows_why_and_keeps_it(world, client_for):
    priority = make_priority(world)
    make_plan(world, priorities=[priority])
    client = client_for(world.users["business_team"])

    shown = client.get(page("priority_remove", world, priority)).content.decode()
    refused = client.post(page("priority_remove", world, priority))

    assert "cannot be removed while records serve it" in shown
    assert refused.status_code == 200 and "End it instead" in refused.content.decode()
    assert Priority.objects.filter(pk=priority.pk).exists()


def test_ending_a_priority_from_the_page(world, client_for):
    priority = make_priority(world)
    last_day = priority.starts_on + timedelta(days=30)
    response = client_for(world.users["business_team"]).post(
        page("priority_end", world, priority), {"version": "1", "ends_on": last_day.isoformat()}
    )
    assert response.status_code == 302
    assert Priority.objects.get().ends_on == last_day


@pytest.mark.parametrize(
    "role,status",
    [
        ("business_team", 200),
        ("partner_la", 200),
        ("iso", 200),
        ("board_member", 200),
        ("learning_chair", 200),
        ("agency_a_lead", 404),
        ("agency_a_contributor", 404),
        ("other_business_team", 404),
        ("nobody", 404),
    ],
)
def test_partnership_wide_roles_read_priorities_and_only_the_business_team_changes_them(
    world, client_for, role, status
):
    priority = make_priority(world)
    client = client_for(world.users[role])
    assert client.get(page("priority_list", world)).status_code == status
    assert client.get(page("priority_detail", world, priority)).status_code == status
    manages = 200 if role == "business_team" else 404
    for name in ("priority_edit", "priority_end", "priority_remove"):
        assert client.get(page(name, world, priority)).status_code == manages
    assert client.get(page("priority_create", world)).status_code == manages
    client.post(page("priority_remove", world, priority))
    assert Priority.objects.filter(pk=priority.pk).exists() == (role != "business_team")


def test_another_partnerships_priority_is_404_even_to_its_own_business_team(world, client_for):
    theirs = make_priority(world, partnership=world.other_partnership, by=world.users["other_business_team"])
    url = reverse("priority_detail", kwargs={"slug": world.partnership.slug, "priority_id": theirs.pk})
    assert client_for(world.users["business_team"]).get(url).status_code == 404


def test_the_home_page_links_the_priorities_for_partnership_wide_roles_only(world, client_for):
    home = reverse("partnership_home", kwargs={"slug": world.partnership.slug})
    link = page("priority_list", world)
    assert link in client_for(world.users["board_member"]).get(home).content.decode()
    assert link not in client_for(world.users["agency_a_lead"]).get(home).content.decode()
