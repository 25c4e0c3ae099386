"""Reminders to answer recommendations (sightline/scrutiny/reports/reminders.py): due within a week or overdue, at
most one a day, one per person listing everything they answer for, never for an answered response or a draft."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sightline.notifications.models import Notice, OutboundEmail
from sightline.notifications.scheduler import JOBS
from sightline.scrutiny.models import IsoRecommendation, RecommendationResponse
from sightline.scrutiny.reports.reminders import reminders_send

from ..assurance.builders import partners
from .report_builders import answer, draft, issued, recommend, response_for, statutory


def reminders_to(person) -> list:
    return list(Notice.objects.filter(user=person, title__contains="to answer"))


def due_in(report, days: int) -> None:
    IsoRecommendation.objects.filter(report=report).update(
        respond_by=timezone.localdate() + timedelta(days=days)
    )


@pytest.fixture
def today():
    return timezone.localdate()


def test_a_response_due_within_the_week_is_reminded_once_a_day(world, today):
    report = issued(world, world.agency_a)
    due_in(report, 5)
    lead = world.users["agency_a_lead"]
    assert reminders_send(today=today) == {"responses": 1, "people": 1}
    assert reminders_send(today=today) == {"responses": 0, "people": 0}
    assert len(reminders_to(lead)) == 1
    assert OutboundEmail.objects.filter(to=lead.email, subject__contains="to answer").count() == 1
    reminders_send(today=today + timedelta(days=1))
    assert len(reminders_to(lead)) == 2


def test_an_overdue_response_is_reminded_and_said_to_be_overdue(world, today):
    report = issued(world, world.agency_a)
    due_in(report, -3)
    reminders_send(today=today)
    email = OutboundEmail.objects.get(to=world.users["agency_a_lead"].email, subject__contains="to answer")
    assert "Overdue" in email.body


def test_nothing_is_sent_for_a_date_more_than_a_week_away_an_answer_or_a_draft(world, today):
    far = issued(world, world.agency_a)
    due_in(far, 8)
    answered = issued(world, world.agency_a)
    answer(response_for(answered, world.agency_a), world.users["agency_a_lead"])
    due_in(answered, 1)
    unissued = draft(world)
    recommend(unissued, world.agency_a)
    due_in(unissued, 1)
    assert reminders_send(today=today) == {"responses": 0, "people": 0}
    assert reminders_to(world.users["agency_a_lead"]) == []


def test_one_reminder_lists_everything_a_person_answers_for(world, today):
    police = statutory(world, "police")
    partner = partners(world)["police"]
    first = issued(world, police, title="First")
    second = issued(world, police, title="Second")
    due_in(first, 2)
    due_in(second, -1)
    reminders_send(today=today)
    notices = reminders_to(partner)
    assert len(notices) == 1 and notices[0].title == "2 recommendations to answer"
    assert "First" in notices[0].body and "Second" in notices[0].body
    assert set(RecommendationResponse.objects.values_list("reminded_on", flat=True)) == {today}


def test_the_scheduler_runs_the_reminders():
    assert "sightline.scrutiny.tasks.send_recommendation_reminders" in {job.task_path for job in JOBS}
