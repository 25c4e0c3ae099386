"""Builders for learning briefing tests: drafts and approved briefings made through the services, with synthetic
text only, and the URL arguments the access matrix needs."""

from __future__ import annotations

from sightline.improvement import briefings
from sightline.improvement.models import LearningBriefing

SECTIONS = {
    "background": "A practice learning event looked at neglect of toddlers (synthetic).",
    "findings": "- Home visits rarely saw the child's bedroom\n- Health and school records disagreed",
    "why_it_matters": "Neglect harms development long before it is visible.",
    "what_to_do": "- See where the child sleeps\n- Check what other agencies know",
    "questions": "- When did you last see a child's bedroom?",
    "further_reading": "- Neglect strategy (synthetic)",
}


def make_briefing(world, *, title="Neglect of toddlers: what we learned", **overrides) -> LearningBriefing:
    values = {**SECTIONS, **overrides}
    return briefings.briefing_create(
        by=world.users["business_team"], partnership=world.partnership, title=title, **values
    )


def approved_briefing(world, *, ready: bool = False, **overrides) -> LearningBriefing:
    briefing = briefings.briefing_approve(
        by=world.users["business_team"], briefing=make_briefing(world, **overrides)
    )
    if ready:
        briefing = briefings.briefing_set_ready(
            by=world.users["business_team"], briefing=briefing, ready=True
        )
    return briefing


def matrix_kwargs(world, part: str) -> dict:
    """An approved briefing (read by everyone in the partnership) or a draft (the business team and the
    learning group only)."""
    if part == "briefing":
        return {"briefing_id": approved_briefing(world, ready=True).pk}
    if part == "draft_briefing":
        return {"briefing_id": make_briefing(world, title="A draft briefing").pk}
    raise ValueError(part)


MATRIX_PARTS = {"briefing", "draft_briefing"}
