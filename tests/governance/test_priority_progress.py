"""Progress on a priority over a period (sightline/governance/priorities/progress.py): the rule (evidence of progress
against little or no progress), how overdue actions are counted, and which records fall inside the period's
boundaries."""

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sightline.assurance.models import Activity
from sightline.governance.priorities import (
    RULE,
    priorities_with_little_or_no_progress,
    priority_progress,
    priority_progress_of,
    reporting_year,
)
from sightline.improvement.models import Action, LearningBriefing

from ..assurance.builders import force_state, make_activity
from ..improvement.briefing_builders import approved_briefing, make_briefing
from ..improvement.builders import in_state, make_action, make_plan, make_review, set_due
from ..partnerships.builders import make_priority, this_year

pytestmark = pytest.mark.django_db


def at_local(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def verified_on(action: Action, when: datetime) -> Action:
    Action.objects.filter(pk=action.pk).update(verified_at=when)
    return action


def held_on(activity: Activity, when: datetime) -> Activity:
    Activity.objects.filter(pk=activity.pk).update(starts_at=when, ends_at=when + timedelta(hours=3))
    return force_state(activity, "held")


@pytest.fixture
def neglect(world):
    return make_priority(world, title="Neglect")


@pytest.fixture
def period():
    return this_year()


def progress(priority, period, today=None):
    start, end = period
    return priority_progress_of(priority=priority, start=start, end=end, today=today)


# The rule.


def test_nothing_done_is_little_or_no_progress(world, neglect, period):
    make_plan(world, priorities=[neglect])

    row = progress(neglect, period)

    assert not row.evidence_of_progress and row.little_or_no_progress
    assert row.why.startswith("No action of its plans was verified or closed")


def test_an_action_verified_in_the_period_is_evidence_of_progress(world, neglect, period):
    plan = make_plan(world, priorities=[neglect])
    done = in_state(world, make_action(world, plan), Action.Status.VERIFIED)

    row = progress(neglect, period)

    assert row.actions_done == [done]
    assert row.evidence_of_progress and not row.little_or_no_progress
    assert row.why == "1 action verified or closed."


def test_a_closed_action_counts_as_done(world, neglect, period):
    plan = make_plan(world, priorities=[neglect])
    closed = in_state(world, make_action(world, plan), Action.Status.CLOSED)
    assert progress(neglect, period).actions_done == [closed]


def test_an_activity_held_in_the_period_is_evidence_of_progress(world, neglect, period):
    activity = make_activity(world, priorities=[neglect])
    held_on(activity, at_local(period[0] + timedelta(days=20)))

    row = progress(neglect, period)

    assert row.activities_held == [Activity.objects.get(pk=activity.pk)]
    assert row.evidence_of_progress and not row.little_or_no_progress


def test_an_activity_past_held_still_counts_and_one_not_yet_held_does_not(world, neglect, period):
    later = make_activity(world, title="Fed back", priorities=[neglect])
    held_on(later, at_local(period[0] + timedelta(days=20)))
    force_state(later, "feedback_given")
    waiting = make_activity(world, title="Programme sent", priorities=[neglect])
    Activity.objects.filter(pk=waiting.pk).update(starts_at=at_local(period[0] + timedelta(days=21)))
    force_state(waiting, "programme_sent")
    withdrawn = make_activity(world, title="Withdrawn", priorities=[neglect])
    held_on(withdrawn, at_local(period[0] + timedelta(days=22)))
    force_state(withdrawn, "withdrawn")

    assert [a.title for a in progress(neglect, period).activities_held] == ["Fed back"]


def test_overdue_actions_outnumbering_those_done_is_little_or_no_progress_despite_evidence(
    world, neglect, period
):
    plan = make_plan(world, priorities=[neglect])
    in_state(world, make_action(world, plan, what="Done"), Action.Status.VERIFIED)
    set_due(make_action(world, plan, what="Late one"), timezone.localdate() - timedelta(days=3))
    set_due(make_action(world, plan, what="Late two"), timezone.localdate() - timedelta(days=5))

    row = progress(neglect, period)

    assert len(row.actions_done) == 1 and len(row.actions_overdue) == 2
    assert row.evidence_of_progress and row.little_or_no_progress
    assert row.why == "2 overdue actions outnumber the 1 done."


def test_as_many_overdue_as_done_is_still_progress(world, neglect, period):
    plan = make_plan(world, priorities=[neglect])
    in_state(world, make_action(world, plan, what="Done"), Action.Status.VERIFIED)
    set_due(make_action(world, plan, what="Late"), timezone.localdate() - timedelta(days=3))

    row = progress(neglect, period)

    assert row.evidence_of_progress and not row.little_or_no_progress


def test_a_held_activity_with_overdue_actions_and_none_done_is_little_or_no_progress(world, neglect, period):
    held_on(make_activity(world, priorities=[neglect]), at_local(period[0] + timedelta(days=20)))
    plan = make_plan(world, priorities=[neglect])
    set_due(make_action(world, plan), timezone.localdate() - timedelta(days=3))

    row = progress(neglect, period)

    assert row.evidence_of_progress and row.little_or_no_progress


def test_records_serving_another_priority_do_not_count(world, neglect, period):
    other = make_priority(world, title="Child exploitation")
    plan = make_plan(world, priorities=[other])
    in_state(world, make_action(world, plan), Action.Status.VERIFIED)
    untagged = make_plan(world, title="Untagged")
    in_state(world, make_action(world, untagged), Action.Status.VERIFIED)

    assert progress(neglect, period).actions_done == []
    assert len(progress(other, period).actions_done) == 1


def test_a_record_serving_two_priorities_counts_for_both(world, neglect, period):
    voice = make_priority(world, title="The voice of the child")
    plan = make_plan(world, priorities=[neglect, voice])
    in_state(world, make_action(world, plan), Action.Status.VERIFIED)

    rows = priority_progress(partnership=world.partnership, start=period[0], end=period[1])

    assert [(row.priority.title, len(row.actions_done)) for row in rows] == [
        ("Neglect", 1),
        ("The voice of the child", 1),
    ]


# Overdue.


@pytest.mark.parametrize(
    "state,counted",
    [
        (Action.Status.OPEN, True),
        (Action.Status.IN_PROGRESS, True),
        (Action.Status.COMPLETION_PROPOSED, True),
        (Action.Status.DEFERRED, False),
        (Action.Status.CANCELLED, False),
        (Action.Status.VERIFIED, False),
        (Action.Status.CLOSED, False),
    ],
)
def test_which_states_count_as_overdue(world, neglect, period, state, counted):
    plan = make_plan(world, priorities=[neglect])
    action = in_state(world, make_action(world, plan), state)
    set_due(action, timezone.localdate() - timedelta(days=2))

    assert (len(progress(neglect, period).actions_overdue) == 1) is counted


def test_an_action_due_today_is_not_yet_overdue(world, neglect, period):
    plan = make_plan(world, priorities=[neglect])
    set_due(make_action(world, plan, what="Due today"), timezone.localdate())
    set_due(make_action(world, plan, what="Due yesterday"), timezone.localdate() - timedelta(days=1))

    assert [a.what for a in progress(neglect, period).actions_overdue] == ["Due yesterday"]


def test_overdue_is_counted_at_the_end_of_a_period_that_has_ended(world, period):
    start, _ = period
    last_year = (start.replace(year=start.year - 1), start - timedelta(days=1))
    priority = make_priority(world, title="Neglect", starts_on=last_year[0], ends_on=period[1])
    plan = make_plan(world, priorities=[priority])
    set_due(make_action(world, plan, what="Due before last year ended"), last_year[1] - timedelta(days=1))
    set_due(make_action(world, plan, what="Due on its last day"), last_year[1])
    set_due(make_action(world, plan, what="Due this year"), start + timedelta(days=1))

    ended = progress(priority, last_year, today=start + timedelta(days=30))
    running = progress(priority, period, today=start + timedelta(days=30))

    assert ended.at == last_year[1] and running.at == start + timedelta(days=30)
    assert [a.what for a in ended.actions_overdue] == ["Due before last year ended"]
    assert len(running.actions_overdue) == 3


# Period boundaries.


def test_actions_done_count_from_the_first_moment_to_the_last_of_the_period(world, neglect, period):
    start, end = period
    plan = make_plan(world, priorities=[neglect])

    def verified(what, when):
        return verified_on(in_state(world, make_action(world, plan, what=what), Action.Status.VERIFIED), when)

    verified("First minute", at_local(start, 0, 0))
    verified("Last minute", at_local(end, 23, 59))
    verified("Day before", at_local(start - timedelta(days=1), 23, 59))
    verified("Day after", at_local(end + timedelta(days=1), 0, 0))

    assert sorted(a.what for a in progress(neglect, period).actions_done) == ["First minute", "Last minute"]


def test_an_action_verified_before_the_period_and_closed_in_it_counts(world, neglect, period):
    start, _ = period
    plan = make_plan(world, priorities=[neglect])
    action = in_state(world, make_action(world, plan), Action.Status.CLOSED)
    Action.objects.filter(pk=action.pk).update(
        verified_at=at_local(start - timedelta(days=10)), ended_at=at_local(start + timedelta(days=2))
    )
    assert len(progress(neglect, period).actions_done) == 1
    Action.objects.filter(pk=action.pk).update(ended_at=at_local(start - timedelta(days=5)))
    assert progress(neglect, period).actions_done == []


def test_activities_held_count_by_the_day_they_started(world, neglect, period):
    start, end = period
    for title, when in (
        ("On the first day", at_local(start, 9)),
        ("On the last day", at_local(end, 21)),
        ("Before", at_local(start - timedelta(days=1), 9)),
        ("After", at_local(end + timedelta(days=1), 9)),
    ):
        held_on(make_activity(world, title=title, priorities=[neglect]), when)

    assert sorted(a.title for a in progress(neglect, period).activities_held) == [
        "On the first day",
        "On the last day",
    ]


def test_plans_count_when_open_at_some_time_in_the_period(world, neglect, period):
    from sightline.improvement.models import ActionPlan

    start, _ = period
    open_now = make_plan(world, title="Open", priorities=[neglect])
    closed_before = make_plan(world, title="Closed before", priorities=[neglect])
    ActionPlan.objects.filter(pk=closed_before.pk).update(
        status="closed",
        created_at=at_local(start - timedelta(days=100)),
        closed_at=at_local(start - timedelta(1)),
    )
    closed_during = make_plan(world, title="Closed during", priorities=[neglect])
    ActionPlan.objects.filter(pk=closed_during.pk).update(
        status="closed", created_at=at_local(start - timedelta(days=100)), closed_at=at_local(start)
    )

    assert sorted(p.title for p in progress(neglect, period).plans) == ["Closed during", "Open"]
    assert open_now in progress(neglect, period).plans


def test_reviews_count_when_a_step_falls_in_the_period(world, neglect, period):
    start, _ = period
    before = start - timedelta(days=60)
    make_review(world, reference="RR-IN", became_aware_on=start + timedelta(days=1), priorities=[neglect])
    make_review(
        world,
        reference="RR-RAPID",
        became_aware_on=before,
        notified_on=before + timedelta(days=2),
        rapid_review_on=start + timedelta(days=3),
        priorities=[neglect],
    )
    make_review(world, reference="RR-OLD", became_aware_on=before, priorities=[neglect])

    assert sorted(r.reference for r in progress(neglect, period).reviews) == ["RR-IN", "RR-RAPID"]


def test_briefings_count_when_approved_in_the_period(world, neglect, period):
    start, _ = period
    approved = approved_briefing(world, title="Approved now", priorities=[neglect])
    make_briefing(world, title="Still a draft", priorities=[neglect])
    old = approved_briefing(world, title="Approved before", priorities=[neglect])
    LearningBriefing.objects.filter(pk=old.pk).update(approved_at=at_local(start - timedelta(days=1)))

    assert progress(neglect, period).briefings == [approved]


def test_only_priorities_in_force_in_the_period_are_reported(world, period):
    start, end = period
    make_priority(world, title="Current")
    make_priority(
        world, title="Ended", starts_on=start - timedelta(days=400), ends_on=start - timedelta(days=1)
    )
    make_priority(world, title="Last day", starts_on=start - timedelta(days=400), ends_on=start)
    make_priority(world, title="Next", starts_on=end + timedelta(days=1), ends_on=end + timedelta(days=365))

    rows = priority_progress(partnership=world.partnership, start=start, end=end)

    assert [row.priority.title for row in rows] == ["Current", "Last day"]


def test_priorities_with_little_or_no_progress_leaves_out_those_with_progress(world, period):
    start, end = period
    neglect = make_priority(world, title="Neglect")
    make_priority(world, title="The voice of the child")
    in_state(world, make_action(world, make_plan(world, priorities=[neglect])), Action.Status.VERIFIED)

    little = priorities_with_little_or_no_progress(partnership=world.partnership, start=start, end=end)

    assert [row.priority.title for row in little] == ["The voice of the child"]


def test_the_reporting_year_runs_from_april_to_march():
    assert reporting_year(date(2026, 3, 31)) == (date(2025, 4, 1), date(2026, 3, 31))
    assert reporting_year(date(2026, 4, 1)) == (date(2026, 4, 1), date(2027, 3, 31))


def test_a_period_ending_before_it_starts_is_refused(world):
    with pytest.raises(ValueError):
        priority_progress(partnership=world.partnership, start=date(2026, 4, 1), end=date(2026, 3, 31))


# Queries and pages.


def _scene(world, first: int, n: int):
    for i in range(first, first + n):
        priority = make_priority(world, title=f"Priority {i}")
        plan = make_plan(world, title=f"Plan {i}", priorities=[priority])
        in_state(world, make_action(world, plan), Action.Status.VERIFIED)
        set_due(make_action(world, plan, what="Late"), timezone.localdate() - timedelta(days=2))
        make_review(world, reference=f"RR-{i}", became_aware_on=timezone.localdate(), priorities=[priority])
        approved_briefing(world, title=f"Briefing {i}", priorities=[priority])
        held_on(
            make_activity(world, title=f"Event {i}", priorities=[priority]),
            timezone.now() - timedelta(days=1),
        )


def test_the_computation_costs_the_same_queries_for_one_priority_or_many(
    world, period, django_assert_num_queries
):
    _scene(world, 0, 1)
    with django_assert_num_queries(8):
        priority_progress(partnership=world.partnership, start=period[0], end=period[1])
    _scene(world, 1, 4)
    with django_assert_num_queries(8):
        rows = priority_progress(partnership=world.partnership, start=period[0], end=period[1])
    assert len(rows) == 5 and all(len(row.briefings) == 1 for row in rows)


def test_the_list_page_asks_the_same_queries_at_two_sizes(world, client_for, period):
    from ..query_budget import queries_for

    client = client_for(world.users["board_member"])
    url = reverse("priority_list", kwargs={"slug": world.partnership.slug})
    _scene(world, 0, 2)
    small = queries_for(client, url)
    _scene(world, 2, 6)
    large = queries_for(client, url)
    assert small == large <= 20, (small, large)


def test_each_priority_page_lists_the_records_behind_its_figures(world, client_for, neglect, period):
    plan = make_plan(world, priorities=[neglect])
    done = in_state(world, make_action(world, plan, what="Refresh neglect training"), Action.Status.VERIFIED)
    late = set_due(make_action(world, plan, what="Audit referrals"), timezone.localdate() - timedelta(days=2))
    review = make_review(
        world, reference="RR-NEG", became_aware_on=timezone.localdate(), priorities=[neglect]
    )
    briefing = approved_briefing(world, title="Neglect briefing", priorities=[neglect])
    activity = held_on(make_activity(world, title="Neglect event", priorities=[neglect]), timezone.now())
    slug = world.partnership.slug

    body = (
        client_for(world.users["business_team"])
        .get(reverse("priority_detail", kwargs={"slug": slug, "priority_id": neglect.pk}))
        .content.decode()
    )

    for name, kwargs in (
        ("action_detail", {"action_id": done.pk}),
        ("action_detail", {"action_id": late.pk}),
        ("plan_detail", {"plan_id": plan.pk}),
        ("review_detail", {"review_id": review.pk}),
        ("briefing_detail", {"briefing_id": briefing.pk}),
        ("activity_detail", {"activity_id": activity.pk}),
    ):
        assert reverse(name, kwargs={"slug": slug, **kwargs}) in body, name
    assert RULE in body and "Evidence of progress" in body


def test_an_iso_is_told_how_many_activities_were_held_but_not_their_titles_unless_assigned(
    world, client_for, neglect
):
    held_on(make_activity(world, title="Assigned event", priorities=[neglect]), timezone.now())
    held_on(
        make_activity(world, title="Someone else's event", iso=None, priorities=[neglect]), timezone.now()
    )
    url = reverse("priority_detail", kwargs={"slug": world.partnership.slug, "priority_id": neglect.pk})

    body = client_for(world.users["iso"]).get(url).content.decode()

    assert "Assigned event" in body and "Someone else&#x27;s event" not in body
    assert "1 held that you are not assigned to" in body
