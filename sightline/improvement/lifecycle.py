"""The action's lifecycle (ARCHITECTURE.md §3) in one table: every thing that can be done to an action, the states
it can be done from, the state it leads to (None: the state stays), and who may do it (a permission in
sightline/policy/).

    open → in progress → completion proposed → verified → closed
                 ↑__________ returned ___________|
    open / in progress → deferred → in progress;  any unfinished state → cancelled

The owner's organisation does the work and proposes completion with evidence of impact; the learning group
(its chair, or the business team that runs it) verifies the impact or returns the action, changes due dates,
defers, cancels and escalates. The services in `actions`, `decisions` and `escalation` each make one move
through `move_apply`, which checks the table, writes the action's history and the audit event together.
"""

from __future__ import annotations

from dataclasses import dataclass

from sightline.audit import services as audit
from sightline.core.errors import TransitionError

from .models import Action, ActionEvent

S = Action.Status
Kind = ActionEvent.Kind

OWNER = "improvement.update_action"  # the owning organisation's people, and the business team
GROUP = "improvement.decide_action"  # the learning group's chair, and the business team
EDITOR = "improvement.edit_action"  # the business team

UNFINISHED = frozenset({S.OPEN, S.IN_PROGRESS, S.COMPLETION_PROPOSED, S.DEFERRED})
WORKING = frozenset({S.OPEN, S.IN_PROGRESS})
DONE = frozenset({S.VERIFIED, S.CLOSED})
FINISHED = frozenset({S.VERIFIED, S.CLOSED, S.CANCELLED})


@dataclass(frozen=True)
class Move:
    name: str
    sources: frozenset
    target: str | None
    perm: str
    event: str
    label: str  # the button that starts it, and the heading of its page
    needs_reason: bool = False


MOVES = {
    move.name: move
    for move in [
        Move("progress", WORKING, S.IN_PROGRESS, OWNER, Kind.PROGRESS, "Update progress"),
        Move("propose", WORKING, S.COMPLETION_PROPOSED, OWNER, Kind.PROPOSED, "Propose completion", True),
        Move("verify", frozenset({S.COMPLETION_PROPOSED}), S.VERIFIED, GROUP, Kind.VERIFIED, "Verify"),
        Move(
            "return",
            frozenset({S.COMPLETION_PROPOSED}),
            S.IN_PROGRESS,
            GROUP,
            Kind.RETURNED,
            "Return to the owner",
            True,
        ),
        Move("close", frozenset({S.VERIFIED}), S.CLOSED, GROUP, Kind.CLOSED, "Close"),
        Move("defer", WORKING, S.DEFERRED, GROUP, Kind.DEFERRED, "Defer", True),
        Move("resume", frozenset({S.DEFERRED}), S.IN_PROGRESS, GROUP, Kind.RESUMED, "Resume"),
        Move("cancel", UNFINISHED, S.CANCELLED, GROUP, Kind.CANCELLED, "Cancel", True),
        Move("extend", UNFINISHED, None, GROUP, Kind.EXTENDED, "Change the due date", True),
        Move("escalate", UNFINISHED, None, GROUP, Kind.ESCALATED, "Escalate to the board", True),
        Move("edit", UNFINISHED, None, EDITOR, Kind.EDITED, "Change the details"),
    ]
}
# The learning group's decisions, offered on their own page each (the owner's are progress and propose).
DECISIONS = ("verify", "return", "extend", "defer", "resume", "cancel", "close", "escalate")


def may(user, name: str, action: Action) -> bool:
    """Whether this person may make this move on this action now (its state allows it and the policy agrees)."""
    move = MOVES[name]
    return (
        action.plan.status == action.plan.Status.OPEN
        and action.status in move.sources
        and user.has_perm(move.perm, action)
    )


def moves_for(user, action: Action) -> list[Move]:
    return [move for move in MOVES.values() if may(user, move.name, action)]


def move_check(name: str, *, by, action: Action) -> Move:
    """Refuse, with a message that says why, a move the table does not allow. `by=None` is the system (the
    scheduler, the demo loader), which the state rules bind but the permissions do not."""
    move = MOVES[name]
    if action.plan.status != action.plan.Status.OPEN:
        raise TransitionError("This action plan is closed: its actions can no longer change")
    if action.status not in move.sources:
        raise TransitionError(
            f"An action that is {action.get_status_display().lower()} cannot be changed this way "
            f"({move.label.lower()})"
        )
    if by is not None and not by.has_perm(move.perm, action):
        raise TransitionError("You cannot do this: ask the learning group's chair or the business team")
    return move


def move_apply(
    name: str, *, by, action: Action, note: str = "", changes: dict | None = None, **event_fields
) -> ActionEvent:
    """Make a checked move: set the new state, save the action, and write its history line and the audit
    event. Must run inside the caller's transaction, on an action row it has locked."""
    move = move_check(name, by=by, action=action)
    before = action.status
    if move.target is not None:
        action.status = move.target
    action.save()
    event = ActionEvent.objects.create(
        action=action,
        kind=move.event,
        by=by,
        from_status=before,
        to_status=action.status,
        note=note,
        **event_fields,
    )
    recorded = dict(changes or {})
    if before != action.status:
        recorded["status"] = {"before": before, "after": action.status}
    if note:
        recorded.setdefault("note", note)
    audit.record(
        actor=by,
        verb=f"action.{name}",
        target=action,
        partnership=action.plan.partnership,
        changes=recorded,
    )
    return event
