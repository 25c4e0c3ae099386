from django.db.models import Count, Exists, OuterRef, QuerySet

from sightline.improvement.models import Escalation

from .models import AgendaItem, Meeting


def meetings_of(*, partnership, group_id=None) -> QuerySet[Meeting]:
    qs = (
        Meeting.objects.filter(partnership=partnership)
        .select_related("group")
        .annotate(item_count=Count("items"))
        .order_by("-held_on", "title")
    )
    return qs.filter(group_id=group_id) if group_id else qs


def meeting_for(*, partnership, meeting_id) -> Meeting | None:
    return (
        Meeting.objects.filter(partnership=partnership, pk=meeting_id)
        .select_related("group", "partnership")
        .first()
    )


def _items(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The meeting's items with what the page and the decisions offered on each need, in a fixed number of
    queries: whether an item's action has an open escalation is asked once for the whole agenda."""
    open_escalation = Escalation.objects.filter(action=OuterRef("action_id"), status=Escalation.Status.OPEN)
    return meeting.items.select_related(
        "plan",
        "action__owner_organisation",
        "action__plan__partnership",
        "escalation",
        "iso_report",
        "decision__decided_by",
        "added_by",
    ).annotate(action_escalated=Exists(open_escalation))


def agenda_of(*, meeting: Meeting) -> list[AgendaItem]:
    return list(_items(meeting).order_by("order"))


def agenda_item_for(*, meeting: Meeting, item_id) -> AgendaItem | None:
    return _items(meeting).filter(pk=item_id).first()
