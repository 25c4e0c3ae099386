"""Independent scrutiny reports on the board's agenda (framework section 4: the ISOs attend the board "to present
findings"). The business team, which runs the board's meetings, puts an issued report on a scheduled meeting of
the partnership's board as an item for its author to present; the meeting then notes it like any other item."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from sightline import policy
from sightline.audit import services as audit
from sightline.core.errors import TransitionError
from sightline.notifications.services import notice_create
from sightline.partnerships.models import Group

from .meetings import _next_order, _require_open, locked
from .models import AgendaItem, Meeting

Kind = AgendaItem.Kind


def board_meetings_open(*, report) -> QuerySet[Meeting]:
    """The scheduled meetings of the partnership's board, today's and later ones first by date, that do not
    have the report on their agenda yet."""
    return (
        Meeting.objects.filter(
            partnership_id=report.partnership_id,
            group__kind=Group.Kind.BOARD,
            status=Meeting.Status.SCHEDULED,
            held_on__gte=timezone.localdate(),
        )
        .exclude(items__iso_report=report)
        .select_related("group")
        .order_by("held_on", "title")
    )


def report_placements(*, report) -> QuerySet[AgendaItem]:
    """Where the report is on a meeting's agenda, with the meeting and any decision on it."""
    return (
        AgendaItem.objects.filter(iso_report=report)
        .select_related("meeting__group", "decision")
        .order_by("meeting__held_on")
    )


@transaction.atomic
def iso_report_place_on_agenda(*, by, report, meeting: Meeting) -> AgendaItem:
    """Put an issued ISO report on a scheduled board meeting's agenda, for its author to present. The author is
    told which meeting."""
    meeting = locked(meeting)
    if by is not None and not policy.business_team_of_report(by, report):
        raise TransitionError(
            "Only the partnership's business team can put a report on a board meeting's agenda"
        )
    if report.status != report.Status.ISSUED:
        raise TransitionError("Only an issued report can go before the board: issue it first")
    if meeting.partnership_id != report.partnership_id or meeting.group.kind != Group.Kind.BOARD:
        raise TransitionError("Choose a meeting of the partnership's board")
    _require_open(meeting)
    if meeting.items.filter(iso_report=report).exists():
        raise TransitionError("The report is already on that meeting's agenda")
    author = report.author
    summary = (report.summary or "").strip()
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=_next_order(meeting),
        kind=Kind.ISO_REPORT,
        title=f"Independent scrutiny report: {report.title}"[:300],
        detail=f"Presented by {author}, independent scrutiny officer."
        + (f"\n\n{summary}" if summary else ""),
        iso_report=report,
        added_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit.record(
        actor=by,
        verb="meeting.item_added",
        target=meeting,
        partnership=meeting.partnership,
        changes={"title": item.title, "iso_report": str(report.pk)},
    )
    if author.is_active:
        notice_create(
            user=author,
            partnership=meeting.partnership,
            title=f"Your report is on the agenda of {meeting.title}"[:250],
            body=f'You are asked to present "{report.title}" to the board on {meeting.held_on:%-d %B %Y}.',
            url=reverse(
                "meeting_detail", kwargs={"slug": meeting.partnership.slug, "meeting_id": meeting.pk}
            ),
        )
    return item
