"""The owner's side of an action, and its details: added to a plan by the business team, updated by the
organisation that owns it, completion proposed with evidence of impact, due date changed with a reason.
Each service is one transaction that checks the lifecycle table, writes the action's history and its audit
event together, and refuses anything else with a message that says what to do."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from sightline import policy
from sightline.audit import services as audit
from sightline.core.errors import EditConflict, TransitionError
from sightline.partnerships.models import Affiliation, Organisation, OrganisationMembership

from .evidence import evidence_store, stored_files, upload_check
from .lifecycle import move_apply, move_check
from .models import Action, ActionEvent, ActionPlan

# The details the business team may change, with how the action's history names them.
EDITABLE_FIELDS = {
    "what": "what will be done",
    "intended_impact": "the difference it should make",
    "impact_measure": "how the impact will be known",
    "owner_organisation": "the owner organisation",
    "owner_person": "the owner",
    "lead_name": "who leads it",
    "priority": "the priority",
}


def locked(action: Action) -> Action:
    """The action's row, locked for this transaction, with its plan and partnership."""
    return (
        Action.objects.select_for_update(of=("self",))
        .select_related("plan__partnership", "owner_organisation")
        .get(pk=action.pk)
    )


def owner_check(plan: ActionPlan, organisation: Organisation | None, person=None) -> None:
    """The owner organisation is in the plan's partnership (and is the plan's own for a single-agency plan);
    the owner person, if named, holds a role there."""
    if organisation is None:
        raise TransitionError("Choose the organisation that owns the action")
    if not Affiliation.objects.filter(partnership_id=plan.partnership_id, organisation=organisation).exists():
        raise TransitionError("Choose an organisation in the partnership's register")
    if plan.owner_organisation_id and organisation.pk != plan.owner_organisation_id:
        raise TransitionError(
            f"This is a single-agency plan: its actions belong to {plan.owner_organisation.name}"
        )
    if (
        person is not None
        and not OrganisationMembership.objects.filter(user=person, organisation=organisation).exists()
    ):
        raise TransitionError(f"The owner must have an account at {organisation.name}")


