"""Every type's lifecycle, from its table: each step refused (with its guard's own words) until its guard holds,
then allowed and recorded; a refusal with a clear message for every move the table does not allow; a refusal for
anyone who is not one of the step's actors; and a sign-off's agreement moving its step on by itself."""

import pytest

from sightline.assurance import activities
from sightline.assurance.activities import activity_advance
from sightline.assurance.lifecycle import LIFECYCLES, WITHDRAWN, actors_label
from sightline.assurance.models import Activity, ActivityTransition
from sightline.assurance.models_endorsements import EndorsementRequest
from sightline.audit.models import AuditEvent
from sightline.core.errors import TransitionError

from .builders import actor_for, force_state, make_activity, partners, satisfy, walk_to

Kind = Activity.Kind
STEPS = [(kind, i) for kind, lifecycle in LIFECYCLES.items() for i in range(1, len(lifecycle.steps))]
STATES = [(kind, step.state) for kind, lifecycle in LIFECYCLES.items() for step in lifecycle.steps]


def test_every_type_has_a_lifecycle_of_distinct_steps_each_with_actors():
    assert set(LIFECYCLES) == set(Kind.values)
    for lifecycle in LIFECYCLES.values():
        assert len(set(lifecycle.states)) == len(lifecycle.states), lifecycle.kind
        assert WITHDRAWN not in lifecycle.states
        assert all(step.by and step.label for step in lifecycle.steps)
        assert lifecycle.steps[-1].state == "closed"


def test_the_thematic_lifecycle_follows_the_framework_in_order():
    assert LIFECYCLES[Kind.THEMATIC].states == [
        "theme_proposed",
        "theme_endorsed",
        "format_proposed",
        "format_endorsed",
        "dates_fixed",
        "preparation",
        "programme_sent",
        "held",
        "feedback_given",
        "handed_over",
        "monitored",
        "closed",
    ]


@pytest.mark.parametrize("kind,index", STEPS, ids=[f"{k}-{LIFECYCLES[k].steps[i].state}" for k, i in STEPS])
def test_a_step_is_refused_until_its_guard_holds_then_made_and_recorded(world, monkeypatch, kind, index):
    lifecycle = LIFECYCLES[kind]
    step, before = lifecycle.steps[index], lifecycle.steps[index - 1].state
    activity = force_state(make_activity(world, kind), before)
    actor = actor_for(world, step.by)
    if step.guard is not None:
        monkeypatch.setattr("sightline.casework.selectors.case_audits_complete", lambda activity: False)
        expected = step.guard(activity, "")
        assert expected, f"{step.state}: the guard holds before anything was done"
        with pytest.raises(TransitionError) as refused:
            activity_advance(by=actor, activity=activity, to=step.state)
        assert str(refused.value) == expected
        assert Activity.objects.get(pk=activity.pk).status == before
        note = satisfy(world, activity, step.guard.name, monkeypatch)
    else:
        note = ""

    activity_advance(by=actor, activity=activity, to=step.state, note=note)

    assert Activity.objects.get(pk=activity.pk).status == step.state
    moved = ActivityTransition.objects.filter(activity=activity).latest("at")
    assert (moved.from_state, moved.to_state, moved.by, moved.note) == (before, step.state, actor, note)
    event = AuditEvent.objects.filter(target_id=str(activity.pk), verb="activity.advanced").latest("seq")
    assert event.actor == actor and event.changes["status"] == {"before": before, "after": step.state}


@pytest.mark.parametrize("kind,state", STATES, ids=[f"{k}-{s}" for k, s in STATES])
def test_every_move_the_table_does_not_allow_is_refused_with_a_clear_message(world, kind, state):
    lifecycle = LIFECYCLES[kind]
    activity = force_state(make_activity(world, kind), state)
    business = world.users["business_team"]
    for target in [*lifecycle.states, WITHDRAWN]:
        if target in lifecycle.allowed(state):
            continue
        with pytest.raises(TransitionError) as refused:
            activity_advance(by=business, activity=activity, to=target)
        message = str(refused.value)
        if lifecycle.is_finished(state):
            assert message == (
                f"This {activity.get_kind_display().lower()} has finished ('{lifecycle.label(state)}'): "
                "it cannot move on"
            )
        else:
            following = lifecycle.next_step(state)
            assert message == (
                f"This {activity.get_kind_display().lower()} is at '{lifecycle.label(state)}': its next step is "
                f"'{following.label}', not '{lifecycle.label(target)}'"
            )
        assert Activity.objects.get(pk=activity.pk).status == state


