"""Action plans and their actions. Plans are raised by the plan service (a composite's plan brings in the actions
organisations committed to in their returns, in bulk, as the service does); other actions are bulk-inserted, since
the action service refuses a due date in the past and these plans were raised months or years ago. Each action is
then settled where it would stand by now, with the history lines its moves would have written: old plans nearly
finished, last year's under way, this year's just started, and some overdue. The board's escalations are raised
afterwards by the scheduled job's own service (see generate.py)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from sightline.assessments.models import Cycle
from sightline.improvement import plans
from sightline.improvement.lifecycle import FINISHED
from sightline.improvement.models import Action, ActionEvent, ActionPlan
from sightline.partnerships.models import Group

from .register import Register
from .text import ACTIONS, LEADS, sentence, uid

S = Action.Status
Kind = ActionEvent.Kind
# Where an action stands, by how many years ago its plan was raised.
SETTLED = {
    2: [("closed", 64), ("verified", 8), ("cancelled", 8), ("deferred", 4), ("in_progress", 10), ("open", 2),
        ("completion_proposed", 4)],
    1: [("closed", 18), ("verified", 14), ("completion_proposed", 10), ("in_progress", 34), ("open", 12),
        ("deferred", 5), ("cancelled", 7)],
    0: [("open", 45), ("in_progress", 40), ("completion_proposed", 8), ("verified", 4), ("deferred", 2),
        ("cancelled", 1)],
}  # fmt: skip
# The history each state implies, after "created": the moves that led there.
PATH = {
    S.OPEN: [],
    S.IN_PROGRESS: [Kind.STARTED, Kind.PROGRESS],
    S.COMPLETION_PROPOSED: [Kind.STARTED, Kind.PROGRESS, Kind.PROPOSED],
    S.VERIFIED: [Kind.STARTED, Kind.PROGRESS, Kind.PROPOSED, Kind.VERIFIED],
    S.CLOSED: [Kind.STARTED, Kind.PROGRESS, Kind.PROPOSED, Kind.VERIFIED, Kind.CLOSED],
    S.DEFERRED: [Kind.STARTED, Kind.DEFERRED],
    S.CANCELLED: [Kind.CANCELLED],
}
# The moves whose history line carries the person's words.
NOTED = {Kind.PROGRESS, Kind.PROPOSED, Kind.RETURNED, Kind.DEFERRED, Kind.CANCELLED}
OVERDUE_SHARE = (
    0.15  # of unfinished actions past their date that stay overdue; the rest were given a new date
)
RETURNED_SHARE = 0.1  # of actions under way whose completion was returned once (a few twice)
IMPACTS = [
    "Children's views are recorded and acted on",
    "Concerns reach children's social care the same day",
    "Staff know how to escalate a disagreement",
    "Checks are complete before anyone starts work",
]
MEASURES = ["A dip sample of case records", "Training records", "A staff survey", "The quarterly audit"]


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(11)))


def groups_of(register: Register) -> dict:
    return {group.kind: group for group in register.partnership.groups.all()}


def plan_raise(register: Register, *, raised_on: date, **fields) -> ActionPlan:
    """A plan raised by the business team through the service, dated when it was raised."""
    groups = groups_of(register)
    fields.setdefault("monitoring_group", groups[Group.Kind.LEARNING])
    fields.setdefault("reports_to", [groups[Group.Kind.BOARD]])
    plan = plans.plan_create(by=register.business, partnership=register.partnership, **fields)
    ActionPlan.objects.filter(pk=plan.pk).update(created_at=_at(raised_on))
    Action.objects.filter(plan=plan).update(created_at=_at(raised_on), updated_at=_at(raised_on))
    ActionEvent.objects.filter(action__plan=plan).update(at=_at(raised_on))
    return plan


def composite_plans_make(register: Register, made_cycles: list[tuple[int, Cycle]], rng, today: date) -> list:
    """A plan from each finished year's composite, bringing in every action its counted returns recorded."""
    groups = groups_of(register)
    raised = []
    for years_ago, cycle in made_cycles:
        if not years_ago:
            continue
        boards = [groups[Group.Kind.BOARD]] + ([groups[Group.Kind.SAB]] if cycle.reports_to_sab else [])
        plan = plan_raise(
            register,
            raised_on=cycle.closes_on + timedelta(days=30),
            title=f"Action plan: {cycle.title}",
            source_kind=ActionPlan.SourceKind.COMPOSITE,
            source_cycle=cycle,
            reports_to=boards,
            import_actions=True,
        )
        actions_settle(register, list(plan.actions.order_by("number")), rng, years_ago, today)
        raised.append((years_ago, plan))
    return raised


