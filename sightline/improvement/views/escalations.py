"""The board's view of escalations: every action flagged for the board, open or resolved, with what became of
it; and recording a resolution."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods

from sightline.core.access import partnership_view
from sightline.core.errors import TransitionError

from .. import escalation, selectors
from ..forms import ResolveForm
from ..models import Escalation

PER_PAGE = 50


@partnership_view("improvement.view_escalations")
@require_GET
def escalation_list(request):
    status = request.GET.get("status", Escalation.Status.OPEN)
    if status not in (*Escalation.Status.values, "all"):
        status = Escalation.Status.OPEN
    rows = selectors.escalations_of(partnership=request.partnership, status="" if status == "all" else status)
    return TemplateResponse(
        request,
        "improvement/escalations/list.html",
        {
            "page": Paginator(rows, PER_PAGE).get_page(request.GET.get("page")),
            "status": status,
            "statuses": [
                (Escalation.Status.OPEN, "Open"),
                (Escalation.Status.RESOLVED, "Resolved"),
                ("all", "All"),
            ],
            "query_string": f"status={status}",
            "can_resolve": request.user.has_perm("improvement.decide", request.partnership),
            "threshold": escalation.escalate_after_days(),
        },
    )


@partnership_view("improvement.decide")
@require_http_methods(["GET", "POST"])
def escalation_resolve(request, escalation_id):
    item = selectors.escalation_for(partnership=request.partnership, escalation_id=escalation_id)
    if item is None:
        raise Http404
    if item.status != Escalation.Status.OPEN:
        messages.error(request, "This escalation has already been resolved")
        return redirect("escalation_list", slug=request.partnership.slug)
    form = ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            escalation.escalation_resolve(by=request.user, escalation=item, **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Recorded what became of the escalation")
            return redirect("escalation_list", slug=request.partnership.slug)
    return TemplateResponse(
        request, "improvement/escalations/resolve.html", {"form": form, "escalation": item}
    )
