"""The iCalendar text is valid RFC 5545: CRLF line ends, lines folded at 75 octets (never inside a character),
TEXT escaped, a UID and DTSTAMP on every event, times in UTC."""

import re
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from sightline.assurance import ics

WHEN = datetime(2026, 11, 17, 9, 30, tzinfo=UTC)
LATER = datetime(2026, 11, 17, 16, 0, tzinfo=UTC)


def event(**overrides):
    values = {
        "uid": "0b7f5d1e@sightline.assurance",
        "starts_at": WHEN,
        "ends_at": LATER,
        "summary": "Thematic event: neglect",
        **overrides,
    }
    return ics.Event(**values)


def test_a_calendar_has_the_required_properties_and_crlf_line_ends():
    text = ics.calendar([event()], stamp=datetime(2026, 11, 1, 12, 0, tzinfo=UTC))
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    lines = ics.unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    assert "UID:0b7f5d1e@sightline.assurance" in lines
    assert "DTSTAMP:20261101T120000Z" in lines
    assert "DTSTART:20261117T093000Z" in lines and "DTEND:20261117T160000Z" in lines


def test_times_are_written_in_utc_whatever_zone_they_come_in():
    from zoneinfo import ZoneInfo

    summer = datetime(2026, 7, 1, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    assert ics.utc(summer) == "20260701T090000Z"


def test_text_is_escaped():
    assert ics.escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
    lines = ics.unfold(ics.calendar([event(summary="Neglect; the child's voice, heard\nagain")]))
    assert "SUMMARY:Neglect\\; the child's voice\\, heard\\nagain" in lines


def test_a_long_line_is_folded_at_75_octets_and_unfolds_to_itself():
    summary = "Practice learning line-of-sight event on the voice of the child " * 4
    text = ics.calendar([event(summary=summary)])
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    assert f"SUMMARY:{summary}" in ics.unfold(text)


def test_folding_never_splits_a_multi_byte_character():
    folded = ics.fold("DESCRIPTION:" + "é" * 100 + "€" * 50)
    for piece in folded.split("\r\n"):
        piece.encode("utf-8").decode("utf-8")  # each physical line is valid UTF-8 on its own
        assert len(piece.encode("utf-8")) <= 75
    assert folded.replace("\r\n ", "") == "DESCRIPTION:" + "é" * 100 + "€" * 50


@given(st.text(min_size=0, max_size=400))
def test_any_text_folds_within_the_limit_and_comes_back_whole(value):
    line = "SUMMARY:" + ics.escape_text(value)
    folded = ics.fold(line)
    assert all(len(piece.encode("utf-8")) <= 75 for piece in folded.split("\r\n"))
    assert all(piece.startswith(" ") for piece in folded.split("\r\n")[1:])
    assert folded.replace("\r\n ", "") == line
    assert not re.search(r"(?<!\\)[;,]", ics.escape_text(value).replace("\\\\", ""))


def test_a_withdrawn_activity_is_cancelled_in_calendars():
    lines = ics.unfold(ics.calendar([event(cancelled=True, sequence=2)]))
    assert "STATUS:CANCELLED" in lines and "SEQUENCE:2" in lines


def test_an_invitation_is_a_request_naming_its_organiser_and_attendee():
    invitation = event(
        organizer=("Demo Safeguarding Children Partnership", "no-reply@sightline.invalid"),
        attendees=(('Lena "LA" Authority, partner', "la.partner@example.test"),),
    )
    lines = ics.unfold(ics.calendar([invitation], method="REQUEST"))
    assert "METHOD:REQUEST" in lines and "METHOD:PUBLISH" not in lines
    assert "ORGANIZER;CN=Demo Safeguarding Children Partnership:mailto:no-reply@sightline.invalid" in lines
    assert (
        'ATTENDEE;CN="Lena LA Authority, partner";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:'
        "mailto:la.partner@example.test"
    ) in lines


def test_a_download_or_a_feed_publishes_and_names_no_one():
    lines = ics.unfold(ics.calendar([event()]))
    assert "METHOD:PUBLISH" in lines
    assert not any(line.startswith(("ORGANIZER", "ATTENDEE")) for line in lines)
