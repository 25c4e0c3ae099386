"""The demo's yearly reports, figure by figure: last year's, signed off, published and presented twice, the
correction of it being drafted, and this year's drafted from the demo's records. Every figure equals the number of
records on the page it links to; loading the demo again adds no report."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from sightline.governance.models import Presentation, YearlyReport
from sightline.governance.yearly import building, reports
from sightline.governance.yearly.periods import financial_year_of
from sightline.partnerships.models import PartnershipMembership

Role = PartnershipMembership.Role


def reader(partnership, role):
    client = Client()
    client.force_login(PartnershipMembership.objects.get(partnership=partnership, role=role).user)
    return client


def assert_every_figure_counts_its_page(client, report) -> int:
    checked = 0
    for section in building.sections_of(report):
        for figure in section.figures:
            page = client.get(figure.url)
            assert page.status_code == 200, figure.key
            rows = page.content.decode().count('class="govuk-table__row app-counted"')
            assert rows == figure.value, (
                f"{figure.key}: the report says {figure.value}, its page lists {rows}"
            )
            checked += 1
    return checked


@pytest.mark.django_db
def test_every_figure_of_the_demos_reports_equals_its_records(settings):
    settings.DEMO_MODE = True
    call_command("load_templates", stdout=io.StringIO())
    call_command("load_demo")
    today = financial_year_of(timezone.localdate())
    last_label = f"{today.start.year - 1}-{str(today.start.year)[2:]}"
    last_year = YearlyReport.objects.get(label=last_label, edition=1)
    partnership = last_year.partnership
    # Every step of the report can be seen in the demo: each state but "with the partners" has an edition.
    assert sorted(YearlyReport.objects.values_list("status", flat=True)) == [
        "drafting",
        "published",
        "published",
        "signed_off",
    ]
    assert last_year.status == YearlyReport.Status.PUBLISHED
    assert last_year.content_hash == building.content_hash(last_year.frozen)
    assert last_year.sent_to_panel_on and last_year.sent_to_department_on is None
    held = Presentation.objects.filter(yearly_report=last_year, status=Presentation.Status.HELD)
    assert sorted(held.values_list("body__name", flat=True)) == ["Council Cabinet", "ICB quality committee"]

    this_year = reports.yearly_report_start(
        by=PartnershipMembership.objects.get(partnership=partnership, role=Role.BUSINESS_TEAM).user,
        partnership=partnership,
        period=financial_year_of(timezone.localdate()),
    )
    board = reader(partnership, Role.BOARD_MEMBER)
    assert assert_every_figure_counts_its_page(board, last_year) >= 28
    assert assert_every_figure_counts_its_page(board, this_year) >= 28
    correction = YearlyReport.objects.get(label=last_label, edition=2)
    assert assert_every_figure_counts_its_page(board, correction) >= 28
    counted = {f.key: f.value for s in building.sections_of(this_year) for f in s.figures}
    # The demo's own year has records behind the figures, not only zeros.
    assert counted["relevant_agencies"] > 0 and counted["priorities"] == 3
    assert counted["iso_reports_issued"] >= 1 and counted["plans_opened"] > 0
    before = YearlyReport.objects.count()
    call_command("load_demo")
    assert YearlyReport.objects.count() == before
