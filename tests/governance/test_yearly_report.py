"""The yearly report: drafted from the period's records, scrutinised by the ISO, signed off by the three lead partners
(which freezes it with a content hash), published and sent; each refusal says why and changes nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sightline.assurance import endorsements
from sightline.assurance.models_endorsements import EndorsementRequest
from sightline.audit.models import AuditEvent
from sightline.casework.checking import IdentifyingDetails
from sightline.core.errors import TransitionError
from sightline.governance.models import ReportSection, YearlyReport
from sightline.governance.yearly import building, reports
from sightline.governance.yearly.periods import financial_year, financial_year_of, period_from_label
from sightline.governance.yearly.reminders import dispatch_reminders_send
from sightline.governance.yearly.sections import BUILT_IN
from sightline.notifications.models import Notice
from sightline.partnerships.models import PartnershipMembership

from .. import factories
from ..improvement.builders import make_action, make_plan

Role = PartnershipMembership.Role
Status = YearlyReport.Status


@pytest.fixture
def partners(world):
    return {
        "partner_la": world.users["partner_la"],
        "partner_icb": factories.with_partnership_role(world.partnership, Role.PARTNER_ICB),
        "partner_police": factories.with_partnership_role(world.partnership, Role.PARTNER_POLICE),
    }


def this_year():
    return financial_year_of(timezone.localdate())


def start(world, period=None):
    return reports.yearly_report_start(
        by=world.users["business_team"], partnership=world.partnership, period=period or this_year()
    )


def write_all(world, report):
    for section in report.sections.all():
        reports.section_update(
            by=world.users["business_team"],
            section=section,
            narrative="The partners worked together on this area and the figures above show what was done.",
            expected_version=section.version,
        )


def scrutinised(world, report):
    iso = world.users["iso"]
    reports.report_send_for_scrutiny(by=world.users["business_team"], report=report, iso=iso)
    reports.scrutiny_statement_save(
        by=iso, report=report, statement="The arrangements are sound; impact evidence is thin.", complete=True
    )
    report.refresh_from_db()
    return report


def signed_off(world, partners, report):
    write_all(world, report)
    scrutinised(world, report)
    request = reports.report_send_for_sign_off(by=world.users["business_team"], report=report)
    for person in partners.values():
        endorsements.endorsement_decide(by=person, request=request, decision="endorsed")
    report.refresh_from_db()
    return report


def test_periods_are_financial_years_by_their_label():
    assert period_from_label("2025-26") == financial_year(2025)
    assert financial_year(2025).label == "2025-26"
    for bad in ("2025", "2025-27", "25-26", "twenty"):
        with pytest.raises(ValueError):
            period_from_label(bad)


def test_a_draft_has_every_built_in_section_and_counts_its_figures(world):
    plan = make_plan(world)
    make_action(world, plan)
    report = start(world)
    assert [s.kind.key for s in report.sections.select_related("kind").order_by("order")] == [
        b.key for b in BUILT_IN
    ]
    figures = {f.key: f.value for s in building.sections_of(report) for f in s.figures}
    assert figures["plans_opened"] == 1
    assert figures["board_meetings"] == 0
    assert AuditEvent.objects.filter(verb="yearly_report.started").count() == 1


def test_one_edition_of_a_period_is_drafted_at_a_time_and_only_by_the_business_team(world):
    start(world)
    with pytest.raises(TransitionError, match="already being drafted"):
        start(world)
    with pytest.raises(TransitionError, match="business team"):
        reports.yearly_report_start(by=world.users["iso"], partnership=world.partnership, period=this_year())
    assert YearlyReport.objects.count() == 1


def test_a_narrative_that_identifies_someone_is_not_saved_until_confirmed(world):
    report = start(world)
    section = report.sections.first()
    text = "We learned from the case of Jamie Smith, born 2019-03-04."
    with pytest.raises(IdentifyingDetails) as warned:
        reports.section_update(
            by=world.users["business_team"], section=section, narrative=text, expected_version=section.version
        )
    section.refresh_from_db()
    assert section.narrative == ""
    reports.section_update(
        by=world.users["business_team"],
        section=section,
        narrative=text,
        expected_version=section.version,
        identifiers_confirmation=warned.value.token,
    )
    section.refresh_from_db()
    assert section.narrative == text


def test_a_stale_edit_is_refused_and_keeps_the_saved_text(world):
    report = start(world)
    section = report.sections.first()
    reports.section_update(
        by=world.users["business_team"], section=section, narrative="First", expected_version=1
    )
    with pytest.raises(TransitionError, match="Someone else saved"):
        reports.section_update(
            by=world.users["business_team"], section=section, narrative="Second", expected_version=1
        )
    section.refresh_from_db()
    assert section.narrative == "First"


def test_sign_off_needs_scrutiny_and_every_section(world):
    report = start(world)
    with pytest.raises(TransitionError, match="ISO must scrutinise"):
        reports.report_send_for_sign_off(by=world.users["business_team"], report=report)
    scrutinised(world, report)
    with pytest.raises(TransitionError, match="Still empty"):
        reports.report_send_for_sign_off(by=world.users["business_team"], report=report)
    report.refresh_from_db()
    assert report.status == Status.SCRUTINY
    assert not EndorsementRequest.objects.filter(yearly_report=report).exists()


def test_only_an_iso_of_the_partnership_scrutinises_and_only_when_asked(world):
    report = start(world)
    with pytest.raises(TransitionError, match="independent scrutiny officers"):
        reports.report_send_for_scrutiny(
            by=world.users["business_team"], report=report, iso=world.users["board_member"]
        )
    with pytest.raises(TransitionError, match="Only the ISO asked"):
        reports.scrutiny_statement_save(by=world.users["iso"], report=report, statement="x", complete=True)
    reports.report_send_for_scrutiny(by=world.users["business_team"], report=report, iso=world.users["iso"])
    section = report.sections.first()
    with pytest.raises(TransitionError, match="Write your comment"):
        reports.section_comment_add(by=world.users["iso"], section=section, text="  ")
    reports.section_comment_add(by=world.users["iso"], section=section, text="Say what changed for children.")
    assert section.comments.count() == 1
    with pytest.raises(TransitionError, match="Write the scrutiny statement"):
        reports.scrutiny_statement_save(by=world.users["iso"], report=report, statement="", complete=True)


def test_three_partners_sign_it_off_and_it_is_frozen_with_its_hash(world, partners):
    plan = make_plan(world)
    make_action(world, plan)
    report = signed_off(world, partners, start(world))
    assert report.status == Status.SIGNED_OFF
    assert report.content_hash == building.content_hash(report.frozen)
    event = AuditEvent.objects.get(verb="yearly_report.signed_off")
    assert event.changes["content_hash"] == report.content_hash
    assert event.changes["figures"]["plans_opened"] == 1
    assert [row["signs_for"] for row in report.frozen["signed_off_by"]] == [
        "Local authority (delegated safeguarding partner)",
        "Integrated care board (delegated safeguarding partner)",
        "Police (delegated safeguarding partner)",
    ]
    # Frozen: a new plan changes the counted records, not the signed-off figure.
    make_plan(world, title="A later plan")
    figures = {f.key: f.value for s in building.sections_of(report) for f in s.figures}
    assert figures["plans_opened"] == 1
    section = report.sections.first()
    with pytest.raises(TransitionError, match="can no longer be changed"):
        reports.section_update(
            by=world.users["business_team"], section=section, narrative="x", expected_version=section.version
        )


def test_a_partner_who_declines_returns_it_to_drafting_with_reasons(world, partners):
    report = start(world)
    write_all(world, report)
    scrutinised(world, report)
    request = reports.report_send_for_sign_off(by=world.users["business_team"], report=report)
    endorsements.endorsement_decide(by=partners["partner_la"], request=request, decision="endorsed")
    endorsements.endorsement_decide(
        by=partners["partner_police"],
        request=request,
        decision="declined",
        comment="Say more on exploitation",
    )
    report.refresh_from_db()
    assert report.status == Status.DRAFTING and report.frozen is None
    assert AuditEvent.objects.get(verb="yearly_report.returned").changes["reasons"] == [
        "Police (delegated safeguarding partner): Say more on exploitation"
    ]
    # Sent again, it is a new version of the request.
    again = reports.report_send_for_sign_off(by=world.users["business_team"], report=report)
    assert again.version == 2


def test_publication_and_dispatch_are_recorded_in_order_and_reminded_until_both(world, partners):
    report = signed_off(world, partners, start(world))
    today = timezone.localdate()
    with pytest.raises(TransitionError, match="Record the publication first"):
        reports.report_dispatch_record(
            by=world.users["business_team"], report=report, sent_to_panel_on=today, sent_to_department_on=None
        )
    with pytest.raises(TransitionError, match="today or earlier"):
        reports.report_publish(
            by=world.users["business_team"], report=report, published_on=today + timedelta(days=1)
        )
    reports.report_publish(by=world.users["business_team"], report=report, published_on=today)
    assert dispatch_reminders_send(today=today) == 1
    assert dispatch_reminders_send(today=today) == 0  # once a day
    assert Notice.objects.filter(user=world.users["business_team"], title__startswith="Send ").count() == 1
    with pytest.raises(TransitionError, match="not in the future"):
        reports.report_dispatch_record(
            by=world.users["business_team"],
            report=report,
            sent_to_panel_on=today + timedelta(days=2),
            sent_to_department_on=None,
        )
    reports.report_dispatch_record(
        by=world.users["business_team"], report=report, sent_to_panel_on=today, sent_to_department_on=None
    )
    assert dispatch_reminders_send(today=today + timedelta(days=1)) == 1  # the Department is still to come
    reports.report_dispatch_record(
        by=world.users["business_team"], report=report, sent_to_panel_on=None, sent_to_department_on=today
    )
    assert dispatch_reminders_send(today=today + timedelta(days=2)) == 0


def test_a_revised_edition_marks_figures_whose_records_changed(world, partners):
    plan = make_plan(world)
    report = signed_off(world, partners, start(world))
    make_plan(world, title="A plan made after sign-off")
    revision = reports.yearly_report_revise(by=world.users["business_team"], report=report)
    assert revision.edition == 2 and revision.previous == report
    assert revision.sections.exclude(narrative="").count() == len(BUILT_IN)
    figures = {f.key: f for s in building.sections_of(revision) for f in s.figures}
    assert figures["plans_opened"].value == 2
    assert "was 1: 1 added" in figures["plans_opened"].changed
    assert figures["board_meetings"].changed == ""
    with pytest.raises(TransitionError, match="later edition"):
        reports.yearly_report_revise(by=world.users["business_team"], report=report)
    assert plan.pk


@pytest.mark.parametrize("frozen", [False, True])
def test_every_figure_equals_the_rows_on_its_evidence_page(world, partners, client_for, frozen):
    plan = make_plan(world)
    make_action(world, plan)
    make_action(world, plan, what="Second action")
    report = start(world)
    if frozen:
        report = signed_off(world, partners, report)
    client = client_for(world.users["board_member"])
    seen = 0
    for section in building.sections_of(report):
        for figure in section.figures:
            page = client.get(figure.url)
            assert page.status_code == 200, figure.key
            assert page.content.decode().count('class="govuk-table__row app-counted"') == figure.value, (
                figure.key
            )
            seen += 1
    assert seen == sum(len(b.figures) for b in BUILT_IN)


def test_pages_answer_the_roles_that_read_and_write_it(world, client_for):
    report = start(world)
    slug = world.partnership.slug
    detail = reverse("yearly_report_detail", kwargs={"slug": slug, "report_id": report.pk})
    assert client_for(world.users["board_member"]).get(detail).status_code == 200
    assert client_for(world.users["agency_a_lead"]).get(detail).status_code == 404
    assert client_for(world.users["other_business_team"]).get(detail).status_code == 404
    section = report.sections.first()
    edit = reverse(
        "yearly_report_section", kwargs={"slug": slug, "report_id": report.pk, "section_id": section.pk}
    )
    assert client_for(world.users["iso"]).get(edit).status_code == 404
    response = client_for(world.users["business_team"]).post(edit, {"narrative": "Written", "version": 1})
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.narrative == "Written"
    stale = client_for(world.users["business_team"]).post(edit, {"narrative": "Lost?", "version": 1})
    assert stale.status_code == 400 and "Someone else saved" in stale.content.decode()
    for fmt, kind in (("html", "text/html"), ("docx", "officedocument"), ("pdf", "application/pdf")):
        url = reverse("yearly_report_download", kwargs={"slug": slug, "report_id": report.pk, "fmt": fmt})
        response = client_for(world.users["board_member"]).get(url)
        assert response.status_code == 200 and kind in response["Content-Type"]
    assert ReportSection.objects.filter(report=report).count() == len(BUILT_IN)


def test_the_report_and_evidence_pages_ask_as_many_queries_for_many_records_as_for_few(world, client_for):
    from ..query_budget import assert_flat

    report = start(world)
    client = client_for(world.users["business_team"])
    slug = world.partnership.slug
    detail = reverse("yearly_report_detail", kwargs={"slug": slug, "report_id": report.pk})
    evidence = reverse(
        "yearly_report_figure", kwargs={"slug": slug, "report_id": report.pk, "key": "actions_overdue"}
    )
    made = []

    def grow():
        plan = make_plan(world, title=f"Plan {len(made)}")
        action = make_action(world, plan, what=f"Action {len(made)}")
        from ..improvement.builders import set_due

        set_due(action, timezone.localdate() - timedelta(days=3))
        made.append(plan)

    # One count per figure (28 in the built-in sections) on the report page, none per record.
    assert_flat(client, detail, grow, bound=60)
    assert_flat(client, evidence, grow, bound=30)


def test_another_iso_takes_over_afresh_and_the_first_reads_back_nothing_of_theirs_changed(world, client_for):
    report = scrutinised(world, start(world))
    second = factories.with_partnership_role(world.partnership, Role.ISO)
    with pytest.raises(TransitionError, match="already scrutinising"):
        reports.report_send_for_scrutiny(
            by=world.users["business_team"], report=report, iso=world.users["iso"]
        )
    reports.report_send_for_scrutiny(by=world.users["business_team"], report=report, iso=second)
    report.refresh_from_db()
    assert report.iso == second and report.scrutiny_statement == "" and report.scrutiny_done_at is None
    page = reverse("yearly_report_scrutiny", kwargs={"slug": world.partnership.slug, "report_id": report.pk})
    assert client_for(world.users["iso"]).get(page).status_code == 404


def test_once_signed_off_the_iso_reads_their_scrutiny_and_can_no_longer_change_it(
    world, partners, client_for
):
    report = signed_off(world, partners, start(world))
    client = client_for(world.users["iso"])
    page = reverse("yearly_report_scrutiny", kwargs={"slug": world.partnership.slug, "report_id": report.pk})
    response = client.get(page)
    assert response.status_code == 200 and "your scrutiny is over" in response.content.decode()
    client.post(page, {"statement": "Changed", "complete": "on"})
    report.refresh_from_db()
    assert report.scrutiny_statement.startswith("The arrangements are sound")