def plan_with_actions(
    register: Register,
    rng: random.Random,
    *,
    today: date,
    years_ago: int,
    raised_on: date,
    count: int,
    owners: list,
    mix: list | None = None,
    **fields,
) -> ActionPlan:
    """A plan raised through the service, its actions bulk-inserted (owned by `owners` in turn) and settled (by
    `mix`, [(status, weight)], instead of by the plan's age when given)."""
    plan = plan_raise(register, raised_on=raised_on, **fields)
    actions = []
    for number in range(1, count + 1):
        due = raised_on + timedelta(days=rng.randint(60, 330))
        owner = owners[(number - 1) % len(owners)]
        actions.append(
            Action(
                id=uid(rng),
                plan=plan,
                number=number,
                what=rng.choice(ACTIONS),
                intended_impact=rng.choice(IMPACTS),
                impact_measure=rng.choice(MEASURES),
                owner_organisation=owner,
                lead_name=rng.choice(LEADS),
                due_on=due,
                original_due_on=due,
                priority=rng.choices(list(Action.Priority), (25, 55, 20), k=1)[0],
                created_by=register.business,
                created_at=_at(raised_on),
                updated_at=_at(raised_on),
            )
        )
    Action.objects.bulk_create(actions, batch_size=1000)
    ActionEvent.objects.bulk_create(
        [
            ActionEvent(
                action=action, kind=Kind.CREATED, by=register.business, at=_at(raised_on), to_status="open"
            )
            for action in actions
        ],
        batch_size=1000,
    )
    actions_settle(register, actions, rng, years_ago, today, mix=mix)
    return plan


def single_agency_plans_make(register: Register, rng: random.Random, scale_years: int, today: date) -> int:
    """Plans an agency or school keeps after its own audit, monitored by itself and reported to the board."""
    candidates = [
        org for org in register.organisations if org.type not in ("early_years_group", "childminder")
    ]
    chosen = [org for org in candidates if rng.random() < 0.05]
    for org in chosen:
        years_ago = rng.randrange(scale_years)
        raised_on = today - timedelta(days=365 * years_ago + rng.randint(20, 200))
        plan_with_actions(
            register,
            rng,
            today=today,
            years_ago=years_ago,
            raised_on=raised_on,
            count=rng.randint(3, 6),
            owners=[org],
            title=f"{org.name}: safeguarding audit actions",
            source_kind=ActionPlan.SourceKind.OTHER,
            source_description=f"The organisation's own safeguarding audit ({raised_on:%B %Y}).",
            owner_organisation=org,
            monitoring_group=None,
        )
    return len(chosen)


