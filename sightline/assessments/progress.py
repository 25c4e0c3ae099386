"""The cycle after its window closes: the composite goes to the board(s); six months on, every organisation with
actions updates progress on them, and the progress is collated for both boards (Section 11: "progress against
identified actions is collated and presented to both boards six months later"); then the cycle is archived.

Each transition uses `cycles._move`, so its audit event is the record of when it happened and who made it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from sightline import policy
from sightline.audit import services as audit
from sightline.core.errors import TransitionError
from sightline.notifications.services import notice_create
from sightline.partnerships.models import Organisation, OrganisationMembership

from . import daily_email, evidence, uploads
from .cycles import _move, _require_business_team
from .models import ActionArising, Cycle, Submission
from .selectors import SUBMITTED_STATES

Status = Cycle.Status
OrgRole = OrganisationMembership.Role
UPDATERS = frozenset({OrgRole.LEAD, OrgRole.CONTRIBUTOR})
NEEDS_COMMENTARY = (ActionArising.Rag.AMBER, ActionArising.Rag.RED)


@dataclass
class RoundOpened:
    """Who was asked to update progress when the round opened, and who could not be told."""

    asked: list[Submission] = field(default_factory=list)
    without_lead: list[Organisation] = field(default_factory=list)


def _date(day) -> str:
    return f"{day:%-d %B %Y}"


@transaction.atomic
def cycle_issue_composite(*, by, cycle: Cycle) -> Cycle:
    """The composite report has gone to the board(s). Returns are final from now on, so it waits for any
    organisation whose extension is still running."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    _require_business_team(by, cycle)
    extended = cycle.status == Status.CLOSED and (
        cycle.submissions.filter(due_on__gt=cycle.closes_on, due_on__gte=timezone.localdate())
        .exclude(status__in=SUBMITTED_STATES)
        .select_related("organisation")
        .order_by("-due_on")
        .first()
    )
    if extended:
        raise TransitionError(
            f"{extended.organisation.name} has an extension until {_date(extended.due_on)}: "
            "issue the composite after that date, when every return is final"
        )
    _move(cycle, Status.COMPOSITE_ISSUED, by=by)
    cycle.save(update_fields=["status"])
    return cycle


def progress_update_url(submission: Submission) -> str:
    return reverse(
        "progress_update",
        kwargs={
            "slug": submission.cycle.partnership.slug,
            "cycle_id": submission.cycle_id,
            "submission_id": submission.pk,
        },
    )


@transaction.atomic
def cycle_open_progress_round(*, by, cycle: Cycle) -> RoundOpened:
    """Six months on: every organisation whose return was submitted or accepted and recorded actions is asked
    (an in-app notice and one email to each of its leads) to update progress on them by the progress date."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    _require_business_team(by, cycle)
    _move(cycle, Status.PROGRESS_ROUND, by=by)
    cycle.save(update_fields=["status"])
    asked = list(
        Submission.objects.filter(cycle=cycle, status__in=SUBMITTED_STATES)
        .annotate(action_count=Count("actions"))
        .filter(action_count__gt=0)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    by_organisation = {submission.organisation_id: submission for submission in asked}
    leads = (
        OrganisationMembership.objects.filter(organisation_id__in=by_organisation, role=OrgRole.LEAD)
        .select_related("user")
        .order_by("user__email")
    )
    people = defaultdict(list)
    for membership in leads:
        people[membership.organisation_id].append(membership.user)
    told = set(people)
    for organisation_id, persons in people.items():
        submission = by_organisation[organisation_id]
        submission.cycle = cycle
        url = progress_update_url(submission)
        n = submission.action_count
        for person in persons:
            notice_create(
                user=person,
                partnership=cycle.partnership,
                url=url,
                title=f"{cycle.title}: update progress on {submission.organisation.name}'s actions",
                body=f"Say where each of the {n} action{'s' if n != 1 else ''} stands by "
                f"{_date(cycle.progress_due_on)}.",
            )
        daily_email.email_leads(
            submission=submission,
            people=persons,
            subject=f"{cycle.title}: please update progress on your actions",
            template="assessments/email/progress_round.txt",
            context={"cycle": cycle, "organisation": submission.organisation, "action_count": n, "path": url},
            kind="progress_round",
        )
    return RoundOpened(
        asked=asked,
        without_lead=[s.organisation for s in asked if s.organisation_id not in told],
    )


@transaction.atomic
def cycle_archive(*, by, cycle: Cycle) -> Cycle:
    """The progress report has gone to the board(s): the cycle is finished and kept as it stands."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    _require_business_team(by, cycle)
    _move(cycle, Status.ARCHIVED, by=by)
    cycle.save(update_fields=["status"])
    return cycle


