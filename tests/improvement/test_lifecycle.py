"""The action's lifecycle table: every move allowed from exactly the states the table names and by exactly the
people the policy names; each allowed move changes the state, writes the action's history and the audit trail;
each refused move raises with a message and changes nothing."""

from datetime import timedelta

import pytest

from sightline.audit.models import AuditEvent
from sightline.core.errors import TransitionError
from sightline.improvement import actions, decisions, escalation, services
from sightline.improvement.lifecycle import EDITOR, GROUP, MOVES, OWNER, moves_for
from sightline.improvement.models import Action, ActionEvent, ActionPlan
from sightline.partnerships.models import OrganisationMembership

from .. import factories
from .builders import fresh, in_state, make_action, make_plan, today

S = Action.Status

CALLS = {
    "progress": lambda by, a: actions.action_progress(by=by, action=a, commentary="Half the teams briefed"),
    "propose": lambda by, a: actions.action_propose_completion(by=by, action=a, commentary="Audit shows it"),
    "verify": lambda by, a: decisions.action_verify(by=by, action=a),
    "return": lambda by, a: decisions.action_return(by=by, action=a, reason="No evidence of impact yet"),
    "close": lambda by, a: decisions.action_close(by=by, action=a),
    "defer": lambda by, a: decisions.action_defer(by=by, action=a, reason="New policy first"),
    "resume": lambda by, a: decisions.action_resume(by=by, action=a),
    "cancel": lambda by, a: decisions.action_cancel(by=by, action=a, reason="Merged into action 2"),
    "extend": lambda by, a: actions.action_extend(
        by=by, action=a, due_on=a.due_on + timedelta(days=30), reason="Training dates moved"
    ),
    "escalate": lambda by, a: escalation.action_escalate(by=by, action=a, reason="Stalled for months"),
    "edit": lambda by, a: actions.action_update(by=by, action=a, what="Audit supervision records again"),
}
# Who may make each kind of move, by the world fixture's role names.
ALLOWED = {
    OWNER: {"business_team", "agency_a_lead", "agency_a_contributor"},
    GROUP: {"business_team", "learning_chair"},
    EDITOR: {"business_team"},
}
ACTOR = {OWNER: "agency_a_lead", GROUP: "learning_chair", EDITOR: "business_team"}
EVENT_KIND = {name: move.event for name, move in MOVES.items()}


def snapshot(action: Action) -> tuple:
    action = Action.objects.get(pk=action.pk)
    return (
        action.status,
        action.due_on,
        action.what,
        action.returns,
        action.events.count(),
        action.escalations.count(),
        AuditEvent.objects.filter(target_id=str(action.pk)).count(),
    )


# The lifecycle as the framework and the issue describe it, written out by hand so that a change to the table
# in sightline/improvement/lifecycle.py is a change someone meant: {move: (from, to, who)}.
WORKING, UNFINISHED = {S.OPEN, S.IN_PROGRESS}, {S.OPEN, S.IN_PROGRESS, S.COMPLETION_PROPOSED, S.DEFERRED}
SPEC = {
    "progress": (WORKING, S.IN_PROGRESS, OWNER),
    "propose": (WORKING, S.COMPLETION_PROPOSED, OWNER),
    "verify": ({S.COMPLETION_PROPOSED}, S.VERIFIED, GROUP),
    "return": ({S.COMPLETION_PROPOSED}, S.IN_PROGRESS, GROUP),
    "close": ({S.VERIFIED}, S.CLOSED, GROUP),
    "defer": (WORKING, S.DEFERRED, GROUP),
    "resume": ({S.DEFERRED}, S.IN_PROGRESS, GROUP),
    "cancel": (UNFINISHED, S.CANCELLED, GROUP),
    "extend": (UNFINISHED, None, GROUP),
    "escalate": (UNFINISHED, None, GROUP),
    "edit": (UNFINISHED, None, EDITOR),
}


def test_the_table_is_the_lifecycle_the_framework_describes():
    assert {name: (set(move.sources), move.target, move.perm) for name, move in MOVES.items()} == SPEC


def test_every_move_names_a_known_permission_and_a_call():
    assert set(CALLS) == set(MOVES)
    assert {move.perm for move in MOVES.values()} <= set(ALLOWED)


