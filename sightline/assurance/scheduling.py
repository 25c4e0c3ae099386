"""Scheduling: dates put forward, whether they suit the key people, when people are away, fixing the dates (with a
warning when the ISO or a key partner cannot come), the programme, the people taking part and whether they came,
and sending the programme with a calendar invitation."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sightline import policy
from sightline.audit import services as audit
from sightline.core.errors import TransitionError
from sightline.notifications.services import notice_create, send_email_on_commit

from . import invitations
from .activities import activity_advance, activity_url
from .lifecycle import lifecycle_of
from .models import (
    Activity,
    CandidateAnswer,
    CandidateDate,
    Participant,
    ProgrammeItem,
    Unavailability,
)

DATES_FIXED = "dates_fixed"
PROGRAMME_SENT = "programme_sent"


def _locked(activity: Activity) -> Activity:
    return Activity.objects.select_for_update(of=("self",)).select_related("partnership").get(pk=activity.pk)


def _require_business(by, activity: Activity) -> None:
    if by is not None and not policy.business_team_of_activity(by, activity):
        raise TransitionError("Only the partnership's business team can do this")


def _require_open(activity: Activity) -> None:
    if lifecycle_of(activity).is_finished(activity.status):
        raise TransitionError("This activity is finished: its dates and programme can no longer change")


def _held(activity: Activity) -> bool:
    lifecycle = lifecycle_of(activity)
    if "held" not in lifecycle.states or activity.status not in lifecycle.states:
        return False
    return lifecycle.index(activity.status) >= lifecycle.index("held")


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if starts_at is None or ends_at is None:
        raise TransitionError("Enter when it starts and when it ends")
    if ends_at <= starts_at:
        raise TransitionError("The end must be after the start")


@transaction.atomic
def candidate_add(*, by, activity: Activity, starts_at: datetime, ends_at: datetime) -> CandidateDate:
    activity = _locked(activity)
    _require_business(by, activity)
    _require_open(activity)
    _check_times(starts_at, ends_at)
    candidate = CandidateDate.objects.create(
        activity=activity, starts_at=starts_at, ends_at=ends_at, added_by=by
    )
    audit.record(
        actor=by,
        verb="activity.date_proposed",
        target=activity,
        partnership=activity.partnership,
        changes={"starts_at": starts_at, "ends_at": ends_at},
    )
    return candidate


@transaction.atomic
def candidate_remove(*, by, candidate: CandidateDate) -> None:
    activity = _locked(candidate.activity)
    _require_business(by, activity)
    audit.record(
        actor=by,
        verb="activity.date_withdrawn",
        target=activity,
        partnership=activity.partnership,
        changes={"starts_at": candidate.starts_at},
    )
    candidate.delete()


@transaction.atomic
def candidates_answer(*, by, activity: Activity, answers: dict) -> int:
    """A key partner's (or the ISO's) answer for each date put forward: {candidate id: suits?}."""
    activity = _locked(activity)
    if not by.has_perm("assurance.answer_dates", activity):
        raise TransitionError("Only the partners and the ISO assigned say which dates suit them")
    candidates = {c.pk: c for c in activity.candidates.filter(pk__in=list(answers))}
    for candidate_id, suits in answers.items():
        if candidate_id in candidates:
            CandidateAnswer.objects.update_or_create(
                candidate=candidates[candidate_id],
                user=by,
                defaults={"suits": bool(suits), "answered_at": timezone.now()},
            )
    audit.record(
        actor=by,
        verb="activity.dates_answered",
        target=activity,
        partnership=activity.partnership,
        changes={
            str(candidates[pk].starts_at): bool(suits) for pk, suits in answers.items() if pk in candidates
        },
    )
    return len(candidates)


@transaction.atomic
def unavailability_add(*, by, starts_on: date, ends_on: date) -> Unavailability:
    if starts_on is None or ends_on is None or ends_on < starts_on:
        raise TransitionError("The last day must be on or after the first day")
    period = Unavailability.objects.create(user=by, starts_on=starts_on, ends_on=ends_on)
    audit.record(
        actor=by, verb="unavailability.added", target=period, changes={"from": starts_on, "to": ends_on}
    )
    return period


@transaction.atomic
def unavailability_remove(*, by, period: Unavailability) -> None:
    if period.user_id != by.pk:
        raise TransitionError("You can remove only your own dates")
    audit.record(actor=by, verb="unavailability.removed", target=period, changes={"from": period.starts_on})
    period.delete()


@transaction.atomic
def activity_dates_fix(
    *, by, activity: Activity, starts_at: datetime, ends_at: datetime, location: str = "", warnings_seen=()
) -> Activity:
    """Fix when (and where) the activity takes place. The warnings the business team saw and went ahead
    despite are kept in the audit trail. Where fixing the dates is the activity's next step, it is marked done."""
    activity = _locked(activity)
    _require_business(by, activity)
    _require_open(activity)
    if _held(activity):
        raise TransitionError("It has already taken place: its dates can no longer change")
    _check_times(starts_at, ends_at)
    before = audit.snapshot(activity, ["starts_at", "ends_at", "location"])
    activity.starts_at, activity.ends_at = starts_at, ends_at
    activity.location = (location or "").strip() or activity.location
    activity.updated_at = timezone.now()
    activity.save(update_fields=["starts_at", "ends_at", "location", "updated_at"])
    audit.record(
        actor=by,
        verb="activity.dates_fixed",
        target=activity,
        partnership=activity.partnership,
        changes={
            **audit.diff(before, audit.snapshot(activity, ["starts_at", "ends_at", "location"])),
            "warnings_seen": list(warnings_seen),
        },
    )
    following = lifecycle_of(activity).next_step(activity.status)
    if following is not None and following.state == DATES_FIXED:
        activity = activity_advance(by=by, activity=activity, to=DATES_FIXED)
    return activity


