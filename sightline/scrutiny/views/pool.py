"""The ISO pool, one ISO's ledger for a year, their budget and profile, and an ISO's own "My days"."""

from django.contrib import messages
from django.http import Http404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods

from sightline import policy
from sightline.core.access import partnership_view, permission, refuse
from sightline.core.errors import TransitionError

from .. import ledger, selectors
from ..forms import BudgetForm, ProfileForm, half_days_initial
from ..years import this_year, year_label, year_short
from . import iso_or_404, ledger_redirect, posted

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return this_year()
    return year if FIRST_YEAR <= year <= LAST_YEAR else this_year()


def _years(year: int, href) -> dict:
    """The year shown, and links to the years either side (`href(year)` makes each link)."""
    return {
        "year": year,
        "year_label": year_label(year),
        "years_nav": [
            ("Previous year", year_short(year - 1), href(year - 1)),
            ("Next year", year_short(year + 1), href(year + 1)),
        ],
    }


@partnership_view("scrutiny.view_pool")
@require_GET
def iso_pool(request):
    year = _year(request)
    return TemplateResponse(
        request,
        "scrutiny/pool.html",
        {
            "rows": selectors.pool_rows(partnership=request.partnership, year=year),
            "can_manage": policy.is_business_team(request.user, request.partnership),
            "reads_ledgers": request.user.has_perm("scrutiny.view_ledgers", request.partnership),
            **_years(year, lambda y: f"?year={y}"),
        },
    )


@partnership_view("scrutiny.view_pool")
@require_GET
def iso_ledger(request, iso_id):
    iso = iso_or_404(request, iso_id)
    if request.user.pk != iso.pk and not request.user.has_perm("scrutiny.view_ledgers", request.partnership):
        refuse(request, "scrutiny.view_ledgers")
    year = _year(request)
    is_business_team = policy.is_business_team(request.user, request.partnership)
    return TemplateResponse(
        request,
        "scrutiny/ledger.html",
        {
            "iso": iso,
            "profile": getattr(iso, "iso_profile", None),
            "served": selectors.partnerships_served(iso=iso),
            "totals": selectors.year_totals(partnership=request.partnership, iso=iso, year=year),
            "entries": selectors.ledger_entries(partnership=request.partnership, iso=iso, year=year),
            "assignments": selectors.assignments(iso=iso, partnership=request.partnership),
            "can_manage": is_business_team,
            "is_self": request.user.pk == iso.pk,
            "can_edit_profile": is_business_team or request.user.pk == iso.pk,
            **_years(year, lambda y: f"?year={y}"),
        },
    )


@partnership_view("scrutiny.manage_ledger")
@require_http_methods(["GET", "POST"])
def budget_edit(request, iso_id, year):
    iso = iso_or_404(request, iso_id)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    current = selectors.budget_half_days(partnership=request.partnership, iso=iso, year=year)
    form = BudgetForm(posted(request), year=year, initial={"days": half_days_initial(current)})
    if request.method == "POST" and form.is_valid():
        try:
            ledger.day_budget_set(
                by=request.user,
                partnership=request.partnership,
                iso=iso,
                year=year,
                half_days=form.cleaned_data["days"],
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Budget for {year_label(year)} saved")
            return ledger_redirect(request.partnership, iso, year)
    return TemplateResponse(
        request,
        "scrutiny/budget_form.html",
        {"form": form, "iso": iso, "year": year, "year_label": year_label(year)},
    )


@partnership_view("scrutiny.view_pool")
@require_http_methods(["GET", "POST"])
def iso_profile_edit(request, iso_id):
    iso = iso_or_404(request, iso_id)
    if request.user.pk != iso.pk and not policy.is_business_team(request.user, request.partnership):
        refuse(request, "scrutiny.edit_profile")
    profile = getattr(iso, "iso_profile", None)
    initial = {"background": profile.background, "skills": profile.skills} if profile else {}
    form = ProfileForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            ledger.iso_profile_update(
                by=request.user, partnership=request.partnership, iso=iso, **form.cleaned_data
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Profile of {iso} saved")
            return ledger_redirect(request.partnership, iso)
    return TemplateResponse(request, "scrutiny/profile_form.html", {"form": form, "iso": iso})


@permission("scrutiny.view_own_days")
@require_GET
def my_days(request):
    year = _year(request)
    return TemplateResponse(
        request,
        "scrutiny/my_days.html",
        {
            "rows": selectors.my_days(iso=request.user, year=year),
            "assignments": selectors.assignments(iso=request.user),
            **_years(year, lambda y: f"?year={y}"),
        },
    )
