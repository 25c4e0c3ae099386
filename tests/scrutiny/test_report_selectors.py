"""The selectors the yearly report counts from (sightline/scrutiny/selectors.py): the partnership's issued reports
in a period, whoever asks, and every response to them."""

from datetime import datetime, timedelta

from django.utils import timezone

from sightline.scrutiny.models import IsoReport
from sightline.scrutiny.selectors import reports_issued_between, responses_for_reports

from .report_builders import answer, draft, issued, response_for


def issued_on(report, day):
    IsoReport.objects.filter(pk=report.pk).update(
        issued_at=timezone.make_aware(datetime.combine(day, datetime.min.time()))
        + timedelta(hours=23, minutes=30)
    )


def test_reports_issued_in_the_period_both_ends_included_drafts_never(world):
    today = timezone.localdate()
    start, end = today - timedelta(days=30), today
    first, last, before = (
        issued(world, title="First"),
        issued(world, title="Last"),
        issued(world, title="Before"),
    )
    issued_on(first, start)
    issued_on(last, end)
    issued_on(before, start - timedelta(days=1))
    draft(world, title="A draft")
    found = reports_issued_between(world.partnership, start, end)
    assert [report.title for report in found] == ["First", "Last"]
    assert not reports_issued_between(world.other_partnership, start, end).exists()


def test_every_response_to_the_reports_with_its_actions(world):
    report = issued(world, world.agency_a, world.agency_b)
    answer(response_for(report, world.agency_a), world.users["agency_a_lead"])
    found = list(responses_for_reports(IsoReport.objects.filter(pk=report.pk)))
    assert [(r.organisation, r.answer) for r in found] == [
        (world.agency_a, "partly"),
        (world.agency_b, "awaited"),
    ]
    assert len(found[0].actions.all()) == 1
    assert list(responses_for_reports([report])) == found
