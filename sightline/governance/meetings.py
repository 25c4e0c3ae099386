"""Meetings and their agendas. The agenda is built from the state of the plans the group monitors, so the chair
opens the meeting and finds it ready: new plans handed over, completions proposed, overdue actions, plans ready
to close, escalations. The chair can add items and change their order until the meeting is held."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from sightline.audit import services as audit
from sightline.core.errors import TransitionError
from sightline.improvement.models import Action, ActionEvent, ActionPlan, Escalation
from sightline.improvement.rag import overdue_q
from sightline.partnerships.models import Group

from . import dispute_learning
from .models import AgendaItem, Decision, Meeting

Kind = AgendaItem.Kind
S = Action.Status
FINISHED = (S.VERIFIED, S.CLOSED, S.CANCELLED)
# Groups whose meetings the board's escalations come to; the learning group sees those of the plans it monitors.
BOARD_KINDS = (Group.Kind.BOARD, Group.Kind.SAB)


def _require_chair(by, partnership) -> None:
    if by is not None and not by.has_perm("governance.manage_meetings", partnership):
        raise TransitionError("Only the group's chair or the partnership's business team can do this")


def _require_open(meeting: Meeting) -> None:
    if meeting.status != Meeting.Status.SCHEDULED:
        raise TransitionError("This meeting has been held: its agenda and decisions are the record now")


def locked(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("partnership", "group")
        .get(pk=meeting.pk)
    )


@transaction.atomic
def meeting_schedule(*, by, partnership, group: Group, held_on: date, title: str = "") -> Meeting:
    _require_chair(by, partnership)
    if group.partnership_id != partnership.pk:
        raise TransitionError("Choose one of this partnership's groups")
    meeting = Meeting.objects.create(
        partnership=partnership,
        group=group,
        held_on=held_on,
        title=(title or "").strip() or _default_title(group, held_on),
        created_by=by,
    )
    audit.record(
        actor=by,
        verb="meeting.scheduled",
        target=meeting,
        partnership=partnership,
        changes={"group": group.name, "held_on": held_on},
    )
    return meeting


def _default_title(group: Group, day: date) -> str:
    return f"{group.name}, {day:%-d %B %Y}"


def _previous_meeting_day(meeting: Meeting) -> date | None:
    return (
        Meeting.objects.filter(group=meeting.group, held_on__lt=meeting.held_on)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )


def agenda_candidates(meeting: Meeting, *, today: date) -> list[dict]:
    """What the state of the plans puts before this meeting, in the order it is usually taken. An action comes
    once, under the heading that says most about it: a completion proposed (verifying it settles any
    escalation), else its escalation (which already says it is overdue), else its being overdue."""
    plans = ActionPlan.objects.filter(partnership=meeting.partnership, status=ActionPlan.Status.OPEN)
    if meeting.group.kind not in BOARD_KINDS:
        plans = plans.filter(monitoring_group=meeting.group)
    actions = Action.objects.filter(plan__in=plans).select_related("plan", "owner_organisation")
    escalations = list(
        Escalation.objects.filter(action__plan__in=plans, status=Escalation.Status.OPEN)
        .select_related("action__plan")
        .order_by("raised_at")
    )
    escalated = {escalation.action_id for escalation in escalations}
    found: list[dict] = []
    since = _previous_meeting_day(meeting)
    new_plans = plans.filter(created_at__date__gt=since) if since else plans
    for plan in new_plans.order_by("created_at"):
        found.append({"kind": Kind.NEW_PLAN, "plan": plan, "title": f"New action plan: {plan.title}"})
    proposed = list(actions.filter(status=S.COMPLETION_PROPOSED).order_by("plan__title", "number"))
    proposals = _latest_proposals(proposed)
    for action in proposed:
        also = "; escalated to the board" if action.pk in escalated else ""
        found.append(
            {
                "kind": Kind.COMPLETION,
                "action": action,
                "plan": action.plan,
                "title": f"{action.plan.title}, action {action.number}: completion proposed by "
                f"{action.owner_organisation.name}{also}",
                "detail": _completion_detail(action, proposals.get(action.pk)),
            }
        )
    overdue = actions.filter(overdue_q(today)).exclude(status=S.COMPLETION_PROPOSED)
    overdue = overdue.exclude(escalations__status=Escalation.Status.OPEN)
    for action in overdue.order_by("due_on", "number"):
        found.append(
            {
                "kind": Kind.OVERDUE,
                "action": action,
                "plan": action.plan,
                "title": f"{action.plan.title}, action {action.number}: overdue since {action.due_on:%-d %B %Y} "
                f"({action.owner_organisation.name})",
            }
        )
    for plan in (
        plans.exclude(actions__status__in=[s for s in S.values if s not in FINISHED])
        .filter(actions__isnull=False)
        .distinct()
    ):
        found.append({"kind": Kind.NEAR_COMPLETION, "plan": plan, "title": f"Ready to close: {plan.title}"})
    for escalation in escalations:
        if escalation.action.status == S.COMPLETION_PROPOSED:
            continue
        found.append(
            {
                "kind": Kind.ESCALATION,
                "escalation": escalation,
                "action": escalation.action,
                "plan": escalation.action.plan,
                "title": f"Escalated: {escalation.action.plan.title}, action {escalation.action.number} "
                f"({escalation.get_reason_display().lower()})",
            }
        )
    found.extend(dispute_learning.candidates(meeting))
    return found


def _latest_proposals(actions: list[Action]) -> dict:
    """Each action's latest completion proposal, in one query, whatever the number of actions."""
    latest = {}
    events = ActionEvent.objects.filter(action__in=actions, kind=ActionEvent.Kind.PROPOSED)
    for event in events.select_related("by", "evidence").order_by("at"):
        latest[event.action_id] = event
    return latest


