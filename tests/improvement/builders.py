"""Builders for learning and improvement tests: plans, actions in a chosen state, escalations and register
entries, made through the services (so each carries its history), with synthetic names only."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sightline.improvement import actions, decisions, escalation, plans, reviews
from sightline.improvement.models import Action, ActionPlan, Review
from sightline.partnerships.models import Group


def today() -> date:
    return timezone.localdate()


def group(world, kind=Group.Kind.LEARNING, partnership=None):
    return (partnership or world.partnership).groups.get(kind=kind)


def make_plan(
    world, *, title="Neglect line of sight: action plan", single_agency=None, **overrides
) -> ActionPlan:
    values = {
        "title": title,
        "source_kind": ActionPlan.SourceKind.OTHER,
        "source_description": "Practice learning event on neglect, synthetic",
        "owner_organisation": single_agency,
        "monitoring_group": group(world),
        "reports_to": [group(world, Group.Kind.BOARD)],
        **overrides,
    }
    return plans.plan_create(by=world.users["business_team"], partnership=world.partnership, **values)


def make_action(world, plan, *, organisation=None, due_in=30, what="Audit supervision records", **overrides):
    values = {
        "what": what,
        "owner_organisation": organisation or world.agency_a,
        "due_on": today() + timedelta(days=due_in),
        "intended_impact": "Supervision reflects the child's lived experience",
        "impact_measure": "Dip sample of records",
        **overrides,
    }
    return actions.action_create(by=world.users["business_team"], plan=plan, **values)


def set_due(action: Action, due_on: date) -> Action:
    """Move a due date into the past, as if the action had been agreed long ago (a new one cannot be)."""
    Action.objects.filter(pk=action.pk).update(due_on=due_on, original_due_on=due_on)
    action.refresh_from_db()
    return action


def fresh(action: Action) -> Action:
    return Action.objects.select_related("plan__partnership", "owner_organisation").get(pk=action.pk)


def in_state(world, action: Action, state: str) -> Action:
    """Take an action to `state` along the lifecycle, as its owner and the learning group would."""
    lead, chair = world.users["agency_a_lead"], world.users["learning_chair"]
    action = fresh(action)
    path = {
        Action.Status.OPEN: [],
        Action.Status.IN_PROGRESS: ["progress"],
        Action.Status.COMPLETION_PROPOSED: ["progress", "propose"],
        Action.Status.VERIFIED: ["progress", "propose", "verify"],
        Action.Status.CLOSED: ["progress", "propose", "verify", "close"],
        Action.Status.DEFERRED: ["defer"],
        Action.Status.CANCELLED: ["cancel"],
    }[state]
    for step in path:
        if step == "progress":
            actions.action_progress(by=lead, action=action, commentary="Started the audit")
        elif step == "propose":
            actions.action_propose_completion(by=lead, action=action, commentary="Audit shows the change")
        elif step == "verify":
            decisions.action_verify(by=chair, action=action)
        elif step == "close":
            decisions.action_close(by=chair, action=action)
        elif step == "defer":
            decisions.action_defer(by=chair, action=action, reason="Waiting for the new policy")
        elif step == "cancel":
            decisions.action_cancel(by=chair, action=action, reason="Overtaken by the new policy")
        action = fresh(action)
    return action


def make_review(world, **overrides):
    values = {"reference": "RR-2026-01", "became_aware_on": date(2026, 5, 22), **overrides}
    return reviews.review_create(by=world.users["business_team"], partnership=world.partnership, **values)


def matrix_kwargs(world, part: str) -> dict:
    """URL arguments for the access matrix: agency A's action in a multi-agency plan (and a file of evidence
    given with it), agency A's single-agency plan, an escalation and a register entry."""
    if part == "review":
        review = Review.objects.filter(partnership=world.partnership).first() or make_review(world)
        return {"review_id": review.pk}
    plan = make_plan(world)
    action = make_action(world, plan)
    if part == "plan":
        return {"plan_id": plan.pk}
    if part == "single_plan":
        single = make_plan(world, title="Trust's own plan", single_agency=world.agency_a)
        make_action(world, single)
        return {"plan_id": single.pk}
    if part == "action":
        return {"action_id": action.pk}
    if part == "action_extend":
        return {"action_id": action.pk, "move": "extend"}
    if part == "action_evidence":
        upload = SimpleUploadedFile(
            "training.csv", b"Course,Staff trained\nLevel 3,12\n", content_type="text/csv"
        )
        actions.action_progress(
            by=world.users["agency_a_lead"], action=fresh(action), commentary="Done", upload=upload
        )
        return {"action_id": action.pk, "evidence_id": action.evidence.get().pk}
    if part == "escalation":
        item = escalation.action_escalate(
            by=world.users["learning_chair"], action=fresh(action), reason="Stalled"
        )
        return {"escalation_id": item.pk}
    raise ValueError(part)


MATRIX_PARTS = {"plan", "single_plan", "action", "action_extend", "action_evidence", "escalation", "review"}
