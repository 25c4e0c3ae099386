"""Multi-party sign-off, one mechanism for every subject (ARCHITECTURE.md §3): a request names its parties and the
capacity each signs in, and a rule (all of them, or a quorum of N); each party endorses, or declines with a reason;
the outcome (pending, agreed, declined) follows from the decisions by `outcome_of`, and is stored with each one.
Every request and decision is in the audit trail; parties hear of a request at once, and are reminded
(`reminders.py`) while they have not answered.

The owner of a request (an assurance activity, or the yearly report through its own foreign key) reacts to its
outcome through a listener registered with `outcome_listener_add`: the activity's lifecycle moves on when its
sign-off is agreed; the yearly report is frozen when the lead partners sign it off. Each listener looks only at
requests of its own owner."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sightline.audit import services as audit
from sightline.core.errors import TransitionError
from sightline.notifications.services import notice_create, send_email_on_commit
from sightline.partnerships.models import PartnershipMembership

from .models_endorsements import EndorsementParty, EndorsementRequest

Outcome = EndorsementRequest.Outcome
Decision = EndorsementParty.Decision
Rule = EndorsementRequest.Rule
SignsFor = EndorsementParty.SignsFor
Role = PartnershipMembership.Role

# The three statutory partners, in the order they are listed, and the capacity each signs in.
PARTNER_CAPACITIES = (
    (Role.PARTNER_LA, SignsFor.PARTNER_LA),
    (Role.PARTNER_ICB, SignsFor.PARTNER_ICB),
    (Role.PARTNER_POLICE, SignsFor.PARTNER_POLICE),
)

_listeners: list[Callable[[EndorsementRequest, str], None]] = []


def outcome_listener_add(listener: Callable[[EndorsementRequest, str], None]) -> None:
    """Call `listener(request, before)` inside the deciding transaction whenever a request's outcome changes."""
    if listener not in _listeners:
        _listeners.append(listener)


@dataclass(frozen=True)
class Party:
    user: object
    signs_for: str


def outcome_of(rule: str, quorum: int | None, decisions: Iterable[str]) -> str:
    """The outcome the decisions give under the rule. With every party needed, one decline decides it; with a
    quorum, it is agreed once enough endorse, and declined once too few are left who could."""
    decisions = list(decisions)
    endorsed = decisions.count(Decision.ENDORSED)
    pending = decisions.count(Decision.PENDING)
    needed = len(decisions) if rule == Rule.ALL else int(quorum or 0)
    if endorsed >= needed:
        return Outcome.AGREED
    if endorsed + pending < needed:
        return Outcome.DECLINED
    return Outcome.PENDING


def three_partners(partnership) -> list[Party]:
    """The delegated safeguarding partners of the local authority, the ICB and the police: for each, the person
    who has held the role longest. Refused, with what to do, when a role is held by nobody."""
    holders = {}
    memberships = (
        PartnershipMembership.objects.filter(
            partnership=partnership,
            role__in=[role for role, _ in PARTNER_CAPACITIES],
            user__is_active=True,
        )
        .select_related("user")
        .order_by("created_at")
    )
    for membership in memberships:
        holders.setdefault(membership.role, membership.user)
    missing = [Role(role).label.lower() for role, _ in PARTNER_CAPACITIES if role not in holders]
    if missing:
        raise TransitionError(
            f"Nobody holds the role of {', '.join(missing)}: give someone the role on the People page first"
        )
    return [Party(holders[role], capacity) for role, capacity in PARTNER_CAPACITIES]


def request_url(request: EndorsementRequest) -> str:
    if request.yearly_report_id is not None:
        # The yearly report is signed off on its own page (governance), which shows the report beside the decision.
        return reverse(
            "yearly_report_sign_off",
            kwargs={"slug": request.partnership.slug, "report_id": request.yearly_report_id},
        )
    return reverse(
        "endorsement_detail",
        kwargs={
            "slug": request.partnership.slug,
            "activity_id": request.activity_id,
            "request_id": request.pk,
        },
    )


def _tell(request: EndorsementRequest, people, title: str, template: str) -> None:
    url = request_url(request)
    for person in people:
        notice_create(user=person, partnership=request.partnership, title=title, url=url)
        send_email_on_commit(
            to=person.email,
            subject=f"Sightline: {title}",
            template=template,
            context={"person": person, "request": request, "url": url, "title": title},
        )


