from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sightline import policy
from sightline.core.access import partnership_view
from sightline.core.errors import EditConflict, TransitionError
from sightline.core.once import creates
from sightline.partnerships.models import OrganisationMembership

from .. import answering, selectors, submissions
from ..forms_returns import ActionForm, AssignForm, ChallengeResponseForm, SignOffForm, challenge_form
from ..models import ActionArising, Challenge, Standard


def _return_or_404(request, submission_id):
    submission = selectors.submission_for(
        user=request.user, partnership=request.partnership, submission_id=submission_id
    )
    if submission is None:
        raise Http404
    return submission


def _back(request, submission):
    return redirect("return_overview", slug=request.partnership.slug, submission_id=submission.pk)


def _to_standard(request, submission, standard_id):
    return redirect(
        "return_standard", slug=request.partnership.slug, submission_id=submission.pk, standard_id=standard_id
    )


def _context(request, submission, **extra):
    roles = policy.organisation_roles(request.user).get(submission.organisation_id, set())
    return {
        "submission": submission,
        "cycle": submission.cycle,
        "is_lead": OrganisationMembership.Role.LEAD in roles,
        "is_signatory": bool(
            roles & {OrganisationMembership.Role.SIGNATORY, OrganisationMembership.Role.LEAD}
        ),
        # A return shared from another partnership's cycle is reviewed by that partnership's business team.
        "is_business_team": policy.is_business_team(request.user, submission.cycle.partnership),
        "answered_for": submission.cycle.partnership
        if submission.cycle.partnership_id != request.partnership.pk
        else None,
        "open_for_answers": submissions.is_open_for_answers(submission),
        **extra,
    }


@partnership_view("partnerships.view_partnership")
@require_GET
def return_overview(request, submission_id):
    submission = _return_or_404(request, submission_id)
    return TemplateResponse(
        request,
        "assessments/returns/overview.html",
        _context(
            request,
            submission,
            overview=selectors.submission_overview(submission=submission),
            sign_offs=submission.sign_offs.filter(withdrawn_at__isnull=True),
            offices=submissions.offices_required(submission),
            assignments=submission.assignments.select_related("section", "user"),
            actions=submission.actions.select_related("standard"),
            challenges=submission.challenges.select_related("standard"),
        ),
    )


@partnership_view("partnerships.view_partnership")
@require_http_methods(["GET", "POST"])
def return_standard(request, submission_id, standard_id):
    submission = _return_or_404(request, submission_id)
    standard = (
        Standard.objects.filter(pk=standard_id, template=submission.cycle.template)
        .select_related("section")
        .first()
    )
    if standard is None:
        raise Http404
    questions = list(standard.questions.order_by("order"))
    answers = {
        a.question_id: a
        for a in submission.answers.filter(question__standard=standard).select_related("question")
    }
    scale = submission.cycle.template.scale
    can_edit = (
        submissions.is_open_for_answers(submission)
        and request.user.has_perm("assessments.answer_return", submission)
        and submissions.can_edit_section(request.user, submission, standard.section_id)
    )
    form = answering.StandardForm(
        request.POST if request.method == "POST" else None, questions=questions, scale=scale, answers=answers
    )
    conflict = None
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if form.is_valid():
            try:
                submissions.standard_save(
                    by=request.user,
                    submission=submission,
                    standard=standard,
                    values=form.values(),
                    versions=form.versions(),
                )
            except EditConflict as error:
                conflict = [
                    {"question": q, "saved": error.current[q.key], "yours": form.values().get(q.key)}
                    for q in form.questions
                    if q.key in error.current
                ]
                answers = {a.question_id: a for a in submission.answers.filter(question__standard=standard)}
                data = request.POST.copy()
                for question in form.questions:
                    if question.pk in answers:
                        data[f"{question.key}__version"] = answers[question.pk].version
                form = answering.StandardForm(data, questions=questions, scale=scale, answers=answers)
                form.is_valid()
            except TransitionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Saved: {standard.title}")
                if request.POST.get("stay"):
                    return redirect(request.path)
                return _back(request, submission)
    context = _context(
        request,
        submission,
        standard=standard,
        form=form,
        can_edit=can_edit,
        conflict=conflict,
        action_form=ActionForm(),
        actions=submission.actions.filter(standard=standard),
        challenges=submission.challenges.filter(standard=standard),
        response_form=ChallengeResponseForm(),
        carried=any(a.carried_forward for a in answers.values()),
        evidence=selectors.evidence_for(submission=submission, standard=standard),
    )
    return TemplateResponse(request, "assessments/returns/standard.html", context, status=200)


