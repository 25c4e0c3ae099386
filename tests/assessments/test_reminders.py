"""Reminders on the cycle's schedule in working days, at most one email a day per return, and chasing from the
tracking page."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sightline.assessments import cycles
from sightline.assessments.models import Cycle, ReminderSent, Submission
from sightline.assessments.reminders import reminders_due, reminders_send, submissions_chase
from sightline.assessments.services import template_load
from sightline.audit.models import AuditEvent
from sightline.core.errors import TransitionError
from sightline.notifications.models import Notice
from sightline.partnerships.models import Organisation, OrganisationMembership

from .. import factories
from .test_cycles import make_cycle
from .test_library import GOOD

# Tuesday 1 June 2027 follows the spring bank holiday on Monday 31 May.
DUE = date(2027, 6, 1)


@pytest.fixture
def template(db):
    return template_load(by=None, content=GOOD, filename="tiny.yaml").template


@pytest.fixture
def police(world):
    return factories.organisation(world.partnership, "Test Constabulary", type=Organisation.Type.POLICE)


@pytest.fixture
def police_lead(police):
    return factories.with_organisation_role(police, OrganisationMembership.Role.LEAD)


def open_cycle(world, template, **overrides):
    values = {"opens_on": date(2027, 4, 1), "closes_on": DUE, "reminder_days": [10, 5, 1], **overrides}
    cycle = make_cycle(world, template, **values)
    cycles.cycle_open(by=world.users["business_team"], cycle=cycle)
    factories.launched_days_ago(cycle, 30)
    cycle.refresh_from_db()
    return cycle


def days_with_reminders(start: date, end: date, to: str) -> list[date]:
    """Run the job once each day from start to end; the days on which `to` got an email."""
    days = []
    for offset in range((end - start).days + 1):
        today = start + timedelta(days=offset)
        before = len(mail.outbox)
        reminders_send(today=today)
        if any(to in message.to for message in mail.outbox[before:]):
            days.append(today)
    return days


def return_of(cycle, organisation) -> Submission:
    return cycle.submissions.get(organisation=organisation)


def test_reminders_fall_on_working_days_before_the_deadline_then_weekly(world, template, run_on_commit):
    cycle = open_cycle(world, template)
    mail.outbox.clear()
    lead = world.users["agency_a_lead"].email
    assert days_with_reminders(date(2027, 5, 1), date(2027, 6, 30), lead) == [
        date(2027, 5, 17),  # 10 working days before
        date(2027, 5, 24),  # 5 working days before
        date(2027, 5, 28),  # 1 working day before: the Friday, as Monday 31 May is a bank holiday
        date(2027, 6, 8),  # then every 7 days while overdue
        date(2027, 6, 15),
        date(2027, 6, 22),
        date(2027, 6, 29),
    ]
    kinds = list(
        ReminderSent.objects.filter(submission__cycle=cycle)
        .exclude(kind="launch")
        .order_by("sent_on")
        .values_list("kind", flat=True)
    )
    assert kinds == ["before_due:10", "before_due:5", "before_due:1"] + ["overdue"] * 4
    first = next(message for message in mail.outbox if "1 working day from today" in message.body)
    assert first.subject == "Reminder: Section 11 2026 for Agency A NHS Trust is due on 1 June 2027"
    assert "Overdue: Section 11 2026" in mail.outbox[-1].subject
    assert "was due on 1 June 2027" in mail.outbox[-1].body
    assert Notice.objects.filter(user=world.users["agency_a_lead"], title__startswith="Overdue").count() == 4


def test_weekly_overdue_reminders_move_off_a_bank_holiday(world, template, run_on_commit):
    # Due Monday 20 December 2027: a week on is Monday 27th, the Christmas Day substitute, so Wednesday 29th
    # (Tuesday 28th is the Boxing Day substitute); two weeks on is Monday 3 January 2028, the New Year's Day
    # substitute, so Tuesday 4th.
    open_cycle(world, template, closes_on=date(2027, 12, 20), reminder_days=[])
    lead = world.users["agency_a_lead"].email
    assert days_with_reminders(date(2027, 12, 21), date(2028, 1, 4), lead) == [
        date(2027, 12, 29),
        date(2028, 1, 4),
    ]


def test_no_weekly_reminders_when_the_cycle_does_not_ask_for_them(world, template, run_on_commit):
    cycle = open_cycle(world, template, reminder_days=[1])
    Cycle.objects.filter(pk=cycle.pk).update(remind_weekly_when_overdue=False)
    mail.outbox.clear()
    lead = world.users["agency_a_lead"].email
    assert days_with_reminders(date(2027, 5, 20), date(2027, 7, 1), lead) == [date(2027, 5, 28)]


def test_submitted_and_accepted_returns_get_no_reminders(world, template, police, police_lead, run_on_commit):
    cycle = open_cycle(world, template)
    Submission.objects.filter(cycle=cycle, organisation=world.agency_a).update(
        status=Submission.Status.SUBMITTED
    )
    Submission.objects.filter(organisation=police).update(status=Submission.Status.ACCEPTED)
    mail.outbox.clear()
    for day in (date(2027, 5, 17), date(2027, 5, 28), date(2027, 6, 8)):
        assert reminders_send(today=day)["sent"] == 0
    assert mail.outbox == [] and not ReminderSent.objects.exclude(kind="launch").exists()


def test_only_the_leads_of_the_late_organisation_hear(world, template, police, police_lead, run_on_commit):
    cycle = open_cycle(world, template)
    Submission.objects.filter(cycle=cycle, organisation=police).update(status=Submission.Status.SUBMITTED)
    second_lead = factories.with_organisation_role(world.agency_a, OrganisationMembership.Role.LEAD)
    mail.outbox.clear()
    reminders_send(today=date(2027, 5, 28))
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [world.users["agency_a_lead"].email, second_lead.email]
    )
    others = [police_lead, world.users["agency_b_lead"], world.users["agency_a_contributor"]]
    assert not Notice.objects.filter(user__in=others, title__startswith="Reminder").exists()


def test_two_reminders_due_together_make_one_email_and_a_second_run_sends_nothing(
    world, template, run_on_commit
):
    cycle = open_cycle(world, template, reminder_days=[2, 1])
    mail.outbox.clear()
    # The job did not run on Thursday 27 May (2 working days before); on Friday both reminders are due.
    totals = reminders_send(today=date(2027, 5, 28))
    assert totals["sent"] == 1 and len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "2 working days before the deadline (27 May 2027)" in body
    assert "1 working day before the deadline (28 May 2027)" in body
    assert ReminderSent.objects.exclude(kind="launch").get().kind == "before_due:2+before_due:1"

    again = reminders_send(today=date(2027, 5, 28))
    assert (
        again["sent"] == 0
        and len(mail.outbox) == 1
        and ReminderSent.objects.exclude(kind="launch").count() == 1
    )
    events = AuditEvent.objects.filter(verb="reminders.sent", target_id=str(cycle.pk))
    assert events.count() == 1
    assert events.get().changes["count"] == 1 and events.get().changes["emails"] == 1


def test_missed_reminders_lapse_after_two_working_days(world, template, run_on_commit):
    open_cycle(world, template, reminder_days=[5])  # Monday 24 May
    assert reminders_due(today=date(2027, 5, 26)) != []  # Wednesday: still caught up
    assert reminders_due(today=date(2027, 5, 27)) == []  # Thursday: lapsed


def test_nothing_goes_out_on_weekends_bank_holidays_or_launch_day(world, template, run_on_commit):
    cycle = open_cycle(world, template, reminder_days=[1])
    assert reminders_due(today=date(2027, 5, 29)) == []  # Saturday
    assert reminders_due(today=date(2027, 5, 31)) == []  # bank holiday
    # Launched on the day of a reminder: the launch email is that day's email.
    Cycle.objects.filter(pk=cycle.pk).update(opened_at=datetime(2027, 5, 28, 9, tzinfo=UTC))
    assert reminders_due(today=date(2027, 5, 28)) == []


def test_closed_cycle_reminds_only_returns_with_a_running_extension(
    world, template, police, police_lead, run_on_commit
):
    cycle = open_cycle(world, template, reminder_days=[1])
    extended = return_of(cycle, world.agency_a)
    cycles.submission_extend(
        by=world.users["business_team"], submission=extended, due_on=date(2027, 6, 15), reason="Inspection"
    )
    cycles.cycle_close(by=world.users["business_team"], cycle=cycle)
    mail.outbox.clear()
    lead, police_email = world.users["agency_a_lead"].email, police_lead.email
    assert days_with_reminders(date(2027, 6, 2), date(2027, 7, 1), lead) == [date(2027, 6, 14)]
    assert not any(police_email in message.to for message in mail.outbox)


def test_the_task_and_its_schedule(world, template, run_on_commit):
    from sightline.assessments.tasks_reminders import send_cycle_reminders
    from sightline.notifications.scheduler import JOBS

    assert "sightline.assessments.tasks_reminders.send_cycle_reminders" in {job.task_path for job in JOBS}
    open_cycle(world, template)
    result = send_cycle_reminders.enqueue()
    assert set(result.return_value) >= {"sent", "emails"}


# Chasing from the tracking page.


def chase_url(world, cycle, submission=None):
    if submission is None:
        return reverse("cycle_chase_all", kwargs={"slug": world.partnership.slug, "cycle_id": cycle.pk})
    return reverse(
        "submission_chase",
        kwargs={"slug": world.partnership.slug, "cycle_id": cycle.pk, "submission_id": submission.pk},
    )


def messages_after(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def test_business_team_chases_one_return_once_a_day(world, template, client_for, run_on_commit):
    cycle = open_cycle(world, template)
    submission = return_of(cycle, world.agency_a)
    mail.outbox.clear()
    client = client_for(world.users["business_team"])
    page = client.get(reverse("cycle_detail", kwargs={"slug": "test", "cycle_id": cycle.pk})).content.decode()
    assert "Send a reminder now to every organisation that has not submitted" in page
    assert 'Remind<span class="govuk-visually-hidden"> Agency A NHS Trust</span>' in page

    response = client.post(chase_url(world, cycle, submission), follow=True)
    assert "Reminder sent to 1 organisation." in messages_after(response)
    assert [message.to for message in mail.outbox] == [[world.users["agency_a_lead"].email]]
    assert "business team has asked us to remind you" in mail.outbox[0].body
    assert ReminderSent.objects.exclude(kind="launch").get(submission=submission).kind == "chase"
    event = AuditEvent.objects.get(verb="submission.chased")
    assert event.actor == world.users["business_team"] and event.target_id == str(submission.pk)

    again = client.post(chase_url(world, cycle, submission), follow=True)
    assert "1 organisation had already had a reminder email today" in messages_after(again)
    assert len(mail.outbox) == 1 and AuditEvent.objects.filter(verb="submission.chased").count() == 1


def test_business_team_chases_every_late_return(
    world, template, client_for, police, police_lead, run_on_commit
):
    lead_less = factories.organisation(world.partnership, "Leaderless Trust")
    cycle = open_cycle(world, template)
    Submission.objects.filter(cycle=cycle, organisation=world.agency_a).update(
        status=Submission.Status.SUBMITTED
    )
    mail.outbox.clear()
    response = client_for(world.users["business_team"]).post(chase_url(world, cycle), follow=True)
    text = messages_after(response)
    assert "Reminder sent to 1 organisation." in text
    assert "1 organisation has no safeguarding lead account" in text and lead_less.name in text
    assert [message.to for message in mail.outbox] == [[police_lead.email]]
    chased = AuditEvent.objects.filter(verb="submission.chased").values_list("target_id", flat=True)
    assert list(chased) == [str(return_of(cycle, police).pk)]


def test_chasing_after_a_scheduled_reminder_the_same_day_sends_nothing(world, template, run_on_commit):
    cycle = open_cycle(world, template)
    submission = return_of(cycle, world.agency_a)
    ReminderSent.objects.create(submission=submission, kind="before_due:1", sent_on=timezone.localdate())
    result = submissions_chase(by=world.users["business_team"], cycle=cycle, submissions=[submission])
    assert result.already_today == [submission] and result.sent == []


def test_only_the_business_team_chases(world, template, client_for):
    cycle = open_cycle(world, template)
    submission = return_of(cycle, world.agency_a)
    partner = client_for(world.users["partner_la"])
    assert partner.post(chase_url(world, cycle)).status_code == 404
    assert partner.post(chase_url(world, cycle, submission)).status_code == 404
    page = partner.get(
        reverse("cycle_detail", kwargs={"slug": "test", "cycle_id": cycle.pk})
    ).content.decode()
    assert "Send a reminder now" not in page and "Remind<span" not in page
    assert client_for(world.users["business_team"]).get(chase_url(world, cycle)).status_code == 405
    with pytest.raises(TransitionError, match="business team"):
        submissions_chase(by=world.users["partner_la"], cycle=cycle, submissions=[submission])
    other = client_for(world.users["other_business_team"])
    assert other.post(chase_url(world, cycle, submission)).status_code == 404
    assert (
        not ReminderSent.objects.exclude(kind="launch").exists()
        and not AuditEvent.objects.filter(verb="submission.chased").exists()
    )


def test_a_draft_cycle_cannot_be_chased(world, template):
    cycle = make_cycle(world, template)
    with pytest.raises(TransitionError, match="only while the cycle is open"):
        submissions_chase(by=world.users["business_team"], cycle=cycle, submissions=[])


def test_an_email_held_back_goes_inside_the_next_reminder(world, template, run_on_commit):
    from sightline.assessments import daily_email
    from sightline.assessments.models import HeldEmail

    cycle = open_cycle(world, template)
    submission = return_of(cycle, world.agency_a)
    lead = world.users["agency_a_lead"]
    mail.outbox.clear()

    def tell(subject):
        return daily_email.email_leads(
            submission=submission,
            people=[lead],
            subject=subject,
            template="assessments/email/accepted.txt",
            context={"submission": submission},
            kind="test",
            today=date(2027, 5, 14),
        )

    assert tell("First news") is True and tell("Second news") is False
    assert [m.subject for m in mail.outbox] == ["First news"]
    reminders_send(today=date(2027, 5, 17))
    reminder = mail.outbox[-1]
    assert len(mail.outbox) == 2 and reminder.subject.startswith("Reminder:")
    assert "Second news" in reminder.body and "waited for today" in reminder.body
    assert HeldEmail.objects.get().sent_at is not None
    assert daily_email.digests_send(today=date(2027, 5, 18)) == 0 and len(mail.outbox) == 2