@transaction.atomic
def endorsement_request(
    *,
    by,
    activity=None,
    yearly_report=None,
    subject: str,
    text: str,
    parties: list[Party],
    rule: str = Rule.ALL,
    quorum: int | None = None,
    requester_endorses: bool = False,
) -> EndorsementRequest:
    """Ask the named parties to endorse `text`. A request for the same subject still waiting, or declined, is
    replaced: this is its next version. With `requester_endorses`, a requester who is one of the parties (the
    partner proposing a theme) is recorded as endorsing what they put forward. The owner is the activity or the
    yearly report, exactly one."""
    text = (text or "").strip()
    if (activity is None) == (yearly_report is None):
        raise TransitionError("A sign-off belongs to one activity or one yearly report")
    owner = {"activity": activity} if activity is not None else {"yearly_report": yearly_report}
    owner_object = activity if activity is not None else yearly_report
    if subject not in EndorsementRequest.Subject.values:
        raise TransitionError("Choose what is to be endorsed")
    if not text:
        raise TransitionError("Write what the parties are asked to endorse")
    users = [party.user.pk for party in parties]
    if not parties or len(set(users)) != len(users):
        raise TransitionError("Name each party once, and at least one")
    if rule == Rule.ALL:
        quorum = None
    elif rule == Rule.QUORUM:
        if quorum is None or not 1 <= quorum <= len(parties):
            raise TransitionError(f"The quorum must be between 1 and {len(parties)}, the number of parties")
    else:
        raise TransitionError("Choose the rule: every party, or a quorum")
    earlier = (
        EndorsementRequest.objects.select_for_update()
        .filter(**owner, subject=subject)
        .order_by("-version")
        .first()
    )
    if earlier is not None and earlier.outcome == Outcome.AGREED:
        label = earlier.get_subject_display().lower()
        raise TransitionError(f"The {label} has already been agreed: it cannot be put to the parties again")
    if earlier is not None and earlier.outcome != Outcome.SUPERSEDED:
        earlier.outcome = Outcome.SUPERSEDED
        earlier.save(update_fields=["outcome"])
    request = EndorsementRequest.objects.create(
        partnership=owner_object.partnership,
        **owner,
        subject=subject,
        version=(earlier.version + 1) if earlier else 1,
        text=text,
        rule=rule,
        quorum=quorum,
        requested_by=by,
    )
    rows = EndorsementParty.objects.bulk_create(
        [
            EndorsementParty(request=request, user=party.user, signs_for=party.signs_for, order=i)
            for i, party in enumerate(parties)
        ]
    )
    audit.record(
        actor=by,
        verb="endorsement.requested",
        target=request,
        partnership=request.partnership,
        changes={
            "owner": str(owner_object),
            "subject": subject,
            "version": request.version,
            "rule": rule,
            "quorum": quorum,
            "parties": [f"{party.user.email} ({party.signs_for})" for party in parties],
            "replaces_version": earlier.version if earlier else None,
        },
    )
    own = next((row for row in rows if by is not None and row.user_id == by.pk), None)
    others = [party.user for party in parties if by is None or party.user.pk != by.pk]
    title = f"Please endorse the {request.get_subject_display().lower()}: {owner_object.title}"
    _tell(request, others, title, "assurance/email/endorsement_requested.txt")
    if requester_endorses and own is not None:
        endorsement_decide(by=by, request=request, decision=Decision.ENDORSED, comment="Put it forward")
        request.refresh_from_db()
    return request


@transaction.atomic
def endorsement_decide(
    *, by, request: EndorsementRequest, decision: str, comment: str = ""
) -> EndorsementRequest:
    """Record one party's decision. Only a party the request names may decide, once, while it is waiting;
    declining needs a reason. The outcome is worked out again, and the owner hears if it changed."""
    request = (
        EndorsementRequest.objects.select_for_update(of=("self",))
        .select_related("partnership", "activity", "yearly_report", "requested_by")
        .get(pk=request.pk)
    )
    comment = (comment or "").strip()
    if decision not in (Decision.ENDORSED, Decision.DECLINED):
        raise TransitionError("Choose whether you endorse it or decline it")
    party = request.parties.filter(user_id=getattr(by, "pk", None)).first()
    if party is None:
        raise TransitionError("This request is not addressed to you: only the parties it names can decide")
    if request.outcome != Outcome.PENDING:
        raise TransitionError(
            f"This request is no longer waiting for decisions: it is {request.get_outcome_display().lower()}"
        )
    if party.decision != Decision.PENDING:
        raise TransitionError(f"You have already {party.get_decision_display().lower()} this")
    if decision == Decision.DECLINED and not comment:
        raise TransitionError("Give your reason for declining, so it can be revised")
    party.decision, party.comment, party.decided_at = decision, comment, timezone.now()
    party.save(update_fields=["decision", "comment", "decided_at"])
    audit.record(
        actor=by,
        verb=f"endorsement.{decision}",
        target=request,
        partnership=request.partnership,
        changes={"signs_for": party.signs_for, "comment": comment, "version": request.version},
    )
    before = request.outcome
    request.outcome = outcome_of(
        request.rule, request.quorum, request.parties.values_list("decision", flat=True)
    )
    if request.outcome != before:
        request.decided_at = timezone.now()
        request.save(update_fields=["outcome", "decided_at"])
        audit.record(
            actor=by,
            verb=f"endorsement.{request.outcome}",
            target=request,
            partnership=request.partnership,
            changes={"outcome": {"before": before, "after": request.outcome}, "version": request.version},
        )
        _outcome_reached(request, by)
        for listener in _listeners:
            listener(request, before)
    return request


def _outcome_reached(request: EndorsementRequest, by) -> None:
    requester = request.requested_by
    if requester is None or (by is not None and requester.pk == by.pk):
        return
    label = request.get_subject_display().lower()
    title = f"The {label} for {request.owner.title} was {request.get_outcome_display().lower()}"
    _tell(request, [requester], title, "assurance/email/endorsement_outcome.txt")


def current_request(owner, subject: str) -> EndorsementRequest | None:
    """The latest version of the owner's request for `subject`, unless it was replaced: what a lifecycle guard asks
    about before a step that needs the parties' agreement. The owner is an activity or a yearly report."""
    key = "yearly_report" if subject == EndorsementRequest.Subject.YEARLY_REPORT else "activity"
    return (
        EndorsementRequest.objects.filter(**{key: owner}, subject=subject)
        .exclude(outcome=Outcome.SUPERSEDED)
        .prefetch_related("parties__user")
        .order_by("-version")
        .first()
    )


def requests_waiting_for(*, user, partnership=None):
    """Requests still waiting for this person's decision."""
    qs = EndorsementRequest.objects.filter(
        outcome=Outcome.PENDING, parties__user=user, parties__decision=Decision.PENDING
    ).select_related("activity", "yearly_report", "partnership")
    if partnership is not None:
        qs = qs.filter(partnership=partnership)
    return qs.order_by("requested_at")
