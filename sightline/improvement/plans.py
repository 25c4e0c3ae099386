"""Action plans: raised by the business team from whatever needs to change (a composite, one organisation's
return, a case in the reviews register, or a source described in words), monitored by the learning group, the
board or, for a single-agency plan, the agency itself, and closed with what was learned."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sightline import policy
from sightline.assessments.composite import action_plan as composite_actions
from sightline.assessments.models import ActionArising, Cycle, Submission
from sightline.audit import services as audit
from sightline.core.errors import TransitionError
from sightline.partnerships.models import Affiliation, Group, Organisation, Partnership
from sightline.partnerships.priorities import priorities_tag

from .decisions import action_close
from .lifecycle import DONE, FINISHED
from .models import Action, ActionEvent, ActionPlan, Review

Kind = ActionPlan.SourceKind
MONITORING_KINDS = (Group.Kind.LEARNING, Group.Kind.BOARD)
REPORTING_KINDS = (Group.Kind.BOARD, Group.Kind.SAB)
DESCRIBED_KINDS = (Kind.NATIONAL_REVIEW, Kind.SCRUTINY_REPORT, Kind.OTHER)


def _source(
    partnership: Partnership, kind: str, cycle: Cycle | None, submission: Submission | None, review
) -> dict:
    """The plan's source fields: the record named by the kind, in this partnership; the others left empty."""
    if kind not in Kind.values:
        raise TransitionError("Choose where the plan comes from")
    fields = {"source_cycle": None, "source_submission": None, "source_review": None}
    if kind == Kind.COMPOSITE:
        if cycle is None or cycle.partnership_id != partnership.pk:
            raise TransitionError("Choose the self-assessment cycle whose composite the plan comes from")
        fields["source_cycle"] = cycle
    elif kind == Kind.SUBMISSION:
        if submission is None or submission.cycle.partnership_id != partnership.pk:
            raise TransitionError("Choose the return the plan comes from")
        fields["source_submission"] = submission
    elif kind == Kind.REVIEW:
        if review is None or review.partnership_id != partnership.pk:
            raise TransitionError("Choose the case in the reviews register the plan comes from")
        fields["source_review"] = review
    return fields


@transaction.atomic
def plan_create(
    *,
    by,
    partnership: Partnership,
    title: str,
    source_kind: str,
    source_cycle: Cycle | None = None,
    source_submission: Submission | None = None,
    source_review: Review | None = None,
    source_description: str = "",
    owner_organisation: Organisation | None = None,
    monitoring_group: Group | None = None,
    reports_to=(),
    import_actions: bool = False,
    priorities=(),
) -> ActionPlan:
    """Raise an action plan. With `import_actions`, the actions organisations recorded in the source (the
    composite's counted returns, or the one return) become the plan's actions, each owned by its organisation
    and keeping the date it gave. `priorities` are the partnership's priorities the plan serves."""
    if by is not None and not policy.is_business_team(by, partnership):
        raise TransitionError("Only the partnership's business team can raise an action plan")
    title = (title or "").strip()
    if not title:
        raise TransitionError("Enter a title for the action plan")
    sources = _source(partnership, source_kind, source_cycle, source_submission, source_review)
    source_description = (source_description or "").strip()
    if source_kind in DESCRIBED_KINDS and not source_description:
        raise TransitionError("Describe where the plan comes from: the review, report or event, and its date")
    if (
        owner_organisation is not None
        and not Affiliation.objects.filter(partnership=partnership, organisation=owner_organisation).exists()
    ):
        raise TransitionError("Choose an organisation in the partnership's register")
    if monitoring_group is None and owner_organisation is None:
        raise TransitionError(
            "Choose who monitors the plan: only a single-agency plan can be left to its agency"
        )
    if monitoring_group is not None and (
        monitoring_group.partnership_id != partnership.pk or monitoring_group.kind not in MONITORING_KINDS
    ):
        raise TransitionError("Choose the learning group or the board to monitor the plan")
    boards = list(reports_to)
    if not boards or any(g.partnership_id != partnership.pk or g.kind not in REPORTING_KINDS for g in boards):
        raise TransitionError("Choose at least one board the plan reports to")
    if import_actions and source_kind not in (Kind.COMPOSITE, Kind.SUBMISSION):
        raise TransitionError("Actions can be brought in only from a composite or a return")
    plan = ActionPlan.objects.create(
        partnership=partnership,
        title=title,
        source_kind=source_kind,
        source_description=source_description,
        owner_organisation=owner_organisation,
        monitoring_group=monitoring_group,
        created_by=by,
        **sources,
    )
    plan.reports_to.set(boards)
    tagged = priorities_tag(plan, partnership=partnership, priorities=priorities)
    imported = _import_actions(plan, by=by) if import_actions else 0
    audit.record(
        actor=by,
        verb="action_plan.created",
        target=plan,
        partnership=partnership,
        changes={
            "source": plan.source_label,
            "single_agency": owner_organisation.name if owner_organisation else "",
            "monitored_by": monitoring_group.name if monitoring_group else "the owning agency",
            "reports_to": [board.name for board in boards],
            "actions_imported": imported,
            **tagged,
        },
    )
    return plan


