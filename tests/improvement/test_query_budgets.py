"""Action lists use the same number of queries at 100 actions and at 10,000 (STYLE.md, Tests)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sightline.improvement.models import Action, Escalation

from ..query_budget import assert_flat
from .builders import make_plan, today

# The plan page reads its actions, their counts and escalations, its boards and the priorities it serves.
BOUND = 19


def add_actions(world, plan, first: int, count: int, *, escalated: bool = False) -> None:
    """Bulk-add actions to a plan in every state, owned by agency A, a third of them overdue."""
    states = Action.Status.values
    actions = Action.objects.bulk_create(
        [
            Action(
                plan=plan,
                number=first + n,
                what=f"Action {first + n}",
                owner_organisation=world.agency_a,
                owner_person=world.users["agency_a_lead"] if n % 2 else None,
                due_on=today() + timedelta(days=(n % 3 - 1) * 20),
                original_due_on=today(),
                status=states[n % len(states)],
            )
            for n in range(count)
        ],
        batch_size=1000,
    )
    if escalated:
        Escalation.objects.bulk_create(
            [
                Escalation(
                    action=action,
                    reason=Escalation.Reason.OVERDUE,
                    due_on=action.due_on,
                    raised_by=world.users["learning_chair"] if n % 2 else None,
                    status=Escalation.Status.RESOLVED if n % 3 == 0 else Escalation.Status.OPEN,
                    resolved_at=timezone.now() if n % 3 == 0 else None,
                    resolution="Board noted it" if n % 3 == 0 else "",
                )
                for n, action in enumerate(actions)
            ],
            batch_size=1000,
        )


@pytest.fixture
def plan(world):
    plan = make_plan(world)
    add_actions(world, plan, 1, 100, escalated=True)
    return plan


def grow(world, plan, escalated=False):
    return lambda: add_actions(world, plan, 101, 9_900, escalated=escalated)


@pytest.mark.parametrize("role", ["business_team", "agency_a_lead"])
def test_the_plan_page(world, client_for, plan, role):
    url = reverse("plan_detail", kwargs={"slug": "test", "plan_id": plan.pk})
    assert_flat(client_for(world.users[role]), url, grow(world, plan), bound=BOUND)


def test_our_actions(world, client_for, plan):
    url = reverse("our_actions", kwargs={"slug": "test"}) + "?status=all"
    assert_flat(client_for(world.users["agency_a_lead"]), url, grow(world, plan), bound=BOUND)


@pytest.mark.parametrize("status", ["open", "all"])
def test_the_boards_escalations(world, client_for, plan, status):
    url = reverse("escalation_list", kwargs={"slug": "test"}) + f"?status={status}"
    assert_flat(client_for(world.users["board_member"]), url, grow(world, plan, escalated=True), bound=BOUND)


def test_the_plan_list(world, client_for, plan):
    url = reverse("plan_list", kwargs={"slug": "test"})

    def more_plans():
        for n in range(30):
            add_actions(world, make_plan(world, title=f"Plan {n}"), 1, 20)

    assert_flat(client_for(world.users["agency_a_lead"]), url, more_plans, bound=BOUND)
