"""Demo meetings: the learning group's next meeting with its agenda built from the demo plans, and last month's
board meeting, held, with a decision recorded. Synthetic only."""

from datetime import timedelta

from django.utils import timezone

from sightline.partnerships.models import Group, Partnership

from . import decisions, meetings


def demo_governance_load(partnership: Partnership) -> None:
    today = timezone.localdate()
    groups = {group.kind: group for group in partnership.groups.all()}
    board = groups.get(Group.Kind.BOARD)
    if board is not None:
        held = meetings.meeting_schedule(
            by=None, partnership=partnership, group=board, held_on=today - timedelta(days=30)
        )
        item = meetings.item_add(
            by=None,
            meeting=held,
            title="Quarterly report from the learning group",
            detail="Presented by its chair",
        )
        decisions.decision_record(
            by=None,
            meeting=held,
            item_id=item.pk,
            kind="note",
            text="The board noted the report and asked for the neglect audit findings at its next meeting.",
        )
        meetings.meeting_close(by=None, meeting=held, present="Independent chair\nThree delegated partners")
    learning = groups.get(Group.Kind.LEARNING)
    if learning is not None:
        upcoming = meetings.meeting_schedule(
            by=None, partnership=partnership, group=learning, held_on=today + timedelta(days=14)
        )
        meetings.agenda_build(by=None, meeting=upcoming)
