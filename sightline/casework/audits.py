"""A single-agency case audit: the agency's safeguarding lead drafts it standard by standard, saving as they
go, and submits it; a submitted audit is locked and opens to the activity's panel. Every read of an audit is
recorded in the audit trail (QUALITY.md L1).

Answers are rows, one per question, handled by the same code as a self-assessment's answers
(sightline.assessments.answering). Free text is checked by the guard before it is saved."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sightline import policy
from sightline.assessments import answering
from sightline.assessments.models import Question, Standard
from sightline.audit import services as audit
from sightline.core.errors import EditConflict, TransitionError
from sightline.notifications.services import notice_create
from sightline.partnerships.models import PartnershipMembership

from .cases import require_open
from .checking import guard_texts
from .models import CaseAudit, CaseAuditAnswer, PanelMember
from .selectors import case_audits_complete

S = CaseAudit.Status


def can_write(user, case_audit: CaseAudit) -> bool:
    return (
        case_audit.status != S.SUBMITTED
        and case_audit.case.activity.status not in policy.PANEL_ENDED_STATES
        and policy.leads_audited_agency(user, case_audit)
    )


def _locked(case_audit: CaseAudit) -> CaseAudit:
    return (
        CaseAudit.objects.select_for_update(of=("self",))
        .select_related("case__activity__partnership", "organisation", "template")
        .get(pk=case_audit.pk)
    )


def _require_writable(by, case_audit: CaseAudit) -> None:
    if not policy.leads_audited_agency(by, case_audit):
        raise TransitionError("Only the agency's safeguarding lead can write its case audit")
    require_open(case_audit.case.activity)
    if case_audit.status == S.SUBMITTED:
        raise TransitionError("This audit has been submitted: it is locked")


@transaction.atomic
def case_audit_save(
    *,
    by,
    case_audit: CaseAudit,
    standard: Standard,
    values: dict,
    versions: dict,
    identifiers_confirmation: str = "",
) -> list[CaseAuditAnswer]:
    """Save one standard's answers together. Text that looks identifying is saved only once the author has
    checked it: IdentifyingDetails until `identifiers_confirmation` is the token of the warning about exactly
    this text (checking.py). If anyone saved these answers since this editor's page was loaded, nothing is
    saved and EditConflict carries the saved values."""
    case_audit = _locked(case_audit)
    _require_writable(by, case_audit)
    if standard.template_id != case_audit.template_id:
        raise TransitionError("That part is not in this audit")
    questions = {q.key: q for q in standard.questions.all()}
    texts = {
        questions[key].text: value
        for key, value in values.items()
        if key in questions and questions[key].kind == Question.Kind.TEXT and isinstance(value, str)
    }
    confirmed = guard_texts(texts, by=by, confirmation=identifiers_confirmation)
    existing = {
        a.question.key: a
        for a in CaseAuditAnswer.objects.select_for_update(of=("self",))
        .filter(audit=case_audit, question__standard=standard)
        .select_related("question")
    }
    stale = {
        key: answering.value_of(existing[key])
        for key, seen in versions.items()
        if key in existing and existing[key].version != seen
    }
    if stale:
        raise EditConflict(stale)
    scale, changed, saved = case_audit.template.scale, [], []
    for key, value in values.items():
        question = questions.get(key)
        if question is None or question.kind == Question.Kind.EVIDENCE:
            continue
        answer = existing.get(key)
        if answer is None:
            if answering.is_blank(value):
                continue
            answer = CaseAuditAnswer(audit=case_audit, question=question, version=0)
        before = answering.value_of(answer) if answer.pk else None
        answering.apply_value(answer, value, scale)
        if answer.pk and answering.value_of(answer) == before:
            continue
        answer.version += 1
        answer.updated_by, answer.updated_at = by, timezone.now()
        answer.save()
        changed.append(key)
        saved.append(answer)
    if changed:
        if case_audit.status == S.REQUESTED:
            case_audit.status = S.IN_PROGRESS
            case_audit.save(update_fields=["status"])
        audit.record(
            actor=by,
            verb="case_audit.saved",
            target=case_audit,
            partnership=case_audit.case.activity.partnership,
            changes={
                "standard": standard.key,
                "questions": changed,
                "identifier_warnings_confirmed": confirmed,
            },
        )
    return saved


def missing(case_audit: CaseAudit) -> list[Question]:
    """The required questions still unanswered."""
    questions = list(case_audit.template.questions.select_related("standard").order_by("order"))
    answers = {a.question_id: a for a in case_audit.answers.select_related("question")}
    return answering.missing_questions(questions, answers)


@transaction.atomic
def case_audit_submit(*, by, case_audit: CaseAudit) -> CaseAudit:
    """The agency submits its audit: every required question answered. It is locked from then on, and the
    panel can read it."""
    case_audit = _locked(case_audit)
    _require_writable(by, case_audit)
    gaps = missing(case_audit)
    if gaps:
        n = len(gaps)
        raise TransitionError(
            f"Answer every required question before submitting: {n} still to answer, "
            f"starting with \u201c{gaps[0].standard.title}\u201d"
        )
    case_audit.status, case_audit.submitted_by, case_audit.submitted_at = S.SUBMITTED, by, timezone.now()
    case_audit.save(update_fields=["status", "submitted_by", "submitted_at"])
    activity = case_audit.case.activity
    audit.record(
        actor=by,
        verb="case_audit.submitted",
        target=case_audit,
        partnership=activity.partnership,
        changes={"case": case_audit.case.reference, "agency": case_audit.organisation.name},
    )
    url = reverse("case_audit_detail", kwargs={"slug": activity.partnership.slug, "audit_id": case_audit.pk})
    for member in PanelMember.objects.filter(activity=activity).select_related("user"):
        notice_create(
            user=member.user,
            partnership=activity.partnership,
            title=f"{activity.title}: {case_audit.organisation.name}'s audit of {case_audit.case.reference} "
            "is ready to read",
            url=url,
        )
    if case_audits_complete(activity):
        _tell_business_team_all_in(activity)
    return case_audit


def _tell_business_team_all_in(activity) -> None:
    """The last audit is in: the business team can mark the activity's step done."""
    url = reverse("activity_casework", kwargs={"slug": activity.partnership.slug, "activity_id": activity.pk})
    for membership in PartnershipMembership.objects.filter(
        partnership=activity.partnership, role=PartnershipMembership.Role.BUSINESS_TEAM, user__is_active=True
    ).select_related("user"):
        notice_create(
            user=membership.user,
            partnership=activity.partnership,
            title=f"{activity.title}: every case audit asked for is in",
            url=url,
        )


@transaction.atomic
def case_audit_read(*, by, case_audit: CaseAudit, via: str = "page") -> None:
    """Record that someone read an audit: who, which, when and how (QUALITY.md L1). No content is recorded."""
    audit.record(
        actor=by,
        verb="case_audit.read",
        target=case_audit,
        partnership=case_audit.case.activity.partnership,
        changes={"via": via},
    )
