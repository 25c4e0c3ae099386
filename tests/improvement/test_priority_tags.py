"""Plans, reviews and learning briefings say which of the partnership's priorities they serve, through their own
forms and services: the tag is saved and recorded in the audit trail, shown on the record's page, and a priority
the form does not offer (another partnership's, or one no longer in force) is refused and changes nothing."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from sightline.audit.models import AuditEvent
from sightline.improvement.models import ActionPlan, LearningBriefing, Review
from sightline.partnerships.models import Group

from ..partnerships.builders import make_priority, this_year
from .briefing_builders import make_briefing
from .builders import group, make_plan, make_review

pytestmark = pytest.mark.django_db


def url(world, name, **kwargs):
    return reverse(name, kwargs={"slug": world.partnership.slug, **kwargs})


@pytest.fixture
def neglect(world):
    return make_priority(world, title="Neglect")


@pytest.fixture
def theirs(world):
    return make_priority(
        world,
        title="Their priority",
        partnership=world.other_partnership,
        by=world.users["other_business_team"],
    )


# Action plans.


def plan_data(world, **extra):
    return {
        "title": "Neglect line of sight: action plan",
        "source_kind": "other",
        "source_description": "Line of sight event on neglect, synthetic",
        "monitoring": Group.Kind.LEARNING,
        "reports_to": [group(world, Group.Kind.BOARD).pk],
        **extra,
    }


def test_raising_a_plan_with_the_priorities_it_serves(world, client_for, neglect):
    client = client_for(world.users["business_team"])
    form = client.get(url(world, "plan_create")).content.decode()
    assert "Priorities it serves" in form and "Neglect" in form

    response = client.post(url(world, "plan_create"), plan_data(world, priorities=[neglect.pk]))

    plan = ActionPlan.objects.get()
    assert response.status_code == 302 and list(plan.priorities.all()) == [neglect]
    created = AuditEvent.objects.get(verb="action_plan.created")
    assert created.changes["priorities"] == {"before": [], "after": ["Neglect"]}
    page = client.get(url(world, "plan_detail", plan_id=plan.pk)).content.decode()
    assert url(world, "priority_detail", priority_id=neglect.pk) in page


def test_a_plan_with_another_partnerships_priority_is_refused(world, client_for, theirs):
    make_priority(world, title="Neglect")
    response = client_for(world.users["business_team"]).post(
        url(world, "plan_create"), plan_data(world, priorities=[theirs.pk])
    )
    assert response.status_code == 200 and "Choose from the priorities listed" in response.content.decode()
    assert not ActionPlan.objects.exists()


def test_changing_the_priorities_a_plan_serves(world, client_for, neglect):
    voice = make_priority(world, title="The voice of the child")
    plan = make_plan(world, priorities=[neglect])
    client = client_for(world.users["business_team"])
    page = url(world, "plan_priorities", plan_id=plan.pk)
    assert "Neglect" in client.get(page).content.decode()

    response = client.post(page, {"shown": str(neglect.pk), "priorities": [voice.pk]})

    assert response.status_code == 302 and list(plan.priorities.all()) == [voice]
    event = AuditEvent.objects.get(verb="action_plan.priorities_changed")
    assert event.changes == {"priorities": {"before": ["Neglect"], "after": ["The voice of the child"]}}


def test_a_stale_change_of_a_plans_priorities_is_refused_and_shows_what_is_saved(world, client_for, neglect):
    voice = make_priority(world, title="The voice of the child")
    plan = make_plan(world)
    page = url(world, "plan_priorities", plan_id=plan.pk)
    # Someone else tags it with neglect after this editor opened the page showing none.
    client_for(world.users["business_team"]).post(page, {"shown": "", "priorities": [neglect.pk]})

    response = client_for(world.users["business_team"]).post(page, {"shown": "", "priorities": [voice.pk]})

    body = response.content.decode()
    assert response.status_code == 200 and "Someone changed the priorities this plan serves" in body
    assert "Saved now" in body
    assert list(plan.priorities.all()) == [neglect]


def test_only_the_business_team_changes_a_plans_priorities(world, client_for, neglect):
    plan = make_plan(world)
    page = url(world, "plan_priorities", plan_id=plan.pk)
    for role in ("learning_chair", "partner_la", "agency_a_lead"):
        assert (
            client_for(world.users[role]).post(page, {"shown": "", "priorities": [neglect.pk]}).status_code
            == 404
        )
    assert not plan.priorities.exists()


def test_a_priority_that_has_ended_stays_on_a_plan_but_is_not_offered_to_another(world, client_for):
    start, _ = this_year()
    make_priority(world, title="Neglect")
    old = make_priority(world, title="Old priority")
    plan = make_plan(world, priorities=[old])
    from sightline.partnerships.models_priorities import Priority

    Priority.objects.filter(pk=old.pk).update(
        starts_on=start - timedelta(days=400), ends_on=start - timedelta(1)
    )
    client = client_for(world.users["business_team"])

    assert "Old priority" in client.get(url(world, "plan_priorities", plan_id=plan.pk)).content.decode()
    other = make_plan(world, title="Another plan")
    assert "Old priority" not in client.get(url(world, "plan_priorities", plan_id=other.pk)).content.decode()
    refused = client.post(
        url(world, "plan_priorities", plan_id=other.pk), {"shown": "", "priorities": [old.pk]}
    )
    assert refused.status_code == 200 and not other.priorities.exists()


# The reviews register.


def review_data(**extra):
    return {
        "reference": "RR-2026-07",
        "became_aware_on": date(2026, 5, 22).isoformat(),
        "decision": "",
        **extra,
    }


def test_recording_and_changing_a_review_with_the_priorities_it_serves(world, client_for, neglect):
    client = client_for(world.users["business_team"])
    response = client.post(url(world, "review_create"), review_data(priorities=[neglect.pk]))
    review = Review.objects.get()
    assert response.status_code == 302 and list(review.priorities.all()) == [neglect]
    assert AuditEvent.objects.get(verb="review.created").changes["priorities"]["after"] == ["Neglect"]
    assert url(world, "priority_detail", priority_id=neglect.pk) in client.get(response.url).content.decode()

    client.post(url(world, "review_edit", review_id=review.pk), review_data(version="1"))

    review.refresh_from_db()
    assert not review.priorities.exists() and review.version == 2
    assert AuditEvent.objects.get(verb="review.updated").changes == {
        "priorities": {"before": ["Neglect"], "after": []}
    }


def test_a_review_with_another_partnerships_priority_changes_nothing(world, client_for, neglect, theirs):
    review = make_review(world, priorities=[neglect])
    response = client_for(world.users["business_team"]).post(
        url(world, "review_edit", review_id=review.pk),
        review_data(version="1", reference=review.reference, priorities=[theirs.pk]),
    )
    assert response.status_code == 200 and "Choose from the priorities listed" in response.content.decode()
    review.refresh_from_db()
    assert list(review.priorities.all()) == [neglect] and review.version == 1


# Learning briefings.


def test_starting_and_editing_a_briefing_with_the_priorities_it_serves(world, client_for, neglect):
    voice = make_priority(world, title="The voice of the child")
    client = client_for(world.users["business_team"])
    response = client.post(
        url(world, "briefing_start"),
        {"title": "Neglect: what we learned", "source": "nothing", "priorities": [neglect.pk]},
    )
    briefing = LearningBriefing.objects.get()
    assert response.status_code == 302 and list(briefing.priorities.all()) == [neglect]

    client.post(
        url(world, "briefing_edit", briefing_id=briefing.pk),
        {"version": "1", "title": briefing.title, "priorities": [neglect.pk, voice.pk]},
    )

    assert set(briefing.priorities.all()) == {neglect, voice}
    assert AuditEvent.objects.get(verb="briefing.updated").changes == {
        "priorities": {"before": ["Neglect"], "after": ["Neglect", "The voice of the child"]}
    }
    page = client.get(url(world, "briefing_detail", briefing_id=briefing.pk)).content.decode()
    assert url(world, "priority_detail", priority_id=voice.pk) in page


def test_a_stale_briefing_edit_leaves_its_priorities_alone(world, client_for, neglect):
    briefing = make_briefing(world)
    client = client_for(world.users["business_team"])
    client.post(url(world, "briefing_edit", briefing_id=briefing.pk), {"version": "1", "title": "Theirs"})

    response = client.post(
        url(world, "briefing_edit", briefing_id=briefing.pk),
        {"version": "1", "title": "Mine", "priorities": [neglect.pk]},
    )

    assert response.status_code == 200 and "Someone else saved this briefing" in response.content.decode()
    assert not briefing.priorities.exists()


def test_the_forms_offer_no_priorities_when_the_partnership_has_none(world, client_for):
    client = client_for(world.users["business_team"])
    for name in ("plan_create", "review_create", "briefing_start"):
        assert "Priorities it serves" not in client.get(url(world, name)).content.decode(), name
