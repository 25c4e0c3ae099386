"""Meetings of the groups: the agenda built from the plans, reordered and added to by the chair, a decision on
each item carried out on the action, refusals that change nothing, and the minutes."""

import io
from datetime import timedelta

import docx
import pytest
from django.urls import reverse

from sightline.audit.models import AuditEvent
from sightline.core.errors import TransitionError
from sightline.governance import decisions, meetings
from sightline.governance.models import AgendaItem, Decision, Meeting
from sightline.improvement.models import Action, Escalation
from sightline.partnerships.models import Group

from ..improvement.builders import group, in_state, make_action, set_due, today
from ..query_budget import assert_flat

K = AgendaItem.Kind


def url(name, world, meeting=None):
    kwargs = {"slug": world.partnership.slug}
    if meeting is not None:
        kwargs["meeting_id"] = meeting.pk
    return reverse(name, kwargs=kwargs)


def test_the_agenda_is_built_from_the_plans_once(world, scene):
    plan, proposed, late, meeting = scene
    chair = world.users["learning_chair"]
    assert meetings.agenda_build(by=chair, meeting=meeting) == 3
    items = list(meeting.items.order_by("order"))
    assert [(item.kind, item.action_id) for item in items] == [
        (K.NEW_PLAN, None),
        (K.COMPLETION, proposed.pk),
        (K.OVERDUE, late.pk),
    ]
    assert meetings.agenda_build(by=chair, meeting=meeting) == 0
    assert AuditEvent.objects.filter(verb="meeting.agenda_built", target_id=str(meeting.pk)).count() == 1


def test_decisions_are_carried_out_on_the_actions(world, scene):
    plan, proposed, late, meeting = scene
    chair = world.users["learning_chair"]
    meetings.agenda_build(by=chair, meeting=meeting)
    completion = meeting.items.get(kind=K.COMPLETION)
    overdue = meeting.items.get(kind=K.OVERDUE)
    decisions.decision_record(
        by=chair, meeting=meeting, item_id=completion.pk, kind="return", text="No evidence yet"
    )
    proposed.refresh_from_db()
    assert proposed.status == Action.Status.IN_PROGRESS and proposed.returns == 1
    new_date = today() + timedelta(days=45)
    decisions.decision_record(
        by=chair,
        meeting=meeting,
        item_id=overdue.pk,
        kind="extend",
        text="Trainer unwell",
        new_due_on=new_date,
    )
    late.refresh_from_db()
    assert late.due_on == new_date
    assert Decision.objects.count() == 2
    assert AuditEvent.objects.filter(verb="meeting.decided").count() == 2


def test_verify_and_escalate(world, scene):
    plan, proposed, late, meeting = scene
    business = world.users["business_team"]
    meetings.agenda_build(by=business, meeting=meeting)
    decisions.decision_record(
        by=business, meeting=meeting, item_id=meeting.items.get(kind=K.COMPLETION).pk, kind="verify"
    )
    assert Action.objects.get(pk=proposed.pk).status == Action.Status.VERIFIED
    decisions.decision_record(
        by=business,
        meeting=meeting,
        item_id=meeting.items.get(kind=K.OVERDUE).pk,
        kind="escalate",
        text="Three months late and no plan to catch up",
    )
    assert Escalation.objects.get(action=late).status == Escalation.Status.OPEN


@pytest.mark.parametrize(
    "kind,text,message",
    [
        ("return", "", "Enter the reason for returning the action"),
        ("extend", "", "Enter the reason for extending the due date"),
        ("resolve", "Done", "For this item the meeting can"),
        ("shout", "x", "For this item the meeting can"),
    ],
)
def test_bad_decisions_are_refused_and_change_nothing(world, scene, kind, text, message):
    plan, proposed, late, meeting = scene
    chair = world.users["learning_chair"]
    meetings.agenda_build(by=chair, meeting=meeting)
    with pytest.raises(TransitionError, match=message):
        decisions.decision_record(
            by=chair, meeting=meeting, item_id=meeting.items.get(kind=K.COMPLETION).pk, kind=kind, text=text
        )
    assert not Decision.objects.exists()
    assert Action.objects.get(pk=proposed.pk).status == Action.Status.COMPLETION_PROPOSED


