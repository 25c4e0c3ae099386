"""Evidence files on a return: upload and remove (from the standard's page), and download, which checks the
return is visible to the person and logs the read (ARCHITECTURE.md §4 rule 7; QUALITY.md F1, L1)."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from sightline.core.access import partnership_view
from sightline.core.errors import TransitionError
from sightline.core.once import creates

from .. import evidence as services
from .. import selectors
from ..models import EvidenceFile, Question

DOWNLOAD_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox"


def _return_or_404(request, submission_id):
    submission = selectors.submission_for(
        user=request.user, partnership=request.partnership, submission_id=submission_id
    )
    if submission is None:
        raise Http404
    return submission


def _evidence_or_404(submission, evidence_id) -> EvidenceFile:
    evidence = (
        EvidenceFile.objects.filter(pk=evidence_id, submission=submission, removed_at__isnull=True)
        .select_related("question__standard", "submission__cycle__partnership")
        .first()
    )
    if evidence is None:
        raise Http404
    return evidence


def _standard_page(request, submission, standard_id):
    return redirect(
        "return_standard", slug=request.partnership.slug, submission_id=submission.pk, standard_id=standard_id
    )


@partnership_view("partnerships.view_partnership")
@creates
@require_POST
def return_evidence_add(request, submission_id):
    submission = _return_or_404(request, submission_id)
    question_id = request.POST.get("question", "")
    question = (
        Question.objects.filter(
            pk=int(question_id) if question_id.isdigit() else None,
            template=submission.cycle.template,
            kind=Question.Kind.EVIDENCE,
        )
        .select_related("standard")
        .first()
    )
    if question is None:
        raise Http404
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Choose a file to upload")
        return _standard_page(request, submission, question.standard_id)
    try:
        evidence = services.evidence_add(
            by=request.user, submission=submission, question=question, upload=upload
        )
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Uploaded: {evidence.original_name}")
    return _standard_page(request, submission, question.standard_id)


@partnership_view("partnerships.view_partnership")
@require_POST
def return_evidence_remove(request, submission_id, evidence_id):
    submission = _return_or_404(request, submission_id)
    evidence = _evidence_or_404(submission, evidence_id)
    if evidence.question_id is None:
        raise Http404  # evidence of progress on an action is kept with the action
    try:
        services.evidence_remove(by=request.user, evidence=evidence)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Removed: {evidence.original_name}")
    return _standard_page(request, submission, evidence.question.standard_id)


@partnership_view("partnerships.view_partnership")
@require_GET
def return_evidence_download(request, submission_id, evidence_id):
    submission = _return_or_404(request, submission_id)
    evidence = _evidence_or_404(submission, evidence_id)
    try:
        handle = services.evidence_open(by=request.user, evidence=evidence)
    except FileNotFoundError:
        raise Http404 from None
    content_type = evidence.content_type
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.original_name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    return response
