"""Each person's calendar feed: a secret address made by its owner, shown once, revocable and replaceable; the feed
answers a live address with what its owner may see, and anything else with 404."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sightline.assurance import feeds, ics
from sightline.assurance.models import Activity, CalendarFeed
from sightline.audit.models import AuditEvent

from .builders import make_activity


def fix(activity, days=10):
    start = timezone.now() + timedelta(days=days)
    Activity.objects.filter(pk=activity.pk).update(starts_at=start, ends_at=start + timedelta(hours=3))
    activity.refresh_from_db()
    return activity


def feed_url(token: str) -> str:
    return reverse("calendar_feed", kwargs={"token": token})


def test_the_owner_makes_an_address_that_is_shown_once_and_kept_only_as_a_hash(world, client_for):
    client = client_for(world.users["partner_la"])
    response = client.post(reverse("calendar_feed_manage"), {"action": "issue"}, follow=True)
    page = response.content.decode()
    feed = CalendarFeed.objects.get(user=world.users["partner_la"])
    [token] = [
        part.split("/")[0]
        for part in page.split("/calendar/")[1:]
        if part.split("/")[1].startswith("feed.ics")
    ]
    assert feeds.token_hash(token) == feed.token_hash and token not in feed.token_hash
    again = client.get(reverse("calendar_feed_manage")).content.decode()
    assert token not in again
    assert AuditEvent.objects.filter(verb="calendar_feed.issued", actor=world.users["partner_la"]).exists()


def test_a_live_address_gives_the_owners_activities_as_icalendar(world):
    activity = fix(make_activity(world, title="Thematic event on neglect"))
    token = feeds.calendar_feed_issue(by=world.users["partner_la"])
    response = Client().get(feed_url(token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    lines = ics.unfold(response.content.decode())
    assert f"UID:{activity.pk}@sightline.assurance" in lines
    assert "SUMMARY:Thematic event on neglect" in lines


@pytest.mark.parametrize("token", ["", "not-a-token", "x" * 43, "y" * 200])
def test_a_bad_address_is_404(world, token):
    feeds.calendar_feed_issue(by=world.users["partner_la"])
    if token:
        assert Client().get(feed_url(token)).status_code == 404


def test_a_revoked_address_is_404(world, client_for):
    token = feeds.calendar_feed_issue(by=world.users["iso"])
    client_for(world.users["iso"]).post(reverse("calendar_feed_manage"), {"action": "revoke"})
    assert Client().get(feed_url(token)).status_code == 404
    assert AuditEvent.objects.filter(verb="calendar_feed.revoked").exists()


def test_a_new_address_ends_the_old_one(world):
    old = feeds.calendar_feed_issue(by=world.users["iso"])
    new = feeds.calendar_feed_issue(by=world.users["iso"])
    assert Client().get(feed_url(old)).status_code == 404
    assert Client().get(feed_url(new)).status_code == 200


def test_a_disabled_persons_address_is_404(world):
    token = feeds.calendar_feed_issue(by=world.users["iso"])
    world.users["iso"].is_active = False
    world.users["iso"].save()
    assert Client().get(feed_url(token)).status_code == 404


def test_the_feed_shows_only_what_its_owner_may_see(world):
    mine = fix(make_activity(world, title="In my partnership"))
    call_in_a = fix(make_activity(world, "call_in", title="Call-in of agency A"))
    elsewhere = Activity.objects.create(
        partnership=world.other_partnership,
        kind="agency",
        title="In another partnership",
        status="proposed",
        starts_at=mine.starts_at,
        ends_at=mine.ends_at,
    )

    def summaries(user):
        token = feeds.calendar_feed_issue(by=user)
        text = Client().get(feed_url(token)).content.decode()
        return {line.removeprefix("SUMMARY:") for line in ics.unfold(text) if line.startswith("SUMMARY:")}

    assert summaries(world.users["board_member"]) == {mine.title, call_in_a.title}
    assert summaries(world.users["agency_a_lead"]) == {call_in_a.title}
    assert summaries(world.users["agency_b_lead"]) == set()
    assert summaries(world.users["other_business_team"]) == {elsewhere.title}
    assert summaries(world.users["nobody"]) == set()


def test_the_feed_page_is_the_owners_alone(world, client_for):
    feeds.calendar_feed_issue(by=world.users["iso"])
    page = client_for(world.users["board_member"]).get(reverse("calendar_feed_manage")).content.decode()
    assert "You have no calendar address" in page