CASES = [(name, state) for name in MOVES for state in S.values]


@pytest.mark.parametrize("name,state", CASES, ids=[f"{n}-from-{s}" for n, s in CASES])
def test_a_move_is_allowed_from_exactly_the_states_the_lifecycle_names(world, name, state):
    sources, target, perm = SPEC[name]
    action = in_state(world, make_action(world, make_plan(world)), state)
    by = world.users[ACTOR[perm]]
    if state in sources:
        events = action.events.filter(kind=EVENT_KIND[name])
        audited = AuditEvent.objects.filter(verb=f"action.{name}", target_id=str(action.pk))
        before = (events.count(), audited.count())
        CALLS[name](by, action)
        assert fresh(action).status == (target or state)
        assert (events.count(), audited.count()) == (before[0] + 1, before[1] + 1)
    else:
        was = snapshot(action)
        with pytest.raises(TransitionError, match="cannot be changed this way"):
            CALLS[name](by, action)
        assert snapshot(action) == was


WHO_CASES = [
    (name, role)
    for name in MOVES
    for role in sorted(
        ALLOWED[OWNER]
        | ALLOWED[GROUP]
        | {"partner_la", "iso", "board_member", "agency_b_lead", "other_business_team", "nobody", "operator"}
    )
]
START = {
    "verify": S.COMPLETION_PROPOSED,
    "return": S.COMPLETION_PROPOSED,
    "close": S.VERIFIED,
    "resume": S.DEFERRED,
}


@pytest.mark.parametrize("name,role", WHO_CASES, ids=[f"{n}-by-{r}" for n, r in WHO_CASES])
def test_a_move_is_made_by_exactly_the_people_the_policy_names(world, name, role):
    action = in_state(world, make_action(world, make_plan(world)), START.get(name, S.IN_PROGRESS))
    by = world.users[role]
    if role in ALLOWED[SPEC[name][2]]:
        made = action.events.filter(kind=EVENT_KIND[name], by=by)
        before = made.count()
        CALLS[name](by, action)
        assert made.count() == before + 1
    else:
        was = snapshot(action)
        with pytest.raises(TransitionError, match="You cannot do this"):
            CALLS[name](by, action)
        assert snapshot(action) == was


def test_the_pages_offer_each_person_only_their_moves(world):
    action = in_state(world, make_action(world, make_plan(world)), S.COMPLETION_PROPOSED)
    names = lambda role: {move.name for move in moves_for(world.users[role], action)}  # noqa: E731
    assert names("learning_chair") == {"verify", "return", "cancel", "extend", "escalate"}
    assert names("agency_a_lead") == set()
    assert names("board_member") == set()
    assert names("business_team") == {"verify", "return", "cancel", "extend", "escalate", "edit"}


def test_nothing_moves_on_a_closed_plan(world):
    plan = make_plan(world)
    action = in_state(world, make_action(world, plan), S.VERIFIED)
    ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.CLOSED)
    with pytest.raises(TransitionError, match="plan is closed"):
        decisions.action_close(by=world.users["learning_chair"], action=fresh(action))
    assert fresh(action).status == S.VERIFIED


def test_the_first_progress_update_starts_an_open_action_and_keeps_the_commentary(world):
    action = make_action(world, make_plan(world))
    actions.action_progress(
        by=world.users["agency_a_contributor"], action=fresh(action), commentary="Briefed"
    )
    action = fresh(action)
    assert action.status == S.IN_PROGRESS
    event = action.events.get(kind=ActionEvent.Kind.PROGRESS)
    assert (event.note, event.by, event.from_status) == (
        "Briefed",
        world.users["agency_a_contributor"],
        S.OPEN,
    )


@pytest.mark.parametrize("service", ["progress", "propose"])
def test_an_update_needs_commentary(world, service):
    action = make_action(world, make_plan(world))
    call = actions.action_progress if service == "progress" else actions.action_propose_completion
    with pytest.raises(TransitionError, match="Enter what has been done|Describe the evidence"):
        call(by=world.users["agency_a_lead"], action=fresh(action), commentary="   ")
    assert fresh(action).events.count() == 1


