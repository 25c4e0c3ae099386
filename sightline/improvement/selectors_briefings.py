"""Reads of learning briefings, scoped to the person asking: everyone in the partnership reads the approved ones;
the drafts only the business team and the learning group (sightline/policy/). A draft asked for by anyone else
answers 404."""

from __future__ import annotations

from django.db.models import QuerySet

from sightline import policy
from sightline.partnerships.models import Partnership

from .models import LearningBriefing

SOURCES = ("source_activity", "source_review", "source_cycle")


def briefings_visible_to(*, user, partnership: Partnership) -> QuerySet[LearningBriefing]:
    qs = LearningBriefing.objects.filter(partnership=partnership)
    if policy.reads_draft_briefings(user, partnership):
        return qs
    return qs.filter(status=LearningBriefing.Status.APPROVED)


def briefing_list(*, user, partnership: Partnership, status: str = "") -> QuerySet[LearningBriefing]:
    """The briefings this person reads, drafts first (they are the work in hand), then newest first."""
    qs = briefings_visible_to(user=user, partnership=partnership).select_related(*SOURCES)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-status", "-updated_at", "pk")


def briefing_for(*, user, partnership: Partnership, briefing_id) -> LearningBriefing | None:
    return (
        briefings_visible_to(user=user, partnership=partnership)
        .select_related("partnership", *SOURCES, "created_by", "updated_by", "approved_by", "withdrawn_by")
        .filter(pk=briefing_id)
        .first()
    )