def test_a_step_that_is_not_in_the_table_is_refused(world):
    activity = make_activity(world)
    with pytest.raises(TransitionError, match="A thematic assurance event has no step called 'published'"):
        activity_advance(by=world.users["business_team"], activity=activity, to="published")


@pytest.mark.parametrize("kind,index", STEPS, ids=[f"{k}-{LIFECYCLES[k].steps[i].state}" for k, i in STEPS])
def test_only_the_steps_actors_may_make_it(world, kind, index):
    step = LIFECYCLES[kind].steps[index]
    activity = force_state(make_activity(world, kind), LIFECYCLES[kind].steps[index - 1].state)
    with pytest.raises(TransitionError) as refused:
        activity_advance(by=world.users["board_member"], activity=activity, to=step.state)
    assert str(refused.value) == f"Only {actors_label(step.by)} can mark '{step.label}' done"


def test_an_iso_who_is_not_assigned_is_not_the_iso_assigned(world):
    from sightline.partnerships.models import PartnershipMembership

    from .. import factories

    other_iso = factories.with_partnership_role(world.partnership, PartnershipMembership.Role.ISO)
    activity = force_state(make_activity(world), "programme_sent")
    satisfy(world, activity, "date_reached")
    with pytest.raises(TransitionError, match="Only the business team or the ISO assigned"):
        activity_advance(by=other_iso, activity=activity, to="held")
    activity_advance(by=world.users["iso"], activity=activity, to="held")


@pytest.mark.parametrize("kind", list(LIFECYCLES))
def test_withdrawing_needs_a_reason_and_ends_the_activity(world, kind):
    activity = make_activity(world, kind)
    business = world.users["business_team"]
    with pytest.raises(TransitionError, match="Say why the activity is withdrawn"):
        activity_advance(by=business, activity=activity, to=WITHDRAWN)
    with pytest.raises(TransitionError, match="Only the business team"):
        activity_advance(by=world.users["partner_la"], activity=activity, to=WITHDRAWN, note="No")
    activity_advance(by=business, activity=activity, to=WITHDRAWN, note="The partners chose another theme")
    assert AuditEvent.objects.filter(target_id=str(activity.pk), verb="activity.withdrawn").exists()
    with pytest.raises(TransitionError, match=r"has finished \('Withdrawn'\): it cannot move on"):
        activity_advance(by=business, activity=activity, to=LIFECYCLES[kind].steps[1].state)


def test_a_partner_proposing_a_theme_endorses_it_and_the_other_two_are_asked(world):
    people = partners(world)
    activity = make_activity(world, by=people["la"])
    request = activity.endorsement_requests.get()
    decisions = {party.user: party.decision for party in request.parties.all()}
    assert decisions == {people["la"]: "endorsed", people["icb"]: "pending", people["police"]: "pending"}
    assert activity.status == "theme_proposed"


def test_the_theme_endorsed_step_is_made_when_the_last_partner_endorses(world):
    from sightline.assurance.endorsements import endorsement_decide

    people = partners(world)
    activity = make_activity(world, by=people["la"])
    request = activity.endorsement_requests.get()
    endorsement_decide(by=people["icb"], request=request, decision="endorsed")
    assert Activity.objects.get(pk=activity.pk).status == "theme_proposed"

    endorsement_decide(by=people["police"], request=request, decision="endorsed")

    activity.refresh_from_db()
    assert activity.status == "theme_endorsed"
    moved = ActivityTransition.objects.get(activity=activity, to_state="theme_endorsed")
    assert moved.by is None and "agreed" in moved.note


