"""Reminders about actions: a week before the due date, when overdue, when returned; to the owner, or the owning
organisation's leads; at most one email a day per person, gathering everything due into one digest."""

from datetime import timedelta

import pytest
from django.core import mail

from sightline.improvement import actions, decisions
from sightline.improvement.models import Action, ActionReminder, ReminderDigest
from sightline.improvement.reminders import reminders_send
from sightline.notifications.models import Notice
from sightline.notifications.scheduler import JOBS
from sightline.partnerships.models import OrganisationMembership

from .. import factories
from .builders import fresh, in_state, make_action, make_plan, set_due, today

S = Action.Status


@pytest.fixture(autouse=True)
def _emails_go_out(run_on_commit):
    mail.outbox.clear()


def emails_to(user) -> list:
    return [message for message in mail.outbox if user.email in message.to]


def test_the_job_is_scheduled_hourly():
    job = next(job for job in JOBS if job.task_path == "sightline.improvement.tasks.send_action_reminders")
    assert job.every == timedelta(hours=1)


def test_the_owner_hears_a_week_before_the_due_date_once(world):
    owner = world.users["agency_a_contributor"]
    action = make_action(world, make_plan(world), due_in=10, owner_person=owner)
    for offset in range(0, 3):  # 10, 9 and 8 days before: too early
        assert reminders_send(today=today() + timedelta(days=offset))["sent"] == 0
    assert reminders_send(today=today() + timedelta(days=3))["sent"] == 1
    assert reminders_send(today=today() + timedelta(days=3))["sent"] == 0  # the hourly job runs again
    assert reminders_send(today=today() + timedelta(days=4))["sent"] == 0  # told already about this date
    [email] = emails_to(owner)
    assert f"Due on {action.due_on:%-d %B %Y}" in email.body
    assert f"/improvement/actions/{action.pk}/" in email.body
    assert emails_to(world.users["agency_a_lead"]) == []
    assert Notice.objects.filter(user=owner).count() == 1


def test_without_an_owner_person_the_organisations_leads_are_told(world):
    second_lead = factories.with_organisation_role(world.agency_a, OrganisationMembership.Role.LEAD)
    make_action(world, make_plan(world), due_in=5)
    reminders_send(today=today())
    assert len(emails_to(world.users["agency_a_lead"])) == 1
    assert len(emails_to(second_lead)) == 1
    assert emails_to(world.users["agency_a_contributor"]) == []


def test_one_email_a_day_gathers_every_action_due(world):
    plan = make_plan(world)
    soon = make_action(world, plan, due_in=2, what="Due soon action")
    late = set_due(
        in_state(world, make_action(world, plan, what="Overdue action"), S.IN_PROGRESS),
        today() - timedelta(days=1),
    )
    counts = reminders_send(today=today())
    assert counts == {"sent": 1, "held": 0}
    [email] = emails_to(world.users["agency_a_lead"])
    assert "Due soon action" in email.body and "Overdue action" in email.body
    assert "2 actions need your attention" in email.subject
    assert ReminderDigest.objects.get().actions == 2
    assert set(ActionReminder.objects.values_list("action_id", flat=True)) == {soon.pk, late.pk}


def test_an_action_becoming_overdue_is_told_once(world):
    owner = world.users["agency_a_lead"]
    action = in_state(
        world, make_action(world, make_plan(world), due_in=1, owner_person=owner), S.IN_PROGRESS
    )
    reminders_send(today=today())  # due soon
    reminders_send(today=today() + timedelta(days=1))  # due today: nothing new
    reminders_send(today=today() + timedelta(days=2))  # overdue
    reminders_send(today=today() + timedelta(days=3))
    bodies = [email.body for email in emails_to(owner)]
    assert len(bodies) == 2
    assert "Overdue: it was due on" in bodies[1]
    assert action.reminders.count() == 2


def test_a_return_after_the_days_email_waits_for_tomorrows(world):
    owner, chair = world.users["agency_a_lead"], world.users["learning_chair"]
    plan = make_plan(world)
    make_action(world, plan, due_in=3, owner_person=owner, what="Due soon action")
    proposed = in_state(
        world, make_action(world, plan, owner_person=owner, what="Proposed action"), S.COMPLETION_PROPOSED
    )
    assert reminders_send(today=today())["sent"] == 1
    decisions.action_return(by=chair, action=proposed, reason="Show the audit")
    assert reminders_send(today=today()) == {"sent": 0, "held": 1}
    assert len(emails_to(owner)) == 1
    assert reminders_send(today=today() + timedelta(days=1))["sent"] == 1
    second = emails_to(owner)[1]
    assert "Proposed action" in second.body and "Returned by the learning group" in second.body
    assert "Due soon action" not in second.body


def test_a_new_due_date_starts_its_reminders_afresh(world):
    owner = world.users["agency_a_lead"]
    action = make_action(world, make_plan(world), due_in=3, owner_person=owner)
    reminders_send(today=today())
    actions.action_extend(
        by=world.users["learning_chair"],
        action=fresh(action),
        due_on=today() + timedelta(days=20),
        reason="Later",
    )
    assert reminders_send(today=today() + timedelta(days=13))["sent"] == 1
    assert len(emails_to(owner)) == 2


@pytest.mark.parametrize("state", [S.DEFERRED, S.VERIFIED, S.CANCELLED, S.COMPLETION_PROPOSED])
def test_nobody_is_chased_about_an_action_not_being_worked_on(world, state):
    action = in_state(world, make_action(world, make_plan(world)), state)
    set_due(action, today() - timedelta(days=3))
    assert reminders_send(today=today())["sent"] == 0
    assert mail.outbox == []


def test_an_inactive_owner_falls_back_to_the_leads(world):
    owner = world.users["agency_a_contributor"]
    make_action(world, make_plan(world), due_in=2, owner_person=owner)
    owner.is_active = False
    owner.save(update_fields=["is_active"])
    reminders_send(today=today())
    assert emails_to(owner) == [] and len(emails_to(world.users["agency_a_lead"])) == 1