def _completion_detail(action: Action, proposal: ActionEvent | None) -> str:
    """The action and the owner's evidence of impact: the group verifies or returns it on what the owner gave,
    so the item carries it into the meeting and the minutes."""
    if proposal is None:
        return action.what
    who = proposal.by or action.owner_organisation.name
    lines = [
        action.what,
        "",
        f"Evidence of impact, from {who} on {timezone.localtime(proposal.at):%-d %B %Y}:",
        proposal.note,
    ]
    if proposal.evidence is not None:
        lines.append(f"With the file {proposal.evidence.original_name}.")
    return "\n".join(lines)


def _next_order(meeting: Meeting) -> int:
    return (meeting.items.aggregate(n=Max("order"))["n"] or 0) + 1


def _key(kind, plan_id, action_id, escalation_id, dispute_id=None) -> tuple:
    return (kind, plan_id, action_id, escalation_id, dispute_id)


def _candidate_key(candidate: dict) -> tuple:
    plan, action, escalation = candidate.get("plan"), candidate.get("action"), candidate.get("escalation")
    dispute = candidate.get("dispute")
    return _key(
        candidate["kind"],
        plan.pk if plan else None,
        action.pk if action else None,
        escalation.pk if escalation else None,
        dispute.pk if dispute else None,
    )


def agenda_missing(meeting: Meeting, *, today: date) -> list[dict]:
    """What the state of the plans puts before the meeting that is not on its agenda yet: the chair is told how
    much has come in since the agenda was last built. An action already on the agenda is not added again, under
    any heading: the meeting takes it, or has taken it, where it stands. A fixed number of queries."""
    there, actions_there = set(), set()
    for kind, plan, action, escalation, dispute in meeting.items.values_list(
        "kind", "plan_id", "action_id", "escalation_id", "dispute_id"
    ):
        there.add(_key(kind, plan, action, escalation, dispute))
        if action is not None:
            actions_there.add(action)
    missing = []
    for candidate in agenda_candidates(meeting, today=today):
        key = _candidate_key(candidate)
        action = candidate.get("action")
        if key in there or (action is not None and action.pk in actions_there):
            continue
        there.add(key)
        if action is not None:
            actions_there.add(action.pk)
        missing.append(candidate)
    return missing


@transaction.atomic
def agenda_build(*, by, meeting: Meeting, today: date | None = None) -> int:
    """Add to the agenda whatever the state of the plans puts before the meeting and is not on it yet. Items
    already there keep their place and their order. Returns how many were added."""
    meeting = locked(meeting)
    _require_chair(by, meeting.partnership)
    _require_open(meeting)
    order = _next_order(meeting)
    added = []
    for candidate in agenda_missing(meeting, today=today or timezone.localdate()):
        action = candidate.get("action")
        added.append(
            AgendaItem(
                meeting=meeting,
                order=order,
                kind=candidate["kind"],
                title=candidate["title"][:300],
                # What the action is (and the evidence given for its completion) as it stood when the agenda
                # was built: the minutes keep it.
                detail=candidate.get("detail") or (action.what if action else ""),
                plan=candidate.get("plan"),
                action=action,
                escalation=candidate.get("escalation"),
                dispute=candidate.get("dispute"),
            )
        )
        order += 1
    AgendaItem.objects.bulk_create(added)
    dispute_learning.mark_on_agenda([item.dispute for item in added if item.dispute is not None])
    if added:
        audit.record(
            actor=by,
            verb="meeting.agenda_built",
            target=meeting,
            partnership=meeting.partnership,
            changes={"items_added": len(added)},
        )
    return len(added)