def test_a_proposal_records_who_proposed_and_when(world):
    action = in_state(world, make_action(world, make_plan(world)), S.COMPLETION_PROPOSED)
    assert (action.proposed_on, action.proposed_by) == (today(), world.users["agency_a_lead"])
    assert action.events.get(kind=ActionEvent.Kind.PROPOSED).note == "Audit shows the change"


def test_whoever_proposed_a_completion_cannot_verify_it(world):
    action = make_action(world, make_plan(world))
    team = world.users["business_team"]
    actions.action_propose_completion(by=team, action=fresh(action), commentary="Done")
    with pytest.raises(TransitionError, match="someone else in the learning group must verify"):
        decisions.action_verify(by=team, action=fresh(action))
    assert fresh(action).status == S.COMPLETION_PROPOSED
    decisions.action_verify(by=world.users["learning_chair"], action=fresh(action), note="Seen the audit")
    action = fresh(action)
    assert action.status == S.VERIFIED and action.verified_at is not None


def test_a_return_counts_clears_the_proposal_and_keeps_the_reason(world):
    action = in_state(world, make_action(world, make_plan(world)), S.COMPLETION_PROPOSED)
    decisions.action_return(by=world.users["learning_chair"], action=action, reason="Show the audit results")
    action = fresh(action)
    assert (action.status, action.returns, action.proposed_on, action.proposed_by) == (
        S.IN_PROGRESS,
        1,
        None,
        None,
    )
    assert action.events.get(kind=ActionEvent.Kind.RETURNED).note == "Show the audit results"
    event = AuditEvent.objects.get(verb="action.return", target_id=str(action.pk))
    assert event.changes["returns"] == 1 and event.changes["note"] == "Show the audit results"


@pytest.mark.parametrize(
    "name,reason,message",
    [
        ("return", "", "Enter the reason for returning"),
        ("defer", " ", "Enter the reason for deferring"),
        ("cancel", "", "Enter the reason for cancelling"),
        ("escalate", "", "Enter the reason for escalating"),
        ("extend", "", "Enter the reason for changing the due date"),
    ],
)
def test_decisions_that_need_a_reason_refuse_an_empty_one(world, name, reason, message):
    action = in_state(world, make_action(world, make_plan(world)), S.COMPLETION_PROPOSED)
    chair = world.users["learning_chair"]
    was = snapshot(action)
    with pytest.raises(TransitionError, match=message):
        if name == "extend":
            actions.action_extend(
                by=chair, action=action, due_on=action.due_on + timedelta(days=9), reason=reason
            )
        elif name == "escalate":
            escalation.action_escalate(by=chair, action=action, reason=reason)
        else:
            {
                "return": decisions.action_return,
                "defer": decisions.action_defer,
                "cancel": decisions.action_cancel,
            }[name](by=chair, action=action, reason=reason)
    assert snapshot(action) == was


def test_a_deferral_and_a_cancellation_keep_their_reason_on_the_action(world):
    chair = world.users["learning_chair"]
    deferred = in_state(world, make_action(world, make_plan(world)), S.DEFERRED)
    assert deferred.status_reason == "Waiting for the new policy"
    decisions.action_resume(by=chair, action=deferred)
    assert fresh(deferred).status_reason == "" and fresh(deferred).status == S.IN_PROGRESS
    cancelled = in_state(world, make_action(world, make_plan(world)), S.CANCELLED)
    assert cancelled.status_reason == "Overtaken by the new policy" and cancelled.ended_at is not None


def test_the_meeting_decisions_are_offered_to_other_apps_under_their_names():
    assert {
        "action_verify",
        "action_return",
        "action_extend",
        "action_escalate",
        "escalation_resolve",
    } <= set(services.__all__)
    assert services.action_verify is decisions.action_verify


def test_a_signatory_updates_only_the_actions_they_own(world):
    governor = factories.with_organisation_role(world.agency_a, OrganisationMembership.Role.SIGNATORY)
    plan = make_plan(world)
    theirs, not_theirs = make_action(world, plan, owner_person=governor), make_action(world, plan)
    with pytest.raises(TransitionError, match="You cannot do this"):
        actions.action_progress(by=governor, action=fresh(not_theirs), commentary="Not mine")
    actions.action_progress(by=governor, action=fresh(theirs), commentary="Mine")
    assert fresh(theirs).status == S.IN_PROGRESS and fresh(not_theirs).status == S.OPEN
