"""Learning briefings: the list, starting one (from a source or from nothing), its page laid out as the six
sections, editing a draft, approving it, withdrawing it for changes, marking it ready for the public site, and
the Word and PDF downloads."""

import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sightline.audit.services import record
from sightline.casework.checking import IdentifyingDetails
from sightline.core.access import partnership_view
from sightline.core.errors import EditConflict, TransitionError
from sightline.core.once import creates

from .. import briefings, briefings_export, selectors_briefings
from ..forms_briefings import (
    BriefingApproveForm,
    BriefingForm,
    BriefingStartForm,
    WithdrawForm,
    briefing_initial,
)
from ..models import LearningBriefing
from ..models_briefings import SECTIONS

Status = LearningBriefing.Status
PER_PAGE = 50


def _briefing_or_404(request, briefing_id) -> LearningBriefing:
    briefing = selectors_briefings.briefing_for(
        user=request.user, partnership=request.partnership, briefing_id=briefing_id
    )
    if briefing is None:
        raise Http404
    return briefing


def _to_briefing(request, briefing):
    return redirect("briefing_detail", slug=request.partnership.slug, briefing_id=briefing.pk)


def _posted_version(request) -> int | None:
    version = request.POST.get("version", "")
    return int(version) if version.isdigit() else None


def _source_link(request, briefing: LearningBriefing) -> str | None:
    """Where the source can be read, if this person may read it there."""
    slug = request.partnership.slug
    if briefing.source_activity_id and request.user.has_perm(
        "assurance.view_activity", briefing.source_activity
    ):
        return reverse("activity_detail", kwargs={"slug": slug, "activity_id": briefing.source_activity_id})
    if briefing.source_review_id and request.user.has_perm("improvement.view_reviews", request.partnership):
        return reverse("review_detail", kwargs={"slug": slug, "review_id": briefing.source_review_id})
    if briefing.source_cycle_id and request.user.has_perm("assessments.view_cycles", request.partnership):
        return reverse("cycle_composite", kwargs={"slug": slug, "cycle_id": briefing.source_cycle_id})
    return None


@partnership_view("improvement.view_briefings")
@require_GET
def briefing_list(request):
    reads_drafts = request.user.has_perm("improvement.view_draft_briefings", request.partnership)
    status = request.GET.get("status", "all")
    if not reads_drafts or status not in (*Status.values, "all"):
        status = "all"
    rows = selectors_briefings.briefing_list(
        user=request.user, partnership=request.partnership, status="" if status == "all" else status
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "improvement/briefings/list.html",
        {
            "page": page,
            "status": status,
            "query_string": f"status={status}",
            "statuses": [("all", "All"), (Status.DRAFT, "Drafts"), (Status.APPROVED, "Approved")]
            if reads_drafts
            else [],
            "can_manage": request.user.has_perm("improvement.manage_briefings", request.partnership),
        },
    )


@partnership_view("improvement.manage_briefings")
@creates
@require_http_methods(["GET", "POST"])
def briefing_start(request):
    # A "draft a briefing" link on a case, a composite or an activity names its record: the form opens with it
    # chosen. An address that names a record this person may not draft from matches no choice and is ignored.
    initial = {}
    for kind in (BriefingStartForm.ACTIVITY, BriefingStartForm.REVIEW, BriefingStartForm.CYCLE):
        if chosen := request.GET.get(kind):
            initial = {"source": kind, kind: chosen}
    form = BriefingStartForm(
        request.POST or None, initial=initial, user=request.user, partnership=request.partnership
    )
    findings = None
    if request.method == "POST" and form.is_valid():
        try:
            briefing = briefings.briefing_create(
                by=request.user, partnership=request.partnership, **form.service_arguments()
            )
        except IdentifyingDetails as warning:
            findings = warning.places
            form = BriefingStartForm(
                warning.data_with(request.POST),
                initial=initial,
                user=request.user,
                partnership=request.partnership,
            )
            form.is_valid()
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            if briefing.source is None:
                messages.success(request, "Draft started. Write its six sections, then approve it.")
            else:
                messages.success(
                    request,
                    f"Draft started from {briefing.source_label}. The sections hold what that record says: "
                    "rewrite them for practitioners, then approve the briefing.",
                )
            return redirect("briefing_edit", slug=request.partnership.slug, briefing_id=briefing.pk)
    return TemplateResponse(request, "improvement/briefings/start.html", {"form": form, "findings": findings})


@partnership_view("improvement.view_briefings")
@require_GET
def briefing_detail(request, briefing_id):
    briefing = _briefing_or_404(request, briefing_id)
    can_manage = request.user.has_perm("improvement.manage_briefings", request.partnership)
    return TemplateResponse(
        request,
        "improvement/briefings/detail.html",
        {
            "briefing": briefing,
            "sections": briefings_export.sections_of(briefing),
            "missing": briefings.missing_sections(briefing) if briefing.is_draft else [],
            "source_link": _source_link(request, briefing),
            "can_manage": can_manage,
        },
    )


