"""ISO report pages, as people use them: the forms from draft to judgement, who reads a draft and an issued report,
who answers for which organisation, 404 for everyone outside, and query counts that do not grow with the reports."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sightline.governance import meetings
from sightline.partnerships.models import Group, OrganisationMembership, PartnershipMembership
from sightline.scrutiny.models import IsoReport, LedgerEntry, RecommendationResponse

from .. import factories
from ..assurance.builders import make_activity, partners
from ..query_budget import assert_flat, queries_for
from .report_builders import answer, draft, issued, recommend, response_for, statutory

Role = PartnershipMembership.Role
Answer = RecommendationResponse.Answer


def url(world, name, **kwargs):
    return reverse(name, kwargs={"slug": world.partnership.slug, **kwargs})


def the_form_token(page) -> dict:
    """The one-time token every POST form carries (sightline/core/once.py)."""
    import re

    found = re.search(r'name="form_token" value="([^"]+)"', page.content.decode())
    return {"form_token": found.group(1)} if found else {}


@pytest.fixture
def soon():
    return (timezone.localdate() + timedelta(days=30)).isoformat()


def test_from_draft_to_judgement_in_the_browser(world, client_for, soon):
    police, icb = statutory(world, "police"), statutory(world, "icb")
    people = partners(world)
    iso = client_for(world.users["iso"])
    activity = make_activity(world)
    start = iso.get(url(world, "iso_report_start") + f"?activity={activity.pk}")
    assert start.status_code == 200 and f'value="{activity.pk}" selected' in start.content.decode()
    response = iso.post(
        url(world, "iso_report_start"),
        {
            "kind": "activity",
            "activity": activity.pk,
            "title": "How agencies heard the child",
            "summary": "Summary",
            "body": "Findings",
            **the_form_token(start),
        },
    )
    report = IsoReport.objects.get()
    assert response.status_code == 302 and report.author == world.users["iso"]
    for org in (police, icb):
        page = iso.get(url(world, "iso_recommendation_add", report_id=report.pk))
        assert page.content.decode().index(police.name) < page.content.decode().index(world.agency_a.name)
        report.refresh_from_db()
        iso.post(
            url(world, "iso_recommendation_add", report_id=report.pk),
            {
                "text": f"Recommendation for {org.name}",
                "respond_by": soon,
                "addressees": [org.pk],
                "version": report.version,
            },
        )
    assert report.recommendations.count() == 2
    confirm = iso.get(url(world, "iso_report_issue", report_id=report.pk))
    assert "2 recommendations" in confirm.content.decode()
    report.refresh_from_db()
    iso.post(url(world, "iso_report_issue", report_id=report.pk), {"version": report.version})
    report.refresh_from_db()
    assert report.status == IsoReport.Status.ISSUED

    police_partner = client_for(people["police"])
    to_answer = police_partner.get(url(world, "recommendations_to_answer"))
    to_police = response_for(report, police, number=1)
    answer_url = url(world, "iso_response_answer", report_id=report.pk, response_id=to_police.pk)
    assert answer_url in to_answer.content.decode()
    form = police_partner.get(answer_url)
    assert form.status_code == 200
    more = police_partner.post(
        answer_url,
        {
            "answer": "partly",
            "reasons": "Part of it",
            "rows": "1",
            "action_1_what": "Kept",
            "add_action": "1",
        },
    )
    assert more.status_code == 200 and 'name="action_2_what"' in more.content.decode()
    assert "Kept" in more.content.decode() and "There is a problem" not in more.content.decode()
    done = police_partner.post(
        answer_url,
        {
            "answer": "partly",
            "reasons": "Part of it",
            "rows": "2",
            "version": to_police.version,
            "action_1_what": "Train the public protection unit",
            "action_1_due_on": soon,
            "action_1_impact": "Children's voices are recorded",
            **the_form_token(more),
        },
    )
    assert done.status_code == 302
    to_police.refresh_from_db()
    assert to_police.answer == Answer.PARTLY and to_police.actions.count() == 1
    report.refresh_from_db()
    assert report.action_plan.actions.get().owner_organisation == police

    detail = iso.get(url(world, "iso_report_detail", report_id=report.pk))
    judge_url = url(world, "iso_response_judge", report_id=report.pk, response_id=to_police.pk)
    assert judge_url in detail.content.decode()
    iso.post(judge_url, {"judgement": "sufficient", "note": "", "version": to_police.version})
    to_police.refresh_from_db()
    assert to_police.judgement == "sufficient"

    board = meetings.meeting_schedule(
        by=None,
        partnership=world.partnership,
        group=world.partnership.groups.get(kind=Group.Kind.BOARD),
        held_on=timezone.localdate() + timedelta(days=10),
    )
    business = client_for(world.users["business_team"])
    agenda_page = business.get(url(world, "iso_report_agenda", report_id=report.pk))
    business.post(
        url(world, "iso_report_agenda", report_id=report.pk),
        {"meeting": board.pk, **the_form_token(agenda_page)},
    )
    assert board.items.get().iso_report == report

    iso.post(
        url(world, "iso_report_days", report_id=report.pk),
        {"work_date": timezone.localdate().isoformat(), "spent": "1.5"},
    )
    assert LedgerEntry.objects.get(report=report).spent_half_days == 3
    page = iso.get(url(world, "iso_report_detail", report_id=report.pk)).content.decode()
    assert board.title in page and "Overdue" not in page


def test_a_bad_post_shows_the_error_summary_and_saves_nothing(world, client_for):
    report = draft(world)
    page = client_for(world.users["iso"]).post(
        url(world, "iso_recommendation_add", report_id=report.pk),
        {"text": "", "respond_by": timezone.localdate().isoformat(), "version": report.version},
    )
    content = page.content.decode()
    assert page.status_code == 200 and "There is a problem" in content
    assert (
        "The response date must be after today" in content and "Choose at least one organisation" in content
    )
    assert not report.recommendations.exists()


def test_an_answer_without_reasons_shows_the_error_and_saves_nothing(world, client_for):
    report = issued(world, world.agency_a)
    response = response_for(report, world.agency_a)
    page = client_for(world.users["agency_a_lead"]).post(
        url(world, "iso_response_answer", report_id=report.pk, response_id=response.pk),
        {"answer": "not_accepted", "reasons": "", "rows": "1"},
    )
    assert "Give the reasons the recommendation is not accepted" in page.content.decode()
    response.refresh_from_db()
    assert response.answer == Answer.AWAITED


@pytest.fixture
def everyone(world):
    users = world.users
    users["iso_2"] = factories.with_partnership_role(world.partnership, Role.ISO)
    users["learning_member"] = factories.with_partnership_role(world.partnership, Role.LEARNING_MEMBER)
    partners(world)
    return users


def readers(world, client_for, address) -> set:
    return {key for key, user in world.users.items() if client_for(user).get(address).status_code == 200}


WIDE = {
    "business_team",
    "partner_la",
    "partner_icb",
    "partner_police",
    "iso",
    "iso_2",
    "board_member",
    "learning_chair",
    "learning_member",
}


def test_a_draft_is_read_by_its_author_and_the_business_team_only(world, client_for, everyone):
    report = draft(world)
    recommend(report, world.agency_a)
    assert readers(world, client_for, url(world, "iso_report_detail", report_id=report.pk)) == {
        "iso",
        "business_team",
    }
    assert readers(world, client_for, url(world, "iso_report_edit", report_id=report.pk)) == {"iso"}
    assert readers(world, client_for, url(world, "iso_report_issue", report_id=report.pk)) == {
        "iso",
        "business_team",
    }


def test_an_issued_report_is_read_partnership_wide_and_by_the_addressees_lead(world, client_for, everyone):
    report = issued(world, world.agency_a)
    assert readers(world, client_for, url(world, "iso_report_detail", report_id=report.pk)) == WIDE | {
        "agency_a_lead"
    }


def test_who_answers_for_which_organisation(world, client_for, everyone):
    police = statutory(world, "police")
    police_lead = factories.with_organisation_role(police, OrganisationMembership.Role.LEAD)
    world.users["police_lead"] = police_lead
    report = issued(world, world.agency_a, police)
    to_a = url(
        world, "iso_response_answer", report_id=report.pk, response_id=response_for(report, world.agency_a).pk
    )
    to_police = url(
        world, "iso_response_answer", report_id=report.pk, response_id=response_for(report, police).pk
    )
    assert readers(world, client_for, to_a) == {"agency_a_lead"}
    assert readers(world, client_for, to_police) == {"partner_police", "police_lead"}


def test_the_author_alone_judges_and_records_days(world, client_for, everyone):
    report = issued(world, world.agency_a)
    response = answer(response_for(report, world.agency_a), world.users["agency_a_lead"])
    judge = url(world, "iso_response_judge", report_id=report.pk, response_id=response.pk)
    assert readers(world, client_for, judge) == {"iso"}
    assert readers(world, client_for, url(world, "iso_report_days", report_id=report.pk)) == {"iso"}
    assert readers(world, client_for, url(world, "iso_report_agenda", report_id=report.pk)) == {
        "business_team"
    }


def test_nobody_outside_the_partnership_reads_anything(world, client_for, everyone):
    report = issued(world, world.agency_a)
    response = response_for(report, world.agency_a)
    for name, kwargs in (
        ("iso_report_list", {}),
        ("iso_report_detail", {"report_id": report.pk}),
        ("iso_response_answer", {"report_id": report.pk, "response_id": response.pk}),
        ("recommendations_to_answer", {}),
    ):
        for who in ("other_business_team", "nobody", "operator"):
            assert client_for(world.users[who]).get(url(world, name, **kwargs)).status_code == 404, (
                name,
                who,
            )
    elsewhere = reverse(
        "iso_report_detail", kwargs={"slug": world.other_partnership.slug, "report_id": report.pk}
    )
    assert client_for(world.users["other_business_team"]).get(elsewhere).status_code == 404


def test_the_list_shows_each_person_only_what_they_read(world, client_for, everyone):
    to_a = issued(world, world.agency_a, title="To agency A")
    to_b = issued(world, world.agency_b, title="To agency B")
    mine = draft(world, title="Still a draft")

    def listed(who, query=""):
        page = client_for(world.users[who]).get(url(world, "iso_report_list") + query).content.decode()
        return {report.title for report in (to_a, to_b, mine) if report.title in page}

    assert listed("business_team") == {"To agency A", "To agency B", "Still a draft"}
    assert listed("business_team", "?status=draft") == {"Still a draft"}
    assert listed("iso_2") == {"To agency A", "To agency B"}
    assert listed("board_member", "?status=draft") == {"To agency A", "To agency B"}
    assert listed("agency_a_lead") == {"To agency A"}


def test_the_activity_page_links_its_reports(world, client_for):
    report = issued(world)
    page = client_for(world.users["business_team"]).get(
        reverse("activity_detail", kwargs={"slug": world.partnership.slug, "activity_id": report.activity_id})
    )
    assert url(world, "iso_report_detail", report_id=report.pk) in page.content.decode()


def test_home_links_the_reports_and_the_recommendations_to_answer(world, client_for):
    home = reverse("partnership_home", kwargs={"slug": world.partnership.slug})
    lead_page = client_for(world.users["agency_a_lead"]).get(home).content.decode()
    assert url(world, "iso_report_list") in lead_page and url(world, "recommendations_to_answer") in lead_page
    board_page = client_for(world.users["board_member"]).get(home).content.decode()
    assert (
        url(world, "iso_report_list") in board_page
        and url(world, "recommendations_to_answer") not in board_page
    )


def test_list_and_answer_pages_ask_no_more_queries_with_ten_times_the_reports(world, client_for):
    police = statutory(world, "police")
    partner = partners(world)["police"]
    activity = make_activity(world)

    def grow(n):
        from sightline.scrutiny.reports import drafting as services

        def more():
            for i in range(n):
                report = services.report_create(
                    by=world.users["iso"],
                    partnership=world.partnership,
                    kind="activity",
                    activity=activity,
                    title=f"Report {i}",
                )
                recommend(report, world.agency_a, police)
                services.report_issue(by=world.users["iso"], report=report, version=None)
                answer(response_for(report, world.agency_a), world.users["agency_a_lead"])

        return more

    grow(2)()
    for who, name in (
        ("business_team", "iso_report_list"),
        ("agency_a_lead", "iso_report_list"),
        ("partner_police", "recommendations_to_answer"),
        ("agency_a_lead", "recommendations_to_answer"),
    ):
        client = client_for(partner if who == "partner_police" else world.users[who])
        queries_for(client, url(world, name))  # warm the per-request caches alike
    assert_flat(client_for(world.users["business_team"]), url(world, "iso_report_list"), grow(18), bound=20)
    assert_flat(client_for(partner), url(world, "recommendations_to_answer"), lambda: None, bound=20)
    report = IsoReport.objects.filter(status="issued").first()
    assert_flat(
        client_for(world.users["iso"]),
        url(world, "iso_report_detail", report_id=report.pk),
        lambda: [recommend_issued_more(report)],
        bound=30,
    )


def recommend_issued_more(report):
    """More recommendations and responses on an issued report, for the detail page's count."""
    from sightline.scrutiny.models import IsoRecommendation

    for number in range(2, 12):
        recommendation = IsoRecommendation.objects.create(
            report=report, number=number, text="More", respond_by=timezone.localdate() + timedelta(days=9)
        )
        for response in RecommendationResponse.objects.filter(
            recommendation__report=report, recommendation__number=1
        ):
            RecommendationResponse.objects.create(
                recommendation=recommendation, organisation=response.organisation
            )


def test_a_report_that_may_identify_someone_is_saved_only_once_the_officer_confirms(world, client_for):
    client = client_for(world.users["iso"])
    start = url(world, "iso_report_start")
    fields = {
        "kind": IsoReport.Kind.THEME,
        "title": "Neglect in the early years",
        "summary": "We spoke about Jamie Smith, born 2019-03-04, at the panel.",
        "body": "",
    }
    warned = client.post(start, {**fields, **the_form_token(client.get(start))})
    content = warned.content.decode()
    assert "may identify someone" in content and 'name="identifiers_checked"' in content
    assert not IsoReport.objects.filter(title=fields["title"]).exists()
    token = __import__("re").search(r'name="identifiers_token" value="([^"]+)"', content).group(1)
    confirmed = client.post(
        start,
        {**fields, "identifiers_checked": "on", "identifiers_token": token, **the_form_token(warned)},
    )
    assert confirmed.status_code == 302
    assert IsoReport.objects.filter(title=fields["title"]).count() == 1
