"""The decision on each agenda item. A decision on an action is made through the improvement app's services, in
the same transaction as the decision row, so either both are recorded or neither is."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from sightline.audit import services as audit
from sightline.core.errors import TransitionError
from sightline.improvement import decisions as action_decisions
from sightline.improvement import escalation as escalations
from sightline.improvement import lifecycle
from sightline.improvement.actions import action_extend
from sightline.improvement.models import Escalation

from .meetings import _require_chair, _require_open, locked
from .models import AgendaItem, Decision

K = Decision.Kind
I = AgendaItem.Kind  # noqa: E741 (the item kinds, beside the decision kinds)

# Which decisions each kind of item can take.
ALLOWED = {
    I.NEW_PLAN: (K.NOTE,),
    I.COMPLETION: (K.VERIFY, K.RETURN, K.EXTEND, K.ESCALATE, K.NOTE),
    I.OVERDUE: (K.EXTEND, K.ESCALATE, K.NOTE),
    I.NEAR_COMPLETION: (K.NOTE,),
    I.ESCALATION: (K.RESOLVE, K.EXTEND, K.NOTE),
    I.ISO_REPORT: (K.NOTE,),
    I.DISPUTE_LEARNING: (K.NOTE,),
    I.OTHER: (K.NOTE,),
}
NEEDS_TEXT = {
    K.RETURN: "Enter the reason for returning the action, so the owner knows what is missing",
    K.EXTEND: "Enter the reason for extending the due date",
    K.ESCALATE: "Enter the reason for escalating the action to the board",
    K.RESOLVE: "Enter what became of the escalation",
    K.NOTE: "Enter what the meeting noted",
}


# The decisions carried out as a move of the action's lifecycle (sightline/improvement/lifecycle.py).
MOVE_OF = {K.VERIFY: "verify", K.RETURN: "return", K.EXTEND: "extend", K.ESCALATE: "escalate"}


def _can_succeed(item: AgendaItem, kind: str, by) -> bool:
    """Whether the services would carry this decision out now: the action's state moves on after the agenda is
    built (verified on its own page, escalated by the scheduler), and a decision it can no longer take is not
    offered."""
    if kind == K.NOTE:
        return True
    if kind == K.RESOLVE:
        escalation = item.escalation
        return (
            escalation is not None
            and escalation.status == Escalation.Status.OPEN
            and (by is None or by.has_perm("improvement.decide", item.meeting.partnership))
        )
    action, name = item.action, MOVE_OF[kind]
    if action is None:
        return False
    if not (lifecycle.may(by, name, action) if by is not None else _state_allows(name, action)):
        return False
    if kind == K.VERIFY:
        return by is None or action.proposed_by_id != by.pk  # the proposer never verifies their own proposal
    if kind == K.ESCALATE:
        return not _escalated(item)
    return True


def _state_allows(name: str, action) -> bool:
    return action.plan.status == action.plan.Status.OPEN and action.status in lifecycle.MOVES[name].sources


def _escalated(item: AgendaItem) -> bool:
    """Whether the item's action has an open escalation: annotated by the agenda's selector, else asked."""
    known = getattr(item, "action_escalated", None)
    if known is not None:
        return known
    return item.action.escalations.filter(status=Escalation.Status.OPEN).exists()


def decisions_for(item: AgendaItem, *, by=None) -> list[tuple[str, str]]:
    """The decisions the meeting can take on this item now, for this person: those its kind allows and the
    action's state lets the services carry out."""
    return [(kind.value, kind.label) for kind in ALLOWED[item.kind] if _can_succeed(item, kind, by)]


@transaction.atomic
def decision_record(
    *, by, meeting, item_id, kind: str, text: str = "", new_due_on: date | None = None
) -> Decision:
    """Record the meeting's decision on one item of its own agenda, and carry it out."""
    meeting = locked(meeting)
    _require_chair(by, meeting.partnership)
    _require_open(meeting)
    item = (
        AgendaItem.objects.filter(pk=item_id, meeting=meeting)
        .select_related("action__plan__partnership", "escalation")
        .first()
    )
    if item is None:
        raise TransitionError("That item is not on this meeting's agenda, so the meeting cannot decide on it")
    if hasattr(item, "decision"):
        raise TransitionError("The meeting has already decided on this item")
    if kind not in ALLOWED[item.kind]:
        labels = ", ".join(K(k).label.split(":")[0].lower() for k in ALLOWED[item.kind])
        raise TransitionError(f"For this item the meeting can: {labels}")
    text = (text or "").strip()
    if kind in NEEDS_TEXT and not text:
        raise TransitionError(NEEDS_TEXT[kind])
    if kind == K.VERIFY:
        action_decisions.action_verify(by=by, action=item.action, note=text)
    elif kind == K.RETURN:
        action_decisions.action_return(by=by, action=item.action, reason=text)
    elif kind == K.EXTEND:
        if new_due_on is None:
            raise TransitionError("Enter the new due date")
        action_extend(by=by, action=item.action, due_on=new_due_on, reason=text)
    elif kind == K.ESCALATE:
        escalations.action_escalate(by=by, action=item.action, reason=text)
    elif kind == K.RESOLVE:
        escalations.escalation_resolve(by=by, escalation=item.escalation, resolution=text)
    decision = Decision.objects.create(
        item=item, kind=kind, text=text, new_due_on=new_due_on if kind == K.EXTEND else None, decided_by=by
    )
    audit.record(
        actor=by,
        verb="meeting.decided",
        target=meeting,
        partnership=meeting.partnership,
        changes={"item": item.title, "decision": kind, "text": text},
    )
    return decision
