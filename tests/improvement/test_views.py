"""The pages as people use them, without JavaScript: plain forms that redirect, errors in the summary, posted
fields the form does not offer ignored, and evidence served only to those who see the action."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sightline.audit.models import AuditEvent
from sightline.improvement import decisions
from sightline.improvement.escalation import action_escalate
from sightline.improvement.models import Action, ActionEvent, ActionEvidence, ActionPlan
from sightline.partnerships.models import Group

from ..assessments.evidence_samples import CSV
from ..test_access_matrix import open_cycle
from .builders import fresh, group, in_state, make_action, make_plan, today

S = Action.Status


def url(name, **kwargs):
    return reverse(name, kwargs={"slug": "test", **kwargs})


def test_the_business_team_raises_a_plan_from_a_composite(world, client_for):
    cycle = open_cycle(world)
    client = client_for(world.users["business_team"])
    composite = client.get(reverse("cycle_composite", kwargs={"slug": "test", "cycle_id": cycle.pk}))
    link = url("plan_create") + f"?cycle={cycle.pk}"
    assert link in composite.content.decode()
    form = client.get(link).context["form"]
    assert form.initial["source_kind"] == "composite" and form.initial["source_cycle"] == cycle.pk
    response = client.post(
        link,
        {
            "title": "Section 11 action plan",
            "source_kind": "composite",
            "source_cycle": cycle.pk,
            "monitoring": "learning",
            "reports_to": [group(world, Group.Kind.BOARD).pk],
            "import_actions": "on",
        },
    )
    plan = ActionPlan.objects.get()
    assert response.status_code == 302 and response.url == url("plan_detail", plan_id=plan.pk)
    assert (plan.source_cycle, plan.monitoring_group) == (cycle, group(world))


def test_the_composite_offers_no_plan_link_to_others(world, client_for):
    cycle = open_cycle(world)
    page = client_for(world.users["learning_chair"]).get(
        reverse("cycle_composite", kwargs={"slug": "test", "cycle_id": cycle.pk})
    )
    assert url("plan_create") not in page.content.decode()


def test_a_plan_from_a_hand_entered_source(world, client_for):
    client = client_for(world.users["business_team"])
    bad = client.post(url("plan_create"), {"title": "National review", "source_kind": "national_review"})
    text = bad.content.decode()
    assert "Describe the review, report or event the plan comes from" in text
    assert "Choose who monitors the plan" in text and "govuk-error-summary" in text
    response = client.post(
        url("plan_create"),
        {
            "title": "National review: safeguarding children with disabilities",
            "source_kind": "national_review",
            "source_description": "National panel report, 2026",
            "owner_organisation": world.agency_a.pk,
            "monitoring": "agency",
            "reports_to": [group(world, Group.Kind.BOARD).pk],
            "partnership": world.other_partnership.pk,
            "status": "closed",
        },
    )
    assert response.status_code == 302
    plan = ActionPlan.objects.get()
    assert (plan.partnership, plan.status, plan.owner_organisation, plan.monitoring_group) == (
        world.partnership,
        "open",
        world.agency_a,
        None,
    )


def test_adding_an_action_with_a_past_due_date_is_refused_with_a_clear_message(world, client_for):
    plan = make_plan(world)
    response = client_for(world.users["business_team"]).post(
        url("action_create", plan_id=plan.pk),
        {
            "what": "Audit supervision",
            "owner_organisation": world.agency_a.pk,
            "priority": "high",
            "due_on": (today() - timedelta(days=1)).isoformat(),
        },
    )
    text = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in text
    assert '<a href="#id_due_on">The due date must be today or in the future</a>' in text
    assert not plan.actions.exists()


def test_adding_actions_one_after_another(world, client_for):
    plan = make_plan(world)
    client = client_for(world.users["business_team"])
    data = {
        "what": "Audit supervision",
        "owner_organisation": world.agency_a.pk,
        "owner_email": world.users["agency_a_contributor"].email.upper(),
        "priority": "high",
        "due_on": (today() + timedelta(days=30)).isoformat(),
    }
    another = client.post(url("action_create", plan_id=plan.pk), {**data, "add_another": "1"})
    assert another.url == url("action_create", plan_id=plan.pk)
    done = client.post(url("action_create", plan_id=plan.pk), {**data, "owner_email": "nobody@example.test"})
    assert "Nobody with that email address has an account" in done.content.decode()
    action = plan.actions.get()
    assert action.owner_person == world.users["agency_a_contributor"] and action.priority == "high"


def test_an_extension_with_an_empty_reason_changes_nothing(world, client_for):
    action = make_action(world, make_plan(world))
    page = url("action_decide", action_id=action.pk, move="extend")
    response = client_for(world.users["learning_chair"]).post(
        page, {"due_on": (action.due_on + timedelta(days=30)).isoformat(), "reason": " "}
    )
    assert response.status_code == 200
    assert "Enter the reason for changing the due date" in response.content.decode()
    assert fresh(action).due_on == action.due_on
    assert not fresh(action).events.filter(kind=ActionEvent.Kind.EXTENDED).exists()


def test_an_extension_through_the_page_shows_in_the_history(world, client_for):
    action = make_action(world, make_plan(world))
    client = client_for(world.users["learning_chair"])
    new = action.due_on + timedelta(days=30)
    response = client.post(
        url("action_decide", action_id=action.pk, move="extend"),
        {"due_on": new.isoformat(), "reason": "Agreed"},
    )
    assert response.url == url("action_detail", action_id=action.pk)
    page = client.get(response.url).content.decode()
    assert "Due date changed" in page and f"to {new:%-d %B %Y}" in page and "Agreed" in page


def test_the_details_form_ignores_fields_it_does_not_offer(world, client_for):
    action = make_action(world, make_plan(world))
    other_plan = make_plan(world, title="Other plan")
    response = client_for(world.users["business_team"]).post(
        url("action_edit", action_id=action.pk),
        {
            "what": "Audit supervision records",
            "owner_organisation": world.agency_a.pk,
            "priority": "low",
            "version": action.version,
            "due_on": "2030-01-01",
            "status": "verified",
            "plan": other_plan.pk,
            "returns": "5",
            "number": "99",
        },
    )
    assert response.status_code == 302
    after = fresh(action)
    assert after.priority == "low"
    assert (after.due_on, after.status, after.plan_id, after.returns, after.number) == (
        action.due_on,
        S.OPEN,
        action.plan_id,
        0,
        1,
    )


def test_the_details_form_shows_a_conflict_instead_of_overwriting(world, client_for):
    action = make_action(world, make_plan(world))
    client = client_for(world.users["business_team"])
    data = {"what": "Mine", "owner_organisation": world.agency_a.pk, "priority": "low", "version": 1}
    client.post(url("action_edit", action_id=action.pk), data)
    stale = client.post(url("action_edit", action_id=action.pk), {**data, "what": "Theirs"})
    assert "Someone else changed this action" in stale.content.decode()
    assert fresh(action).what == "Mine"


def test_the_owner_updates_progress_with_a_file_and_others_download_it_only_if_they_see_the_action(
    world, client_for
):
    action = make_action(world, make_plan(world))
    lead = client_for(world.users["agency_a_lead"])
    response = lead.post(
        url("action_progress", action_id=action.pk),
        {
            "commentary": "Trained 42 staff",
            "file": SimpleUploadedFile("training.csv", CSV, content_type="text/csv"),
        },
    )
    assert response.status_code == 302
    evidence = ActionEvidence.objects.get()
    page = lead.get(url("action_detail", action_id=action.pk)).content.decode()
    download = url("action_evidence_download", action_id=action.pk, evidence_id=evidence.pk)
    assert "Trained 42 staff" in page and download in page
    got = client_for(world.users["board_member"]).get(download)
    assert got.status_code == 200 and b"".join(got.streaming_content) == CSV
    assert got["Content-Disposition"].startswith("attachment") and got["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(
        verb="action_evidence.downloaded", actor=world.users["board_member"]
    ).exists()
    for role in ("agency_b_lead", "other_business_team", "nobody"):
        assert client_for(world.users[role]).get(download).status_code == 404
    elsewhere = make_action(world, make_plan(world, title="Elsewhere"))
    wrong_action = url("action_evidence_download", action_id=elsewhere.pk, evidence_id=evidence.pk)
    assert client_for(world.users["business_team"]).get(wrong_action).status_code == 404


def test_a_refused_file_is_explained_on_the_form(world, client_for):
    action = make_action(world, make_plan(world))
    response = client_for(world.users["agency_a_lead"]).post(
        url("action_propose", action_id=action.pk),
        {"commentary": "Done", "file": SimpleUploadedFile("report.pdf", b"MZ-program")},
    )
    assert "&#x27;report.pdf&#x27; was not uploaded" in response.content.decode()
    assert fresh(action).status == S.OPEN


def test_the_chair_verifies_and_returns_through_the_pages(world, client_for):
    plan = make_plan(world)
    first = in_state(world, make_action(world, plan), S.COMPLETION_PROPOSED)
    second = in_state(world, make_action(world, plan), S.COMPLETION_PROPOSED)
    chair = client_for(world.users["learning_chair"])
    page = chair.get(url("action_detail", action_id=first.pk)).content.decode()
    assert url("action_decide", action_id=first.pk, move="verify") in page
    chair.post(url("action_decide", action_id=first.pk, move="verify"), {"note": "Audit seen"})
    empty = chair.post(url("action_decide", action_id=second.pk, move="return"), {"reason": ""})
    assert "Enter the reason for returning the action" in empty.content.decode()
    chair.post(url("action_decide", action_id=second.pk, move="return"), {"reason": "Show the audit"})
    assert (fresh(first).status, fresh(second).status, fresh(second).returns) == (
        S.VERIFIED,
        S.IN_PROGRESS,
        1,
    )


def test_a_decision_the_state_does_not_allow_sends_the_chair_back_with_the_reason(world, client_for):
    action = make_action(world, make_plan(world))
    response = client_for(world.users["learning_chair"]).get(
        url("action_decide", action_id=action.pk, move="verify"), follow=True
    )
    assert "An action that is open cannot be changed this way" in response.content.decode()


def test_each_decision_has_its_own_address_and_no_other_word_does(world, client_for):
    action = make_action(world, make_plan(world))
    verify = url("action_decide", action_id=action.pk, move="verify")
    assert verify == f"/p/test/improvement/actions/{action.pk}/verify/"
    client = client_for(world.users["business_team"])
    assert client.get(verify.replace("/verify/", "/delete/")).status_code == 404


def test_someone_the_policy_refuses_gets_a_recorded_404(world, client_for):
    action = make_action(world, make_plan(world))
    response = client_for(world.users["board_member"]).post(
        url("action_decide", action_id=action.pk, move="cancel"), {"reason": "Because"}
    )
    assert response.status_code == 404 and fresh(action).status == S.OPEN
    event = AuditEvent.objects.filter(verb="access.refused").latest("seq")
    assert (
        event.actor == world.users["board_member"] and event.changes["reason"] == "improvement.decide_action"
    )


def test_our_actions_lists_the_organisations_actions_across_plans_with_a_filter(world, client_for):
    first, second = make_plan(world, title="First plan"), make_plan(world, title="Second plan")
    make_action(world, first, what="Ours in the first plan")
    in_state(world, make_action(world, second, what="Ours and verified"), S.VERIFIED)
    make_action(world, second, organisation=world.agency_b, what="Agency B's")
    client = client_for(world.users["agency_a_contributor"])
    page = client.get(url("our_actions")).content.decode()
    assert "Ours in the first plan" in page and "Second plan" not in page and "Agency B" not in page
    verified = client.get(url("our_actions") + "?status=verified").content.decode()
    assert "Ours and verified" in verified and "Ours in the first plan" not in verified
    everything = client.get(url("our_actions") + "?status=all").content.decode()
    assert "Ours and verified" in everything and "Ours in the first plan" in everything


def test_the_plan_page_lists_actions_with_rag_in_words(world, client_for):
    plan = make_plan(world)
    make_action(world, plan, due_in=3, what="Amber one")
    page = client_for(world.users["agency_a_lead"]).get(url("plan_detail", plan_id=plan.pk)).content.decode()
    assert "Amber one" in page and "Amber: due soon" in page and "Open" in page


def test_closing_a_plan_through_the_page(world, client_for):
    plan = make_plan(world)
    in_state(world, make_action(world, plan), S.VERIFIED)
    chair = client_for(world.users["learning_chair"])
    empty = chair.post(url("plan_close", plan_id=plan.pk), {"closing_note": ""})
    assert "Enter what was learned" in empty.content.decode()
    chair.post(
        url("plan_close", plan_id=plan.pk), {"closing_note": "Learning for the board", "status": "open"}
    )
    plan.refresh_from_db()
    assert (plan.status, plan.closing_note) == ("closed", "Learning for the board")


@pytest.mark.parametrize(
    "role,links",
    [
        ("business_team", {"plan_list", "escalation_list", "board_summary", "review_list"}),
        ("board_member", {"plan_list", "escalation_list", "board_summary", "review_list"}),
        ("agency_a_lead", {"plan_list", "our_actions"}),
    ],
)
def test_the_partnership_home_links_to_what_each_person_may_use(world, client_for, role, links):
    page = (
        client_for(world.users[role])
        .get(reverse("partnership_home", kwargs={"slug": "test"}))
        .content.decode()
    )
    names = {"plan_list", "our_actions", "escalation_list", "board_summary", "review_list"}
    assert {name for name in names if url(name) in page} == links


def test_the_plan_offers_closing_only_once_every_action_is_finished(world, client_for):
    plan = make_plan(world)
    action = in_state(world, make_action(world, plan), S.COMPLETION_PROPOSED)
    chair = client_for(world.users["learning_chair"])
    page = chair.get(url("plan_detail", plan_id=plan.pk)).content.decode()
    assert url("plan_close", plan_id=plan.pk) not in page
    assert "1 action is still to be verified or cancelled" in page
    decisions.action_verify(by=world.users["learning_chair"], action=action)
    assert (
        url("plan_close", plan_id=plan.pk) in chair.get(url("plan_detail", plan_id=plan.pk)).content.decode()
    )


def test_an_escalated_action_offers_its_resolution_instead_of_a_second_escalation(world, client_for):
    action = make_action(world, make_plan(world))
    page = (
        client_for(world.users["learning_chair"])
        .get(url("action_detail", action_id=action.pk))
        .content.decode()
    )
    assert url("action_decide", action_id=action.pk, move="escalate") in page
    item = action_escalate(by=world.users["learning_chair"], action=action, reason="Stalled")
    page = (
        client_for(world.users["learning_chair"])
        .get(url("action_detail", action_id=action.pk))
        .content.decode()
    )
    assert url("action_decide", action_id=action.pk, move="escalate") not in page
    assert url("escalation_resolve", escalation_id=item.pk) in page
    board = (
        client_for(world.users["board_member"])
        .get(url("action_detail", action_id=action.pk))
        .content.decode()
    )
    assert (
        "Escalated to the board on" in board and url("escalation_resolve", escalation_id=item.pk) not in board
    )


def test_the_boards_pages_have_breadcrumbs_before_the_main_content(world, client_for):
    escalation = action_escalate(
        by=world.users["learning_chair"], action=make_action(world, make_plan(world)), reason="Stalled"
    )
    home, escalations = url("partnership_home"), url("escalation_list")
    pages = {
        escalations: [home],
        url("escalation_resolve", escalation_id=escalation.pk): [home, escalations],
        url("board_summary"): [home, escalations],
    }
    client = client_for(world.users["learning_chair"])
    for page, links in pages.items():
        text = client.get(page).content.decode()
        assert 'class="govuk-breadcrumbs"' in text, page
        crumbs = text[
            text.index('class="govuk-breadcrumbs"') : text.index("</nav>", text.index("govuk-breadcrumbs"))
        ]
        assert text.index('class="govuk-breadcrumbs"') < text.index("<main"), page
        assert [link for link in (home, escalations) if f'href="{link}"' in crumbs] == links, page
