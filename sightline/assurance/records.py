"""The record of an activity: lines of questioning, what was fed back at the end, the overview report and its
recommendations (agreed through the sign-off mechanism), the handover to the learning group that raises the
linked action plan, highlights marked for publication, and the particulars of call-ins and peer reviews."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sightline.audit import services as audit
from sightline.casework.checking import guard_texts
from sightline.core.errors import EditConflict, TransitionError
from sightline.improvement import plans
from sightline.improvement.models import ActionPlan
from sightline.partnerships.models import Group

from . import endorsements
from .activities import activity_advance, activity_url
from .lifecycle import actors_label, lifecycle_of, may_act
from .models import Activity, CallIn, PeerReview, Recommendation
from .models_endorsements import EndorsementRequest

Kind = Activity.Kind
Subject = EndorsementRequest.Subject


def _locked(activity: Activity) -> Activity:
    return Activity.objects.select_for_update(of=("self",)).select_related("partnership").get(pk=activity.pk)


def _require(by, perm: str, activity: Activity, message: str) -> None:
    if by is not None and not by.has_perm(perm, activity):
        raise TransitionError(message)


def _require_open(activity: Activity) -> None:
    if lifecycle_of(activity).is_finished(activity.status):
        raise TransitionError("This activity is finished: its record can no longer change")


def check_version(activity: Activity, expected: int | None, shown: dict) -> None:
    """Refuse a save made from a copy older than the saved one: EditConflict carries what is saved now."""
    if expected is not None and expected != activity.version:
        raise EditConflict(shown)


def bump(activity: Activity) -> None:
    activity.version += 1
    activity.updated_at = timezone.now()
    activity.save(update_fields=["version", "updated_at"])


def _save_text(
    by, activity: Activity, verb: str, expected_version: int | None = None, confirmed=(), **values
) -> Activity:
    check_version(activity, expected_version, {name: getattr(activity, name) for name in values})
    before = audit.snapshot(activity, list(values))
    for name, value in values.items():
        setattr(activity, name, (value or "").strip())
    activity.version += 1
    activity.updated_at = timezone.now()
    activity.save(update_fields=[*values, "version", "updated_at"])
    changes = audit.diff(before, audit.snapshot(activity, list(values)))
    if changes:
        if confirmed:
            changes["identifier_warnings_confirmed"] = list(confirmed)
        audit.record(actor=by, verb=verb, target=activity, partnership=activity.partnership, changes=changes)
    return activity


# What the guard's warning calls each text, as the forms label them. Feedback and highlights are the words the
# partnership publishes and drafts briefings from.
GUARDED = {
    "highlights": "Key highlights",
    "findings": "Findings",
    "immediate_actions": "Areas for immediate consideration and action",
    "publication_text": "Highlights as they will be published",
}


def _guard(by, confirmation: str, **texts) -> list[str]:
    return guard_texts(
        {GUARDED[name]: (text or "").strip() for name, text in texts.items()},
        by=by,
        confirmation=confirmation,
    )


ISO_OR_TEAM = "Only the business team or the ISO assigned can record this"


@transaction.atomic
def activity_preparation_save(
    *, by, activity: Activity, lines_of_questioning: str, expected_version: int | None = None
) -> Activity:
    """The lines of questioning (or, for a panel, of enquiry) prepared for the event."""
    activity = _locked(activity)
    _require(by, "assurance.record_event", activity, ISO_OR_TEAM)
    _require_open(activity)
    return _save_text(
        by, activity, "activity.prepared", expected_version, lines_of_questioning=lines_of_questioning
    )


@transaction.atomic
def activity_feedback_save(
    *,
    by,
    activity: Activity,
    highlights: str,
    findings: str,
    immediate_actions: str,
    expected_version: int | None = None,
    identifiers_confirmation: str = "",
) -> Activity:
    """What was fed back at the end: key highlights, findings, and areas for immediate action. Text that looks
    identifying is saved only once the warning about exactly that text is confirmed (casework/checking.py)."""
    activity = _locked(activity)
    _require(by, "assurance.record_event", activity, ISO_OR_TEAM)
    _require_open(activity)
    confirmed = _guard(
        by,
        identifiers_confirmation,
        highlights=highlights,
        findings=findings,
        immediate_actions=immediate_actions,
    )
    return _save_text(
        by,
        activity,
        "activity.feedback_recorded",
        expected_version,
        confirmed,
        highlights=highlights,
        findings=findings,
        immediate_actions=immediate_actions,
    )


def _overview_agreed(activity: Activity) -> bool:
    return activity.endorsement_requests.filter(
        subject=Subject.OVERVIEW, outcome=EndorsementRequest.Outcome.AGREED
    ).exists()


@transaction.atomic
def activity_overview_save(
    *, by, activity: Activity, overview: str, recommendations: list[str], expected_version: int | None = None
) -> Activity:
    """The overview report, written by the ISO with the business team, and its numbered recommendations."""
    activity = _locked(activity)
    _require(by, "assurance.record_event", activity, ISO_OR_TEAM)
    _require_open(activity)
    if _overview_agreed(activity):
        raise TransitionError("The overview has been agreed by the partners: it can no longer change")
    recommendations = [text.strip() for text in recommendations if text.strip()]
    before = [r.text for r in activity.recommendations.all()]
    check_version(
        activity, expected_version, {"overview": activity.overview, "recommendations": "\n".join(before)}
    )
    _save_text(by, activity, "activity.overview_saved", overview=overview)
    if before != recommendations:
        activity.recommendations.all().delete()
        Recommendation.objects.bulk_create(
            [
                Recommendation(activity=activity, number=n, text=text)
                for n, text in enumerate(recommendations, 1)
            ]
        )
        audit.record(
            actor=by,
            verb="activity.recommendations_saved",
            target=activity,
            partnership=activity.partnership,
            changes={"recommendations": recommendations},
        )
    return activity


def overview_text(activity: Activity) -> str:
    lines = [activity.overview.strip(), "", "Recommendations:"]
    lines += [f"{r.number}. {r.text}" for r in activity.recommendations.all()]
    return "\n".join(lines)


@transaction.atomic
def activity_overview_submit(*, by, activity: Activity) -> EndorsementRequest:
    """Ask the three partners to endorse the overview report and its recommendations, as they stand now. Asking
    again replaces a version still waiting, or declined."""
    activity = _locked(activity)
    lifecycle = lifecycle_of(activity)
    step = lifecycle.step_agreed_by(Subject.OVERVIEW)
    if step is None:
        raise TransitionError(f"A {activity.get_kind_display().lower()} has no overview report to agree")
    if by is not None and not may_act(by, activity, step.by):
        raise TransitionError(f"Only {actors_label(step.by)} can put the overview to the partners")
    if activity.status != lifecycle.previous_state(step.state):
        held = lifecycle.label(lifecycle.previous_state(step.state))
        raise TransitionError(f"The overview goes to the partners at the step after '{held}'")
    if not activity.overview.strip() or not activity.recommendations.exists():
        raise TransitionError("Write the overview and at least one recommendation first")
    return endorsements.endorsement_request(
        by=by,
        activity=activity,
        subject=Subject.OVERVIEW,
        text=overview_text(activity),
        parties=endorsements.three_partners(activity.partnership),
    )


HANDOVER_STATE = "handed_over"


@transaction.atomic
def activity_handover(*, by, activity: Activity, plan_title: str) -> Activity:
    """Hand the outcomes over: raise the linked action plan (monitored by the learning group; for an agency
    event, the agency's own plan monitored by the board) and mark the handover done."""
    activity = _locked(activity)
    lifecycle = lifecycle_of(activity)
    step = lifecycle.step(HANDOVER_STATE)
    if step is None:
        raise TransitionError(
            f"A {activity.get_kind_display().lower()} has no handover to the learning group"
        )
    if by is not None and not may_act(by, activity, step.by):
        raise TransitionError(f"Only {actors_label(step.by)} can hand the outcomes over")
    if activity.status != lifecycle.previous_state(HANDOVER_STATE):
        raise TransitionError(
            f"The outcomes are handed over after '{lifecycle.label(lifecycle.previous_state(HANDOVER_STATE))}'"
        )
    if activity.action_plan_id:
        raise TransitionError("The outcomes have already been handed over")
    groups = {group.kind: group for group in activity.partnership.groups.all()}
    single_agency = activity.kind == Kind.AGENCY
    monitor = groups.get(Group.Kind.BOARD if single_agency else Group.Kind.LEARNING)
    plan = plans.plan_create(
        by=by,
        partnership=activity.partnership,
        title=plan_title,
        source_kind=ActionPlan.SourceKind.OTHER,
        source_description=f"Assurance activity: {activity.get_kind_display()}, {activity.title} "
        f"({activity_url(activity)})",
        owner_organisation=activity.organisation if single_agency else None,
        monitoring_group=monitor,
        reports_to=[groups[Group.Kind.BOARD]] if Group.Kind.BOARD in groups else [],
    )
    activity.action_plan = plan
    activity.save(update_fields=["action_plan"])
    return activity_advance(
        by=by, activity=activity, to=HANDOVER_STATE, note=f"Action plan raised: {plan.title}"
    )


@transaction.atomic
def activity_publication_save(
    *,
    by,
    activity: Activity,
    publish: bool,
    text: str,
    expected_version: int | None = None,
    identifiers_confirmation: str = "",
) -> Activity:
    """Mark the highlights for publication, in the words to be published (the public site comes later). Words
    that look identifying are saved only once the warning about exactly them is confirmed."""
    activity = _locked(activity)
    _require(
        by,
        "assurance.manage_activity",
        activity,
        "Only the business team can mark highlights for publication",
    )
    check_version(activity, expected_version, {"text": activity.publication_text})
    text = (text or "").strip()
    if publish and not text:
        raise TransitionError("Write the highlights as they should be published")
    if publish and not activity.highlights.strip():
        raise TransitionError("Record the highlights fed back at the event first")
    confirmed = _guard(by, identifiers_confirmation, publication_text=text)
    before = audit.snapshot(activity, ["publish_highlights", "publication_text"])
    activity.publish_highlights, activity.publication_text = bool(publish), text
    activity.save(update_fields=["publish_highlights", "publication_text"])
    bump(activity)
    changes = audit.diff(before, audit.snapshot(activity, ["publish_highlights", "publication_text"]))
    if changes:
        if confirmed:
            changes["identifier_warnings_confirmed"] = confirmed
        audit.record(
            actor=by,
            verb="activity.publication_marked",
            target=activity,
            partnership=activity.partnership,
            changes=changes,
        )
    return activity


CALL_IN_FIELDS = ["reason", "reason_detail", "venue", "venue_detail", "questions", "outcome", "follow_up"]


@transaction.atomic
def call_in_save(*, by, activity: Activity, expected_version: int | None = None, **values) -> CallIn:
    """The business team's record of a call-in: why and where, the questions, the outcome and the follow-up."""
    activity = _locked(activity)
    _require(by, "assurance.manage_activity", activity, "Only the business team can change a call-in")
    _require_open(activity)
    call_in = CallIn.objects.select_for_update().get(activity=activity)
    values = {name: value for name, value in values.items() if name in CALL_IN_FIELDS}
    check_version(activity, expected_version, {name: getattr(call_in, name) for name in values})
    if values.get("reason", call_in.reason) not in CallIn.Reason.values:
        raise TransitionError("Choose why the agency is called in")
    if values.get("venue", call_in.venue) not in CallIn.Venue.values:
        raise TransitionError("Choose where the agency is called in")
    before = audit.snapshot(call_in, list(values))
    for name, value in values.items():
        setattr(call_in, name, (value or "").strip())
    call_in.save()
    bump(activity)
    changes = audit.diff(before, audit.snapshot(call_in, list(values)))
    if changes:
        audit.record(
            actor=by,
            verb="call_in.updated",
            target=activity,
            partnership=activity.partnership,
            changes=changes,
        )
    return call_in


@transaction.atomic
def call_in_respond(*, by, activity: Activity, response: str) -> CallIn:
    """The agency's answer to the questions, entered by its safeguarding lead (or the business team for it).
    The first answer marks 'response received' done; it can be changed until the meeting is held."""
    activity = _locked(activity)
    _require(by, "assurance.answer_call_in", activity, "Only the agency's safeguarding lead can answer")
    lifecycle = lifecycle_of(activity)
    if activity.status not in ("questions_sent", "response_received"):
        raise TransitionError("The agency answers once the questions have been sent, and until the meeting")
    response = (response or "").strip()
    if not response:
        raise TransitionError("Write the agency's response")
    call_in = CallIn.objects.select_for_update().get(activity=activity)
    before = call_in.response
    call_in.response, call_in.responded_by, call_in.responded_at = response, by, timezone.now()
    call_in.save(update_fields=["response", "responded_by", "responded_at"])
    audit.record(
        actor=by,
        verb="call_in.answered",
        target=activity,
        partnership=activity.partnership,
        changes={"response": {"before": before, "after": response}},
    )
    if (
        lifecycle.next_step(activity.status)
        and lifecycle.next_step(activity.status).state == "response_received"
    ):
        activity_advance(by=by, activity=activity, to="response_received")
    return call_in


PEER_REVIEW_FIELDS = ["direction", "other_partnership", "team", "response"]


@transaction.atomic
def peer_review_save(*, by, activity: Activity, expected_version: int | None = None, **values) -> PeerReview:
    activity = _locked(activity)
    _require(by, "assurance.manage_activity", activity, "Only the business team can change a peer review")
    _require_open(activity)
    review = PeerReview.objects.select_for_update().get(activity=activity)
    values = {name: (value or "").strip() for name, value in values.items() if name in PEER_REVIEW_FIELDS}
    check_version(activity, expected_version, {name: getattr(review, name) for name in values})
    if values.get("direction", review.direction) not in PeerReview.Direction.values:
        raise TransitionError("Choose whether we review another area or are reviewed")
    if not values.get("other_partnership", review.other_partnership):
        raise TransitionError("Name the other partnership")
    before = audit.snapshot(review, list(values))
    for name, value in values.items():
        setattr(review, name, value)
    review.updated_at = timezone.now()
    review.save()
    bump(activity)
    changes = audit.diff(before, audit.snapshot(review, list(values)))
    if changes:
        audit.record(
            actor=by,
            verb="peer_review.updated",
            target=activity,
            partnership=activity.partnership,
            changes=changes,
        )
    return review
