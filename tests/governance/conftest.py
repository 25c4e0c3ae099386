from datetime import timedelta

import pytest

from sightline.governance import meetings
from sightline.improvement.models import Action

from ..improvement.builders import group, in_state, make_action, make_plan, set_due, today


@pytest.fixture
def scene(world):
    """A learning-group plan with a completion proposed, an overdue action and one on track."""
    plan = make_plan(world)
    proposed = in_state(
        world, make_action(world, plan, what="Audit supervision"), Action.Status.COMPLETION_PROPOSED
    )
    late = set_due(make_action(world, plan, what="Refresh neglect training"), today() - timedelta(days=10))
    make_action(world, plan, what="Share the learning briefing", due_in=90)
    meeting = meetings.meeting_schedule(
        by=world.users["learning_chair"], partnership=world.partnership, group=group(world), held_on=today()
    )
    return plan, proposed, late, meeting
