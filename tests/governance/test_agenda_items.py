"""One item per action on a meeting's agenda, under the heading that says most about it, and on each item only the
decisions that the action's state lets the meeting carry out."""

from datetime import timedelta

import pytest

from sightline.core.errors import TransitionError
from sightline.governance import decisions, meetings
from sightline.governance.models import AgendaItem, Decision
from sightline.improvement import actions
from sightline.improvement import decisions as action_decisions
from sightline.improvement.escalation import action_escalate, escalations_flag
from sightline.improvement.models import Action, Escalation

from ..improvement.builders import fresh, make_action, set_due, today
from .test_meetings import url

K = AgendaItem.Kind


def offered(client, world, meeting, item) -> list[str]:
    """The decisions the meeting page offers on this item, as the chair sees them."""
    rows = client.get(url("meeting_detail", world, meeting)).context["rows"]
    form = next(form for row_item, _, form in rows if row_item.pk == item.pk)
    return [value for value, _ in form.fields["kind"].choices]


def kinds_of(meeting, action) -> list[str]:
    return list(meeting.items.filter(action=action).values_list("kind", flat=True))


def test_an_overdue_action_already_escalated_appears_once_as_the_escalation(world, client_for, scene):
    plan, proposed, late, meeting = scene
    chair = world.users["learning_chair"]
    action_escalate(by=chair, action=fresh(late), reason="No progress since the spring")
    meetings.agenda_build(by=chair, meeting=meeting)
    assert kinds_of(meeting, late) == [K.ESCALATION]
    item = meeting.items.get(action=late)
    assert offered(client_for(chair), world, meeting, item) == ["resolve", "extend", "note"]
    assert meetings.agenda_build(by=chair, meeting=meeting) == 0


def test_an_action_escalated_after_the_agenda_was_built_stays_once_and_is_not_offered_escalation(
    world, client_for, scene
):
    plan, proposed, late, meeting = scene
    chair = world.users["learning_chair"]
    meetings.agenda_build(by=chair, meeting=meeting)
    item = meeting.items.get(action=late)
    client = client_for(chair)
    assert offered(client, world, meeting, item) == ["extend", "escalate", "note"]
    set_due(late, today() - timedelta(days=60))
    assert escalations_flag(today=today()) == 1
    assert offered(client, world, meeting, item) == ["extend", "note"]
    assert "not on the agenda yet" not in client.get(url("meeting_detail", world, meeting)).content.decode()
    assert meetings.agenda_build(by=chair, meeting=meeting) == 0
    assert kinds_of(meeting, late) == [K.OVERDUE]


def test_a_completion_proposed_on_an_escalated_action_appears_once_as_the_completion(
    world, client_for, scene
):
    plan, proposed, late, meeting = scene
    chair = world.users["learning_chair"]
    escalation = action_escalate(by=chair, action=fresh(proposed), reason="Returned twice before")
    meetings.agenda_build(by=chair, meeting=meeting)
    assert kinds_of(meeting, proposed) == [K.COMPLETION]
    item = meeting.items.get(action=proposed)
    assert "escalated to the board" in item.title
    assert offered(client_for(chair), world, meeting, item) == ["verify", "return", "extend", "note"]
    decisions.decision_record(by=chair, meeting=meeting, item_id=item.pk, kind="verify")
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.RESOLVED


def test_an_action_decided_on_at_this_meeting_is_not_put_on_its_agenda_again(world, scene):
    plan, proposed, late, meeting = scene
    chair = world.users["learning_chair"]
    set_due(proposed, today() - timedelta(days=5))  # proposed after it fell due
    meetings.agenda_build(by=chair, meeting=meeting)
    item = meeting.items.get(action=proposed)
    decisions.decision_record(by=chair, meeting=meeting, item_id=item.pk, kind="return", text="No evidence")
    assert fresh(proposed).status == Action.Status.IN_PROGRESS  # now overdue, and being worked on
    assert meetings.agenda_missing(meeting, today=today()) == []
    assert meetings.agenda_build(by=chair, meeting=meeting) == 0
    assert kinds_of(meeting, proposed) == [K.COMPLETION]


def test_a_decision_the_action_can_no_longer_take_is_not_offered_and_is_refused(world, client_for, scene):
    plan, proposed, late, meeting = scene
    chair = world.users["learning_chair"]
    meetings.agenda_build(by=chair, meeting=meeting)
    item = meeting.items.get(kind=K.COMPLETION)
    # Verified outside the meeting, on the action's own page, after the agenda was built.
    action_decisions.action_verify(by=world.users["business_team"], action=fresh(proposed))
    client = client_for(chair)
    assert offered(client, world, meeting, item) == ["note"]
    prefix = f"i{item.pk.hex}"
    response = client.post(
        url("meeting_decide", world, meeting), {"item": item.pk, f"{prefix}-kind": "return"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Choose one of the decisions offered" in page
    with pytest.raises(TransitionError, match="cannot be changed this way"):
        decisions.decision_record(by=chair, meeting=meeting, item_id=item.pk, kind="return", text="Too soon")
    assert not Decision.objects.exists()
    assert fresh(proposed).status == Action.Status.VERIFIED


def test_whoever_proposed_a_completion_is_not_offered_its_verification(world, scene):
    plan, proposed, late, meeting = scene
    business, chair = world.users["business_team"], world.users["learning_chair"]
    briefed = make_action(world, plan, what="Brief the GP practices")
    actions.action_progress(by=business, action=fresh(briefed), commentary="Briefings booked")
    actions.action_propose_completion(by=business, action=fresh(briefed), commentary="All practices briefed")
    meetings.agenda_build(by=chair, meeting=meeting)
    item = meeting.items.select_related("action__plan__partnership").get(action=briefed)

    def kinds(user):
        return [kind for kind, _ in decisions.decisions_for(item, by=user)]

    assert kinds(chair) == ["verify", "return", "extend", "escalate", "note"]
    assert kinds(business) == ["return", "extend", "escalate", "note"]