def test_a_decision_on_an_item_not_on_this_agenda_is_refused(world, client_for, scene):
    plan, proposed, late, meeting = scene
    chair = world.users["learning_chair"]
    other = meetings.meeting_schedule(
        by=chair, partnership=world.partnership, group=group(world), held_on=today() + timedelta(days=30)
    )
    meetings.agenda_build(by=chair, meeting=other)
    elsewhere = other.items.get(kind=K.COMPLETION)
    with pytest.raises(TransitionError, match="not on this meeting's agenda"):
        decisions.decision_record(by=chair, meeting=meeting, item_id=elsewhere.pk, kind="verify")
    response = client_for(chair).post(
        url("meeting_decide", world, meeting),
        {"item": elsewhere.pk, f"i{elsewhere.pk.hex}-kind": "verify"},
        follow=True,
    )
    assert "not on this meeting&#x27;s agenda" in response.content.decode()
    assert not Decision.objects.exists()
    assert Action.objects.get(pk=proposed.pk).status == Action.Status.COMPLETION_PROPOSED


def test_the_chair_runs_the_meeting_in_the_browser(world, client_for, scene):
    plan, proposed, late, meeting = scene
    chair = client_for(world.users["learning_chair"])
    chair.post(url("meeting_build_agenda", world, meeting))
    chair.post(
        url("meeting_add_item", world, meeting), {"title": "Learning briefing on neglect", "detail": "Draft"}
    )
    added = meeting.items.get(kind=K.OTHER)
    assert added.order == 4
    chair.post(url("meeting_move_item", world, meeting), {"item": added.pk, "direction": "up"})
    assert [item.kind for item in meeting.items.order_by("order")] == [
        K.NEW_PLAN,
        K.COMPLETION,
        K.OTHER,
        K.OVERDUE,
    ]
    completion = meeting.items.get(kind=K.COMPLETION)
    prefix = f"i{completion.pk.hex}"
    empty = chair.post(
        url("meeting_decide", world, meeting), {"item": completion.pk, f"{prefix}-kind": "return"}
    )
    page = empty.content.decode()
    assert (
        empty.status_code == 200 and "There is a problem" in page and "Enter the reason for returning" in page
    )
    chair.post(
        url("meeting_decide", world, meeting),
        {"item": completion.pk, f"{prefix}-kind": "verify", f"{prefix}-text": "Audit of 20 files shows it"},
    )
    assert Action.objects.get(pk=proposed.pk).status == Action.Status.VERIFIED
    chair.post(
        url("meeting_held", world, meeting),
        {"held_on": today().isoformat(), "present": "Learning chair\nBusiness team"},
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    with pytest.raises(TransitionError, match="has been held"):
        decisions.decision_record(
            by=world.users["learning_chair"], meeting=meeting, item_id=added.pk, kind="note", text="Late"
        )
    minutes = chair.get(url("meeting_minutes", world, meeting))
    assert minutes["Content-Disposition"].startswith("attachment;")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(minutes.content)).paragraphs)
    assert (
        "Audit of 20 files shows it" in text
        and "Learning briefing on neglect" in text
        and "Business team" in text
    )
    assert AuditEvent.objects.filter(verb="meeting.minutes.exported").exists()


def test_readers_see_the_meeting_but_cannot_change_it(world, client_for, scene):
    plan, proposed, late, meeting = scene
    meetings.agenda_build(by=world.users["learning_chair"], meeting=meeting)
    partner = client_for(world.users["partner_la"])
    page = partner.get(url("meeting_detail", world, meeting)).content.decode()
    assert "Audit supervision" in page and "Record the decision" not in page
    assert partner.post(url("meeting_build_agenda", world, meeting)).status_code == 404
    for role in ("agency_a_lead", "other_business_team", "nobody"):
        assert client_for(world.users[role]).get(url("meeting_detail", world, meeting)).status_code == 404
    assert client_for(None).get(url("meeting_list", world)).status_code == 302


def test_the_board_meeting_takes_the_escalations(world, scene):
    from sightline.improvement.escalation import action_escalate

    plan, proposed, late, meeting = scene
    action_escalate(by=world.users["learning_chair"], action=late, reason="Long overdue")
    board = meetings.meeting_schedule(
        by=world.users["business_team"],
        partnership=world.partnership,
        group=group(world, Group.Kind.BOARD),
        held_on=today() + timedelta(days=7),
    )
    meetings.agenda_build(by=world.users["business_team"], meeting=board)
    item = board.items.get(kind=K.ESCALATION)
    decisions.decision_record(
        by=world.users["business_team"],
        meeting=board,
        item_id=item.pk,
        kind="resolve",
        text="New date agreed",
    )
    assert Escalation.objects.get(action=late).status == Escalation.Status.RESOLVED


