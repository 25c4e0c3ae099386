"""Builders for assurance tests: the three delegated partners, activities of every type made through the services,
an activity put at a chosen step, and each guard made to hold. Synthetic names only."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from sightline.assurance import activities, endorsements
from sightline.assurance.endorsements import current_request
from sightline.assurance.lifecycle import LIFECYCLES
from sightline.assurance.models import Activity, CallIn, PeerReview, ProgrammeItem
from sightline.assurance.models_endorsements import EndorsementRequest
from sightline.improvement import actions, plans
from sightline.improvement.models import ActionPlan
from sightline.partnerships.models import Group, PartnershipMembership

from .. import factories

Kind = Activity.Kind
Role = PartnershipMembership.Role
Subject = EndorsementRequest.Subject


def partners(world) -> dict:
    """The local authority, ICB and police delegated partners: the world's own LA partner and two more."""
    users = world.users
    if "partner_icb" not in users:
        users["partner_icb"] = factories.with_partnership_role(world.partnership, Role.PARTNER_ICB)
        users["partner_police"] = factories.with_partnership_role(world.partnership, Role.PARTNER_POLICE)
    return {"la": users["partner_la"], "icb": users["partner_icb"], "police": users["partner_police"]}


START = {
    Kind.THEMATIC: {"theme": "Neglect and the voice of the child"},
    Kind.PRACTICE_LEARNING: {"theme": "Older children at risk of exploitation"},
    Kind.CASE_SPECIFIC: {"theme": "How agencies shared information before a child was harmed"},
    Kind.PARTNERSHIP_AUDIT: {"theme": "Strategy discussions in the first 24 hours"},
    Kind.AGENCY: {},
    Kind.CALL_IN: {"call_in": {"reason": CallIn.Reason.SPECIFIC_ISSUE, "venue": CallIn.Venue.BOARD}},
    Kind.PEER_REVIEW: {
        "peer_review": {"direction": PeerReview.Direction.REVIEWED, "other_partnership": "Elsewhere"}
    },
}


def make_activity(world, kind=Kind.THEMATIC, *, by=None, title=None, **overrides) -> Activity:
    partners(world)
    values = {**START[kind], **overrides}
    if kind in (Kind.AGENCY, Kind.CALL_IN):
        values.setdefault("organisation", world.agency_a)
    values.setdefault("iso", world.users["iso"])
    return activities.activity_create(
        by=by or world.users["business_team"],
        partnership=world.partnership,
        kind=kind,
        title=title or f"Synthetic {Kind(kind).label.lower()}",
        **values,
    )


def force_state(activity: Activity, state: str) -> Activity:
    """Put an activity at a step without walking there: scaffolding for testing one transition at a time."""
    Activity.objects.filter(pk=activity.pk).update(status=state)
    activity.refresh_from_db()
    return activity


def agree(activity: Activity, subject: str) -> EndorsementRequest:
    """A sign-off for `subject`, agreed, without firing the lifecycle's listener."""
    request = current_request(activity, subject)
    if request is None:
        request = endorsements.endorsement_request(
            by=None,
            activity=activity,
            subject=subject,
            text=f"Synthetic {subject}",
            parties=endorsements.three_partners(activity.partnership),
        )
    EndorsementRequest.objects.filter(pk=request.pk).update(outcome=EndorsementRequest.Outcome.AGREED)
    return request


def plan_for(world, activity: Activity, *, with_action=False, closed=False) -> ActionPlan:
    groups = {g.kind: g for g in world.partnership.groups.all()}
    plan = plans.plan_create(
        by=world.users["business_team"],
        partnership=world.partnership,
        title=f"{activity.title}: action plan",
        source_kind=ActionPlan.SourceKind.OTHER,
        source_description=f"Assurance activity {activity.pk}",
        monitoring_group=groups[Group.Kind.LEARNING],
        reports_to=[groups[Group.Kind.BOARD]],
    )
    if with_action:
        actions.action_create(
            by=world.users["business_team"],
            plan=plan,
            what="Audit supervision records",
            owner_organisation=world.agency_a,
            due_on=timezone.localdate() + timedelta(days=30),
        )
    if closed:
        plans.plan_close(by=world.users["business_team"], plan=plan, closing_note="Learned synthetic things")
    Activity.objects.filter(pk=activity.pk).update(action_plan=plan)
    activity.refresh_from_db()
    return plan


def _set(activity: Activity, **fields) -> None:
    Activity.objects.filter(pk=activity.pk).update(**fields)
    activity.refresh_from_db()


