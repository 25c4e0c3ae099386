"""iCalendar text (RFC 5545), written by hand: one VEVENT per activity with fixed dates, for the invitation sent
with a programme and for each person's calendar feed.

What the RFC asks of us: lines end in CRLF (3.1); a content line longer than 75 octets is folded, with CRLF and one
space, never inside a UTF-8 character (3.1); TEXT values escape backslash, semicolon, comma and newline (3.3.11);
every VEVENT has a UID and a DTSTAMP (3.6.1); times here are UTC, written with a trailing Z (3.3.5); a parameter
value with a colon, semicolon or comma is quoted, and may hold no double quote (3.2).

An invitation sent by email is an iTIP REQUEST (RFC 5546 3.2.2): its METHOD is REQUEST, the same as the method
parameter of the attachment's content type (RFC 6047 2.4), and its event names an ORGANIZER and an ATTENDEE."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

PRODID = "-//Sightline//Assurance activities//EN"
UID_DOMAIN = "sightline.assurance"
MAX_OCTETS = 75


def escape_text(value: str) -> str:
    """A TEXT value: backslash first, so the escapes that follow are not themselves escaped."""
    return (
        (value or "")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def param_value(value: str) -> str:
    """A parameter value (a CN): double quotes and control characters dropped, then quoted if it must be."""
    cleaned = "".join(char for char in (value or "") if char != '"' and (char == "\t" or ord(char) >= 32))
    return f'"{cleaned}"' if any(char in cleaned for char in ":;,") else cleaned


def utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """Fold one content line into pieces of at most 75 octets, each continuation starting with a space."""
    pieces, current, size = [], [], 0
    limit = MAX_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            pieces.append("".join(current))
            current, size = [], 0
            limit = MAX_OCTETS - 1  # the leading space of a continuation line counts
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


@dataclass(frozen=True)
class Event:
    uid: str
    starts_at: datetime
    ends_at: datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    sequence: int = 0
    cancelled: bool = False
    organizer: tuple[str, str] | None = None  # (name, email address), for an invitation
    attendees: tuple[tuple[str, str], ...] = ()  # (name, email address) of each person invited


def _event_lines(event: Event, stamp: datetime) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{utc(stamp)}",
        f"DTSTART:{utc(event.starts_at)}",
        f"DTEND:{utc(event.ends_at)}",
        f"SEQUENCE:{event.sequence}",
        f"SUMMARY:{escape_text(event.summary)}",
        f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    if event.organizer:
        name, address = event.organizer
        lines.append(f"ORGANIZER;CN={param_value(name)}:mailto:{address}")
    for name, address in event.attendees:
        lines.append(
            f"ATTENDEE;CN={param_value(name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:{address}"
        )
    lines.append("END:VEVENT")
    return lines


def calendar(
    events: list[Event], *, name: str = "", stamp: datetime | None = None, method: str = "PUBLISH"
) -> str:
    """A whole VCALENDAR: CRLF after every line, the last included. `method` is PUBLISH for a download or a
    feed, REQUEST for an invitation sent by email."""
    stamp = stamp or datetime.now(UTC)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", f"METHOD:{method}"]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines.extend(_event_lines(event, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def unfold(text: str) -> list[str]:
    """The content lines of iCalendar text, continuations joined: the reader's side of `fold`."""
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def activity_event(activity, *, url: str = "", programme=(), organizer=None, attendees=()) -> Event:
    """The calendar event of an activity whose dates are fixed. The description holds the programme; nothing
    about any child is ever in an activity's title, place or programme."""
    lines = [activity.get_kind_display()]
    for item in programme:
        lines.append(
            f"{item.starts:%H:%M} to {item.ends:%H:%M}: {item.title}" + (f" ({item.who})" if item.who else "")
        )
    return Event(
        uid=f"{activity.pk}@{UID_DOMAIN}",
        starts_at=activity.starts_at,
        ends_at=activity.ends_at,
        summary=activity.title,
        description="\n".join(lines),
        location=activity.location,
        url=url,
        sequence=activity.invitation_sequence,
        cancelled=activity.status == "withdrawn",
        organizer=organizer,
        attendees=tuple(attendees),
    )
