"""The activity list and the calendar use the same number of queries at 10 and at 1,000 activities."""

import itertools
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sightline.assurance.lifecycle import LIFECYCLES
from sightline.assurance.models import Activity

from ..query_budget import assert_flat


def add_activities(world, n: int) -> None:
    """n activities of every type and step, all on days of the current month (built in bulk)."""
    start = timezone.localtime().replace(day=1, hour=9, minute=0, second=0, microsecond=0)
    kinds = itertools.cycle(LIFECYCLES.items())
    rows = []
    for i in range(n):
        kind, lifecycle = next(kinds)
        begins = start + timedelta(days=i % 27)
        rows.append(
            Activity(
                partnership=world.partnership,
                kind=kind,
                title=f"Grown activity {i:04d}",
                status=lifecycle.states[i % len(lifecycle.states)],
                organisation=world.agency_a if kind in ("agency", "call_in") else None,
                iso=world.users["iso"],
                starts_at=begins,
                ends_at=begins + timedelta(hours=3),
            )
        )
    Activity.objects.bulk_create(rows, batch_size=500)


@pytest.mark.parametrize("name", ["activity_list", "activity_calendar"])
@pytest.mark.parametrize("role", ["business_team", "agency_a_lead"])
def test_the_page_uses_the_same_queries_at_10_and_1000_activities(world, client_for, name, role):
    add_activities(world, 10)
    url = reverse(name, kwargs={"slug": world.partnership.slug})
    assert_flat(client_for(world.users[role]), url, lambda: add_activities(world, 990), bound=16)


def test_a_filtered_list_too(world, client_for):
    add_activities(world, 10)
    url = reverse("activity_list", kwargs={"slug": world.partnership.slug}) + "?kind=thematic&page=2"
    assert_flat(client_for(world.users["board_member"]), url, lambda: add_activities(world, 990), bound=16)
