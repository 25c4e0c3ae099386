"""Escalation to the board: the scheduled job flags actions overdue beyond the threshold or returned twice, once;
the learning group escalates by decision; the board's list keeps what became of each."""

from datetime import timedelta

import pytest
from django.urls import reverse

from sightline.audit.models import AuditEvent
from sightline.core.errors import TransitionError
from sightline.improvement import actions, decisions
from sightline.improvement.escalation import action_escalate, escalation_resolve, escalations_flag
from sightline.improvement.models import Action, ActionEvent, Escalation
from sightline.notifications.scheduler import JOBS

from .builders import fresh, in_state, make_action, make_plan, set_due, today

S = Action.Status


def overdue_by(world, days, state=S.IN_PROGRESS, plan=None):
    action = in_state(world, make_action(world, plan or make_plan(world)), state)
    return set_due(action, today() - timedelta(days=days))


def test_the_job_is_scheduled():
    assert "sightline.improvement.tasks.flag_escalations" in {job.task_path for job in JOBS}


def test_an_action_overdue_by_more_than_28_days_is_flagged_once_with_its_reason(world):
    plan = make_plan(world)
    flagged, not_yet = overdue_by(world, 29, plan=plan), overdue_by(world, 28, plan=plan)
    assert escalations_flag(today=today()) == 1
    assert escalations_flag(today=today()) == 0
    escalation = Escalation.objects.get()
    assert (escalation.action, escalation.reason, escalation.status) == (flagged, "overdue", "open")
    assert escalation.due_on == flagged.due_on and escalation.raised_by is None
    assert "29 days overdue" in escalation.note
    assert not not_yet.escalations.exists()
    assert fresh(flagged).events.filter(kind=ActionEvent.Kind.ESCALATED).count() == 1
    assert AuditEvent.objects.filter(verb="action.escalate", target_id=str(flagged.pk)).count() == 1


def test_the_threshold_is_a_setting(world, settings):
    action = overdue_by(world, 10)
    assert escalations_flag(today=today()) == 0
    settings.SIGHTLINE_ESCALATE_OVERDUE_DAYS = 7
    assert escalations_flag(today=today()) == 1
    assert action.escalations.count() == 1


@pytest.mark.parametrize("state", [S.DEFERRED, S.COMPLETION_PROPOSED, S.VERIFIED, S.CANCELLED])
def test_actions_not_being_worked_on_are_not_flagged_as_overdue(world, state):
    overdue_by(world, 60, state=state)
    assert escalations_flag(today=today()) == 0


def test_a_resolved_escalation_is_not_raised_again_for_the_same_missed_date_but_a_new_missed_date_is(world):
    action = overdue_by(world, 40)
    escalations_flag(today=today())
    escalation_resolve(
        by=world.users["learning_chair"], escalation=Escalation.objects.get(), resolution="Board noted it"
    )
    assert escalations_flag(today=today()) == 0
    actions.action_extend(
        by=world.users["learning_chair"], action=fresh(action), due_on=today(), reason="Agreed by the board"
    )
    assert escalations_flag(today=today() + timedelta(days=28)) == 0
    assert escalations_flag(today=today() + timedelta(days=29)) == 1
    assert action.escalations.count() == 2


def test_an_action_returned_twice_is_flagged_at_once_and_the_job_adds_nothing(world):
    chair = world.users["learning_chair"]
    action = in_state(world, make_action(world, make_plan(world)), S.COMPLETION_PROPOSED)
    decisions.action_return(by=chair, action=action, reason="No evidence yet")
    assert not action.escalations.exists()
    action = in_state(world, fresh(action), S.COMPLETION_PROPOSED)
    decisions.action_return(by=chair, action=action, reason="Still no evidence")
    escalation = action.escalations.get()
    assert (escalation.reason, escalation.returns) == ("returned", 2)
    assert "returned 2 times" in escalation.note
    assert escalations_flag(today=today()) == 0


