"""The day a meeting was held. A chair may meet before the date set, so recording the meeting as held sets (or
confirms) the day it actually met: today unless the chair says otherwise, never in the future and never after a
decision of the meeting was recorded. Its decisions carry that day, and so do its minutes."""

import io
from datetime import timedelta

import docx
import pytest
from django.utils import timezone

from sightline.audit.models import AuditEvent
from sightline.core.errors import TransitionError
from sightline.governance import decisions, meetings
from sightline.governance.models import AgendaItem, Decision, Meeting

from ..improvement.builders import group, today
from .test_meetings import url

K = AgendaItem.Kind


@pytest.fixture
def early(world, scene):
    """The group's next meeting, set for a month ahead, with its agenda built and one decision recorded now."""
    chair = world.users["learning_chair"]
    meeting = meetings.meeting_schedule(
        by=chair, partnership=world.partnership, group=group(world), held_on=today() + timedelta(days=30)
    )
    meetings.agenda_build(by=chair, meeting=meeting)
    item = meeting.items.get(kind=K.COMPLETION)
    decisions.decision_record(
        by=chair, meeting=meeting, item_id=item.pk, kind="return", text="Show the audit"
    )
    return meeting


def minutes_text(client, world, meeting) -> str:
    minutes = client.get(url("meeting_minutes", world, meeting))
    return "\n".join(p.text for p in docx.Document(io.BytesIO(minutes.content)).paragraphs)


def test_a_meeting_held_early_is_recorded_on_the_day_it_met(world, client_for, early):
    scheduled_title = early.title
    meetings.meeting_close(by=world.users["learning_chair"], meeting=early, present="Learning chair")
    early.refresh_from_db()
    assert (early.status, early.held_on) == (Meeting.Status.HELD, today())
    assert early.title == f"{early.group.name}, {today():%-d %B %Y}" != scheduled_title
    assert list(Decision.objects.values_list("decided_on", flat=True)) == [today()]
    text = minutes_text(client_for(world.users["learning_chair"]), world, early)
    assert f"Held on {today():%-d %B %Y}." in text
    assert f"{today() + timedelta(days=30):%-d %B %Y}" not in text
    changes = AuditEvent.objects.get(verb="meeting.held", target_id=str(early.pk)).changes
    assert changes["held_on"] == today().isoformat()
    assert changes["date_set"] == (today() + timedelta(days=30)).isoformat()


def test_the_chair_gives_an_earlier_day_and_the_decisions_carry_it(world, early):
    met = today() - timedelta(days=2)
    meetings.meeting_close(by=world.users["learning_chair"], meeting=early, held_on=met)
    early.refresh_from_db()
    assert early.held_on == met
    assert set(Decision.objects.values_list("decided_on", flat=True)) == {met}


def test_a_title_the_chair_chose_is_kept(world, early):
    Meeting.objects.filter(pk=early.pk).update(title="Extraordinary meeting on neglect")
    meetings.meeting_close(by=world.users["learning_chair"], meeting=early)
    early.refresh_from_db()
    assert early.title == "Extraordinary meeting on neglect"


def test_a_meeting_held_as_set_keeps_its_date(world, scene):
    plan, proposed, late, meeting = scene
    chair = world.users["learning_chair"]
    Meeting.objects.filter(pk=meeting.pk).update(held_on=today() - timedelta(days=3))
    meetings.item_add(by=chair, meeting=meeting, title="Terms of reference")
    meetings.meeting_close(by=chair, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.held_on == today() - timedelta(days=3)


@pytest.mark.parametrize(
    "days,message",
    [
        (1, "cannot be in the future"),
        (0, "Decisions of this meeting were recorded on"),
    ],
)
def test_a_day_the_meeting_cannot_have_been_held_on_is_refused_and_changes_nothing(
    world, early, days, message
):
    # The decision was recorded three days ago, so the meeting was held by then.
    Decision.objects.update(decided_at=timezone.now() - timedelta(days=3))
    with pytest.raises(TransitionError, match=message):
        meetings.meeting_close(
            by=world.users["learning_chair"], meeting=early, held_on=today() + timedelta(days=days)
        )
    early.refresh_from_db()
    assert (early.status, early.held_on) == (Meeting.Status.SCHEDULED, today() + timedelta(days=30))
    assert Decision.objects.get().decided_on is None
    assert not AuditEvent.objects.filter(verb="meeting.held").exists()


def test_the_page_offers_the_likely_day_and_explains_a_refusal(world, client_for, early):
    chair = client_for(world.users["learning_chair"])
    page = chair.get(url("meeting_detail", world, early))
    assert page.context["held_form"]["held_on"].value() == today()
    assert f'name="held_on" value="{today().isoformat()}"' in page.content.decode()  # as date pickers read it
    assert "Scheduled for" in page.content.decode()
    tomorrow = today() + timedelta(days=1)
    refused = chair.post(url("meeting_held", world, early), {"held_on": tomorrow.isoformat(), "present": ""})
    text = refused.content.decode()
    assert refused.status_code == 200 and "<title>Error:" in text
    assert '<a href="#id_held_on">Enter the day the meeting was held: it cannot be in the future' in text
    early.refresh_from_db()
    assert early.status == Meeting.Status.SCHEDULED
    done = chair.post(url("meeting_held", world, early), {"held_on": today().isoformat(), "present": "Chair"})
    assert done.status_code == 302
    page = chair.get(url("meeting_detail", world, early)).content.decode()
    assert "Held on" in page and f"{today():%-d %B %Y}" in page


def test_the_day_offered_is_the_first_decision_day_when_that_came_first(world, client_for, early):
    Decision.objects.update(decided_at=timezone.now() - timedelta(days=4))
    page = client_for(world.users["learning_chair"]).get(url("meeting_detail", world, early))
    assert page.context["held_form"]["held_on"].value() == today() - timedelta(days=4)
