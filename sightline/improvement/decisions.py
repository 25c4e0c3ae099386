"""The learning group's decisions on an action (framework section 5: the group, not the owner, judges whether an
action has made its difference). These are the services a meeting of the group calls for each item on its
agenda; each is one transaction writing the action's history and its audit event."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sightline.core.errors import TransitionError

from . import escalation
from .actions import locked
from .lifecycle import move_apply, move_check
from .models import Action


def _reason(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise TransitionError(message)
    return text


@transaction.atomic
def action_verify(*, by, action: Action, note: str = "") -> Action:
    """The group is satisfied that the action has made the difference intended. Whoever proposed the completion
    cannot verify it: the owner never closes their own action."""
    action = locked(action)
    move_check("verify", by=by, action=action)
    if by is not None and action.proposed_by_id == by.pk:
        raise TransitionError(
            "You proposed this completion, so someone else in the learning group must verify it"
        )
    action.verified_at = timezone.now()
    move_apply("verify", by=by, action=action, note=(note or "").strip())
    escalation.escalations_settle(by=by, action=action, resolution="The action was verified as complete.")
    return action


@transaction.atomic
def action_return(*, by, action: Action, reason: str) -> Action:
    """The group is not yet satisfied: the action goes back to its owner, with the reason. An action returned
    twice is flagged for the board."""
    reason = _reason(reason, "Enter the reason for returning the action, so the owner knows what is missing")
    action = locked(action)
    move_check("return", by=by, action=action)
    action.returns += 1
    action.proposed_on, action.proposed_by = None, None
    move_apply("return", by=by, action=action, note=reason, changes={"returns": action.returns})
    escalation.escalation_flag_if_due(action=action, today=timezone.localdate())
    return action


@transaction.atomic
def action_close(*, by, action: Action, note: str = "") -> Action:
    """Close a verified action: nothing more will be done or reported on it."""
    action = locked(action)
    move_check("close", by=by, action=action)
    action.ended_at = timezone.now()
    move_apply("close", by=by, action=action, note=(note or "").strip())
    return action


@transaction.atomic
def action_defer(*, by, action: Action, reason: str) -> Action:
    """Pause the action, with the reason: it stops counting as overdue until it is resumed."""
    reason = _reason(reason, "Enter the reason for deferring the action")
    action = locked(action)
    move_check("defer", by=by, action=action)
    action.status_reason = reason
    move_apply("defer", by=by, action=action, note=reason)
    return action


@transaction.atomic
def action_resume(*, by, action: Action, note: str = "") -> Action:
    action = locked(action)
    move_check("resume", by=by, action=action)
    action.status_reason = ""
    move_apply("resume", by=by, action=action, note=(note or "").strip())
    return action


@transaction.atomic
def action_cancel(*, by, action: Action, reason: str) -> Action:
    """Stop the action for good, with the reason (overtaken by events, merged into another action…)."""
    reason = _reason(reason, "Enter the reason for cancelling the action")
    action = locked(action)
    move_check("cancel", by=by, action=action)
    action.status_reason = reason
    action.ended_at = timezone.now()
    move_apply("cancel", by=by, action=action, note=reason)
    escalation.escalations_settle(by=by, action=action, resolution=f"The action was cancelled: {reason}")
    return action
