"""Starting an activity, moving it along its lifecycle, changing its details, and putting its theme, format or
terms of reference to the partners. `activity_advance` is the one way an activity's state changes."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sightline import policy
from sightline.audit import services as audit
from sightline.core.errors import EditConflict, TransitionError
from sightline.notifications.services import notice_create, send_email_on_commit
from sightline.partnerships.models import Affiliation, Organisation, OrganisationMembership
from sightline.partnerships.priorities import priorities_tag

from . import endorsements, invitations
from .lifecycle import WITHDRAWN, actors_label, lifecycle_of, may_act
from .models import Activity, ActivityTransition, CallIn, Participant, PeerReview
from .models_endorsements import EndorsementRequest

Kind = Activity.Kind
Subject = EndorsementRequest.Subject
# The activity's field that holds what each sign-off is about.
SUBJECT_FIELDS = {
    Subject.THEME: "theme",
    Subject.CASE_REQUEST: "theme",
    Subject.FORMAT: "format",
    Subject.TERMS_OF_REFERENCE: "terms_of_reference",
}


def activity_url(activity: Activity) -> str:
    return reverse("activity_detail", kwargs={"slug": activity.partnership.slug, "activity_id": activity.pk})


def _kind_label(activity: Activity) -> str:
    return activity.get_kind_display().lower()


def _check_organisation(partnership, organisation: Organisation | None) -> None:
    if (
        organisation is not None
        and not Affiliation.objects.filter(partnership=partnership, organisation=organisation).exists()
    ):
        raise TransitionError("Choose an organisation in the partnership's register")


def _check_iso(partnership, iso) -> None:
    if iso is not None and not policy.is_iso_of(iso, partnership):
        raise TransitionError("Choose one of the partnership's independent scrutiny officers")


@transaction.atomic
def activity_create(
    *,
    by,
    partnership,
    kind: str,
    title: str,
    theme: str = "",
    description: str = "",
    organisation: Organisation | None = None,
    iso=None,
    call_in: dict | None = None,
    peer_review: dict | None = None,
    priorities=(),
) -> Activity:
    """Start an activity at its type's first step: a partner proposing a theme or asking for a case-specific
    event, or the business team recording any activity. Where the first step asks for a sign-off (a theme, a
    case-specific request), the three partners are asked at once, and a partner who proposed it endorses it.
    `priorities` are the partnership's priorities the activity serves."""
    if kind not in Kind.values:
        raise TransitionError("Choose the type of activity")
    lifecycle = lifecycle_of(kind)
    title = (title or "").strip()
    if not title:
        raise TransitionError("Enter a title for the activity")
    activity = Activity(
        partnership=partnership,
        kind=kind,
        title=title,
        theme=(theme or "").strip(),
        description=(description or "").strip(),
        organisation=organisation,
        iso=iso,
        created_by=by,
    )
    if by is not None and not may_act(by, activity, lifecycle.first.by):
        raise TransitionError(f"Only {actors_label(lifecycle.first.by)} can start a {_kind_label(activity)}")
    _check_organisation(partnership, organisation)
    _check_iso(partnership, iso)
    if kind in (Kind.AGENCY, Kind.CALL_IN) and organisation is None:
        raise TransitionError("Choose the agency")
    call_in = {key: value for key, value in (call_in or {}).items() if key in CALL_IN_START_FIELDS}
    if kind == Kind.CALL_IN and not (call_in.get("reason") and call_in.get("venue")):
        raise TransitionError("Say why the agency is called in, and where")
    if kind == Kind.PEER_REVIEW and not ((peer_review or {}).get("other_partnership") or "").strip():
        raise TransitionError("Name the other partnership")
    activity.status = lifecycle.first.state
    activity.save()
    if kind == Kind.CALL_IN:
        CallIn.objects.create(activity=activity, **call_in)
    if kind == Kind.PEER_REVIEW:
        PeerReview.objects.create(
            activity=activity,
            direction=peer_review["direction"],
            other_partnership=peer_review["other_partnership"].strip(),
        )
    reason = lifecycle.first.guard(activity, "") if lifecycle.first.guard else ""
    if reason:
        raise TransitionError(reason)
    ActivityTransition.objects.create(activity=activity, to_state=activity.status, by=by)
    tagged = priorities_tag(activity, partnership=partnership, priorities=priorities)
    audit.record(
        actor=by,
        verb="activity.created",
        target=activity,
        partnership=partnership,
        changes={"kind": kind, "status": activity.status, "organisation": organisation, "iso": iso, **tagged},
    )
    _enter(activity, lifecycle.first, by=by)
    return activity


