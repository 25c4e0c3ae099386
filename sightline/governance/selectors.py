from django.db.models import Count, QuerySet

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


def agenda_of(*, meeting: Meeting) -> list[AgendaItem]:
    return list(
        meeting.items.select_related(
            "plan",
            "action__owner_organisation",
            "action__plan",
            "escalation",
            "decision__decided_by",
            "added_by",
        ).order_by("order")
    )