def can_update_progress(user, submission: Submission) -> bool:
    """The organisation's lead or contributors, while the cycle's progress round is open, on a return that
    counted (submitted or accepted)."""
    roles = policy.organisation_roles(user).get(submission.organisation_id, set())
    return (
        bool(roles & UPDATERS)
        and submission.cycle.status == Status.PROGRESS_ROUND
        and submission.status in SUBMITTED_STATES
    )


def action_progress_update(
    *, by, action: ActionArising, progress: str, rag: str, commentary: str, upload=None
) -> ActionArising:
    """An organisation says where one of its actions stands in the progress round: how far it has got, a RAG
    rating, commentary (required when the action is at risk or off track) and, if it likes, a file of evidence.
    A refused file or a refused update changes nothing."""
    if not policy.organisation_roles(by).get(action.submission.organisation_id, set()) & UPDATERS:
        raise TransitionError(
            "Only the organisation's safeguarding lead or its contributors can update progress on its actions"
        )
    checked = uploads.check(upload) if upload is not None else None
    stored = []
    try:
        with transaction.atomic():
            return _update(
                by=by,
                action=action,
                progress=progress,
                rag=rag,
                commentary=commentary,
                checked=checked,
                stored=stored,
            )
    except BaseException:
        for evidence in stored:
            evidence.file.storage.delete(evidence.file.name)
        raise


def _update(*, by, action, progress, rag, commentary, checked, stored: list) -> ActionArising:
    action = (
        ActionArising.objects.select_for_update(of=("self",))
        .select_related("submission__cycle__partnership", "submission__organisation")
        .get(pk=action.pk)
    )
    submission = action.submission
    if not policy.organisation_roles(by).get(submission.organisation_id, set()) & UPDATERS:
        raise TransitionError(
            "Only the organisation's safeguarding lead or its contributors can update progress on its actions"
        )
    if submission.cycle.status != Status.PROGRESS_ROUND:
        raise TransitionError(
            "Progress can be updated only while the progress round is open. "
            "The partnership's business team opens it"
        )
    if submission.status not in SUBMITTED_STATES:
        raise TransitionError("Only actions in a submitted or accepted return are followed up")
    if progress not in ActionArising.Progress.values:
        raise TransitionError("Choose how far the action has got: not started, in progress or complete")
    if rag not in ActionArising.Rag.values:
        raise TransitionError("Choose a RAG rating: green (on track), amber (at risk) or red (off track)")
    commentary = (commentary or "").strip()
    if rag in NEEDS_COMMENTARY and not commentary:
        raise TransitionError(
            "Enter commentary: say why the action is at risk or off track and what is being done about it"
        )
    fields = ["progress", "rag", "commentary"]
    before = audit.snapshot(action, fields)
    action.progress, action.rag, action.commentary = progress, rag, commentary
    # Only this service sets progress_updated_at, and only in the round: a null means "not yet updated".
    action.progress_updated_at = timezone.now()
    action.save(update_fields=[*fields, "progress_updated_at"])
    if checked is not None:
        kept = action.evidence_files.filter(removed_at__isnull=True).count()
        if kept >= evidence.max_files():
            raise TransitionError(f"This action already has {kept} files of evidence, the most it can have")
        stored.append(evidence.evidence_store(by=by, submission=submission, checked=checked, action=action))
    after = audit.snapshot(action, fields)
    audit.record(
        actor=by,
        verb="action_arising.progress_updated",
        target=action,
        partnership=submission.cycle.partnership,
        changes={
            "organisation": submission.organisation.name,
            **{name: {"before": before[name], "after": after[name]} for name in fields},
        },
    )
    return action