def test_the_group_escalates_by_decision_but_not_twice(world):
    chair = world.users["learning_chair"]
    action = make_action(world, make_plan(world))
    escalation = action_escalate(by=chair, action=action, reason="Partner has not engaged")
    assert (escalation.reason, escalation.note, escalation.raised_by) == (
        "decision",
        "Partner has not engaged",
        chair,
    )
    with pytest.raises(TransitionError, match="already escalated"):
        action_escalate(by=chair, action=fresh(action), reason="Again")
    assert action.escalations.count() == 1


def test_resolving_needs_words_and_the_chair_or_business_team_and_happens_once(world):
    escalation = action_escalate(
        by=world.users["learning_chair"], action=make_action(world, make_plan(world)), reason="Stalled"
    )
    with pytest.raises(TransitionError, match="Enter what became"):
        escalation_resolve(by=world.users["business_team"], escalation=escalation, resolution=" ")
    with pytest.raises(TransitionError, match="Only the learning group's chair or the business team"):
        escalation_resolve(by=world.users["board_member"], escalation=escalation, resolution="Noted")
    escalation.refresh_from_db()
    assert escalation.status == "open"
    escalation_resolve(by=world.users["business_team"], escalation=escalation, resolution="New date agreed")
    escalation.refresh_from_db()
    assert (escalation.status, escalation.resolution) == ("resolved", "New date agreed")
    assert escalation.action.events.get(kind=ActionEvent.Kind.ESCALATION_RESOLVED).note == "New date agreed"
    assert AuditEvent.objects.filter(verb="escalation.resolved", target_id=str(escalation.pk)).count() == 1
    with pytest.raises(TransitionError, match="already been resolved"):
        escalation_resolve(by=world.users["business_team"], escalation=escalation, resolution="Again")


def test_verifying_or_cancelling_an_escalated_action_resolves_its_escalation(world):
    chair = world.users["learning_chair"]
    action = in_state(world, make_action(world, make_plan(world)), S.COMPLETION_PROPOSED)
    action_escalate(by=chair, action=action, reason="Slow")
    decisions.action_verify(by=chair, action=fresh(action))
    assert action.escalations.get().resolution == "The action was verified as complete."
    other = make_action(world, make_plan(world))
    action_escalate(by=chair, action=other, reason="Slow")
    decisions.action_cancel(by=chair, action=fresh(other), reason="Replaced by action 4")
    assert other.escalations.get().resolution == "The action was cancelled: Replaced by action 4"


def test_the_boards_list_shows_escalations_and_what_became_of_them(world, client_for):
    chair = world.users["learning_chair"]
    open_one = action_escalate(
        by=chair, action=make_action(world, make_plan(world), what="Open one"), reason="Slow"
    )
    done = action_escalate(
        by=chair, action=make_action(world, make_plan(world), what="Done one"), reason="Stuck"
    )
    escalation_resolve(by=chair, escalation=done, resolution="Partner to report in person in March")
    url = reverse("escalation_list", kwargs={"slug": "test"})
    board = client_for(world.users["board_member"])
    page = board.get(url).content.decode()
    assert "Open one" in page and "Done one" not in page
    assert "Record what became of it" not in page
    everything = board.get(url + "?status=all").content.decode()
    assert "Partner to report in person in March" in everything and "Open one" in everything
    assert open_one.action.plan.title in everything
    chair_page = client_for(chair).get(url).content.decode()
    assert reverse("escalation_resolve", kwargs={"slug": "test", "escalation_id": open_one.pk}) in chair_page


def test_resolving_through_the_page(world, client_for):
    escalation = action_escalate(
        by=world.users["learning_chair"], action=make_action(world, make_plan(world)), reason="Slow"
    )
    url = reverse("escalation_resolve", kwargs={"slug": "test", "escalation_id": escalation.pk})
    chair = client_for(world.users["learning_chair"])
    empty = chair.post(url, {"resolution": ""})
    assert empty.status_code == 200 and "Enter what became of the escalation" in empty.content.decode()
    response = chair.post(url, {"resolution": "Board agreed a new date", "status": "open"})
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert (escalation.status, escalation.resolution) == ("resolved", "Board agreed a new date")
    again = chair.get(url)
    assert again.status_code == 302
