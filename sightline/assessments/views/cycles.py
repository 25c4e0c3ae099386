from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sightline.core.access import partnership_view
from sightline.core.errors import TransitionError
from sightline.core.once import creates
from sightline.partnerships.models import Organisation

from .. import cycles, selectors
from ..forms import CycleForm, ExtensionForm, TrackingFilterForm
from ..models import Cycle, Submission


def _cycle_or_404(request, cycle_id) -> Cycle:
    cycle = selectors.cycles_of(partnership=request.partnership).filter(pk=cycle_id).first()
    if cycle is None:
        raise Http404
    return cycle


@partnership_view("assessments.view_cycles")
@require_GET
def cycle_list(request):
    return TemplateResponse(
        request,
        "assessments/cycles/list.html",
        {
            "cycles": selectors.cycles_of(partnership=request.partnership),
            "can_manage": request.user.has_perm("assessments.manage_cycles", request.partnership),
        },
    )


@partnership_view("assessments.manage_cycles")
@creates
@require_http_methods(["GET", "POST"])
def cycle_create(request):
    form = CycleForm(
        request.POST or None, partnership=request.partnership, initial={"reports_to_board": True}
    )
    if request.method == "POST" and form.is_valid():
        try:
            cycle = cycles.cycle_create(by=request.user, partnership=request.partnership, **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{cycle.title} is ready. Check it, then open it to the organisations.")
            return redirect("cycle_detail", slug=request.partnership.slug, cycle_id=cycle.pk)
    return TemplateResponse(request, "assessments/cycles/form.html", {"form": form})


@partnership_view("assessments.view_cycles")
@require_GET
def cycle_detail(request, cycle_id):
    cycle = _cycle_or_404(request, cycle_id)
    filters = TrackingFilterForm(request.GET or None)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    # The tracking list is a route to each organisation's return: only those who read returns get it.
    reads_returns = request.user.has_perm("assessments.view_returns", request.partnership)
    rows = selectors.tracking_rows(
        cycle=cycle, status=cleaned.get("status", ""), types=cleaned.get("type") or None
    )
    page = Paginator(rows if reads_returns else rows.none(), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    counts = selectors.status_counts(cycle=cycle)
    return TemplateResponse(
        request,
        "assessments/cycles/detail.html",
        {
            "cycle": cycle,
            "filters": filters,
            "page": page,
            "reads_returns": reads_returns,
            "query_string": query.urlencode(),
            "counts": [(label, counts.get(value, 0)) for value, label in Submission.Status.choices],
            "can_manage": request.user.has_perm("assessments.manage_cycles", request.partnership),
            "audience_types": [Organisation.Type(kind).label for kind in cycle.audience_types],
            "named_organisations": list(
                cycle.audience_organisations.order_by("name").values_list("name", flat=True)
            ),
            "audience_size": cycles.audience_of(cycle).count()
            if cycle.status == Cycle.Status.DRAFT
            else None,
        },
    )


@partnership_view("assessments.manage_cycles")
@require_POST
def cycle_open(request, cycle_id):
    cycle = _cycle_or_404(request, cycle_id)
    try:
        without_lead = cycles.cycle_open(by=request.user, cycle=cycle)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"{cycle.title} is open. Each organisation's safeguarding lead has been told."
        )
        if without_lead:
            messages.warning(
                request,
                f"{len(without_lead)} organisations have no safeguarding lead account, so nobody there has been told. "
                "Filter the register by 'No lead account yet' to invite them.",
            )
    return redirect("cycle_detail", slug=request.partnership.slug, cycle_id=cycle.pk)


@partnership_view("assessments.manage_cycles")
@require_POST
def cycle_close(request, cycle_id):
    cycle = _cycle_or_404(request, cycle_id)
    try:
        cycles.cycle_close(by=request.user, cycle=cycle)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{cycle.title} is closed. Returns are locked where they stand.")
    return redirect("cycle_detail", slug=request.partnership.slug, cycle_id=cycle.pk)


@partnership_view("assessments.manage_cycles")
@require_http_methods(["GET", "POST"])
def submission_extend(request, cycle_id, submission_id):
    cycle = _cycle_or_404(request, cycle_id)
    submission = cycle.submissions.select_related("organisation").filter(pk=submission_id).first()
    if submission is None:
        raise Http404
    form = ExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cycles.submission_extend(by=request.user, submission=submission, **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{submission.organisation.name} now has until {form.cleaned_data['due_on']:%-d %B %Y}",
            )
            return redirect("cycle_detail", slug=request.partnership.slug, cycle_id=cycle.pk)
    return TemplateResponse(
        request, "assessments/cycles/extend.html", {"form": form, "cycle": cycle, "submission": submission}
    )