@transaction.atomic
def activity_advance(*, by, activity: Activity, to: str, note: str = "") -> Activity:
    """Mark the next step of the activity's lifecycle done (or withdraw it). Refused, with a message that says
    why, unless `to` is the step after the current one (or `withdrawn`), the person is one of that step's
    actors, and its guard holds. `by=None` is the system, moving a step on when its sign-off is agreed: the
    table and the guard bind it, the actors do not."""
    activity = (
        Activity.objects.select_for_update(of=("self",)).select_related("partnership").get(pk=activity.pk)
    )
    lifecycle = lifecycle_of(activity)
    target = lifecycle.step(to)
    kind = _kind_label(activity)
    if target is None:
        raise TransitionError(f"A {kind} has no step called '{to}'")
    if to not in lifecycle.allowed(activity.status):
        current = lifecycle.label(activity.status)
        if lifecycle.is_finished(activity.status):
            raise TransitionError(f"This {kind} has finished ('{current}'): it cannot move on")
        following = lifecycle.next_step(activity.status)
        raise TransitionError(
            f"This {kind} is at '{current}': its next step is '{following.label}', not '{target.label}'"
        )
    if by is not None and not may_act(by, activity, target.by):
        raise TransitionError(f"Only {actors_label(target.by)} can mark '{target.label}' done")
    note = (note or "").strip()
    reason = target.guard(activity, note) if target.guard else ""
    if reason:
        raise TransitionError(reason)
    before = activity.status
    activity.status = to
    activity.updated_at = timezone.now()
    activity.save(update_fields=["status", "updated_at"])
    ActivityTransition.objects.create(activity=activity, from_state=before, to_state=to, by=by, note=note)
    audit.record(
        actor=by,
        verb="activity.withdrawn" if to == WITHDRAWN else "activity.advanced",
        target=activity,
        partnership=activity.partnership,
        changes={"status": {"before": before, "after": to}, "step": target.label, "note": note},
    )
    _enter(activity, target, by=by)
    return activity


def _enter(activity: Activity, step, *, by) -> None:
    if step.opens:
        _ask_partners(activity, step.opens, by=by)
    for effect in step.on_enter:
        EFFECTS[effect](activity, by=by)


def _ask_partners(activity: Activity, subject: str, *, by) -> EndorsementRequest:
    return endorsements.endorsement_request(
        by=by,
        activity=activity,
        subject=subject,
        text=getattr(activity, SUBJECT_FIELDS[subject]),
        parties=endorsements.three_partners(activity.partnership),
        requester_endorses=True,
    )


def _tell(people, activity: Activity, title: str, url: str, template: str) -> None:
    for person in people:
        notice_create(user=person, partnership=activity.partnership, title=title, url=url)
        send_email_on_commit(
            to=person.email,
            subject=f"Sightline: {title}",
            template=template,
            context={"person": person, "activity": activity, "url": url, "title": title},
        )


def _agency_leads(organisations) -> list:
    return [
        membership.user
        for membership in OrganisationMembership.objects.filter(
            organisation__in=organisations, role=OrganisationMembership.Role.LEAD, user__is_active=True
        ).select_related("user", "organisation")
    ]


def _tell_partners(activity: Activity, *, by) -> None:
    people = [party.user for party in endorsements.three_partners(activity.partnership)]
    title = f"A case-specific line-of-sight event is being convened: {activity.title}"
    _tell(people, activity, title, activity_url(activity), "assurance/email/activity_notice.txt")


def _invite_agencies(activity: Activity, *, by) -> None:
    """The safeguarding leads of the agencies involved in the case take part, so they see the activity and
    are asked for their case audit."""
    memberships = OrganisationMembership.objects.filter(
        organisation__in=activity.involved_agencies.all(),
        role=OrganisationMembership.Role.LEAD,
        user__is_active=True,
    ).select_related("user", "organisation")
    known = set(Participant.objects.filter(activity=activity).values_list("user_id", flat=True))
    invited = []
    for membership in memberships:
        if membership.user_id in known:
            continue
        known.add(membership.user_id)
        Participant.objects.create(
            activity=activity,
            user=membership.user,
            name=str(membership.user),
            organisation=membership.organisation,
            role=Participant.Role.AGENCY,
        )
        invited.append(membership.user)
    title = f"Your agency is invited to a case-specific line-of-sight event: {activity.title}"
    _tell(invited, activity, title, activity_url(activity), "assurance/email/activity_notice.txt")


def _tell_agency(activity: Activity, *, by) -> None:
    url = reverse("call_in_respond", kwargs={"slug": activity.partnership.slug, "activity_id": activity.pk})
    title = f"Your agency is called in: {activity.title}. Please answer the questions"
    _tell(_agency_leads([activity.organisation]), activity, title, url, "assurance/email/activity_notice.txt")


def _cancel_invitations(activity: Activity, *, by) -> None:
    invitations.invitations_cancel(activity, by=by, url=activity_url(activity))