@transaction.atomic
def programme_item_add(*, by, activity: Activity, starts, ends, title: str, who: str = "") -> ProgrammeItem:
    activity = _locked(activity)
    _require_business(by, activity)
    _require_open(activity)
    if starts is None or ends is None or ends <= starts:
        raise TransitionError("The item must end after it starts")
    title = (title or "").strip()
    if not title:
        raise TransitionError("Say what happens in this part of the programme")
    item = ProgrammeItem.objects.create(
        activity=activity, starts=starts, ends=ends, title=title, who=who.strip()
    )
    audit.record(
        actor=by,
        verb="activity.programme_item_added",
        target=activity,
        partnership=activity.partnership,
        changes={"starts": starts, "title": title, "who": who},
    )
    return item


@transaction.atomic
def programme_item_remove(*, by, item: ProgrammeItem) -> None:
    activity = _locked(item.activity)
    _require_business(by, activity)
    audit.record(
        actor=by,
        verb="activity.programme_item_removed",
        target=activity,
        partnership=activity.partnership,
        changes={"title": item.title},
    )
    item.delete()


def _in_partnership(user, partnership) -> bool:
    return bool(policy.roles_in(user, partnership)) or policy.works_in_partnership_organisation(
        user, partnership
    )


@transaction.atomic
def participant_add(
    *, by, activity: Activity, role: str, user=None, name: str = "", organisation=None
) -> Participant:
    """Someone taking part: a person with an account in the partnership (who then sees the activity and gets the
    programme), or a practitioner named in words for the attendance record."""
    activity = _locked(activity)
    _require_business(by, activity)
    _require_open(activity)
    if role not in Participant.Role.values:
        raise TransitionError("Choose the part they take")
    if user is not None:
        if not _in_partnership(user, activity.partnership):
            raise TransitionError("Choose someone in the partnership")
        if activity.participants.filter(user=user).exists():
            raise TransitionError(f"{user} is already taking part")
        name = str(user)
    name = (name or "").strip()
    if not name:
        raise TransitionError("Choose a person, or enter the name of someone without an account")
    if (
        organisation is not None
        and not activity.partnership.affiliations.filter(organisation=organisation).exists()
    ):
        raise TransitionError("Choose an organisation in the partnership's register")
    participant = Participant.objects.create(
        activity=activity, user=user, name=name, organisation=organisation, role=role
    )
    audit.record(
        actor=by,
        verb="activity.participant_added",
        target=activity,
        partnership=activity.partnership,
        changes={"name": name, "role": role, "account": bool(user)},
    )
    return participant


