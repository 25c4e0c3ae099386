"""Scheduling: dates put forward and answered, people's unavailable days, fixing the dates with a warning when the
ISO or a key partner cannot come, the programme sent with its calendar invitation, and attendance."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sightline.assurance import activities, ics, scheduling, selectors
from sightline.assurance.models import CandidateAnswer, Unavailability
from sightline.audit.models import AuditEvent
from sightline.core.errors import TransitionError

from .builders import force_state, make_activity, partners


def url(name, activity=None, **kwargs):
    values = {"slug": "test", **kwargs}
    if activity is not None:
        values["activity_id"] = activity.pk
    return reverse(name, kwargs=values)


def in_days(n, hour=10):
    day = timezone.localdate() + timedelta(days=n)
    return timezone.make_aware(
        timezone.datetime.combine(day, timezone.datetime.min.time().replace(hour=hour))
    )


def test_a_person_records_their_own_unavailable_days(world, client_for):
    client = client_for(world.users["iso"])
    first = (timezone.localdate() + timedelta(days=5)).isoformat()
    last = (timezone.localdate() + timedelta(days=9)).isoformat()
    client.post(url("unavailability"), {"starts_on": first, "ends_on": last})
    period = Unavailability.objects.get()
    assert period.user == world.users["iso"]
    page = client.get(url("unavailability")).content.decode()
    assert period.starts_on.strftime("%-d %B %Y") in page


def test_unavailable_days_must_run_forwards(world, client_for):
    response = client_for(world.users["iso"]).post(
        url("unavailability"), {"starts_on": "2026-12-10", "ends_on": "2026-12-01"}
    )
    assert b"The last day must be on or after the first day" in response.content
    assert not Unavailability.objects.exists()


def test_nobody_removes_someone_elses_days(world, client_for):
    period = scheduling.unavailability_add(
        by=world.users["iso"], starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 2)
    )
    response = client_for(world.users["partner_la"]).post(url("unavailability_remove", period_id=period.pk))
    assert response.status_code == 404 and Unavailability.objects.filter(pk=period.pk).exists()
    client_for(world.users["iso"]).post(url("unavailability_remove", period_id=period.pk))
    assert not Unavailability.objects.exists()


def test_key_partners_and_the_iso_say_which_dates_suit_them(world, client_for):
    people = partners(world)
    activity = make_activity(world)
    candidate = scheduling.candidate_add(
        by=world.users["business_team"], activity=activity, starts_at=in_days(20), ends_at=in_days(20, 15)
    )
    client_for(people["icb"]).post(url("activity_dates_answer", activity), {f"c_{candidate.pk.hex}": "no"})
    client_for(world.users["iso"]).post(
        url("activity_dates_answer", activity), {f"c_{candidate.pk.hex}": "yes"}
    )
    answers = dict(CandidateAnswer.objects.values_list("user_id", "suits"))
    assert answers == {people["icb"].pk: False, world.users["iso"].pk: True}
    warnings = selectors.date_warnings(activity, candidate.starts_at, candidate.ends_at)
    assert warnings == [
        f"{people['icb']} (delegated safeguarding partner (integrated care board)) said this date does not suit them"
    ]
    assert (
        client_for(world.users["board_member"]).get(url("activity_dates_answer", activity)).status_code == 404
    )


def test_fixing_dates_warns_when_the_iso_is_away_and_goes_ahead_only_when_told(world, client_for):
    partners(world)
    activity = force_state(make_activity(world), "format_endorsed")
    day = timezone.localdate() + timedelta(days=30)
    scheduling.unavailability_add(
        by=world.users["iso"], starts_on=day - timedelta(days=1), ends_on=day + timedelta(days=1)
    )
    client = client_for(world.users["business_team"])
    data = {"day": day.isoformat(), "starts": "09:30", "ends": "13:00", "location": "Town hall"}

    warned = client.post(url("activity_dates_fix", activity), data)

    assert b"is unavailable from" in warned.content and b"tick the box" in warned.content
    activity.refresh_from_db()
    assert activity.starts_at is None and activity.status == "format_endorsed"

    client.post(url("activity_dates_fix", activity), {**data, "confirm": "on"})

    activity.refresh_from_db()
    assert activity.status == "dates_fixed" and activity.location == "Town hall"
    assert timezone.localtime(activity.starts_at).strftime("%H:%M") == "09:30"
    event = AuditEvent.objects.filter(verb="activity.dates_fixed").latest("seq")
    assert "is unavailable from" in event.changes["warnings_seen"][0]


def test_a_date_put_forward_can_be_chosen_when_fixing(world, client_for):
    partners(world)
    activity = force_state(make_activity(world), "format_endorsed")
    candidate = scheduling.candidate_add(
        by=world.users["business_team"], activity=activity, starts_at=in_days(15), ends_at=in_days(15, 16)
    )
    client_for(world.users["business_team"]).post(
        url("activity_dates_fix", activity), {"candidate": str(candidate.pk)}
    )
    activity.refresh_from_db()
    assert (activity.starts_at, activity.ends_at, activity.status) == (
        candidate.starts_at,
        candidate.ends_at,
        "dates_fixed",
    )


def test_dates_cannot_change_once_it_has_been_held(world):
    activity = force_state(make_activity(world), "held")
    with pytest.raises(TransitionError, match="already taken place"):
        scheduling.activity_dates_fix(
            by=world.users["business_team"], activity=activity, starts_at=in_days(1), ends_at=in_days(1, 12)
        )


def prepared(world):
    partners(world)
    activity = force_state(make_activity(world), "preparation")
    business = world.users["business_team"]
    scheduling.activity_dates_fix(
        by=business, activity=activity, starts_at=in_days(10, 9), ends_at=in_days(10, 16)
    )
    from datetime import time

    scheduling.programme_item_add(
        by=business, activity=activity, starts=time(9, 30), ends=time(10), title="Welcome", who="Chair"
    )
    scheduling.participant_add(by=business, activity=activity, role="partner", user=world.users["partner_la"])
    scheduling.participant_add(by=business, activity=activity, role="panel", user=world.users["iso"])
    scheduling.participant_add(by=business, activity=activity, role="practitioner", name="A practitioner")
    activity.refresh_from_db()
    return activity


def test_the_programme_is_sent_to_each_participant_with_an_account_with_its_invitation(
    world, client_for, run_on_commit
):
    activity = prepared(world)
    mail.outbox.clear()
    response = client_for(world.users["business_team"]).post(url("programme_send", activity))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == "programme_sent" and activity.invitation_sequence == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.users["partner_la"].email, world.users["iso"].email]
    )
    body = mail.outbox[0].body
    invitation = url("activity_invitation_download", activity)
    assert invitation in body and "09:30 to 10:00: Welcome (Chair)" in body
    assert activity.participants.filter(invited_at__isnull=False).count() == 2

    download = client_for(world.users["partner_la"]).get(invitation)
    assert download["Content-Disposition"].startswith("attachment") and download["Content-Type"].startswith(
        "text/calendar"
    )
    lines = ics.unfold(download.content.decode())
    assert f"UID:{activity.pk}@sightline.assurance" in lines and "SEQUENCE:1" in lines
    assert AuditEvent.objects.filter(
        verb="activity_invitation.downloaded", actor=world.users["partner_la"]
    ).exists()


def invitation_in(message):
    """The calendar part of a sent email, or None."""
    parts = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) <= 1
    return parts[0] if parts else None


def test_each_programme_email_carries_its_invitation_as_a_calendar_request(world, run_on_commit):
    activity = prepared(world)
    mail.outbox.clear()
    scheduling.programme_send(by=world.users["business_team"], activity=activity)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        part = invitation_in(message)
        assert part is not None, "the programme email has no calendar invitation attached"
        assert part.get_param("method") == "REQUEST" and part.get_content_disposition() == "attachment"
        assert part.get_filename().endswith(".ics")
        lines = ics.unfold(part.get_payload(decode=True).decode("utf-8"))
        assert "METHOD:REQUEST" in lines and f"UID:{activity.pk}@sightline.assurance" in lines
        assert "SEQUENCE:1" in lines and any(line.startswith("ORGANIZER;") for line in lines)
        # Each person is named as the one attendee of their own invitation: no one sees the others' addresses.
        attendees = [line for line in lines if line.startswith("ATTENDEE;")]
        assert len(attendees) == 1 and attendees[0].endswith(f":mailto:{message.to[0]}")
        assert any("09:30 to 10:00: Welcome (Chair)" in line for line in lines)


def test_sending_again_sends_an_update_that_replaces_the_first(world, run_on_commit):
    activity = prepared(world)
    scheduling.programme_send(by=world.users["business_team"], activity=activity)
    mail.outbox.clear()
    scheduling.programme_send(by=world.users["business_team"], activity=activity)
    activity.refresh_from_db()
    assert activity.invitation_sequence == 2 and mail.outbox[0].subject.startswith(
        "Sightline: Updated programme"
    )
    assert "SEQUENCE:2" in ics.unfold(invitation_in(mail.outbox[0]).get_payload(decode=True).decode())


def test_the_programme_needs_items_and_people_with_accounts(world):
    partners(world)
    activity = force_state(make_activity(world), "preparation")
    business = world.users["business_team"]
    scheduling.activity_dates_fix(
        by=business, activity=activity, starts_at=in_days(10, 9), ends_at=in_days(10, 16)
    )
    with pytest.raises(TransitionError, match="Add the programme's items first"):
        scheduling.programme_send(by=business, activity=activity)
    from datetime import time

    scheduling.programme_item_add(
        by=business, activity=activity, starts=time(9), ends=time(10), title="Welcome"
    )
    with pytest.raises(TransitionError, match="Add the people taking part first"):
        scheduling.programme_send(by=business, activity=activity)


def test_attendance_is_recorded_once_it_has_started(world, client_for):
    activity = prepared(world)
    present = activity.participants.get(name="A practitioner")
    client = client_for(world.users["iso"])
    client.post(url("attendance_record", activity), {"present": [str(present.pk)]})
    assert activity.participants.filter(attended__isnull=False).count() == 0
    from sightline.assurance.models import Activity

    Activity.objects.filter(pk=activity.pk).update(starts_at=in_days(-1, 9), ends_at=in_days(-1, 16))
    client.post(url("attendance_record", activity), {"present": [str(present.pk)]})
    assert dict(activity.participants.values_list("name", "attended")) == {
        str(world.users["partner_la"]): False,
        str(world.users["iso"]): False,
        "A practitioner": True,
    }


def test_only_people_in_the_partnership_can_take_part(world):
    activity = make_activity(world)
    with pytest.raises(TransitionError, match="Choose someone in the partnership"):
        scheduling.participant_add(
            by=world.users["business_team"],
            activity=activity,
            role="panel",
            user=world.users["other_business_team"],
        )


def test_the_invitation_is_404_until_the_dates_are_fixed(world, client_for):
    activity = make_activity(world)
    assert (
        client_for(world.users["business_team"])
        .get(url("activity_invitation_download", activity))
        .status_code
        == 404
    )


def test_withdrawing_after_the_programme_went_out_cancels_each_invitation(world, run_on_commit):
    activity = prepared(world)
    scheduling.programme_send(by=world.users["business_team"], activity=activity)
    mail.outbox.clear()

    activities.activity_advance(
        by=world.users["business_team"], activity=activity, to="withdrawn", note="The ISO is ill"
    )

    activity.refresh_from_db()
    assert activity.invitation_sequence == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.users["partner_la"].email, world.users["iso"].email]
    )
    for message in mail.outbox:
        assert (
            message.subject == f"Sightline: Withdrawn: {activity.title}"
            and "will not take place" in message.body
        )
        part = invitation_in(message)
        assert part.get_param("method") == "CANCEL"
        lines = ics.unfold(part.get_payload(decode=True).decode("utf-8"))
        assert "METHOD:CANCEL" in lines and "STATUS:CANCELLED" in lines and "SEQUENCE:2" in lines
        assert f"UID:{activity.pk}@sightline.assurance" in lines
    assert AuditEvent.objects.get(verb="activity.invitations_cancelled").changes["to"] == 2


def test_withdrawing_before_any_programme_was_sent_sends_no_cancellation(world, run_on_commit):
    activity = prepared(world)
    mail.outbox.clear()

    activities.activity_advance(
        by=world.users["business_team"], activity=activity, to="withdrawn", note="No longer needed"
    )

    assert mail.outbox == [] and not AuditEvent.objects.filter(verb="activity.invitations_cancelled").exists()