EFFECTS = {
    "tell_partners": _tell_partners,
    "invite_agencies": _invite_agencies,
    "tell_agency": _tell_agency,
    "cancel_invitations": _cancel_invitations,
}


def endorsement_outcome_reached(request: EndorsementRequest, before: str) -> None:
    """The lifecycle's listener on the sign-off mechanism: when a sign-off the activity waits for is agreed,
    the step it completes is marked done, by the system, in the same transaction as the deciding vote."""
    if request.outcome != EndorsementRequest.Outcome.AGREED or request.activity_id is None:
        return
    activity = request.activity
    lifecycle = lifecycle_of(activity)
    step = lifecycle.step_agreed_by(request.subject)
    if step is not None and activity.status == lifecycle.previous_state(step.state):
        activity_advance(
            by=None, activity=activity, to=step.state, note=f"{request} agreed by every party needed"
        )


@transaction.atomic
def activity_subject_propose(*, by, activity: Activity, subject: str, text: str) -> Activity:
    """Put the format or the terms of reference to the partners (which marks that step done), or revise a
    theme, format or terms of reference they have not yet agreed and ask them again."""
    activity = (
        Activity.objects.select_for_update(of=("self",)).select_related("partnership").get(pk=activity.pk)
    )
    lifecycle = lifecycle_of(activity)
    opening = lifecycle.step_opening(subject)
    if opening is None or subject not in SUBJECT_FIELDS:
        raise TransitionError(f"A {_kind_label(activity)} has no {Subject(subject).label.lower()} to agree")
    if by is not None and not may_act(by, activity, opening.by):
        raise TransitionError(
            f"Only {actors_label(opening.by)} can propose the {Subject(subject).label.lower()}"
        )
    text = (text or "").strip()
    if not text:
        raise TransitionError(f"Write the {Subject(subject).label.lower()}")
    setattr(activity, SUBJECT_FIELDS[subject], text)
    if activity.status == lifecycle.previous_state(opening.state):
        activity.save(update_fields=[SUBJECT_FIELDS[subject]])
        return activity_advance(by=by, activity=activity, to=opening.state)
    if activity.status != opening.state:
        raise TransitionError(f"The {Subject(subject).label.lower()} cannot be changed at this step")
    activity.save(update_fields=[SUBJECT_FIELDS[subject]])
    audit.record(
        actor=by,
        verb="activity.revised",
        target=activity,
        partnership=activity.partnership,
        changes={"subject": subject, "text": text},
    )
    _ask_partners(activity, subject, by=by)
    return activity


CALL_IN_START_FIELDS = ("reason", "reason_detail", "venue", "venue_detail")
DETAIL_FIELDS = ["title", "description", "iso", "location"]


@transaction.atomic
def activity_update(
    *,
    by,
    activity: Activity,
    title: str,
    description: str,
    iso,
    location: str,
    involved_agencies=(),
    expected_version: int | None = None,
    priorities=None,
) -> Activity:
    """Change an activity's details (not its subject, which the partners agree, nor its state), and the
    partnership's priorities it serves (`priorities=None` leaves those alone)."""
    activity = (
        Activity.objects.select_for_update(of=("self",)).select_related("partnership").get(pk=activity.pk)
    )
    if by is not None and not policy.business_team_of_activity(by, activity):
        raise TransitionError("Only the partnership's business team can change an activity's details")
    if lifecycle_of(activity).is_finished(activity.status):
        raise TransitionError("This activity is finished: its details can no longer change")
    title = (title or "").strip()
    if not title:
        raise TransitionError("Enter a title for the activity")
    _check_iso(activity.partnership, iso)
    agencies = list(involved_agencies)
    for organisation in agencies:
        _check_organisation(activity.partnership, organisation)
    before = audit.snapshot(activity, DETAIL_FIELDS)
    before["involved_agencies"] = sorted(str(o) for o in activity.involved_agencies.all())
    if expected_version is not None and expected_version != activity.version:
        raise EditConflict(
            {name: str(value or "") for name, value in before.items() if name != "involved_agencies"}
        )
    activity.title, activity.description, activity.iso = title, (description or "").strip(), iso
    activity.location = (location or "").strip()
    activity.updated_at = timezone.now()
    activity.version += 1
    activity.save()
    activity.involved_agencies.set(agencies)
    after = audit.snapshot(activity, DETAIL_FIELDS) | {"involved_agencies": sorted(str(o) for o in agencies)}
    changes = audit.diff(before, after)
    changes |= priorities_tag(
        activity, partnership=activity.partnership, priorities=priorities, current=activity.priorities.all()
    )
    if changes:
        audit.record(
            actor=by,
            verb="activity.updated",
            target=activity,
            partnership=activity.partnership,
            changes=changes,
        )
    return activity
