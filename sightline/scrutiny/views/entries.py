"""Booking an ISO's days (the business team) and recording the days spent (the ISO, on their own entries).
Both forms warn before the year's budget is passed and save only once the booking is confirmed."""

from django.contrib import messages
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_POST

from sightline import policy
from sightline.core.access import partnership_view, refuse
from sightline.core.errors import TransitionError
from sightline.core.once import creates

from .. import ledger
from ..forms import LedgerEntryForm, SpentForm, half_days_initial
from ..years import year_of
from . import entry_or_404, iso_or_404, ledger_redirect, posted


def _to_ledger(request, iso, year):
    return ledger_redirect(request.partnership, iso, year)


def _attempt(form, save, build) -> tuple[object, object]:
    """Run the service; on an over-budget refusal, `build` the form again with the warning and the box to tick."""
    try:
        return save(), form
    except ledger.OverBudget as warning:
        again = build(asks_confirmation=True, warning=str(warning))
        again.is_valid()
        return None, again
    except TransitionError as error:
        form.add_error(None, str(error))
        return None, form


def _entry_form(request, **kwargs) -> LedgerEntryForm:
    return LedgerEntryForm(posted(request), partnership=request.partnership, **kwargs)


@partnership_view("scrutiny.manage_ledger")
@creates
@require_http_methods(["GET", "POST"])
def ledger_entry_create(request, iso_id):
    iso = iso_or_404(request, iso_id)
    form = _entry_form(request)
    if request.method == "POST" and form.is_valid():
        entry, form = _attempt(
            form,
            lambda: ledger.ledger_entry_create(
                by=request.user, partnership=request.partnership, iso=iso, **form.service_arguments()
            ),
            lambda **warned: _entry_form(request, **warned),
        )
        if entry is not None:
            messages.success(request, f"Days booked for {iso}")
            return _to_ledger(request, iso, year_of(entry.work_date))
    return TemplateResponse(request, "scrutiny/entry_form.html", {"form": form, "iso": iso, "entry": None})


@partnership_view("scrutiny.view_pool")
@require_http_methods(["GET", "POST"])
def ledger_entry_edit(request, entry_id):
    """The business team edits the whole entry; the ISO it is booked for records only the days spent."""
    entry = entry_or_404(request, entry_id)
    if policy.is_business_team(request.user, request.partnership):
        return _edit_entry(request, entry)
    if request.user.pk == entry.iso_id and request.user.has_perm(
        "scrutiny.record_own_days", request.partnership
    ):
        return _record_spent(request, entry)
    refuse(request, "scrutiny.edit_entry")


def _version(request, entry) -> int:
    try:
        return int(request.POST.get("version", entry.version))
    except ValueError:
        return -1


def _edit_entry(request, entry):
    initial = {
        "activity": entry.activity_id,
        "description": entry.description,
        "work_date": entry.work_date,
        "planned": half_days_initial(entry.planned_half_days),
        "spent": half_days_initial(entry.spent_half_days) if entry.spent_half_days else None,
    }
    form = _entry_form(request, initial=initial, report=entry.report)
    if request.method == "POST" and form.is_valid():
        saved, form = _attempt(
            form,
            lambda: ledger.ledger_entry_update(
                by=request.user, entry=entry, version=_version(request, entry), **form.service_arguments()
            ),
            lambda **warned: _entry_form(request, report=entry.report, **warned),
        )
        if saved is not None:
            messages.success(request, "Entry saved")
            return _to_ledger(request, entry.iso, year_of(saved.work_date))
    return TemplateResponse(
        request,
        "scrutiny/entry_form.html",
        {"form": form, "iso": entry.iso, "entry": entry, "year": year_of(entry.work_date)},
    )


def _record_spent(request, entry):
    initial = {"spent": half_days_initial(entry.spent_half_days) if entry.spent_half_days else None}
    form = SpentForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        saved, form = _attempt(
            form,
            lambda: ledger.ledger_entry_record_spent(
                by=request.user,
                entry=entry,
                version=_version(request, entry),
                spent_half_days=form.cleaned_data["spent"],
                confirm_over_budget=form.confirmed,
            ),
            lambda **warned: SpentForm(request.POST, **warned),
        )
        if saved is not None:
            messages.success(request, "Days spent recorded")
            return _to_ledger(request, entry.iso, year_of(saved.work_date))
    return TemplateResponse(
        request,
        "scrutiny/spent_form.html",
        {"form": form, "iso": entry.iso, "entry": entry, "year": year_of(entry.work_date)},
    )


@partnership_view("scrutiny.manage_ledger")
@require_POST
def ledger_entry_remove(request, entry_id):
    entry = entry_or_404(request, entry_id)
    try:
        ledger.ledger_entry_remove(by=request.user, entry=entry)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Entry removed")
    return _to_ledger(request, entry.iso, year_of(entry.work_date))
