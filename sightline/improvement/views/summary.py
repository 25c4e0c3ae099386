"""The learning group chair's summary for the board, for a chosen period, on screen and as a Word document."""

import io

from django.http import FileResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from sightline.audit.services import record
from sightline.core.access import partnership_view

from ..forms import PeriodForm
from ..summary import board_summary, last_quarter
from ..summary_docx import CONTENT_TYPE, build_summary_docx, summary_filename


def _period(request) -> tuple[PeriodForm, tuple]:
    """The period asked for, or the last complete quarter when none (or a bad one) is given."""
    start, end = default = last_quarter(timezone.localdate())
    form = PeriodForm(request.GET if "start" in request.GET else None, initial={"start": start, "end": end})
    if form.is_bound and form.is_valid():
        return form, (form.cleaned_data["start"], form.cleaned_data["end"])
    return form, default


@partnership_view("improvement.view_board_summary")
@require_GET
def board_summary_page(request):
    form, (start, end) = _period(request)
    summary = board_summary(partnership=request.partnership, start=start, end=end)
    return TemplateResponse(
        request,
        "improvement/summary/page.html",
        {"form": form, "summary": summary, "query_string": f"start={start:%Y-%m-%d}&end={end:%Y-%m-%d}"},
    )


@partnership_view("improvement.view_board_summary")
@require_GET
def board_summary_docx(request):
    _, (start, end) = _period(request)
    summary = board_summary(partnership=request.partnership, start=start, end=end)
    filename = summary_filename(summary)
    content = build_summary_docx(summary)
    record(
        actor=request.user,
        verb="export.downloaded",
        target=request.partnership,
        partnership=request.partnership,
        changes={"export": "board_summary_docx", "file": filename},
    )
    response = FileResponse(
        io.BytesIO(content), as_attachment=True, filename=filename, content_type=CONTENT_TYPE
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
