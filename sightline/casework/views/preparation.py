"""The panel's preparation: each member's lines of enquiry and reflective observations, and the panel pack as a
Word document or a PDF. Both are for the panel only, until the activity finishes; every download of the pack is
recorded, with a read of each audit in it."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sightline.core.access import partnership_view
from sightline.core.errors import TransitionError
from sightline.core.once import creates

from .. import pack, panel, selectors
from ..checking import IdentifyingDetails
from ..forms import PanelNoteForm
from ..models import PanelNote
from . import activity_or_404, posted, require

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def _activity_for_panel(request, activity_id):
    activity = activity_or_404(request, activity_id)
    require(request, "casework.prepare", activity)
    return activity


@partnership_view("casework.view_casework")
@creates
@require_http_methods(["GET", "POST"])
def panel_preparation(request, activity_id):
    activity = _activity_for_panel(request, activity_id)
    form = PanelNoteForm(posted(request), activity=activity)
    findings = None
    if request.method == "POST" and form.is_valid():
        try:
            panel.panel_note_add(
                by=request.user,
                activity=activity,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                case=form.cleaned_data["case"],
                identifiers_confirmation=form.identifiers_confirmation,
            )
        except IdentifyingDetails as warning:
            findings = warning.places
            form = PanelNoteForm(warning.data_with(request.POST), activity=activity)
            form.is_valid()
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Added to your preparation")
            return redirect("panel_preparation", slug=request.partnership.slug, activity_id=activity.pk)
    return TemplateResponse(
        request,
        "casework/preparation.html",
        {
            "activity": activity,
            "rows": selectors.sample_rows(user=request.user, activity=activity, on_panel=True),
            "notes": selectors.notes_of(activity=activity),
            "form": form,
            "findings": findings,
        },
    )


@partnership_view("casework.view_casework")
@require_POST
def panel_note_remove(request, activity_id, note_id):
    activity = _activity_for_panel(request, activity_id)
    note = (
        PanelNote.objects.filter(activity=activity, pk=note_id)
        .select_related("activity__partnership")
        .first()
    )
    if note is None:
        raise Http404
    try:
        panel.panel_note_remove(by=request.user, note=note)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Removed from your preparation")
    return redirect("panel_preparation", slug=request.partnership.slug, activity_id=activity.pk)


def _attachment(activity, content: bytes, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = slugify(activity.title)[:60] or "activity"
    response["Content-Disposition"] = f'attachment; filename="panel-pack-{name}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@partnership_view("casework.view_casework")
@require_GET
def panel_pack_download(request, activity_id):
    activity = _activity_for_panel(request, activity_id)
    return _attachment(activity, pack.panel_pack_build(by=request.user, activity=activity), DOCX, "docx")


@partnership_view("casework.view_casework")
@require_GET
def panel_pack_pdf(request, activity_id):
    activity = _activity_for_panel(request, activity_id)
    return _attachment(activity, pack.panel_pack_pdf(by=request.user, activity=activity), PDF, "pdf")
