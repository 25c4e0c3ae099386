"""A return's lifecycle: not started → in progress → awaiting sign-off → submitted (locked) → returned with
challenge ↔ resubmitted → accepted. One service per step; each checks who may act and what must be true."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from sightline import policy
from sightline.audit import services as audit
from sightline.core.errors import EditConflict, TransitionError
from sightline.notifications.services import notice_create
from sightline.partnerships.models import OrganisationMembership

from . import answering, daily_email
from .models import ActionArising, Answer, Challenge, Cycle, SectionAssignment, SignOff, Standard, Submission

S = Submission.Status
EDITABLE = (S.NOT_STARTED, S.IN_PROGRESS, S.RETURNED)
OrgRole = OrganisationMembership.Role


def _roles(user, submission) -> set:
    return policy.organisation_roles(user).get(submission.organisation_id, set())


def is_open_for_answers(submission: Submission, today: date | None = None) -> bool:
    if submission.status == S.RETURNED:
        return True  # the business team has handed it back for answers, whatever the dates
    today = today or timezone.localdate()
    window = submission.cycle.status == Cycle.Status.OPEN or (
        submission.cycle.status == Cycle.Status.CLOSED and submission.due_on > submission.cycle.closes_on
    )
    return (
        window
        and submission.status in EDITABLE
        and (submission.due_on >= today or submission.cycle.status == Cycle.Status.OPEN)
    )


def can_edit_section(user, submission: Submission, section_id) -> bool:
    roles = _roles(user, submission)
    if OrgRole.LEAD in roles:
        return True
    return (
        OrgRole.CONTRIBUTOR in roles
        and submission.assignments.filter(section_id=section_id, user=user).exists()
    )


def _require_editable(by, submission: Submission, section_id) -> None:
    if not is_open_for_answers(submission):
        raise TransitionError(
            "This return cannot be changed now: it is submitted, accepted or past its deadline"
        )
    if not can_edit_section(by, submission, section_id):
        raise TransitionError("Only the safeguarding lead, or a colleague given this section, can change it")


@transaction.atomic
def standard_save(
    *, by, submission: Submission, standard: Standard, values: dict, versions: dict
) -> list[Answer]:
    """Save one standard's answers together. If anyone saved any of them since this editor's page was loaded,
    nothing is saved and EditConflict carries the saved values, so both versions can be shown."""
    submission = (
        Submission.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=submission.pk)
    )
    _require_editable(by, submission, standard.section_id)
    questions = {q.key: q for q in standard.questions.all()}
    existing = {
        a.question.key: a
        for a in Answer.objects.select_for_update(of=("self",))
        .filter(submission=submission, question__standard=standard)
        .select_related("question")
    }
    stale = {
        key: answering.value_of(existing[key])
        for key, seen in versions.items()
        if key in existing and existing[key].version != seen
    }
    if stale:
        raise EditConflict(stale)
    scale, changed, saved = submission.cycle.template.scale, [], []
    for key, value in values.items():
        question = questions.get(key)
        if question is None:
            continue
        answer = existing.get(key)
        if answer is None:
            if answering.is_blank(value):
                continue
            answer = Answer(submission=submission, question=question, version=0)
        before = answering.value_of(answer) if answer.pk else None
        answering.apply_value(answer, value, scale)
        if answer.pk and answering.value_of(answer) == before and not answer.carried_forward:
            continue
        answer.version += 1
        answer.carried_forward = False
        answer.updated_by, answer.updated_at = by, timezone.now()
        answer.save()
        changed.append(key)
        saved.append(answer)
    if changed:
        if submission.status == S.NOT_STARTED:
            submission.status = S.IN_PROGRESS
            submission.save(update_fields=["status"])
        audit.record(
            actor=by,
            verb="answers.saved",
            target=submission,
            partnership=submission.cycle.partnership,
            changes={"standard": standard.key, "questions": changed},
        )
    return saved


@transaction.atomic
def action_add(
    *, by, submission: Submission, standard: Standard, what: str, lead: str, due_on: date
) -> ActionArising:
    _require_editable(by, submission, standard.section_id)
    if not what.strip() or not lead.strip():
        raise TransitionError("Enter what will be done and who leads it")
    if due_on < timezone.localdate():
        raise TransitionError("The date for an action must be today or later")
    action = ActionArising.objects.create(
        submission=submission, standard=standard, what=what.strip(), lead=lead.strip(), due_on=due_on
    )
    audit.record(
        actor=by,
        verb="action_arising.added",
        target=submission,
        partnership=submission.cycle.partnership,
        changes={"standard": standard.key, "what": action.what, "lead": action.lead, "due_on": due_on},
    )
    return action


@transaction.atomic
def action_remove(*, by, action: ActionArising) -> None:
    _require_editable(by, action.submission, action.standard.section_id)
    audit.record(
        actor=by,
        verb="action_arising.removed",
        target=action.submission,
        partnership=action.submission.cycle.partnership,
        changes={"what": action.what},
    )
    action.delete()


@transaction.atomic
def section_assign(*, by, submission: Submission, section_id, user) -> SectionAssignment:
    """The lead asks a colleague to complete one section."""
    if OrgRole.LEAD not in _roles(by, submission):
        raise TransitionError("Only the organisation's safeguarding lead can share sections")
    if not OrganisationMembership.objects.filter(organisation=submission.organisation, user=user).exists():
        raise TransitionError("Choose someone who has a role in this organisation")
    assignment, created = SectionAssignment.objects.get_or_create(
        submission=submission, section_id=section_id, user=user
    )
    if created:
        audit.record(
            actor=by,
            verb="section.assigned",
            target=submission,
            partnership=submission.cycle.partnership,
            changes={"section": assignment.section.title, "to": user.email},
        )
        notice_create(
            user=user,
            partnership=submission.cycle.partnership,
            title=f"{by} asked you to complete '{assignment.section.title}' for {submission.organisation.name}",
        )
    return assignment


def offices_required(submission: Submission) -> list[str]:
    return submission.cycle.sign_off_by or ["Safeguarding lead"]


def outstanding(submission: Submission) -> list:
    """The required questions still unanswered, across the whole return."""
    template = submission.cycle.template
    questions = list(template.questions.select_related("standard").order_by("order"))
    answers = {a.question_id: a for a in submission.answers.all()}
    return answering.missing_questions(questions, answers)


@transaction.atomic
def submission_ready_for_sign_off(*, by, submission: Submission) -> Submission:
    """The lead says the return is complete: every required question answered. Signatories are told."""
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("cycle", "organisation")
        .get(pk=submission.pk)
    )
    if OrgRole.LEAD not in _roles(by, submission):
        raise TransitionError("Only the organisation's safeguarding lead can send the return for sign-off")
    if not is_open_for_answers(submission):
        raise TransitionError("This return cannot be changed now")
    unanswered = submission.challenges.filter(responded_at__isnull=True).count()
    if unanswered:
        raise TransitionError(f"Respond to each challenge first: {unanswered} still without a response")
    carried = submission.answers.filter(carried_forward=True).count()
    if carried:
        raise TransitionError(
            f"{carried} answer{'s' if carried != 1 else ''} brought forward from last year still need confirming: "
            "open each standard marked 'Answers from last year' and save it"
        )
    missing = outstanding(submission)
    if missing:
        raise TransitionError(
            f"{len(missing)} required question{'s' if len(missing) != 1 else ''} still need an answer, "
            f"starting with: {missing[0].standard.title} – {missing[0].text}"
        )
    submission.status = S.AWAITING_SIGN_OFF
    submission.save(update_fields=["status"])
    audit.record(
        actor=by,
        verb="submission.awaiting_sign_off",
        target=submission,
        partnership=submission.cycle.partnership,
    )
    for membership in OrganisationMembership.objects.filter(
        organisation=submission.organisation, role=OrgRole.SIGNATORY
    ).select_related("user"):
        notice_create(
            user=membership.user,
            partnership=submission.cycle.partnership,
            title=f"{submission.cycle.title} for {submission.organisation.name} is ready for your sign-off",
        )
    return submission


@transaction.atomic
def submission_sign_off(*, by, submission: Submission, office: str, name: str, role: str) -> SignOff:
    """A named signatory signs the return off in one of the offices the cycle requires."""
    submission = (
        Submission.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=submission.pk)
    )
    if submission.status != S.AWAITING_SIGN_OFF:
        raise TransitionError("The return must be complete and sent for sign-off first")
    if not (_roles(by, submission) & {OrgRole.SIGNATORY, OrgRole.LEAD}):
        raise TransitionError("Only a named signatory of this organisation can sign it off")
    if office not in offices_required(submission):
        raise TransitionError("Choose one of the offices this cycle asks to sign off")
    if not name.strip() or not role.strip():
        raise TransitionError("Enter your name and your role")
    if submission.sign_offs.filter(office=office, withdrawn_at__isnull=True).exists():
        raise TransitionError(f"The return is already signed off as {office}")
    sign_off = SignOff.objects.create(
        submission=submission, office=office, signed_by=by, name=name.strip(), role=role.strip()
    )
    audit.record(
        actor=by,
        verb="submission.signed_off",
        target=submission,
        partnership=submission.cycle.partnership,
        changes={"office": office, "name": sign_off.name, "role": sign_off.role},
    )
    return sign_off


@transaction.atomic
def submission_submit(*, by, submission: Submission) -> Submission:
    """Submit the signed-off return to the partnership. It is locked from now on."""
    submission = (
        Submission.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=submission.pk)
    )
    if OrgRole.LEAD not in _roles(by, submission):
        raise TransitionError("Only the organisation's safeguarding lead can submit the return")
    if submission.status != S.AWAITING_SIGN_OFF:
        raise TransitionError("Only a return sent for sign-off can be submitted")
    signed = set(submission.sign_offs.filter(withdrawn_at__isnull=True).values_list("office", flat=True))
    unsigned = [office for office in offices_required(submission) if office not in signed]
    if unsigned:
        raise TransitionError(f"Still to sign off: {', '.join(unsigned)}")
    submission.status, submission.submitted_at = S.SUBMITTED, timezone.now()
    submission.save(update_fields=["status", "submitted_at"])
    audit.record(
        actor=by, verb="submission.submitted", target=submission, partnership=submission.cycle.partnership
    )
    return submission


def _tell_leads(submission: Submission, *, subject: str, template: str, context: dict, kind: str) -> None:
    """A notice now for each lead, and an email: now, or in tomorrow's digest if the return has had today's."""
    leads = [
        membership.user
        for membership in OrganisationMembership.objects.filter(
            organisation=submission.organisation, role=OrgRole.LEAD, user__is_active=True
        ).select_related("user")
    ]
    for person in leads:
        notice_create(user=person, partnership=submission.cycle.partnership, title=subject)
    daily_email.email_leads(
        submission=submission,
        people=leads,
        subject=subject,
        template=template,
        context={"submission": submission, **context},
        kind=kind,
    )


@transaction.atomic
def submission_return(*, by, submission: Submission, comments: dict) -> list[Challenge]:
    """The business team returns a submitted return with challenge on particular standards. Sign-offs lapse:
    the organisation responds, signs off again and resubmits."""
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("cycle", "organisation")
        .get(pk=submission.pk)
    )
    if not policy.is_business_team(by, submission.cycle.partnership):
        raise TransitionError("Only the partnership's business team can return a submission")
    if submission.status != S.SUBMITTED:
        raise TransitionError("Only a submitted return can be returned with challenge")
    comments = {standard: text.strip() for standard, text in comments.items() if text and text.strip()}
    if not comments:
        raise TransitionError("Enter a challenge on at least one standard")
    challenges = [
        Challenge.objects.create(submission=submission, standard=standard, comment=text, raised_by=by)
        for standard, text in comments.items()
    ]
    submission.sign_offs.filter(withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    submission.status = S.RETURNED
    submission.save(update_fields=["status"])
    audit.record(
        actor=by,
        verb="submission.returned",
        target=submission,
        partnership=submission.cycle.partnership,
        changes={"standards": [standard.key for standard in comments]},
    )
    _tell_leads(
        submission,
        subject=f"{submission.cycle.title}: your return has been returned with questions",
        template="assessments/email/returned.txt",
        context={"challenges": challenges},
        kind="returned",
    )
    return challenges


@transaction.atomic
def challenge_respond(*, by, challenge: Challenge, response: str) -> Challenge:
    submission = challenge.submission
    _require_editable(by, submission, challenge.standard.section_id)
    if submission.status != S.RETURNED:
        raise TransitionError("Only a returned submission takes responses to challenge")
    if not response.strip():
        raise TransitionError("Enter your response to the challenge")
    challenge.response, challenge.responded_at = response.strip(), timezone.now()
    challenge.save(update_fields=["response", "responded_at"])
    audit.record(
        actor=by,
        verb="challenge.responded",
        target=submission,
        partnership=submission.cycle.partnership,
        changes={"standard": challenge.standard.key},
    )
    return challenge


@transaction.atomic
def submission_accept(*, by, submission: Submission) -> Submission:
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("cycle", "organisation")
        .get(pk=submission.pk)
    )
    if not policy.is_business_team(by, submission.cycle.partnership):
        raise TransitionError("Only the partnership's business team can accept a submission")
    if submission.status != S.SUBMITTED:
        raise TransitionError("Only a submitted return can be accepted")
    submission.status, submission.accepted_at = S.ACCEPTED, timezone.now()
    submission.save(update_fields=["status", "accepted_at"])
    audit.record(
        actor=by, verb="submission.accepted", target=submission, partnership=submission.cycle.partnership
    )
    _tell_leads(
        submission,
        subject=f"{submission.cycle.title}: your return has been accepted",
        template="assessments/email/accepted.txt",
        context={},
        kind="accepted",
    )
    return submission