@transaction.atomic
def item_add(*, by, meeting: Meeting, title: str, detail: str = "") -> AgendaItem:
    meeting = locked(meeting)
    _require_chair(by, meeting.partnership)
    _require_open(meeting)
    title = (title or "").strip()
    if not title:
        raise TransitionError("Enter the item's title")
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=_next_order(meeting),
        kind=Kind.OTHER,
        title=title[:300],
        detail=(detail or "").strip(),
        added_by=by,
    )
    audit.record(
        actor=by,
        verb="meeting.item_added",
        target=meeting,
        partnership=meeting.partnership,
        changes={"title": item.title},
    )
    return item


@transaction.atomic
def item_move(*, by, item: AgendaItem, up: bool) -> None:
    """Swap the item with the one before it (up) or after it."""
    meeting = locked(item.meeting)
    _require_chair(by, meeting.partnership)
    _require_open(meeting)
    item = AgendaItem.objects.get(pk=item.pk, meeting=meeting)
    neighbours = (
        meeting.items.filter(order__lt=item.order).order_by("-order")
        if up
        else meeting.items.filter(order__gt=item.order).order_by("order")
    )
    other = neighbours.first()
    if other is None:
        return
    # Through a free number, because (meeting, order) is unique.
    mine, theirs = item.order, other.order
    item.order = _next_order(meeting)
    item.save(update_fields=["order"])
    other.order = mine
    other.save(update_fields=["order"])
    item.order = theirs
    item.save(update_fields=["order"])
    audit.record(
        actor=by,
        verb="meeting.item_moved",
        target=meeting,
        partnership=meeting.partnership,
        changes={"item": item.title, "to": theirs},
    )


def _first_decision_day(meeting: Meeting) -> date | None:
    """The day the meeting's first decision was recorded: the meeting had met by then."""
    first = Decision.objects.filter(item__meeting=meeting).aggregate(first=Min("decided_at"))["first"]
    return timezone.localdate(first) if first else None


def _likeliest_day(meeting: Meeting, *, today: date, first_decision: date | None) -> date:
    return min(day for day in (meeting.held_on, today, first_decision) if day is not None)


def held_on_likely(meeting: Meeting, *, today: date) -> date:
    """The day the meeting most likely met, offered when the chair records it as held: the date set for it, or
    today if that is still to come, or the day its first decision was recorded if that came sooner."""
    return _likeliest_day(meeting, today=today, first_decision=_first_decision_day(meeting))


@transaction.atomic
def meeting_close(
    *, by, meeting: Meeting, held_on: date | None = None, present: str = "", today: date | None = None
) -> Meeting:
    """Record that the meeting was held: the agenda and its decisions become the minutes. A chair may meet before
    the date set, so this sets or confirms the day the group actually met (the likeliest day unless the chair
    gives it), and every decision of the meeting carries that day. It cannot be in the future, nor after a
    decision of the meeting was recorded."""
    meeting = locked(meeting)
    _require_chair(by, meeting.partnership)
    _require_open(meeting)
    if not meeting.items.exists():
        raise TransitionError(
            "The agenda is empty: build it or add an item before recording the meeting as held"
        )
    today = today or timezone.localdate()
    first = _first_decision_day(meeting)
    held_on = held_on or _likeliest_day(meeting, today=today, first_decision=first)
    if held_on > today:
        raise TransitionError("Enter the day the meeting was held: it cannot be in the future")
    if first is not None and held_on > first:
        raise TransitionError(
            f"Decisions of this meeting were recorded on {first:%-d %B %Y}, so it met on that day or earlier: "
            "enter the day it met"
        )
    date_set = meeting.held_on
    # A title made from the date set would name the wrong day; a title the chair chose is theirs to keep.
    if meeting.title == _default_title(meeting.group, date_set):
        meeting.title = _default_title(meeting.group, held_on)
    meeting.held_on = held_on
    meeting.status = Meeting.Status.HELD
    meeting.present = (present or "").strip()
    meeting.closed_at = timezone.now()
    meeting.save(update_fields=["title", "held_on", "status", "present", "closed_at"])
    Decision.objects.filter(item__meeting=meeting).update(decided_on=held_on)
    undecided = meeting.items.filter(decision__isnull=True).count()
    audit.record(
        actor=by,
        verb="meeting.held",
        target=meeting,
        partnership=meeting.partnership,
        changes={
            "held_on": held_on,
            "date_set": date_set,
            "items": meeting.items.count(),
            "without_decision": undecided,
        },
    )
    return meeting