def _text(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise TransitionError(message)
    return value


def next_number(plan: ActionPlan) -> int:
    return (plan.actions.aggregate(Max("number"))["number__max"] or 0) + 1


@transaction.atomic
def action_create(
    *,
    by,
    plan: ActionPlan,
    what: str,
    owner_organisation: Organisation,
    due_on: date,
    intended_impact: str = "",
    impact_measure: str = "",
    owner_person=None,
    lead_name: str = "",
    priority: str = Action.Priority.MEDIUM,
) -> Action:
    """Add an action to an open plan: what will be done, by whom and when, and the difference it should make.
    Its due date cannot be in the past."""
    plan = ActionPlan.objects.select_for_update(of=("self",)).select_related("partnership").get(pk=plan.pk)
    if by is not None and not policy.is_business_team(by, plan.partnership):
        raise TransitionError("Only the partnership's business team can add actions to a plan")
    if plan.status != ActionPlan.Status.OPEN:
        raise TransitionError("This action plan is closed: reopen it or start a new one")
    what = _text(what, "Enter what will be done")
    if due_on < timezone.localdate():
        raise TransitionError("The due date must be today or in the future")
    if priority not in Action.Priority.values:
        raise TransitionError("Choose a priority: high, medium or low")
    owner_check(plan, owner_organisation, owner_person)
    action = Action.objects.create(
        plan=plan,
        number=next_number(plan),
        what=what,
        intended_impact=intended_impact.strip(),
        impact_measure=impact_measure.strip(),
        owner_organisation=owner_organisation,
        owner_person=owner_person,
        lead_name=lead_name.strip(),
        due_on=due_on,
        original_due_on=due_on,
        priority=priority,
        created_by=by,
    )
    ActionEvent.objects.create(action=action, kind=ActionEvent.Kind.CREATED, by=by, to_status=action.status)
    audit.record(
        actor=by,
        verb="action.created",
        target=action,
        partnership=plan.partnership,
        changes={
            "plan": str(plan.pk),
            "owner": owner_organisation.name,
            "due_on": due_on,
            "priority": priority,
        },
    )
    return action


@transaction.atomic
def action_update(*, by, action: Action, expected_version: int | None = None, **fields) -> Action:
    """Change an unfinished action's details. The due date and the state are not details: they change through
    `action_extend` and the decisions. With `expected_version`, an edit from a copy someone has since changed
    is refused with EditConflict, carrying the saved values."""
    fields = {key: value for key, value in fields.items() if key in EDITABLE_FIELDS}
    action = locked(action)
    move_check("edit", by=by, action=action)
    if expected_version is not None and action.version != expected_version:
        raise EditConflict(audit.snapshot(action, [*fields, "version"]))
    if "what" in fields:
        fields["what"] = _text(fields["what"], "Enter what will be done")
    if fields.get("priority", action.priority) not in Action.Priority.values:
        raise TransitionError("Choose a priority: high, medium or low")
    for key in ("intended_impact", "impact_measure", "lead_name"):
        if key in fields:
            fields[key] = (fields[key] or "").strip()
    owner_check(
        action.plan,
        fields.get("owner_organisation", action.owner_organisation),
        fields.get("owner_person", action.owner_person),
    )
    before = audit.snapshot(action, list(fields))
    for key, value in fields.items():
        setattr(action, key, value)
    changes = audit.diff(before, audit.snapshot(action, list(fields)))
    if not changes:
        return action
    action.version += 1
    action.updated_at = timezone.now()
    note = "Changed " + ", ".join(label for key, label in EDITABLE_FIELDS.items() if key in changes)
    move_apply("edit", by=by, action=action, note=note, changes=changes)
    return action


def _owner_move(name: str, *, by, action: Action, note: str, upload) -> Action:
    move_check(name, by=by, action=action)  # before reading the file: say no to the wrong person first
    checked = upload_check(upload)
    with stored_files() as stored, transaction.atomic():
        action = locked(action)
        move_check(name, by=by, action=action)
        evidence = evidence_store(by=by, action=action, checked=checked, stored=stored) if checked else None
        action.updated_at = timezone.now()
        if name == "propose":
            action.proposed_on, action.proposed_by = timezone.localdate(), by
        move_apply(
            name,
            by=by,
            action=action,
            note=note,
            evidence=evidence,
            changes={"evidence": evidence.original_name} if evidence else None,
        )
    return action


def action_progress(*, by, action: Action, commentary: str, upload=None) -> Action:
    """The owner says how the work is going, with an optional evidence file. The first update of an open
    action starts it."""
    commentary = _text(commentary, "Enter what has been done since the last update")
    return _owner_move("progress", by=by, action=action, note=commentary, upload=upload)


def action_propose_completion(*, by, action: Action, commentary: str, upload=None) -> Action:
    """The owner says the action is done and shows its impact; the learning group then verifies or returns it."""
    commentary = _text(commentary, "Describe the evidence that the action has made the difference intended")
    return _owner_move("propose", by=by, action=action, note=commentary, upload=upload)


@transaction.atomic
def action_extend(*, by, action: Action, due_on: date, reason: str) -> Action:
    """Change the due date (a decision of the learning group), with the reason on the action's history."""
    reason = _text(reason, "Enter the reason for changing the due date")
    action = locked(action)
    move_check("extend", by=by, action=action)
    if due_on == action.due_on:
        raise TransitionError("Choose a due date different from the current one")
    if due_on < timezone.localdate():
        raise TransitionError("The new due date must be today or in the future")
    before = action.due_on
    action.due_on = due_on
    action.updated_at = timezone.now()
    move_apply(
        "extend",
        by=by,
        action=action,
        note=reason,
        due_before=before,
        due_after=due_on,
        changes={"due_on": {"before": before, "after": due_on}, "reason": reason},
    )
    return action
