"""Learning from resolved disputes, taken to the learning group. A dispute resolved with learning goes onto the
next scheduled meeting of the partnership's learning group, once: at once if a meeting is scheduled, else when
the agenda of the next one is built. The item carries the dispute's subject and its learning, never its parties
or what passed between them: the learning group is not a reader of the dispute."""

from __future__ import annotations

from django.db.models import Exists, Max, Q, QuerySet
from django.utils import timezone

from sightline.audit import services as audit
from sightline.partnerships.models import Group
from sightline.scrutiny.models import Dispute

from .models import AgendaItem, Meeting

Kind = AgendaItem.Kind


def next_learning_meeting(partnership) -> Meeting | None:
    """The learning group's next meeting: the earliest still scheduled (one whose day has passed without being
    recorded as held is still the one the group will take next)."""
    return (
        Meeting.objects.filter(
            partnership=partnership, group__kind=Group.Kind.LEARNING, status=Meeting.Status.SCHEDULED
        )
        .select_related("group", "partnership")
        .order_by("held_on", "created_at")
        .first()
    )


def learning_waiting(partnership) -> QuerySet[Dispute]:
    """Resolved disputes whose learning is on no agenda yet."""
    return (
        Dispute.objects.filter(
            partnership=partnership,
            status=Dispute.Status.RESOLVED,
            learning_on_agenda_at__isnull=True,
        )
        .exclude(learning="")
        .order_by("resolved_on", "subject")
    )


def item_title(dispute: Dispute) -> str:
    return f"Learning from a resolved dispute: {dispute.subject}"[:300]


def candidates(meeting: Meeting) -> list[dict]:
    """What resolved disputes put before this meeting: their learning, if it is the learning group's next. One
    query: the disputes, provided no scheduled meeting of the learning group comes before this one."""
    if meeting.group.kind != Group.Kind.LEARNING or meeting.status != Meeting.Status.SCHEDULED:
        return []
    sooner = Meeting.objects.filter(
        partnership=meeting.partnership, group__kind=Group.Kind.LEARNING, status=Meeting.Status.SCHEDULED
    ).filter(Q(held_on__lt=meeting.held_on) | Q(held_on=meeting.held_on, created_at__lt=meeting.created_at))
    return [
        {
            "kind": Kind.DISPUTE_LEARNING,
            "dispute": dispute,
            "title": item_title(dispute),
            "detail": dispute.learning,
        }
        for dispute in learning_waiting(meeting.partnership).filter(~Exists(sooner))
    ]


def mark_on_agenda(disputes: list[Dispute]) -> None:
    """Record that these disputes' learning is on an agenda now, so no other meeting takes it again."""
    if disputes:
        Dispute.objects.filter(pk__in=[d.pk for d in disputes]).update(learning_on_agenda_at=timezone.now())


def place(*, dispute: Dispute, by) -> Meeting | None:
    """Put a resolved dispute's learning on the learning group's next meeting, if one is scheduled. Runs in the
    caller's transaction (the dispute's resolution). Returns the meeting, or None when none is scheduled yet: the
    agenda builder of the next one picks it up."""
    if dispute.status != Dispute.Status.RESOLVED or not dispute.learning.strip():
        return None
    if dispute.learning_on_agenda_at is not None:
        return None
    meeting = next_learning_meeting(dispute.partnership)
    if meeting is None:
        return None
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("partnership", "group")
        .get(pk=meeting.pk)
    )
    order = (meeting.items.aggregate(n=Max("order"))["n"] or 0) + 1
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=order,
        kind=Kind.DISPUTE_LEARNING,
        title=item_title(dispute),
        detail=dispute.learning,
        dispute=dispute,
    )
    dispute.learning_on_agenda_at = timezone.now()
    Dispute.objects.filter(pk=dispute.pk).update(learning_on_agenda_at=dispute.learning_on_agenda_at)
    audit.record(
        actor=by,
        verb="meeting.dispute_learning_added",
        target=meeting,
        partnership=meeting.partnership,
        changes={"title": item.title},
    )
    return meeting
