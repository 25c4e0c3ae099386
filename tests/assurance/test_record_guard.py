"""The free-text guard on an activity's record: the feedback (highlights, findings, immediate actions), which the
partnership drafts briefings from, and the highlights marked for publication. Through the pages, text that looks
identifying is saved only after the warning was shown and confirmed for exactly that text, and the warning never
shows the text."""

import re

import pytest
from django.urls import reverse

from sightline.assurance.models import Activity
from sightline.audit.models import AuditEvent

from .builders import make_activity, satisfy


def url(name, activity):
    return reverse(name, kwargs={"slug": "test", "activity_id": activity.pk})


def token(page: str) -> str:
    found = re.search(r'name="identifiers_token" value="([^"]+)"', page)
    return found.group(1) if found else ""


def test_feedback_that_names_a_child_is_saved_only_once_the_warning_is_confirmed(world, client_for):
    activity = make_activity(world)
    client = client_for(world.users["iso"])
    data = {
        "version": activity.version,
        "highlights": "Partners listen well.",
        "findings": "The school knew.\nJake Smith was seen in ED twice in May.",
    }
    warned = client.post(url("activity_feedback", activity), data)
    page = warned.content.decode()
    assert warned.status_code == 200 and "A name in “Findings”, paragraph 2" in page
    assert "Jake" not in page.split("<textarea")[0]
    assert Activity.objects.get(pk=activity.pk).findings == ""
    confirmed = client.post(
        url("activity_feedback", activity),
        {**data, "identifiers_token": token(page), "identifiers_checked": "on"},
    )
    assert confirmed.status_code == 302
    assert Activity.objects.get(pk=activity.pk).findings == data["findings"]
    event = AuditEvent.objects.filter(verb="activity.feedback_recorded").latest("seq")
    assert event.changes["identifier_warnings_confirmed"] == ["name"]


@pytest.mark.parametrize(
    "extra",
    [{"identifiers_checked": "on"}, {"identifiers_checked": "on", "identifiers_token": "made:up:token"}],
)
def test_a_pre_ticked_first_post_of_feedback_is_warned_about(world, client_for, extra):
    activity = make_activity(world)
    data = {"version": activity.version, "highlights": "Seen at 12 Acacia Road by police."}
    warned = client_for(world.users["business_team"]).post(
        url("activity_feedback", activity), {**data, **extra}
    )
    assert warned.status_code == 200 and "A street address in “Key highlights”" in warned.content.decode()
    assert Activity.objects.get(pk=activity.pk).highlights == ""


def test_highlights_for_publication_are_guarded_and_changed_text_is_warned_about_again(world, client_for):
    activity = make_activity(world)
    satisfy(world, activity, "feedback")
    client = client_for(world.users["business_team"])
    data = {"publish": "on", "text": "Partners listen well. NHS 943 476 5919."}
    pre_ticked = client.post(url("activity_publication", activity), {**data, "identifiers_checked": "on"})
    page = pre_ticked.content.decode()
    assert pre_ticked.status_code == 200 and "An NHS number in “Highlights as they will be published”" in page
    assert "5919" not in page.split("<textarea")[0]
    issued = token(page)
    changed = {**data, "text": "Partners listen well. NHS 401 023 2137."}
    again = client.post(
        url("activity_publication", activity),
        {**changed, "identifiers_token": issued, "identifiers_checked": "on"},
    )
    assert again.status_code == 200 and "An NHS number" in again.content.decode()
    activity.refresh_from_db()
    assert not activity.publish_highlights
    confirmed = client.post(
        url("activity_publication", activity),
        {**data, "identifiers_token": issued, "identifiers_checked": "on"},
    )
    assert confirmed.status_code == 302
    activity.refresh_from_db()
    assert activity.publish_highlights and activity.publication_text == data["text"]