@partnership_view("partnerships.view_partnership")
@creates
@require_POST
def return_action_add(request, submission_id, standard_id):
    submission = _return_or_404(request, submission_id)
    standard = Standard.objects.filter(pk=standard_id, template=submission.cycle.template).first()
    if standard is None:
        raise Http404
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            submissions.action_add(
                by=request.user, submission=submission, standard=standard, **form.cleaned_data
            )
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Action added")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return _to_standard(request, submission, standard.pk)


@partnership_view("partnerships.view_partnership")
@require_POST
def return_action_remove(request, submission_id, action_id):
    submission = _return_or_404(request, submission_id)
    action = (
        ActionArising.objects.filter(pk=action_id, submission=submission).select_related("standard").first()
    )
    if action is None:
        raise Http404
    try:
        submissions.action_remove(by=request.user, action=action)
    except TransitionError as error:
        messages.error(request, str(error))
    return _to_standard(request, submission, action.standard_id)


@partnership_view("partnerships.view_partnership")
@require_POST
def return_challenge_respond(request, submission_id, challenge_id):
    submission = _return_or_404(request, submission_id)
    challenge = (
        Challenge.objects.filter(pk=challenge_id, submission=submission).select_related("standard").first()
    )
    if challenge is None:
        raise Http404
    form = ChallengeResponseForm(request.POST)
    try:
        if not form.is_valid():
            raise TransitionError("Enter your response to the challenge")
        submissions.challenge_respond(
            by=request.user, challenge=challenge, response=form.cleaned_data["response"]
        )
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Response saved")
    return _to_standard(request, submission, challenge.standard_id)


@partnership_view("partnerships.view_partnership")
@require_http_methods(["GET", "POST"])
def return_assign(request, submission_id):
    submission = _return_or_404(request, submission_id)
    if OrganisationMembership.Role.LEAD not in policy.organisation_roles(request.user).get(
        submission.organisation_id, ()
    ):
        raise Http404
    people = (
        get_user_model().objects.filter(organisation_roles__organisation=submission.organisation).distinct()
    )
    sections = list(submission.cycle.template.sections.all())
    form = AssignForm(request.POST or None, sections=sections, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            submissions.section_assign(
                by=request.user,
                submission=submission,
                section_id=form.cleaned_data["section"],
                user=people.get(pk=form.cleaned_data["person"]),
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Section shared")
            return _back(request, submission)
    return TemplateResponse(
        request, "assessments/returns/assign.html", _context(request, submission, form=form)
    )


def _transition(request, submission_id, service, success: str):
    submission = _return_or_404(request, submission_id)
    try:
        service(by=request.user, submission=submission)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return _back(request, submission)


@partnership_view("partnerships.view_partnership")
@require_POST
def return_ready(request, submission_id):
    return _transition(
        request,
        submission_id,
        submissions.submission_ready_for_sign_off,
        "The return is ready for sign-off. Your signatories have been told.",
    )


@partnership_view("partnerships.view_partnership")
@require_POST
def return_submit(request, submission_id):
    return _transition(
        request,
        submission_id,
        submissions.submission_submit,
        "Submitted. The partnership's business team will review it.",
    )


@partnership_view("assessments.manage_cycles")
@require_POST
def return_accept(request, submission_id):
    return _transition(
        request, submission_id, submissions.submission_accept, "Accepted. The organisation has been told."
    )


@partnership_view("partnerships.view_partnership")
@require_http_methods(["GET", "POST"])
def return_sign_off(request, submission_id):
    submission = _return_or_404(request, submission_id)
    if not request.user.has_perm("assessments.sign_off_return", submission):
        raise Http404
    form = SignOffForm(
        request.POST or None,
        offices=submissions.offices_required(submission),
        initial={"name": request.user.full_name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            submissions.submission_sign_off(
                by=request.user,
                submission=submission,
                office=form.cleaned_data["office"],
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Signed off")
            return _back(request, submission)
    return TemplateResponse(
        request, "assessments/returns/sign_off.html", _context(request, submission, form=form)
    )


@partnership_view("assessments.manage_cycles")
@require_http_methods(["GET", "POST"])
def return_challenge(request, submission_id):
    submission = _return_or_404(request, submission_id)
    if submission.cycle.partnership_id != request.partnership.pk or not request.user.has_perm(
        "assessments.review_return", submission
    ):
        raise Http404  # a shared return is challenged by the partnership whose cycle it answers
    standards = list(submission.cycle.template.standards.order_by("order"))
    form = challenge_form(standards, request.POST or None)
    if request.method == "POST" and form.is_valid():
        comments = {s: form.cleaned_data.get(f"standard_{s.pk}", "") for s in standards}
        try:
            submissions.submission_return(by=request.user, submission=submission, comments=comments)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Returned with challenge. The organisation has been told.")
            return _back(request, submission)
    return TemplateResponse(
        request, "assessments/returns/challenge.html", _context(request, submission, form=form)
    )
