"""The home page's panel of actions that need an organisation's attention: returned by the learning group,
overdue, or due soon, across every plan, each linked, with the way to the whole list; and its cost in queries."""

import re
from datetime import timedelta

from django.urls import reverse

from sightline.improvement import decisions
from sightline.improvement.models import Action

from ..improvement.builders import fresh, in_state, make_action, make_plan, set_due, today
from ..improvement.test_query_budgets import add_actions
from ..query_budget import assert_flat

S = Action.Status


def home_of(client_for, user) -> str:
    return client_for(user).get(reverse("home")).content.decode()


def action_url(action) -> str:
    return reverse("action_detail", kwargs={"slug": "test", "action_id": action.pk})


def test_the_agency_lead_sees_the_actions_that_need_them_across_plans(world, client_for):
    neglect, training = make_plan(world), make_plan(world, title="Training needs: action plan")
    overdue = set_due(
        make_action(world, neglect, what="Audit supervision files"), today() - timedelta(days=3)
    )
    soon = make_action(world, training, what="Refresh level 3 training", due_in=5)
    returned = in_state(
        world,
        make_action(world, training, what="Report to the trust board", due_in=90),
        S.COMPLETION_PROPOSED,
    )
    decisions.action_return(
        by=world.users["learning_chair"], action=fresh(returned), reason="Show the minutes"
    )
    later = make_action(world, neglect, what="Review the neglect strategy", due_in=90)
    waiting = set_due(
        in_state(world, make_action(world, neglect, what="Dip sample referrals"), S.COMPLETION_PROPOSED),
        today() - timedelta(days=3),
    )
    theirs = make_action(world, neglect, what="Agency B's own audit", organisation=world.agency_b, due_in=2)

    page = home_of(client_for, world.users["agency_a_lead"])
    assert "Actions that need your attention" in page
    for action in (overdue, soon, returned):
        assert f'href="{action_url(action)}"' in page, action.what
    assert "Returned by the learning group" in page and "Overdue" in page and "Due soon" in page
    for action in (later, waiting, theirs):  # not due yet, with the learning group, another organisation's
        assert action_url(action) not in page, action.what
    assert page.index("Audit supervision files") < page.index("Refresh level 3 training")
    assert reverse("our_actions", kwargs={"slug": "test"}) in page

    agency_b = home_of(client_for, world.users["agency_b_lead"])
    assert action_url(theirs) in agency_b and action_url(overdue) not in agency_b


def test_no_panel_without_actions_that_need_attention(world, client_for):
    make_action(world, make_plan(world), due_in=90)
    assert "Actions that need your attention" not in home_of(client_for, world.users["agency_a_lead"])
    assert "Actions that need your attention" not in home_of(client_for, world.users["business_team"])


def test_a_long_list_shows_the_first_few_and_says_how_many_more(world, client_for):
    add_actions(world, make_plan(world), 1, 100)  # about a fifth of them overdue or due soon
    page = home_of(client_for, world.users["agency_a_lead"])
    assert len(re.findall(r'href="/p/test/improvement/actions/[0-9a-f-]{36}/"', page)) == 10
    assert re.search(
        r"\d+ more in <a class=\"govuk-link\" href=\"/p/test/improvement/actions/\">Our actions</a>", page
    )


def test_the_home_page_queries_do_not_grow_with_the_actions(world, client_for):
    plan = make_plan(world)
    add_actions(world, plan, 1, 100)
    assert_flat(
        client_for(world.users["agency_a_lead"]),
        reverse("home"),
        lambda: add_actions(world, plan, 101, 9_900),
        bound=18,
    )
