"""Finding the report a yearly-report page is about, in the requesting partnership (404 outside it)."""

from django.http import Http404
from django.shortcuts import redirect

from ...models import YearlyReport


def report_or_404(request, report_id) -> YearlyReport:
    report = (
        YearlyReport.objects.filter(partnership=request.partnership, pk=report_id)
        .select_related("partnership", "iso", "previous")
        .first()
    )
    if report is None:
        raise Http404
    return report


def to_report(report):
    return redirect("yearly_report_detail", slug=report.partnership.slug, report_id=report.pk)
