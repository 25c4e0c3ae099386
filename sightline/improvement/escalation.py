"""Escalation to the board (framework section 5: what stalls reaches the board through the learning group's
chair). An action is flagged when it is overdue by more than the threshold (28 days unless
SIGHTLINE_ESCALATE_OVERDUE_DAYS says otherwise) or has been returned twice, or when the group decides to escalate
it. An action has at most one open escalation; the board's list keeps every escalation with what became of it.

The scheduled job (`escalations_flag`) is idempotent: an overdue action is flagged once for each due date it
misses (a new due date that is missed again is flagged again), and a twice-returned action once."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from sightline.audit import services as audit
from sightline.core.errors import TransitionError

from .actions import locked
from .lifecycle import UNFINISHED, WORKING, move_apply, move_check
from .models import Action, ActionEvent, ActionPlan, Escalation

DEFAULT_ESCALATE_AFTER_DAYS = 28
ESCALATE_AFTER_RETURNS = 2


def escalate_after_days() -> int:
    return int(getattr(settings, "SIGHTLINE_ESCALATE_OVERDUE_DAYS", DEFAULT_ESCALATE_AFTER_DAYS))


def _raise(*, by, action: Action, reason: str, note: str) -> Escalation:
    escalation = Escalation.objects.create(
        action=action, reason=reason, note=note, due_on=action.due_on, returns=action.returns, raised_by=by
    )
    move_apply(
        "escalate",
        by=by,
        action=action,
        note=note or Escalation.Reason(reason).label,
        changes={"reason": reason, "escalation": str(escalation.pk)},
    )
    return escalation


@transaction.atomic
def action_escalate(*, by, action: Action, reason: str) -> Escalation:
    """The learning group puts an action before the board, with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError("Enter the reason for escalating the action to the board")
    action = locked(action)
    move_check("escalate", by=by, action=action)
    if action.escalations.filter(status=Escalation.Status.OPEN).exists():
        raise TransitionError("This action is already escalated to the board: resolve that escalation first")
    return _raise(by=by, action=action, reason=Escalation.Reason.DECISION, note=reason)


def _resolve(escalation: Escalation, *, by, resolution: str) -> None:
    escalation.status = Escalation.Status.RESOLVED
    escalation.resolution = resolution
    escalation.resolved_by = by
    escalation.resolved_at = timezone.now()
    escalation.save(update_fields=["status", "resolution", "resolved_by", "resolved_at"])
    ActionEvent.objects.create(
        action=escalation.action,
        kind=ActionEvent.Kind.ESCALATION_RESOLVED,
        by=by,
        from_status=escalation.action.status,
        to_status=escalation.action.status,
        note=resolution,
    )
    audit.record(
        actor=by,
        verb="escalation.resolved",
        target=escalation,
        partnership=escalation.action.plan.partnership,
        changes={"action": str(escalation.action_id), "resolution": resolution},
    )


@transaction.atomic
def escalation_resolve(*, by, escalation: Escalation, resolution: str) -> Escalation:
    """Record what became of an escalation (the board's decision, a new plan, an agreed date)."""
    resolution = (resolution or "").strip()
    if not resolution:
        raise TransitionError("Enter what became of the escalation")
    escalation = (
        Escalation.objects.select_for_update(of=("self",))
        .select_related("action__plan__partnership")
        .get(pk=escalation.pk)
    )
    if by is not None and not by.has_perm("improvement.decide", escalation.action.plan.partnership):
        raise TransitionError(
            "Only the learning group's chair or the business team can resolve an escalation"
        )
    if escalation.status != Escalation.Status.OPEN:
        raise TransitionError("This escalation has already been resolved")
    _resolve(escalation, by=by, resolution=resolution)
    return escalation


def escalations_settle(*, by, action: Action, resolution: str) -> None:
    """Resolve an action's open escalation when the action itself is settled (verified or cancelled), inside the
    caller's transaction, so the board's list says what became of it."""
    for escalation in action.escalations.select_for_update().filter(status=Escalation.Status.OPEN):
        escalation.action = action
        _resolve(escalation, by=by, resolution=resolution)


def _due_reason(action: Action, today: date) -> str | None:
    """Why this action should now be flagged, or None. Reads the action's escalations."""
    escalations = list(action.escalations.all())
    if any(escalation.status == Escalation.Status.OPEN for escalation in escalations):
        return None
    overdue_since = today - timedelta(days=escalate_after_days())
    if (
        action.status in WORKING
        and action.due_on < overdue_since
        and not any(e.reason == Escalation.Reason.OVERDUE and e.due_on == action.due_on for e in escalations)
    ):
        return Escalation.Reason.OVERDUE
    if (
        action.status in UNFINISHED
        and action.returns >= ESCALATE_AFTER_RETURNS
        and not any(e.reason == Escalation.Reason.RETURNED for e in escalations)
    ):
        return Escalation.Reason.RETURNED
    return None


def _note(action: Action, reason: str, today: date) -> str:
    if reason == Escalation.Reason.OVERDUE:
        return f"{(today - action.due_on).days} days overdue (due {action.due_on:%-d %B %Y})."
    return f"Completion was returned {action.returns} times."


def escalation_flag_if_due(*, action: Action, today: date) -> Escalation | None:
    """Flag this action for the board if it meets a rule and is not flagged for it already. Runs inside the
    caller's transaction, on an action row it has locked."""
    if action.plan.status != ActionPlan.Status.OPEN:
        return None
    reason = _due_reason(action, today)
    if reason is None:
        return None
    return _raise(by=None, action=action, reason=reason, note=_note(action, reason, today))


def escalations_candidates(*, today: date):
    """Actions that meet a rule and are not yet flagged for it: a fixed number of queries, however many."""
    escalations = Escalation.objects.filter(action=OuterRef("pk"))
    overdue_since = today - timedelta(days=escalate_after_days())
    return (
        Action.objects.filter(plan__status=ActionPlan.Status.OPEN)
        .annotate(
            flagged_open=Exists(escalations.filter(status=Escalation.Status.OPEN)),
            flagged_for_date=Exists(
                escalations.filter(reason=Escalation.Reason.OVERDUE, due_on=OuterRef("due_on"))
            ),
            flagged_returned=Exists(escalations.filter(reason=Escalation.Reason.RETURNED)),
        )
        .filter(flagged_open=False)
        .filter(
            Q(status__in=WORKING, due_on__lt=overdue_since, flagged_for_date=False)
            | Q(status__in=UNFINISHED, returns__gte=ESCALATE_AFTER_RETURNS, flagged_returned=False)
        )
        .order_by("due_on")
    )


def escalations_flag(*, today: date | None = None) -> int:
    """The scheduled job: flag every action that should be before the board and is not. Each action is flagged
    in its own transaction, re-checked on its locked row, so two runs at once flag it once. Returns how many
    were flagged."""
    today = today or timezone.localdate()
    flagged = 0
    for candidate in escalations_candidates(today=today).only("pk"):
        try:
            with transaction.atomic():
                flagged += escalation_flag_if_due(action=locked(candidate), today=today) is not None
        except IntegrityError:  # another run flagged it between our check and our insert
            continue
    return flagged
