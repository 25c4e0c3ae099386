"""The demo partnership has two ISO reports with recommendations in different states, and each new page is linked
for the demo role that uses it, so the browser crawl (tests/e2e/test_axe.py) reaches it."""

from django.core.management import call_command
from django.urls import reverse

from sightline.accounts.models import User
from sightline.core.models import DemoPartnership
from sightline.scrutiny.models import IsoReport, LedgerEntry, RecommendationResponse
from sightline.scrutiny.reports.demo import demo_iso_reports_load


def page(client_for, local: str, address: str) -> str:
    response = client_for(User.objects.get(email=f"{local}@demo.sightline.test")).get(address)
    assert response.status_code == 200, (local, address)
    return response.content.decode()


def test_the_demo_reports_load_once_and_link_every_page(db, settings, client_for):
    settings.DEMO_MODE = True
    call_command("load_demo")
    partnership = DemoPartnership.objects.get().partnership
    demo_iso_reports_load(partnership)
    issued = IsoReport.objects.get(partnership=partnership, status="issued")
    draft = IsoReport.objects.get(partnership=partnership, status="draft")
    answers = {
        (r.recommendation.number, r.organisation.name): (r.answer, r.judgement)
        for r in RecommendationResponse.objects.filter(recommendation__report=issued).select_related(
            "recommendation", "organisation"
        )
    }
    assert answers == {
        (1, "Demoshire Police"): ("partly", ""),
        (2, "Demo and District Integrated Care Board"): ("awaited", ""),
        (2, "Demo Hospitals NHS Foundation Trust"): ("awaited", ""),
        (3, "Demo Borough Council"): ("awaited", "insufficient"),
    }
    assert issued.action_plan.actions.count() == 1 and issued.agenda_items.exists()
    assert LedgerEntry.objects.filter(report=issued).exists() and draft.recommendations.count() == 1

    slug = partnership.slug

    def at(name, **kwargs):
        return reverse(name, kwargs={"slug": slug, **kwargs})

    home = at("partnership_home")
    for local in ("iso", "business", "board.member", "agency.lead", "police.partner"):
        assert at("iso_report_list") in page(client_for, local, home)
    iso_view = page(client_for, "iso", at("iso_report_detail", report_id=issued.pk))
    assert "/judge/" in iso_view and at("iso_report_days", report_id=issued.pk) in iso_view
    draft_view = page(client_for, "iso", at("iso_report_detail", report_id=draft.pk))
    for name in ("iso_report_edit", "iso_recommendation_add", "iso_report_issue"):
        assert at(name, report_id=draft.pk) in draft_view
    assert at("iso_report_agenda", report_id=issued.pk) in page(
        client_for, "business", at("iso_report_detail", report_id=issued.pk)
    )
    for local in ("agency.lead", "icb.partner", "la.partner"):
        assert "Respond" in page(client_for, local, at("recommendations_to_answer"))
    assert draft.title not in page(client_for, "board.member", at("iso_report_list"))
