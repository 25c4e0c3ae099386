"""The addressees' responses to an issued report's recommendations, and the ISO's judgement of each.

An addressee (the organisation's safeguarding lead, or the delegated partner for a statutory partner's
organisation) answers accepted, partly accepted or not accepted, with reasons (needed unless it is accepted) and,
where it accepts, the actions it will take. Those actions go into the report's action plan (made with the first
response that brings actions, monitored by the learning group), owned by the responding organisation, and are
followed to verified completion as every action is. A response can change until the ISO has judged it.

    awaited ──answer──▶ answered ──judge sufficient──▶ settled
                           └──────judge not sufficient──▶ awaited again (the earlier answer kept in the trail)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from sightline import policy
from sightline.audit import services as audit
from sightline.core.errors import TransitionError
from sightline.improvement import actions as improvement_actions
from sightline.improvement import plans as improvement_plans
from sightline.improvement.models import ActionPlan
from sightline.partnerships.models import Group, OrganisationMembership

from ..models import IsoReport, RecommendationResponse
from .notices import response_answered_notify, response_reopened_notify

Answer = RecommendationResponse.Answer
Judgement = RecommendationResponse.Judgement
WITH_ACTIONS = (Answer.ACCEPTED, Answer.PARTLY)
NEEDS_REASONS = {
    Answer.PARTLY: "Give the reasons the recommendation is only partly accepted",
    Answer.NOT_ACCEPTED: "Give the reasons the recommendation is not accepted",
}
MAX_TEXT = 20_000


@dataclass(frozen=True)
class NewAction:
    """One action an addressee commits to in its response."""

    what: str
    due_on: date | None
    intended_impact: str


def _locked(response: RecommendationResponse) -> tuple[IsoReport, RecommendationResponse]:
    """The report's row and then the response's, locked in that order (the report's plan is made once)."""
    report_id = (
        RecommendationResponse.objects.filter(pk=response.pk)
        .values_list("recommendation__report_id", flat=True)
        .first()
    )
    if report_id is None:
        raise TransitionError("This recommendation is no longer part of the report. Nothing was changed.")
    report = (
        IsoReport.objects.select_for_update(of=("self",))
        .select_related("partnership", "author", "action_plan")
        .get(pk=report_id)
    )
    response = (
        RecommendationResponse.objects.select_for_update(of=("self",))
        .select_related("recommendation", "organisation")
        .get(pk=response.pk)
    )
    response.recommendation.report = report
    return report, response


def _checked_actions(actions: list[NewAction], today: date) -> list[NewAction]:
    checked = []
    for number, action in enumerate(actions, start=1):
        what = (action.what or "").strip()
        impact = (action.intended_impact or "").strip()
        if not (what or impact or action.due_on):
            continue
        if not what:
            raise TransitionError(f"Action {number}: enter what will be done")
        if action.due_on is None:
            raise TransitionError(f"Action {number}: enter the date it will be done by")
        if action.due_on < today:
            raise TransitionError(f"Action {number}: the due date must be today or later")
        if not impact:
            raise TransitionError(f"Action {number}: enter the difference it should make")
        if len(what) > MAX_TEXT or len(impact) > MAX_TEXT:
            raise TransitionError(f"Action {number}: keep each text to {MAX_TEXT:,} characters or fewer")
        checked.append(NewAction(what=what, due_on=action.due_on, intended_impact=impact))
    return checked


def _plan_for(report: IsoReport) -> ActionPlan:
    """The report's action plan, made now if this is the first response that brings actions: monitored by the
    learning group (or the board where there is none), reporting to the board, serving the report's priorities."""
    if report.action_plan is not None:
        return report.action_plan
    groups = list(Group.objects.filter(partnership=report.partnership).order_by("name"))
    boards = [group for group in groups if group.kind == Group.Kind.BOARD]
    learning = [group for group in groups if group.kind == Group.Kind.LEARNING]
    monitor = (learning or boards or [None])[0]
    if not boards or monitor is None:
        raise TransitionError(
            "The partnership has no board for the report's action plan to report to. Ask the business team to "
            "add one; nothing was saved."
        )
    issued = timezone.localtime(report.issued_at) if report.issued_at else timezone.localtime()
    # by=None: the plan is made by Sightline from the report, not raised by the business team; the response's
    # own audit event names who brought the actions.
    plan = improvement_plans.plan_create(
        by=None,
        partnership=report.partnership,
        title=f"Recommendations of {report.title}"[:200],
        source_kind=ActionPlan.SourceKind.SCRUTINY_REPORT,
        source_description=(
            f'Independent scrutiny report "{report.title}" by {report.author}, issued on {issued:%-d %B %Y}'
        ),
        monitoring_group=monitor,
        reports_to=boards,
    )
    plan.priorities.set(report.priorities.all())
    report.action_plan = plan
    report.save(update_fields=["action_plan"])
    return plan


def _owner_person(by, response: RecommendationResponse):
    """The person answering owns the actions if they have an account at the organisation."""
    if OrganisationMembership.objects.filter(user=by, organisation=response.organisation).exists():
        return by
    return None


@transaction.atomic
def response_answer(
    *,
    by,
    response: RecommendationResponse,
    version: int | None,
    answer: str,
    reasons: str = "",
    actions: list[NewAction] | None = None,
    today: date | None = None,
) -> RecommendationResponse:
    """The addressee answers a recommendation, or changes its answer before the ISO has judged it. Actions given
    with an acceptance are added to the report's action plan, owned by the organisation; actions added before stay
    in the plan (the learning group decides on them as on any action)."""
    today = today or timezone.localdate()
    report, response = _locked(response)
    organisation = response.organisation
    if by is not None and not policy.answers_for_response(by, response):
        raise TransitionError(
            f"Only the safeguarding lead of {organisation.name}, or its delegated safeguarding partner, can answer "
            "for it"
        )
    if report.status != IsoReport.Status.ISSUED:
        raise TransitionError("This report is not issued yet, so there is nothing to answer")
    if response.judgement == Judgement.SUFFICIENT:
        raise TransitionError(
            "The independent scrutiny officer has judged this response sufficient: it is settled"
        )
    if version is not None and response.version != version:
        raise TransitionError(
            f"Someone else answered for {organisation.name} after you opened this page. Reload it to see their "
            "answer: what you typed is still in the form."
        )
    if answer not in (Answer.ACCEPTED, Answer.PARTLY, Answer.NOT_ACCEPTED):
        raise TransitionError(
            "Choose whether the recommendation is accepted, partly accepted or not accepted"
        )
    reasons = (reasons or "").strip()
    if answer in NEEDS_REASONS and not reasons:
        raise TransitionError(NEEDS_REASONS[answer])
    if len(reasons) > MAX_TEXT:
        raise TransitionError(f"Keep the reasons to {MAX_TEXT:,} characters or fewer")
    new_actions = _checked_actions(list(actions or []), today)
    if answer == Answer.NOT_ACCEPTED and new_actions:
        raise TransitionError(
            "A recommendation that is not accepted has no actions: remove the actions, or answer accepted or "
            "partly accepted"
        )
    if answer in WITH_ACTIONS and not new_actions and not response.actions.exists():
        raise TransitionError(
            "Add at least one action the organisation will take to carry the recommendation out"
        )
    before = audit.snapshot(response, ["answer", "reasons", "judgement", "judgement_note"])
    added = []
    if new_actions:
        plan = _plan_for(report)
        owner = _owner_person(by, response)
        for action in new_actions:
            made = improvement_actions.action_create(
                by=None,
                plan=plan,
                what=action.what,
                intended_impact=action.intended_impact,
                owner_organisation=organisation,
                owner_person=owner,
                lead_name=str(by)[:200] if by is not None else "",
                due_on=action.due_on,
            )
            added.append(made)
        response.actions.add(*added)
    response.answer, response.reasons = answer, reasons
    response.responded_by = by if getattr(by, "is_authenticated", False) else None
    response.responded_at = timezone.now()
    # A new answer after "not sufficient" waits for a new judgement; the old one stays in the trail.
    response.judgement, response.judgement_note, response.judged_by, response.judged_at = "", "", None, None
    response.version += 1
    response.save()
    audit.record(
        actor=by,
        verb="recommendation_response.answered",
        target=response,
        partnership=report.partnership,
        changes={
            "report": report.title,
            "recommendation": response.recommendation.number,
            "organisation": organisation.name,
            **audit.diff(
                before, audit.snapshot(response, ["answer", "reasons", "judgement", "judgement_note"])
            ),
            "actions_added": [f"{made.plan.title}, action {made.number}" for made in added],
        },
    )
    response_answered_notify(response=response)
    return response


@transaction.atomic
def response_judge(
    *, by, response: RecommendationResponse, version: int | None, judgement: str, note: str = ""
) -> RecommendationResponse:
    """The ISO who wrote the report says whether an answered response is sufficient. Not sufficient reopens it:
    the addressee is told why and answers again; what it said before stays in the audit trail."""
    report, response = _locked(response)
    if by is not None and not policy.is_report_author(by, report):
        raise TransitionError(
            "Only the independent scrutiny officer who wrote the report can judge its responses"
        )
    if not response.is_answered:
        raise TransitionError(f"{response.organisation.name} has not answered yet: there is nothing to judge")
    if response.judgement:
        raise TransitionError("This response has already been judged")
    if version is not None and response.version != version:
        raise TransitionError(
            f"{response.organisation.name} changed its response after you opened this page. Read it again, then "
            "judge it."
        )
    if judgement not in (Judgement.SUFFICIENT, Judgement.INSUFFICIENT):
        raise TransitionError("Choose whether the response is sufficient or not sufficient")
    note = (note or "").strip()
    if judgement == Judgement.INSUFFICIENT and not note:
        raise TransitionError("Say why the response is not sufficient, so the organisation knows what to add")
    if len(note) > MAX_TEXT:
        raise TransitionError(f"Keep the note to {MAX_TEXT:,} characters or fewer")
    answered = {"answer": response.answer, "reasons": response.reasons}
    response.judgement, response.judgement_note = judgement, note
    response.judged_by = by if getattr(by, "is_authenticated", False) else None
    response.judged_at = timezone.now()
    if judgement == Judgement.INSUFFICIENT:
        response.answer = Answer.AWAITED
    response.version += 1
    response.save()
    audit.record(
        actor=by,
        verb="recommendation_response.judged",
        target=response,
        partnership=report.partnership,
        changes={
            "report": report.title,
            "recommendation": response.recommendation.number,
            "organisation": response.organisation.name,
            "judgement": judgement,
            "note": note,
            "response_judged": answered,
            "reopened": judgement == Judgement.INSUFFICIENT,
        },
    )
    if judgement == Judgement.INSUFFICIENT:
        response_reopened_notify(response=response)
    return response
