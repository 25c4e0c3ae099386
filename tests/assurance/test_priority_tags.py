"""Assurance activities say which of the partnership's priorities they serve, on the form that starts them and the
one that changes their details: the tag is saved through the activities' services and recorded in the audit
trail, shown on the activity's page, and a priority the form does not offer changes nothing."""

import pytest
from django.urls import reverse

from sightline.assurance.models import Activity
from sightline.audit.models import AuditEvent

from ..partnerships.builders import make_priority
from .builders import make_activity, partners

pytestmark = pytest.mark.django_db


def url(world, name, **kwargs):
    return reverse(name, kwargs={"slug": world.partnership.slug, **kwargs})


def test_a_partner_proposes_an_activity_with_the_priorities_it_serves(world, client_for):
    partners(world)
    neglect = make_priority(world, title="Neglect")
    client = client_for(world.users["partner_la"])
    assert (
        "Priorities it serves"
        in client.get(url(world, "activity_create") + "?kind=thematic").content.decode()
    )

    response = client.post(
        url(world, "activity_create"),
        {
            "kind": "thematic",
            "title": "Neglect event",
            "theme": "Neglect of toddlers",
            "priorities": [neglect.pk],
        },
    )

    activity = Activity.objects.get()
    assert response.status_code == 302 and list(activity.priorities.all()) == [neglect]
    assert AuditEvent.objects.get(verb="activity.created").changes["priorities"]["after"] == ["Neglect"]
    page = client_for(world.users["business_team"]).get(response.url).content.decode()
    assert url(world, "priority_detail", priority_id=neglect.pk) in page


def test_changing_an_activitys_details_changes_the_priorities_it_serves(world, client_for):
    neglect = make_priority(world, title="Neglect")
    voice = make_priority(world, title="The voice of the child")
    activity = make_activity(world, priorities=[neglect])
    client = client_for(world.users["business_team"])

    client.post(
        url(world, "activity_edit", activity_id=activity.pk),
        {"version": str(activity.version), "title": activity.title, "priorities": [voice.pk]},
    )

    assert list(activity.priorities.all()) == [voice]
    assert AuditEvent.objects.get(verb="activity.updated").changes["priorities"] == {
        "before": ["Neglect"],
        "after": ["The voice of the child"],
    }


def test_an_activity_with_another_partnerships_priority_changes_nothing(world, client_for):
    neglect = make_priority(world, title="Neglect")
    theirs = make_priority(
        world, title="Theirs", partnership=world.other_partnership, by=world.users["other_business_team"]
    )
    activity = make_activity(world, priorities=[neglect])

    response = client_for(world.users["business_team"]).post(
        url(world, "activity_edit", activity_id=activity.pk),
        {"version": str(activity.version), "title": "Renamed", "priorities": [theirs.pk]},
    )

    assert response.status_code == 200 and "Choose from the priorities listed" in response.content.decode()
    activity.refresh_from_db()
    assert activity.title != "Renamed" and list(activity.priorities.all()) == [neglect]


def test_a_stale_details_edit_leaves_the_priorities_alone(world, client_for):
    neglect = make_priority(world, title="Neglect")
    activity = make_activity(world)
    client = client_for(world.users["business_team"])
    client.post(url(world, "activity_edit", activity_id=activity.pk), {"version": "1", "title": "Theirs"})

    response = client.post(
        url(world, "activity_edit", activity_id=activity.pk),
        {"version": "1", "title": "Mine", "priorities": [neglect.pk]},
    )

    assert response.status_code == 200 and "Someone else saved changes" in response.content.decode()
    assert not activity.priorities.exists()
