"""RAG is derived from an action's state and dates, as the lists and counts see it (one SQL expression)."""

from datetime import timedelta

import pytest

from sightline.improvement.models import Action
from sightline.improvement.rag import Rag
from sightline.improvement.selectors import plan_rag_counts, with_rag

from .builders import in_state, make_action, make_plan, set_due, today

S = Action.Status


def rag_of(action, on=None) -> str:
    return with_rag(Action.objects.filter(pk=action.pk), on or today()).get().rag


@pytest.mark.parametrize(
    "due_in,expected",
    [
        (60, Rag.GREEN),
        (15, Rag.GREEN),
        (14, Rag.AMBER),
        (1, Rag.AMBER),
        (0, Rag.AMBER),
        (-1, Rag.RED),
        (-90, Rag.RED),
    ],
)
@pytest.mark.parametrize("state", [S.OPEN, S.IN_PROGRESS])
def test_an_unfinished_action_is_red_when_overdue_amber_within_the_window_else_green(
    world, state, due_in, expected
):
    action = in_state(world, make_action(world, make_plan(world)), state)
    set_due(action, today() + timedelta(days=due_in))
    assert rag_of(action) == expected


@pytest.mark.parametrize(
    "state,expected",
    [
        (S.VERIFIED, Rag.COMPLETE),
        (S.CLOSED, Rag.COMPLETE),
        (S.DEFERRED, Rag.DEFERRED),
        (S.CANCELLED, Rag.CANCELLED),
    ],
)
def test_finished_deferred_and_cancelled_actions_are_shown_as_such_even_when_past_their_date(
    world, state, expected
):
    action = in_state(world, make_action(world, make_plan(world)), state)
    set_due(action, today() - timedelta(days=100))
    assert rag_of(action) == expected


def test_a_completion_proposed_in_time_stays_green_while_the_group_looks_at_it(world):
    action = in_state(world, make_action(world, make_plan(world), due_in=3), S.COMPLETION_PROPOSED)
    assert rag_of(action) == Rag.GREEN
    assert rag_of(action, on=today() + timedelta(days=30)) == Rag.GREEN


def test_a_completion_proposed_after_the_due_date_is_red(world):
    action = in_state(world, make_action(world, make_plan(world)), S.IN_PROGRESS)
    set_due(action, today() - timedelta(days=2))
    action = in_state(world, action, S.COMPLETION_PROPOSED)
    assert rag_of(action) == Rag.RED


def test_the_amber_window_is_a_setting(world, settings):
    action = make_action(world, make_plan(world), due_in=5)
    assert rag_of(action) == Rag.AMBER
    settings.SIGHTLINE_ACTION_AMBER_DAYS = 3
    assert rag_of(action) == Rag.GREEN


def test_a_plans_counts_by_rag(world):
    plan = make_plan(world)
    make_action(world, plan, due_in=60)
    make_action(world, plan, due_in=2)
    set_due(make_action(world, plan), today() - timedelta(days=1))
    in_state(world, make_action(world, plan), S.VERIFIED)
    assert plan_rag_counts(plan=plan) == {Rag.GREEN: 1, Rag.AMBER: 1, Rag.RED: 1, Rag.COMPLETE: 1}