def test_meeting_page_queries_do_not_grow_with_the_agenda(world, client_for, scene):
    plan, proposed, late, meeting = scene
    meetings.agenda_build(by=world.users["learning_chair"], meeting=meeting)

    def grow():
        for n in range(30):
            meetings.item_add(by=world.users["learning_chair"], meeting=meeting, title=f"Item {n}")
            set_due(make_action(world, plan, what=f"Late action {n}"), today() - timedelta(days=3))
        meetings.agenda_build(by=world.users["learning_chair"], meeting=meeting)

    # 21: one query of the 21 asks for resolved disputes' learning waiting for the learning group.
    assert_flat(
        client_for(world.users["learning_chair"]), url("meeting_detail", world, meeting), grow, bound=21
    )


def test_the_chair_is_told_what_has_come_in_since_the_agenda_was_built(world, client_for, scene):
    plan, proposed, late, meeting = scene
    chair = client_for(world.users["learning_chair"])
    chair.post(url("meeting_build_agenda", world, meeting))
    assert (
        "holds everything the action plans put before this meeting"
        in chair.get(url("meeting_detail", world, meeting)).content.decode()
    )
    in_state(world, make_action(world, plan, what="Brief the GPs"), Action.Status.COMPLETION_PROPOSED)
    page = chair.get(url("meeting_detail", world, meeting)).content.decode()
    assert "1 new item from the action plans is not on the agenda yet" in page
    assert (
        "new item"
        not in client_for(world.users["partner_la"])
        .get(url("meeting_detail", world, meeting))
        .content.decode()
    )
    chair.post(url("meeting_build_agenda", world, meeting))
    assert meeting.items.filter(kind=K.COMPLETION).count() == 2
    assert "not on the agenda yet" not in chair.get(url("meeting_detail", world, meeting)).content.decode()


def test_a_completion_on_the_agenda_carries_the_owners_evidence_into_the_minutes(world, client_for, scene):
    plan, proposed, late, meeting = scene
    meetings.agenda_build(by=world.users["learning_chair"], meeting=meeting)
    item = meeting.items.get(kind=K.COMPLETION)
    assert item.detail.startswith("Audit supervision\n")
    assert "Evidence of impact, from" in item.detail and "Audit shows the change" in item.detail
    chair = client_for(world.users["learning_chair"])
    assert "Audit shows the change" in chair.get(url("meeting_detail", world, meeting)).content.decode()
    minutes = chair.get(url("meeting_minutes", world, meeting))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(minutes.content)).paragraphs)
    assert "Audit shows the change" in text


@pytest.mark.parametrize(
    "kind,field,message",
    [
        ("return", "text", "Enter the reason for returning the action"),
        ("extend", "new_due_on", "Enter the new due date"),
    ],
)
def test_a_decision_missing_what_it_needs_says_so_by_the_field(
    world, client_for, scene, kind, field, message
):
    plan, proposed, late, meeting = scene
    meetings.agenda_build(by=world.users["learning_chair"], meeting=meeting)
    item = meeting.items.get(kind=K.COMPLETION)
    prefix = f"i{item.pk.hex}"
    data = {
        "item": item.pk,
        f"{prefix}-kind": kind,
        f"{prefix}-text": "Trainer unwell" if field != "text" else "",
    }
    response = client_for(world.users["learning_chair"]).post(url("meeting_decide", world, meeting), data)
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in page
    assert f'<a href="#id_{prefix}-{field}">{message}' in page
    assert not Decision.objects.exists()
    assert Action.objects.get(pk=proposed.pk).status == Action.Status.COMPLETION_PROPOSED


def test_the_breadcrumbs_come_before_the_main_content(world, client_for, scene):
    plan, proposed, late, meeting = scene
    chair = client_for(world.users["learning_chair"])
    for page in (url("meeting_detail", world, meeting), url("meeting_schedule", world)):
        text = chair.get(page).content.decode()
        assert text.index('class="govuk-breadcrumbs"') < text.index("<main"), page