@partnership_view("improvement.manage_briefings")
@require_http_methods(["GET", "POST"])
def briefing_edit(request, briefing_id):
    briefing = _briefing_or_404(request, briefing_id)
    if not briefing.is_draft:
        messages.error(request, "An approved briefing cannot be changed: withdraw it for changes first")
        return _to_briefing(request, briefing)
    editing = {"partnership": request.partnership, "current_priorities": list(briefing.priorities.all())}
    form = BriefingForm(request.POST or None, initial=briefing_initial(briefing), **editing)
    conflict, findings = None, None
    if request.method == "POST" and form.is_valid():
        try:
            briefings.briefing_update(
                by=request.user,
                briefing=briefing,
                expected_version=_posted_version(request),
                identifiers_confirmation=form.identifiers_confirmation,
                priorities=form.cleaned_data.get("priorities"),
                **form.texts(),
            )
        except IdentifyingDetails as warning:
            findings = warning.places
            form = BriefingForm(
                warning.data_with(request.POST), initial=briefing_initial(briefing), **editing
            )
            form.is_valid()
        except EditConflict as error:
            conflict = error.current
            form.add_error(
                None,
                "Someone else saved this briefing while you were editing. Your text is kept below; "
                "what they saved is shown above it. Save again to keep yours.",
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The draft is saved")
            return _to_briefing(request, briefing)
    return TemplateResponse(
        request,
        "improvement/briefings/edit.html",
        {
            "form": form,
            "briefing": briefing,
            "conflict": conflict,
            "conflict_sections": [(heading, conflict[name]) for name, heading in SECTIONS]
            if conflict
            else [],
            "version": conflict["version"] if conflict else briefing.version,
            "findings": findings,
        },
    )


@partnership_view("improvement.manage_briefings")
@require_http_methods(["GET", "POST"])
def briefing_approve(request, briefing_id):
    briefing = _briefing_or_404(request, briefing_id)
    form = BriefingApproveForm(request.POST or None)
    findings = None
    if request.method == "POST" and form.is_valid():
        try:
            briefings.briefing_approve(
                by=request.user,
                briefing=briefing,
                expected_version=_posted_version(request),
                identifiers_confirmation=form.identifiers_confirmation,
            )
        except IdentifyingDetails as warning:
            findings = warning.places
            form = BriefingApproveForm(warning.data_with(request.POST))
            form.is_valid()
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The briefing is approved: everyone in the partnership can now read it")
            return _to_briefing(request, briefing)
    return TemplateResponse(
        request,
        "improvement/briefings/approve.html",
        {
            "form": form,
            "briefing": briefing,
            "missing": briefings.missing_sections(briefing),
            "findings": findings,
        },
    )


@partnership_view("improvement.manage_briefings")
@require_http_methods(["GET", "POST"])
def briefing_withdraw(request, briefing_id):
    briefing = _briefing_or_404(request, briefing_id)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            briefings.briefing_withdraw(by=request.user, briefing=briefing, **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "The briefing is back in draft. Approve it again when the changes are made."
            )
            return _to_briefing(request, briefing)
    return TemplateResponse(
        request, "improvement/briefings/withdraw.html", {"form": form, "briefing": briefing}
    )


@partnership_view("improvement.manage_briefings")
@require_POST
def briefing_ready(request, briefing_id):
    briefing = _briefing_or_404(request, briefing_id)
    ready = request.POST.get("ready") == "yes"
    try:
        briefings.briefing_set_ready(by=request.user, briefing=briefing, ready=ready)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            "Marked ready to publish: the public site will show it once it is live"
            if ready
            else "No longer marked ready to publish",
        )
    return _to_briefing(request, briefing)


def _download(request, briefing: LearningBriefing, content: bytes, extension: str, content_type: str):
    name = briefings_export.filename(briefing, extension)
    record(
        actor=request.user,
        verb="export.downloaded",
        target=briefing,
        partnership=request.partnership,
        changes={"export": f"briefing_{extension}", "file": name},
    )
    response = FileResponse(io.BytesIO(content), as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@partnership_view("improvement.view_briefings")
@require_GET
def briefing_docx(request, briefing_id):
    briefing = _briefing_or_404(request, briefing_id)
    content = briefings_export.build_docx(briefing)
    return _download(request, briefing, content, "docx", briefings_export.DOCX_CONTENT_TYPE)


@partnership_view("improvement.view_briefings")
@require_GET
def briefing_pdf(request, briefing_id):
    briefing = _briefing_or_404(request, briefing_id)
    return _download(request, briefing, briefings_export.build_pdf(briefing), "pdf", "application/pdf")