def actions_settle(
    register: Register,
    actions: list,
    rng: random.Random,
    years_ago: int,
    today: date,
    mix: list | None = None,
) -> None:
    """Move each action to where it would stand by now, writing the history lines of the moves that took it
    there. Unfinished actions past their date mostly had it changed by the learning group; some stay overdue."""
    mix = mix or SETTLED.get(years_ago, SETTLED[2])
    chair = register.first("learning_chair")
    events, changed = [], []
    for action in actions:
        status = rng.choices([name for name, _ in mix], [share for _, share in mix], k=1)[0]
        start = action.created_at.date() if isinstance(action.created_at, datetime) else today
        owner = register.leads.get(action.owner_organisation_id)
        path = list(PATH[status])
        if status in (S.OPEN, S.IN_PROGRESS, S.COMPLETION_PROPOSED) and action.due_on < today:
            if rng.random() > OVERDUE_SHARE:
                before = action.due_on
                action.due_on = today + timedelta(days=rng.randint(5, 150))
                path.append(Kind.EXTENDED)
                extended = (before, action.due_on)
            else:
                extended = None
        else:
            extended = None
        if status in (S.IN_PROGRESS, S.COMPLETION_PROPOSED) and rng.random() < RETURNED_SHARE:
            action.returns = 2 if rng.random() < 0.15 else 1
            path[2:2] = [Kind.PROPOSED, Kind.RETURNED] * action.returns
        span = max(1, (today - start).days)
        days = sorted(rng.randint(1, span) for _ in path)
        previous = S.OPEN
        for kind, offset in zip(path, days, strict=True):
            at = _at(start + timedelta(days=offset))
            after = _status_after(kind, previous)
            event = ActionEvent(
                action=action,
                kind=kind,
                at=at,
                by=owner if kind in (Kind.STARTED, Kind.PROGRESS, Kind.PROPOSED) else chair,
                from_status=previous if after != previous else "",
                to_status=after if after != previous else "",
                note=sentence(rng) if kind in NOTED else "",
            )
            if kind == Kind.EXTENDED and extended:
                event.due_before, event.due_after = extended
                event.note = "New date agreed by the learning group."
            if kind == Kind.PROPOSED:
                action.proposed_on, action.proposed_by = at.date(), owner
            if kind == Kind.VERIFIED:
                action.verified_at = at
            if kind in (Kind.CLOSED, Kind.CANCELLED):
                action.ended_at = at
            events.append(event)
            previous = after
        action.status = status
        action.updated_at = events[-1].at if path else action.updated_at
        changed.append(action)
    Action.objects.bulk_update(
        changed,
        [
            "status",
            "due_on",
            "returns",
            "proposed_on",
            "proposed_by",
            "verified_at",
            "ended_at",
            "updated_at",
        ],
        batch_size=1000,
    )
    ActionEvent.objects.bulk_create(events, batch_size=2000)


def _status_after(kind: str, before: str) -> str:
    return {
        Kind.STARTED: S.IN_PROGRESS,
        Kind.PROGRESS: S.IN_PROGRESS,
        Kind.PROPOSED: S.COMPLETION_PROPOSED,
        Kind.RETURNED: S.IN_PROGRESS,
        Kind.VERIFIED: S.VERIFIED,
        Kind.CLOSED: S.CLOSED,
        Kind.DEFERRED: S.DEFERRED,
        Kind.CANCELLED: S.CANCELLED,
    }.get(kind, before)


def finished_plans_close(register: Register, today: date) -> int:
    """Close the open plans raised over a year ago whose actions are all finished, as the learning group would."""
    chair = register.first("learning_chair")
    closing = [
        plan
        for plan in ActionPlan.objects.filter(partnership=register.partnership, status=ActionPlan.Status.OPEN)
        .filter(created_at__lt=_at(today - timedelta(days=365)))
        .prefetch_related("actions")
        if plan.actions.all() and all(action.status in FINISHED for action in plan.actions.all())
    ]
    for plan in closing:
        plan.status = ActionPlan.Status.CLOSED
        plan.closing_note = (
            "Every action is finished and the learning group agreed the plan made its difference."
        )
        plan.closed_by, plan.closed_at = chair, _at(today - timedelta(days=60))
    ActionPlan.objects.bulk_update(closing, ["status", "closing_note", "closed_by", "closed_at"])
    return len(closing)