def test_a_declined_theme_stays_proposed_until_revised_and_asked_again(world):
    from sightline.assurance.endorsements import endorsement_decide

    people = partners(world)
    activity = make_activity(world, by=people["la"])
    first = activity.endorsement_requests.get()
    endorsement_decide(by=people["police"], request=first, decision="declined", comment="Too broad")
    with pytest.raises(TransitionError, match="declined by .*: revise it and ask again"):
        activity_advance(by=world.users["business_team"], activity=activity, to="theme_endorsed")

    activities.activity_subject_propose(
        by=people["la"], activity=activity, subject="theme", text="Neglect of babies under one"
    )

    first.refresh_from_db()
    second = activity.endorsement_requests.get(version=2)
    assert first.outcome == EndorsementRequest.Outcome.SUPERSEDED
    assert second.text == "Neglect of babies under one" and second.outcome == "pending"
    activity.refresh_from_db()
    assert activity.theme == "Neglect of babies under one"


def test_proposing_the_format_marks_the_step_done_and_asks_all_three(world):
    activity = force_state(make_activity(world), "theme_endorsed")
    with pytest.raises(TransitionError, match="Only the business team can propose the format"):
        activities.activity_subject_propose(
            by=world.users["partner_la"], activity=activity, subject="format", text="A workshop"
        )
    activities.activity_subject_propose(
        by=world.users["business_team"], activity=activity, subject="format", text="A workshop"
    )
    activity.refresh_from_db()
    assert activity.status == "format_proposed"
    request = activity.endorsement_requests.get(subject="format")
    assert request.parties.filter(decision="pending").count() == 3


def test_the_format_cannot_be_changed_once_it_is_agreed(world):
    activity = walk_to(world, make_activity(world), "format_endorsed")
    with pytest.raises(TransitionError, match="cannot be changed at this step"):
        activities.activity_subject_propose(
            by=world.users["business_team"], activity=activity, subject="format", text="Something else"
        )


def test_case_audits_come_from_casework_or_a_confirmation_note(world, monkeypatch):
    import sys

    activity = force_state(make_activity(world, Kind.PRACTICE_LEARNING), "cases_identified")
    business = world.users["business_team"]
    monkeypatch.setattr("sightline.casework.selectors.case_audits_complete", lambda activity: False)
    with pytest.raises(TransitionError, match="Not every case audit has been returned yet"):
        activity_advance(by=business, activity=activity, to="audits_returned", note="All in, honestly")

    monkeypatch.setitem(
        sys.modules, "sightline.casework.selectors", None
    )  # as if casework were not installed
    with pytest.raises(TransitionError, match="Confirm in the note"):
        activity_advance(by=business, activity=activity, to="audits_returned")
    activity_advance(
        by=business, activity=activity, to="audits_returned", note="Every agency has returned its audit"
    )
    assert Activity.objects.get(pk=activity.pk).status == "audits_returned"


def test_the_panel_is_prepared_by_the_lines_of_enquiry_its_members_write_in_casework(world):
    from sightline.casework import panel
    from sightline.casework.models import PanelMember

    activity = force_state(make_activity(world, Kind.PRACTICE_LEARNING), "audits_returned")
    iso = world.users["iso"]
    panel.panel_member_add(
        by=world.users["business_team"], activity=activity, user=iso, role=PanelMember.Role.ISO
    )
    panel.panel_note_add(
        by=iso, activity=activity, kind="observation", text="Both agencies saw the same signs"
    )
    with pytest.raises(TransitionError, match="Write the lines of enquiry first"):
        activity_advance(by=iso, activity=activity, to="panel_prepared")

    panel.panel_note_add(by=iso, activity=activity, kind="enquiry", text="Who noticed the change first?")
    activity_advance(by=iso, activity=activity, to="panel_prepared")
    assert Activity.objects.get(pk=activity.pk).status == "panel_prepared"


def test_convening_a_case_specific_event_tells_the_partners_and_invites_the_agencies(world, run_on_commit):
    from django.core import mail

    people = partners(world)
    activity = walk_to(world, make_activity(world, Kind.CASE_SPECIFIC, by=people["police"]), "agreed")
    activity.involved_agencies.add(world.agency_a)
    mail.outbox.clear()

    activity_advance(by=world.users["business_team"], activity=activity, to="convened")

    told = {message.to[0] for message in mail.outbox}
    assert {p.email for p in people.values()} | {world.users["agency_a_lead"].email} <= told
    assert activity.participants.filter(user=world.users["agency_a_lead"], role="agency").exists()