@transaction.atomic
def plan_priorities_set(*, by, plan: ActionPlan, priorities, expected=None) -> ActionPlan:
    """Say which of the partnership's priorities the plan serves (progress on each is counted from its plans'
    actions). `expected` is the set of priorities the editor saw: a change made from a page someone has since
    changed is refused rather than undoing theirs."""
    plan = ActionPlan.objects.select_for_update(of=("self",)).select_related("partnership").get(pk=plan.pk)
    if by is not None and not policy.is_business_team(by, plan.partnership):
        raise TransitionError("Only the partnership's business team can say which priorities a plan serves")
    current = list(plan.priorities.all())
    if expected is not None and {p.pk for p in current} != {getattr(p, "pk", p) for p in expected}:
        raise TransitionError(
            "Someone changed the priorities this plan serves after you opened the page: check them below and "
            "save again"
        )
    changes = priorities_tag(plan, partnership=plan.partnership, priorities=priorities, current=current)
    if changes:
        audit.record(
            actor=by,
            verb="action_plan.priorities_changed",
            target=plan,
            partnership=plan.partnership,
            changes=changes,
        )
    return plan


def _arising(plan: ActionPlan):
    if plan.source_kind == Kind.COMPOSITE:
        rows = composite_actions(cycle=plan.source_cycle)
    else:
        rows = ActionArising.objects.filter(submission=plan.source_submission).select_related(
            "submission__organisation"
        )
    if plan.owner_organisation_id:
        rows = rows.filter(submission__organisation_id=plan.owner_organisation_id)
    return rows.order_by("due_on", "submission__organisation__name", "pk")


def _import_actions(plan: ActionPlan, *, by) -> int:
    """The source's actions as this plan's actions, in bulk (a county's composite holds thousands)."""
    now = timezone.now()
    actions = [
        Action(
            plan=plan,
            number=number,
            what=arising.what,
            owner_organisation_id=arising.submission.organisation_id,
            lead_name=arising.lead[:200],
            due_on=arising.due_on,
            original_due_on=arising.due_on,
            source_action=arising,
            created_by=by,
            created_at=now,
            updated_at=now,
        )
        for number, arising in enumerate(_arising(plan), start=1)
    ]
    Action.objects.bulk_create(actions, batch_size=500)
    ActionEvent.objects.bulk_create(
        [
            ActionEvent(
                action=action,
                kind=ActionEvent.Kind.CREATED,
                by=by,
                at=now,
                to_status=action.status,
                note="Brought in from the organisation's self-assessment return",
            )
            for action in actions
        ],
        batch_size=500,
    )
    return len(actions)


@transaction.atomic
def plan_close(*, by, plan: ActionPlan, closing_note: str) -> ActionPlan:
    """Close a plan whose actions are all finished, with what was learned (it goes into the board's summary).
    Verified actions are closed with it."""
    plan = ActionPlan.objects.select_for_update(of=("self",)).select_related("partnership").get(pk=plan.pk)
    if by is not None and not by.has_perm("improvement.decide", plan.partnership):
        raise TransitionError("Only the learning group's chair or the business team can close an action plan")
    if plan.status != ActionPlan.Status.OPEN:
        raise TransitionError("This action plan is already closed")
    closing_note = (closing_note or "").strip()
    if not closing_note:
        raise TransitionError("Enter what was learned: it goes into the board's summary")
    unfinished = plan.actions.exclude(status__in=FINISHED).count()
    if unfinished:
        raise TransitionError(
            f"{unfinished} action{'s are' if unfinished != 1 else ' is'} not finished yet: each must be verified "
            "or cancelled before the plan closes"
        )
    for action in plan.actions.filter(status__in=DONE).exclude(status=Action.Status.CLOSED):
        action.plan = plan
        action_close(by=by, action=action, note="Closed with the plan")
    plan.status = ActionPlan.Status.CLOSED
    plan.closing_note = closing_note
    plan.closed_by, plan.closed_at = by, timezone.now()
    plan.save(update_fields=["status", "closing_note", "closed_by", "closed_at"])
    audit.record(
        actor=by,
        verb="action_plan.closed",
        target=plan,
        partnership=plan.partnership,
        changes={"closing_note": closing_note},
    )
    return plan
