"""Reminders of presentations: the business team hears a week before a planned presentation and once its date
has passed while it is still planned, by a notice and an email, never twice a day for the same presentation."""

from datetime import timedelta

from sightline.audit.models import AuditEvent
from sightline.governance.models import Presentation
from sightline.governance.presentations import services
from sightline.governance.presentations.reminders import PAST, SOON, occasion_for, reminders_send
from sightline.governance.presentations.tasks import send_presentation_reminders
from sightline.notifications.models import Notice, OutboundEmail
from sightline.notifications.scheduler import JOBS
from sightline.partnerships.models import PartnershipMembership

from .. import factories
from .presentation_builders import planned, presented, today


def sent_to(user) -> tuple[int, int]:
    return Notice.objects.filter(user=user).count(), OutboundEmail.objects.filter(to=user.email).count()


def test_the_team_hears_a_week_before_once(world):
    business = world.users["business_team"]
    second = factories.with_partnership_role(world.partnership, PartnershipMembership.Role.BUSINESS_TEAM)
    presentation = planned(world, on=today() + timedelta(days=7))
    assert reminders_send(today=today()) == {"partnerships": 1, "presentations": 1}
    assert sent_to(business) == (1, 1) and sent_to(second) == (1, 1)
    email = OutboundEmail.objects.get(to=business.email)
    assert presentation.body.name in email.body and "/presentations/" in email.body
    notice = Notice.objects.get(user=business)
    assert notice.url.endswith(f"/presentations/{presentation.pk}/")
    # Again the same day, or on the days up to the presentation: nothing more.
    for days in range(0, 8):
        reminders_send(today=today() + timedelta(days=days))
    assert sent_to(business) == (1, 1)
    assert Presentation.objects.get(pk=presentation.pk).reminded_on == today()
    assert AuditEvent.objects.filter(verb="presentation.reminded").count() == 1
    # Nobody outside the business team hears of it.
    assert sent_to(world.users["partner_la"]) == (0, 0)
    assert sent_to(world.users["other_business_team"]) == (0, 0)


def test_nothing_is_said_more_than_a_week_ahead(world):
    presentation = planned(world, on=today() + timedelta(days=8))
    assert reminders_send(today=today()) == {"partnerships": 0, "presentations": 0}
    assert reminders_send(today=today() + timedelta(days=1))["presentations"] == 1
    assert Presentation.objects.get(pk=presentation.pk).reminded_on == today() + timedelta(days=1)


def test_a_date_passed_while_still_planned_is_said_then_weekly(world):
    business = world.users["business_team"]
    presentation = planned(world, on=today() - timedelta(days=1))
    assert reminders_send(today=today())["presentations"] == 1
    assert "still marked planned" in OutboundEmail.objects.get(to=business.email).body
    for days in range(1, 7):
        assert reminders_send(today=today() + timedelta(days=days))["presentations"] == 0
    assert reminders_send(today=today() + timedelta(days=7))["presentations"] == 1
    assert sent_to(business) == (2, 2)
    assert Presentation.objects.get(pk=presentation.pk).reminded_on == today() + timedelta(days=7)


def test_the_week_ahead_reminder_is_followed_by_one_when_the_date_passes(world):
    presentation = planned(world, on=today() + timedelta(days=3))
    assert reminders_send(today=today())["presentations"] == 1
    assert reminders_send(today=today() + timedelta(days=3))["presentations"] == 0
    assert reminders_send(today=today() + timedelta(days=4))["presentations"] == 1
    presentation.refresh_from_db()
    assert occasion_for(presentation, today=today() + timedelta(days=5)) is None


def test_one_message_lists_every_presentation_due(world):
    business = world.users["business_team"]
    planned(world, on=today() + timedelta(days=2))
    planned(world, on=today() - timedelta(days=2))
    assert reminders_send(today=today()) == {"partnerships": 1, "presentations": 2}
    assert sent_to(business) == (1, 1)
    assert Notice.objects.get(user=business).title == "2 presentations to other bodies need your attention"


def test_presented_and_cancelled_presentations_are_not_reminded(world):
    presented(world)
    cancelled = planned(world, on=today() + timedelta(days=1))
    services.presentation_cancel(by=world.users["business_team"], presentation=cancelled, reason="Postponed")
    assert reminders_send(today=today())["presentations"] == 0
    assert not OutboundEmail.objects.exists()


def test_a_later_date_is_reminded_afresh_and_never_twice_a_day(world):
    presentation = planned(world, on=today() + timedelta(days=5))
    reminders_send(today=today())
    presentation = services.presentation_update(
        by=world.users["business_team"], presentation=presentation, on=today() + timedelta(days=6)
    )
    assert reminders_send(today=today())["presentations"] == 0
    presentation = services.presentation_update(
        by=world.users["business_team"], presentation=presentation, on=today() + timedelta(days=30)
    )
    assert reminders_send(today=today() + timedelta(days=22))["presentations"] == 0
    assert reminders_send(today=today() + timedelta(days=23))["presentations"] == 1


def test_occasions(world):
    presentation = Presentation(on=today(), reminded_on=None)
    assert occasion_for(presentation, today=today()) == SOON
    presentation.on = today() - timedelta(days=1)
    assert occasion_for(presentation, today=today()) == PAST
    presentation.reminded_on = today()
    assert occasion_for(presentation, today=today()) is None


def test_the_scheduler_runs_the_job_hourly(world):
    job = next(job for job in JOBS if job.name == "send-presentation-reminders")
    assert job.every == timedelta(hours=1)
    planned(world, on=today() + timedelta(days=1))
    assert send_presentation_reminders.call() == {"partnerships": 1, "presentations": 1}
    assert send_presentation_reminders.call() == {"partnerships": 0, "presentations": 0}
