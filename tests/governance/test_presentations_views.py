"""The register's pages as people use them: planning through the form (kind, then report), recording as
presented, cancelling, a question made an action, the bodies page, refusals shown on the page, who reads and who
writes, the include on a report's page, and query counts that stay flat."""

from datetime import timedelta

import pytest
from django.urls import reverse

from sightline.governance.models import DEFAULT_BODIES, Presentation, PresentationQuestion, ReportingBody
from sightline.improvement.models import Action

from ..improvement.briefing_builders import approved_briefing
from ..improvement.builders import make_plan
from ..query_budget import assert_flat
from .presentation_builders import body, planned, presented, question, today

READERS = ("business_team", "partner_la", "iso", "board_member", "learning_chair")
OUTSIDERS = ("agency_a_lead", "agency_a_contributor", "nobody", "other_business_team", "operator")


def url(name, world, **kwargs):
    return reverse(name, kwargs={"slug": world.partnership.slug, **kwargs})


def test_planning_through_the_form(world, client_for):
    briefing = approved_briefing(world)
    client = client_for(world.users["business_team"])
    page = client.get(url("presentation_plan", world))
    assert page.status_code == 200
    # The first time bodies are needed, the partnership has the usual ones.
    assert ReportingBody.objects.filter(partnership=world.partnership).count() == len(DEFAULT_BODIES)
    cabinet = ReportingBody.objects.get(partnership=world.partnership, name="Council Cabinet")
    response = client.post(
        url("presentation_plan", world),
        {
            "report_kind": "briefing",
            "briefing": briefing.pk,
            "body": cabinet.pk,
            "on": (today() + timedelta(days=20)).isoformat(),
            "presenter_name": "Director of Children's Services",
            "status": "held",
            "partnership": world.other_partnership.pk,
        },
    )
    presentation = Presentation.objects.get()
    assert response.status_code == 302 and response.url == url(
        "presentation_detail", world, presentation_id=presentation.pk
    )
    assert (
        presentation.status == Presentation.Status.PLANNED and presentation.partnership == world.partnership
    )
    assert presentation.briefing == briefing and presentation.body == cabinet


def test_the_plan_form_opens_with_the_report_named_in_the_address(world, client_for):
    briefing = approved_briefing(world)
    page = client_for(world.users["business_team"]).get(
        url("presentation_plan", world) + f"?report_kind=briefing&briefing={briefing.pk}"
    )
    assert page.context["form"].initial == {"report_kind": "briefing", "briefing": str(briefing.pk)}


