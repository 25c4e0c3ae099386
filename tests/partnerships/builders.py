"""Builders for the partnership's priorities, made through the services, with synthetic titles only."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from sightline.partnerships import priorities
from sightline.partnerships.models_priorities import Priority
from sightline.partnerships.priorities import priorities_of


def this_year() -> tuple[date, date]:
    """The reporting year today falls in, 1 April to 31 March."""
    today = timezone.localdate()
    first = date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    return first, date(first.year + 1, 3, 31)


def make_priority(world, *, title="Neglect", partnership=None, by=None, **overrides) -> Priority:
    starts_on, ends_on = this_year()
    values = {
        "title": title,
        "description": "Children living with neglect are seen and helped sooner",
        "lead_partner": "la",
        "measures": "Referrals naming neglect\nRe-referrals within a year",
        "starts_on": starts_on,
        "ends_on": ends_on,
        **overrides,
    }
    return priorities.priority_create(
        by=by or world.users["business_team"], partnership=partnership or world.partnership, **values
    )


def matrix_kwargs(world, part: str) -> dict:
    """URL arguments for the access matrix: a priority of the world's partnership, in force this year."""
    if part == "priority":
        priority = priorities_of(partnership=world.partnership).first() or make_priority(world)
        return {"priority_id": priority.pk}
    raise ValueError(part)


MATRIX_PARTS = {"priority"}
