"""Pages of the ISO pool and day ledger. Each declares its rule at the partnership's gate
(sightline/core/access.py); an ISO or entry outside the partnership answers 404."""

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from .. import selectors
from ..models import LedgerEntry


def iso_or_404(request, iso_id):
    iso = selectors.iso_in(partnership=request.partnership, iso_id=iso_id)
    if iso is None:
        raise Http404
    return iso


def entry_or_404(request, entry_id) -> LedgerEntry:
    entry = (
        LedgerEntry.objects.filter(partnership=request.partnership, pk=entry_id)
        .select_related("partnership", "iso", "activity", "report")
        .first()
    )
    if entry is None:
        raise Http404
    return entry


def ledger_href(partnership, iso, year: int | None = None) -> str:
    href = reverse("iso_ledger", kwargs={"slug": partnership.slug, "iso_id": iso.pk})
    return href if year is None else f"{href}?year={year}"


def ledger_redirect(partnership, iso, year: int | None = None):
    return redirect(ledger_href(partnership, iso, year))


def posted(request):
    """The posted data, or None for a GET: an empty POST still binds the form, so it shows what is missing."""
    return request.POST if request.method == "POST" else None
