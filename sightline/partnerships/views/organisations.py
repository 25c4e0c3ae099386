import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods

from sightline import policy
from sightline.assessments.selectors import returns_of
from sightline.audit.selectors import events_for_target
from sightline.audit.services import record
from sightline.core.access import partnership_view
from sightline.core.errors import EditConflict, TransitionError
from sightline.core.once import creates

from .. import exporting, selectors, services
from ..forms import OrganisationFilterForm, OrganisationForm

PAGE_SIZE = 50


def _organisation_or_404(request, organisation_id):
    organisation = (
        selectors.organisations_visible_to(user=request.user, partnership=request.partnership)
        .filter(pk=organisation_id)
        .first()
    )
    if organisation is None:
        raise Http404
    return organisation


@partnership_view("partnerships.view_register")
@require_GET
def organisation_list(request):
    partnership = request.partnership
    filters = OrganisationFilterForm(request.GET or None)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    organisations = selectors.organisations_filtered(
        user=request.user,
        partnership=partnership,
        query=cleaned.get("q", "").strip(),
        types=cleaned.get("type") or None,
        status=cleaned.get("status", ""),
        lead=cleaned.get("lead", ""),
    )
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "query_string": query.urlencode(),
        "can_manage": request.user.has_perm("partnerships.manage_register", partnership),
    }
    template = "partnerships/organisations/list.html"
    if request.htmx:
        template += "#results"
    return TemplateResponse(request, template, context)


@partnership_view("partnerships.view_partnership")
@require_GET
def organisation_detail(request, organisation_id):
    organisation = _organisation_or_404(request, organisation_id)
    context = {
        "organisation": organisation,
        "memberships": selectors.organisation_memberships(organisation=organisation),
        "returns": returns_of(user=request.user, organisation=organisation, partnership=request.partnership),
        # The ISO, the learning group and the board see the register, not what an organisation's return says.
        "shows_returns": request.user.has_perm("assessments.view_returns", request.partnership)
        or organisation.pk in policy.organisation_roles(request.user),
        "can_edit": request.user.has_perm("partnerships.edit_organisation", organisation),
        "can_invite": request.user.has_perm("partnerships.invite_to_organisation", organisation),
        "history": events_for_target(target=organisation)[:20]
        if request.user.has_perm("audit.view_trail", request.partnership)
        else None,
    }
    return TemplateResponse(request, "partnerships/organisations/detail.html", context)


@partnership_view("partnerships.manage_register")
@creates
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    partnership = request.partnership
    form = OrganisationForm(request.POST or None, trusts=selectors.trusts_in(partnership=partnership))
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(
                by=request.user, partnership=partnership, **form.cleaned_data
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{organisation.name} added to the register")
            return redirect("organisation_detail", slug=partnership.slug, organisation_id=organisation.pk)
    return TemplateResponse(request, "partnerships/organisations/form.html", {"form": form, "creating": True})


@partnership_view("partnerships.manage_register")
@require_http_methods(["GET", "POST"])
def organisation_edit(request, organisation_id):
    partnership = request.partnership
    organisation = _organisation_or_404(request, organisation_id)
    trusts = selectors.trusts_in(partnership=partnership).exclude(pk=organisation.pk)
    form = OrganisationForm(request.POST or None, instance=organisation, trusts=trusts)
    conflict = None
    if request.method == "POST" and form.is_valid():
        fields = {key: value for key, value in form.cleaned_data.items() if key != "version"}
        organisation.refresh_from_db()  # the form validated onto this instance; the service applies the change
        try:
            services.organisation_update(
                by=request.user,
                partnership=partnership,
                organisation=organisation,
                expected_version=form.cleaned_data.get("version"),
                **fields,
            )
        except EditConflict as error:
            conflict = _conflict_rows(form, error.current)
            data = request.POST.copy()
            data["version"] = error.current["version"]
            form = OrganisationForm(data, instance=organisation, trusts=trusts)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Changes saved")
            return redirect("organisation_detail", slug=partnership.slug, organisation_id=organisation.pk)
    return TemplateResponse(
        request,
        "partnerships/organisations/form.html",
        {"form": form, "organisation": organisation, "conflict": conflict},
    )


def _conflict_rows(form, current: dict) -> list[dict]:
    """The fields where the saved entry and this editor's copy differ, with both values, for the person to choose."""
    rows = []
    for name, saved in current.items():
        if name == "version" or name not in form.cleaned_data:
            continue
        yours = form.cleaned_data[name]
        if yours != saved:
            rows.append({"label": form.fields[name].label, "saved": saved, "yours": yours})
    return rows


class _Echo:
    def write(self, value):
        return value


@partnership_view("partnerships.manage_register")
@require_GET
def organisation_export(request):
    partnership = request.partnership
    record(actor=request.user, verb="register.exported", target=partnership, partnership=partnership)
    writer = csv.writer(_Echo())
    rows = exporting.register_rows(partnership=partnership)
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{partnership.slug}-organisations.csv"'
    return response
