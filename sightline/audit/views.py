from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from sightline.core.access import partnership_view

from . import selectors
from .forms import TrailFilterForm


@partnership_view("audit.view_trail")
@require_GET
def audit_trail(request):
    partnership = request.partnership
    filters = TrailFilterForm(request.GET or None, verbs=selectors.verbs_in(partnership=partnership))
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    events = selectors.events_in(
        partnership=partnership,
        verb=cleaned.get("verb", ""),
        actor=cleaned.get("actor", ""),
        target=cleaned.get("target", ""),
        since=cleaned.get("since"),
        until=cleaned.get("until"),
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "audit/trail.html",
        {
            "filters": filters,
            "page": page,
            "query_string": query.urlencode(),
            "form": filters if filters.is_bound and filters.errors else None,
        },
    )