@transaction.atomic
def participant_remove(*, by, participant: Participant) -> None:
    activity = _locked(participant.activity)
    _require_business(by, activity)
    audit.record(
        actor=by,
        verb="activity.participant_removed",
        target=activity,
        partnership=activity.partnership,
        changes={"name": participant.name},
    )
    participant.delete()


@transaction.atomic
def attendance_record(*, by, activity: Activity, attended_ids) -> int:
    """Who came: every participant is marked present or absent. Recorded once the activity has started."""
    activity = _locked(activity)
    if not by.has_perm("assurance.record_event", activity):
        raise TransitionError("Only the business team or the ISO assigned can record attendance")
    if activity.starts_at is None or activity.starts_at > timezone.now():
        raise TransitionError("Attendance is recorded once the activity has started")
    present = {str(pk) for pk in attended_ids}
    participants = list(activity.participants.all())
    for participant in participants:
        participant.attended = str(participant.pk) in present
    Participant.objects.bulk_update(participants, ["attended"])
    audit.record(
        actor=by,
        verb="activity.attendance_recorded",
        target=activity,
        partnership=activity.partnership,
        changes={
            "present": sum(p.attended for p in participants),
            "absent": sum(not p.attended for p in participants),
        },
    )
    return len(participants)


@transaction.atomic
def programme_send(*, by, activity: Activity) -> int:
    """Send the programme to every participant with an account, each email carrying the calendar invitation (and
    a link to download it again); sending again (after a change) sends the update, which calendars put in place
    of the first. Where sending the programme is the activity's next step, it is marked done."""
    activity = _locked(activity)
    _require_business(by, activity)
    _require_open(activity)
    if _held(activity):
        raise TransitionError("It has already taken place")
    if activity.starts_at is None:
        raise TransitionError("Fix the dates before sending the programme")
    items = list(activity.programme.all())
    if not items:
        raise TransitionError("Add the programme's items first")
    people = list(
        activity.participants.filter(user__isnull=False, user__is_active=True).select_related("user")
    )
    if not people:
        raise TransitionError("Add the people taking part first: only people with an account are sent it")
    activity.invitation_sequence += 1
    activity.save(update_fields=["invitation_sequence"])
    url = activity_url(activity)
    invitation = reverse(
        "activity_invitation_download", kwargs={"slug": activity.partnership.slug, "activity_id": activity.pk}
    )
    title = f"{'Updated programme' if activity.invitation_sequence > 1 else 'Programme'}: {activity.title}"
    now = timezone.now()
    for participant in people:
        notice_create(user=participant.user, partnership=activity.partnership, title=title, url=url)
        send_email_on_commit(
            to=participant.user.email,
            subject=f"Sightline: {title}",
            template="assurance/email/programme.txt",
            context={
                "person": participant.user,
                "activity": activity,
                "items": items,
                "url": url,
                "invitation_url": invitation,
                "starts": timezone.localtime(activity.starts_at),
                "ends": timezone.localtime(activity.ends_at),
            },
            attachments=[invitations.invitation(activity, participant.user, url=url, items=items)],
        )
    Participant.objects.filter(pk__in=[p.pk for p in people]).update(invited_at=now)
    audit.record(
        actor=by,
        verb="activity.programme_sent",
        target=activity,
        partnership=activity.partnership,
        changes={"to": len(people), "sequence": activity.invitation_sequence},
    )
    following = lifecycle_of(activity).next_step(activity.status)
    if following is not None and following.state == PROGRAMME_SENT:
        activity_advance(by=by, activity=activity, to=PROGRAMME_SENT)
    return len(people)