def _call_in(activity: Activity, **fields) -> None:
    CallIn.objects.filter(activity=activity).update(**fields)
    activity.refresh_from_db()


def satisfy(world, activity: Activity, guard: str, monkeypatch=None) -> str:
    """Make the named guard hold for the activity. Returns the note the move needs (empty for most)."""
    now = timezone.now()
    if guard in ("has_theme", "has_reason"):
        _set(activity, theme="A theme")
    elif guard.startswith("agreed_"):
        agree(activity, guard.removeprefix("agreed_"))
    elif guard == "has_format":
        _set(activity, format="A half-day of conversations with practitioners")
    elif guard == "has_terms_of_reference":
        _set(activity, terms_of_reference="Scope: the front door. Terms: two days on site.")
    elif guard == "has_lines_of_questioning":
        _set(activity, lines_of_questioning="How is the child's voice heard?")
    elif guard == "has_findings":
        _set(activity, findings="Strong multi-agency relationships")
    elif guard == "dates_set":
        _set(activity, starts_at=now + timedelta(days=20), ends_at=now + timedelta(days=20, hours=3))
    elif guard == "date_reached":
        _set(
            activity, starts_at=now - timedelta(days=1), ends_at=now - timedelta(days=1) + timedelta(hours=3)
        )
    elif guard == "programme_sent":
        ProgrammeItem.objects.create(activity=activity, starts=time(9), ends=time(10), title="Welcome")
        _set(activity, invitation_sequence=1)
    elif guard == "panel_ready":
        _set(activity, iso=world.users["iso"], lines_of_questioning="Lines of enquiry")
    elif guard == "feedback":
        _set(activity, highlights="Good information sharing")
    elif guard == "plan_linked":
        plan_for(world, activity)
    elif guard == "plan_has_actions":
        plan_for(world, activity, with_action=True)
    elif guard == "plan_closed":
        plan_for(world, activity, closed=True)
    elif guard == "agencies_involved":
        activity.involved_agencies.add(world.agency_a)
    elif guard in ("cases_identified", "note_given"):
        return "Three cases, from the council, the trust and the police"
    elif guard == "case_audits":
        monkeypatch.setattr("sightline.casework.selectors.case_audits_complete", lambda activity: True)
    elif guard.startswith("call_in_"):
        _call_in(activity, **{guard.removeprefix("call_in_"): "Synthetic text"})
    elif guard.startswith("peer_review_"):
        PeerReview.objects.filter(activity=activity).update(
            **{guard.removeprefix("peer_review_"): "Synthetic"}
        )
        activity.refresh_from_db()
    else:
        raise AssertionError(f"No way to satisfy the guard {guard}")
    return ""


def actor_for(world, actors: tuple[str, ...]):
    """Someone who may make a move with these actors (the first kind named)."""
    return {
        "business_team": world.users["business_team"],
        "partner": world.users["partner_la"],
        "iso": world.users["iso"],
        "learning_chair": world.users["learning_chair"],
        "agency_lead": world.users["agency_a_lead"],
    }[actors[0]]


def walk_to(world, activity: Activity, state: str, monkeypatch=None) -> Activity:
    """Take an activity along its lifecycle to `state`, satisfying each guard on the way."""
    from sightline.assurance.activities import activity_advance

    lifecycle = LIFECYCLES[activity.kind]
    while activity.status != state:
        step = lifecycle.next_step(activity.status)
        note = satisfy(world, activity, step.guard.name, monkeypatch) if step.guard else ""
        activity.refresh_from_db()
        if activity.status == step.state:  # a sign-off agreed just now moved it on
            continue
        activity = activity_advance(by=actor_for(world, step.by), activity=activity, to=step.state, note=note)
    return activity


# The access matrix's objects (tests/test_access_matrix.py): url kwargs for each part name.
MATRIX_PARTS = {"activity", "sign_off", "call_in", "peer_review"}


def matrix_kwargs(world, part: str) -> dict:
    if part in ("activity", "sign_off"):
        activity = make_activity(world, by=world.users["partner_la"])
        now = timezone.now()
        _set(activity, starts_at=now + timedelta(days=30), ends_at=now + timedelta(days=30, hours=2))
        values = {"activity_id": activity.pk}
        if part == "sign_off":
            values["request_id"] = activity.endorsement_requests.get().pk
        return values
    if part == "call_in":
        activity = make_activity(world, Kind.CALL_IN)
        return {"activity_id": activity.pk}
    if part == "peer_review":
        return {"activity_id": make_activity(world, Kind.PEER_REVIEW).pk}
    raise AssertionError(part)