def test_planning_without_the_report_shows_the_error_and_adds_nothing(world, client_for):
    approved_briefing(world)
    client = client_for(world.users["business_team"])
    response = client.post(
        url("presentation_plan", world),
        {"report_kind": "briefing", "body": body(world).pk, "on": today().isoformat()},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content and "Choose the report: a learning briefing" in content
    assert "Choose who presents the report, or enter their name" in content
    assert content.count("<title>Error: ") == 1
    assert not Presentation.objects.exists()


def test_the_plan_form_says_when_there_is_nothing_to_present(world, client_for):
    page = client_for(world.users["business_team"]).get(url("presentation_plan", world))
    assert "There is no report to present yet" in page.content.decode()


def test_recording_as_presented_in_the_future_is_refused_on_the_page(world, client_for):
    presentation = planned(world)
    client = client_for(world.users["business_team"])
    address = url("presentation_presented", world, presentation_id=presentation.pk)
    response = client.post(address, {"on": (today() + timedelta(days=1)).isoformat(), "outcome": "Noted"})
    assert response.status_code == 200
    assert "it cannot be in the future" in response.content.decode()
    assert Presentation.objects.get(pk=presentation.pk).status == Presentation.Status.PLANNED
    response = client.post(address, {"on": today().isoformat(), "minute_reference": "Min 9/26"})
    assert response.status_code == 302
    assert Presentation.objects.get(pk=presentation.pk).status == Presentation.Status.HELD


def test_cancelling_through_the_page(world, client_for):
    presentation = planned(world)
    client = client_for(world.users["business_team"])
    address = url("presentation_cancel", world, presentation_id=presentation.pk)
    assert "Say why the presentation is cancelled" in client.post(address, {"reason": ""}).content.decode()
    assert client.post(address, {"reason": "Meeting postponed"}).status_code == 302
    presentation.refresh_from_db()
    assert presentation.status == Presentation.Status.CANCELLED
    # A cancelled presentation is not offered for recording or editing again.
    for name in ("presentation_presented", "presentation_cancel", "presentation_edit"):
        assert client.get(url(name, world, presentation_id=presentation.pk)).status_code == 302


def test_a_stale_edit_shows_both_versions_and_saves_nothing(world, client_for):
    presentation = planned(world)
    client = client_for(world.users["business_team"])
    address = url("presentation_edit", world, presentation_id=presentation.pk)
    first = today() + timedelta(days=30)
    values = {"body": presentation.body_id, "presenter": presentation.presenter_id, "version": 1}
    assert client.post(address, {**values, "on": first.isoformat()}).status_code == 302
    response = client.post(address, {**values, "on": (today() + timedelta(days=40)).isoformat()})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Someone else changed this presentation" in content and "What is saved now" in content
    assert 'name="version" value="2"' in content
    assert Presentation.objects.get(pk=presentation.pk).on == first


def test_questions_and_an_action_through_the_pages(world, client_for, run_on_commit):
    held = presented(world)
    plan = make_plan(world)
    client = client_for(world.users["business_team"])
    assert (
        client.post(
            url("presentation_question_add", world, presentation_id=held.pk),
            {"text": "What is the take-up of neglect training in schools?", "answer": "To follow"},
        ).status_code
        == 302
    )
    asked = PresentationQuestion.objects.get()
    address = url("presentation_question_action", world, presentation_id=held.pk, question_id=asked.pk)
    page = client.get(address)
    assert page.context["form"].initial["what"] == asked.text
    refused = client.post(
        address,
        {
            "what": asked.text,
            "plan": plan.pk,
            "owner_organisation": world.agency_a.pk,
            "due_on": "2001-01-01",
        },
    )
    assert "The due date must be today or in the future" in refused.content.decode()
    assert not Action.objects.exists()
    due = today() + timedelta(days=45)
    done = client.post(
        address,
        {
            "what": asked.text,
            "plan": plan.pk,
            "owner_organisation": world.agency_a.pk,
            "due_on": due.isoformat(),
        },
    )
    assert done.status_code == 302
    asked.refresh_from_db()
    assert asked.action.plan == plan
    detail = client.get(url("presentation_detail", world, presentation_id=held.pk)).content.decode()
    assert (
        reverse("action_detail", kwargs={"slug": world.partnership.slug, "action_id": asked.action_id})
        in detail
    )
    # Made once: the page now sends the team to the action.
    assert client.get(address).status_code == 302


def test_questions_cannot_be_added_before_it_is_presented(world, client_for):
    presentation = planned(world)
    response = client_for(world.users["business_team"]).post(
        url("presentation_question_add", world, presentation_id=presentation.pk), {"text": "Why?"}
    )
    assert response.status_code == 302 and not PresentationQuestion.objects.exists()


def test_the_bodies_page_adds_renames_retires_and_removes(world, client_for):
    client = client_for(world.users["business_team"])
    assert client.get(url("body_list", world)).status_code == 200
    assert (
        client.post(
            url("body_add", world), {"name": "Health and wellbeing board", "kind": "other"}
        ).status_code
        == 302
    )
    added = ReportingBody.objects.get(name="Health and wellbeing board")
    duplicate = client.post(url("body_add", world), {"name": "health and wellbeing board", "kind": "other"})
    assert "already has a body called" in duplicate.content.decode()
    client.post(
        url("body_edit", world, body_id=added.pk),
        {"name": "Health and wellbeing board (county)", "kind": "other"},
    )
    client.post(url("body_active", world, body_id=added.pk), {"active": "no"})
    added.refresh_from_db()
    assert added.name == "Health and wellbeing board (county)" and added.active is False
    client.post(url("body_remove", world, body_id=added.pk))
    assert not ReportingBody.objects.filter(pk=added.pk).exists()


def test_a_body_with_presentations_is_not_removed_through_the_page(world, client_for):
    presentation = planned(world)
    client = client_for(world.users["business_team"])
    response = client.post(url("body_remove", world, body_id=presentation.body_id), follow=True)
    assert "retire it instead" in response.content.decode()
    assert ReportingBody.objects.filter(pk=presentation.body_id).exists()
    assert (
        "Remove<span"
        not in client.get(url("body_list", world))
        .content.decode()
        .split(presentation.body.name)[1]
        .split("</tr>")[0]
    )


@pytest.mark.parametrize("role", READERS + OUTSIDERS)
def test_partnership_wide_roles_read_the_register_and_only_the_business_team_writes(world, client_for, role):
    held = presented(world)
    client = client_for(world.users[role])
    reads = client.get(url("presentation_list", world)).status_code
    detail = client.get(url("presentation_detail", world, presentation_id=held.pk)).status_code
    writes = client.get(url("presentation_plan", world)).status_code
    bodies = client.get(url("body_list", world)).status_code
    assert (reads, detail) == ((200, 200) if role in READERS else (404, 404))
    assert (writes, bodies) == ((200, 200) if role == "business_team" else (404, 404))


def test_a_reader_sees_no_buttons_to_change_the_register(world, client_for):
    held = presented(world)
    question(world, held)
    page = client_for(world.users["partner_la"]).get(
        url("presentation_detail", world, presentation_id=held.pk)
    )
    content = page.content.decode()
    assert "How many schools" in content
    assert "Make it an action" not in content and "Change the details" not in content


def test_another_partnerships_presentation_is_404(world, client_for):
    held = presented(world)
    client = client_for(world.users["other_business_team"])
    theirs = reverse(
        "presentation_detail", kwargs={"slug": world.other_partnership.slug, "presentation_id": held.pk}
    )
    assert client.get(theirs).status_code == 404


def test_the_briefing_page_shows_where_it_has_been_presented(world, client_for):
    briefing = approved_briefing(world)
    presented(world, report=briefing)
    address = reverse("briefing_detail", kwargs={"slug": world.partnership.slug, "briefing_id": briefing.pk})
    business = client_for(world.users["business_team"]).get(address).content.decode()
    assert "Where it has been presented" in business and "Council Cabinet" in business
    assert "Plan a presentation of this report" in business
    reader = client_for(world.users["board_member"]).get(address).content.decode()
    assert "Where it has been presented" in reader and "Plan a presentation of this report" not in reader


def test_the_register_asks_no_more_queries_with_more_presentations(world, client_for):
    presented(world)
    question(world, presented(world))
    client = client_for(world.users["business_team"])

    def grow():
        for n in range(6):
            held = presented(
                world, body=body(world, f"Committee {n}"), presenter=None, presenter_name=f"Chair {n}"
            )
            question(world, held)
            planned(world, body=body(world, f"Panel {n}"))

    assert_flat(client, url("presentation_list", world), grow, bound=20)


def test_a_presentation_page_asks_no_more_queries_with_more_questions(world, client_for):
    held = presented(world)
    plan = make_plan(world)
    client = client_for(world.users["business_team"])
    from sightline.governance.presentations import questions

    def grow():
        for n in range(5):
            asked = question(world, held, text=f"Question {n}")
            questions.question_to_action(
                by=world.users["business_team"],
                question=asked,
                plan=plan,
                owner_organisation=world.agency_a,
                due_on=today() + timedelta(days=30),
            )

    question(world, held, text="First")
    assert_flat(client, url("presentation_detail", world, presentation_id=held.pk), grow, bound=20)


def test_the_bodies_page_asks_no_more_queries_with_more_bodies(world, client_for):
    client = client_for(world.users["business_team"])
    client.get(url("body_list", world))

    def grow():
        for n in range(8):
            planned(world, body=body(world, f"Board {n}"))

    assert_flat(client, url("body_list", world), grow, bound=15)


def test_a_presentation_page_links_to_its_report_for_those_who_may_read_it(world, client_for):
    briefing = approved_briefing(world)
    held = presented(world, report=briefing)
    briefing_url = reverse(
        "briefing_detail", kwargs={"slug": world.partnership.slug, "briefing_id": briefing.pk}
    )
    page = client_for(world.users["board_member"]).get(
        url("presentation_detail", world, presentation_id=held.pk)
    )
    assert f'href="{briefing_url}"' in page.content.decode()
