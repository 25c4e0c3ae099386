"""The pages, as people use them: proposing, the task list, marking steps done, deciding a sign-off, the record,
handing over to the learning group, call-ins and peer reviews; posting fields a form does not offer changes
nothing, and a decision by someone the request does not name is refused."""

import pytest
from django.urls import reverse

from sightline.assurance.models import Activity, ActivityTransition
from sightline.assurance.models_endorsements import EndorsementRequest
from sightline.improvement.models import ActionPlan

from .builders import force_state, make_activity, partners, satisfy, walk_to


def url(name, activity=None, **kwargs):
    values = {"slug": "test", **kwargs}
    if activity is not None:
        values["activity_id"] = activity.pk
    return reverse(name, kwargs=values)


def test_a_partner_proposes_a_thematic_event_in_two_questions(world, client_for):
    partners(world)
    client = client_for(world.users["partner_la"])
    choose = client.get(url("activity_create"))
    assert b"Thematic assurance event" in choose.content and b"Agency call-in" not in choose.content
    form = client.get(url("activity_create") + "?kind=thematic")
    assert b'name="theme"' in form.content
    response = client.post(
        url("activity_create"),
        {"kind": "thematic", "title": "Neglect event", "theme": "Neglect of under-fives"},
    )
    activity = Activity.objects.get()
    assert response.status_code == 302 and response.url == url("activity_detail", activity)
    assert (activity.kind, activity.status, activity.created_by) == (
        "thematic",
        "theme_proposed",
        world.users["partner_la"],
    )


def test_a_partner_cannot_start_what_only_the_business_team_starts(world, client_for):
    partners(world)
    client = client_for(world.users["partner_la"])
    page = client.get(url("activity_create") + "?kind=call_in")
    assert b"Propose an activity" in page.content and b"There is a problem" in page.content
    client.post(url("activity_create"), {"kind": "call_in", "title": "X", "organisation": world.agency_a.pk})
    assert not Activity.objects.exists()


def test_fields_the_create_form_does_not_offer_change_nothing(world, client_for):
    partners(world)
    client_for(world.users["business_team"]).post(
        url("activity_create"),
        {
            "kind": "thematic",
            "title": "Event",
            "theme": "Neglect",
            "status": "closed",
            "partnership": world.other_partnership.pk,
            "created_by": world.users["other_business_team"].pk,
            "action_plan": "",
            "publish_highlights": "on",
            "organisation": world.agency_b.pk,
        },
    )
    activity = Activity.objects.get()
    assert activity.partnership == world.partnership and activity.status == "theme_proposed"
    assert activity.created_by == world.users["business_team"] and activity.organisation is None
    assert not activity.publish_highlights


def test_fields_the_details_form_does_not_offer_change_nothing(world, client_for):
    activity = make_activity(world)
    client_for(world.users["business_team"]).post(
        url("activity_edit", activity),
        {
            "title": "Renamed",
            "status": "closed",
            "kind": "call_in",
            "theme": "Changed behind the partners' backs",
            "partnership": world.other_partnership.pk,
            "iso": world.users["iso"].pk,
        },
    )
    activity.refresh_from_db()
    assert activity.title == "Renamed"
    assert (activity.status, activity.kind, activity.partnership) == (
        "theme_proposed",
        "thematic",
        world.partnership,
    )
    assert activity.theme == "Neglect and the voice of the child"


def test_the_activity_page_shows_the_lifecycle_as_a_task_list(world, client_for):
    people = partners(world)
    activity = make_activity(world, by=people["la"])
    page = client_for(world.users["business_team"]).get(url("activity_detail", activity)).content.decode()
    assert 'class="govuk-task-list"' in page
    assert page.count("Completed") == 1 and f"By {people['la']}" in page
    assert "Waiting for sign-off" in page and str(people["icb"]) in page and str(people["police"]) in page
    assert page.count("Not yet") == 10


def test_a_party_sees_that_their_decision_is_needed_and_decides(world, client_for):
    people = partners(world)
    activity = make_activity(world, by=people["la"])
    request = activity.endorsement_requests.get()
    client = client_for(people["icb"])
    assert b"Your decision is needed" in client.get(url("activity_detail", activity)).content
    detail = url("endorsement_detail", activity, request_id=request.pk)
    refused = client.post(detail, {"decision": "declined", "comment": ""})
    assert b"Give your reason for declining" in refused.content
    client.post(detail, {"decision": "declined", "comment": "Too broad for one day"})
    party = request.parties.get(user=people["icb"])
    assert (party.decision, party.comment) == ("declined", "Too broad for one day")


@pytest.mark.parametrize(
    "who", ["business_team", "iso", "board_member", "agency_a_lead", "other_business_team"]
)
def test_a_decision_by_someone_the_request_does_not_name_is_refused(world, client_for, who):
    activity = make_activity(world, by=partners(world)["la"])
    request = activity.endorsement_requests.get()
    response = client_for(world.users[who]).post(
        url("endorsement_detail", activity, request_id=request.pk), {"decision": "endorsed"}
    )
    assert response.status_code == 404
    assert request.parties.filter(decision="endorsed").count() == 1  # the proposer's own, nothing more


def test_decision_fields_the_form_does_not_offer_change_nothing(world, client_for):
    people = partners(world)
    activity = make_activity(world, by=people["la"])
    request = activity.endorsement_requests.get()
    client_for(people["icb"]).post(
        url("endorsement_detail", activity, request_id=request.pk),
        {"decision": "endorsed", "outcome": "agreed", "user": people["police"].pk, "signs_for": "board"},
    )
    request.refresh_from_db()
    assert request.outcome == "pending"
    assert request.parties.get(user=people["icb"]).signs_for == "partner_icb"
    assert request.parties.get(user=people["police"]).decision == "pending"


def test_marking_a_step_done_from_its_page_and_a_refusal_shown_on_it(world, client_for):
    activity = force_state(make_activity(world), "dates_fixed")
    client = client_for(world.users["iso"])
    advance = url("activity_advance", activity) + "?to=preparation"
    page = client.get(advance).content.decode()
    assert "Before this step: Write the lines of questioning first" in page
    refused = client.post(advance, {"to": "preparation"})
    assert (
        b"There is a problem" in refused.content
        and b"Write the lines of questioning first" in refused.content
    )
    client.post(
        url("activity_preparation", activity),
        {"lines_of_questioning": "How is the voice of the child heard?"},
    )
    assert client.post(advance, {"to": "preparation", "note": "Ready"}).status_code == 302
    assert ActivityTransition.objects.get(activity=activity, to_state="preparation").by == world.users["iso"]


def test_a_line_of_sight_events_page_and_its_case_steps_lead_to_its_cases(world, client_for):
    from sightline.casework import panel

    activity = force_state(make_activity(world, Activity.Kind.PRACTICE_LEARNING), "theme_agreed")
    cases = url("activity_casework", activity)
    business = client_for(world.users["business_team"])
    assert f'href="{cases}"' in business.get(url("activity_detail", activity)).content.decode()
    step = business.get(url("activity_advance", activity) + "?to=cases_identified").content.decode()
    assert f'<a class="govuk-link" href="{cases}">Check what has been recorded</a>' in step

    # The ISO reaches the cases from the activity once on its panel; a partner who is not on it never does.
    iso = client_for(world.users["iso"])
    assert f'href="{cases}"' not in iso.get(url("activity_detail", activity)).content.decode()
    panel.panel_member_add(
        by=world.users["business_team"], activity=activity, user=world.users["iso"], role="iso"
    )
    assert f'href="{cases}"' in iso.get(url("activity_detail", activity)).content.decode()
    partner = client_for(world.users["partner_la"]).get(url("activity_detail", activity)).content.decode()
    assert f'href="{cases}"' not in partner

    call_in = make_activity(world, Activity.Kind.CALL_IN)
    assert "/casework/" not in business.get(url("activity_detail", call_in)).content.decode()


def test_the_advance_page_posts_nothing_but_the_step_and_the_note(world, client_for):
    activity = force_state(make_activity(world), "dates_fixed")
    satisfy(world, activity, "has_lines_of_questioning")
    client_for(world.users["business_team"]).post(
        url("activity_advance", activity),
        {"to": "preparation", "status": "closed", "by": world.users["iso"].pk},
    )
    activity.refresh_from_db()
    assert activity.status == "preparation"
    assert (
        ActivityTransition.objects.get(activity=activity, to_state="preparation").by
        == world.users["business_team"]
    )


def test_the_business_team_proposes_the_format_and_the_partners_endorse_it(world, client_for):
    people = partners(world)
    activity = force_state(make_activity(world), "theme_endorsed")
    client_for(world.users["business_team"]).post(
        url("activity_propose", activity),
        {"subject": "format", "text": "Morning: practitioners. Afternoon: leaders."},
    )
    activity.refresh_from_db()
    assert activity.status == "format_proposed"
    request = activity.endorsement_requests.get(subject="format")
    for person in people.values():
        client_for(person).post(
            url("endorsement_detail", activity, request_id=request.pk), {"decision": "endorsed"}
        )
    activity.refresh_from_db()
    assert activity.status == "format_endorsed"


def test_handing_over_raises_the_linked_action_plan_for_the_learning_group(world, client_for):
    activity = walk_to(world, make_activity(world), "feedback_given")
    response = client_for(world.users["business_team"]).post(
        url("activity_handover", activity), {"plan_title": "Neglect event: action plan", "status": "closed"}
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    plan = activity.action_plan
    assert activity.status == "handed_over" and plan.title == "Neglect event: action plan"
    assert plan.monitoring_group.kind == "learning" and plan.source_kind == ActionPlan.SourceKind.OTHER
    assert activity.title in plan.source_description and str(activity.pk) in plan.source_description


def test_an_agency_events_plan_is_the_agencys_own_monitored_by_the_board(world, client_for):
    activity = walk_to(world, make_activity(world, "agency"), "feedback_given")
    client_for(world.users["business_team"]).post(url("activity_handover", activity), {"plan_title": "Plan"})
    activity.refresh_from_db()
    assert activity.action_plan.owner_organisation == world.agency_a
    assert activity.action_plan.monitoring_group.kind == "board"


def test_highlights_are_marked_for_publication_in_their_own_words(world, client_for):
    activity = make_activity(world)
    client = client_for(world.users["business_team"])
    page = client.post(
        url("activity_publication", activity), {"publish": "on", "text": "Partners listen well"}
    )
    assert b"Record the highlights fed back at the event first" in page.content
    satisfy(world, activity, "feedback")
    client.post(url("activity_publication", activity), {"publish": "on", "text": "  "})
    activity.refresh_from_db()
    assert not activity.publish_highlights
    client.post(url("activity_publication", activity), {"publish": "on", "text": "Partners listen well"})
    activity.refresh_from_db()
    assert activity.publish_highlights and activity.publication_text == "Partners listen well"


def test_the_overview_is_saved_put_to_the_partners_and_agreed(world, client_for, monkeypatch):
    people = partners(world)
    activity = walk_to(world, make_activity(world, "practice_learning"), "held", monkeypatch)
    client = client_for(world.users["iso"])
    client.post(
        url("activity_overview", activity),
        {"overview": "Practice was strong.", "recommendations": "Share the learning\n\nReview supervision"},
    )
    assert [r.text for r in activity.recommendations.all()] == ["Share the learning", "Review supervision"]
    client.post(url("activity_overview_submit", activity))
    request = activity.endorsement_requests.get(subject="overview")
    assert "1. Share the learning" in request.text and "2. Review supervision" in request.text
    for person in people.values():
        client_for(person).post(
            url("endorsement_detail", activity, request_id=request.pk), {"decision": "endorsed"}
        )
    activity.refresh_from_db()
    assert activity.status == "overview_agreed"
    refused = client.post(
        url("activity_overview", activity), {"overview": "Changed", "recommendations": "New"}
    )
    assert b"it can no longer change" in refused.content


def test_the_agency_lead_answers_their_call_in(world, client_for, run_on_commit):
    from django.core import mail

    activity = make_activity(world, "call_in")
    business = client_for(world.users["business_team"])
    business.post(
        url("call_in_edit", activity),
        {
            "reason": "section_11",
            "venue": "board",
            "questions": "How do you supervise safeguarding practice?",
        },
    )
    mail.outbox.clear()
    business.post(url("activity_advance", activity), {"to": "questions_sent"})
    assert [m.to[0] for m in mail.outbox] == [world.users["agency_a_lead"].email]

    lead = client_for(world.users["agency_a_lead"])
    assert b"How do you supervise" in lead.get(url("activity_detail", activity)).content
    assert client_for(world.users["agency_b_lead"]).get(url("call_in_respond", activity)).status_code == 404
    lead.post(url("call_in_respond", activity), {"response": "Monthly supervision, audited quarterly"})
    activity.refresh_from_db()
    assert activity.status == "response_received"
    assert activity.call_in.response == "Monthly supervision, audited quarterly"
    assert activity.call_in.responded_by == world.users["agency_a_lead"]


def test_the_peer_review_particulars_are_kept(world, client_for):
    activity = make_activity(world, "peer_review")
    client_for(world.users["business_team"]).post(
        url("peer_review_edit", activity),
        {"direction": "we_review", "other_partnership": "Northshire SCP", "team": "Iris (ISO), Lena (LA)"},
    )
    activity.refresh_from_db()
    review = activity.peer_review
    assert (review.direction, review.other_partnership, review.team) == (
        "we_review",
        "Northshire SCP",
        "Iris (ISO), Lena (LA)",
    )


def test_a_peer_reviews_terms_of_reference_are_signed_off_by_the_three_partners(world, client_for):
    people = partners(world)
    activity = make_activity(world, "peer_review")
    client_for(world.users["business_team"]).post(
        url("activity_propose", activity),
        {"subject": "terms_of_reference", "text": "Scope: early help. Two days on site."},
    )
    request = activity.endorsement_requests.get(subject="terms_of_reference")
    for person in people.values():
        client_for(person).post(
            url("endorsement_detail", activity, request_id=request.pk), {"decision": "endorsed"}
        )
    activity.refresh_from_db()
    assert activity.status == "tor_agreed"
    assert EndorsementRequest.objects.get(pk=request.pk).outcome == "agreed"


FORM_PAGES = [
    ("activity_edit", "business_team", "thematic"),
    ("activity_preparation", "iso", "thematic"),
    ("activity_overview", "iso", "practice_learning"),
    ("activity_handover", "business_team", "thematic"),
    ("activity_dates_fix", "business_team", "thematic"),
    ("call_in_edit", "business_team", "call_in"),
    ("call_in_respond", "agency_a_lead", "call_in"),
    ("peer_review_edit", "business_team", "peer_review"),
    ("activity_feedback", "iso", "thematic"),
    ("activity_programme", "business_team", "thematic"),
    ("activity_participants", "business_team", "thematic"),
    ("activity_dates", "business_team", "thematic"),
]


@pytest.mark.parametrize("name,who,kind", FORM_PAGES, ids=[p[0] for p in FORM_PAGES])
def test_an_empty_form_shows_the_error_summary_and_changes_nothing(world, client_for, name, who, kind):
    activity = make_activity(world, kind)
    if name == "activity_handover":
        activity = force_state(activity, "feedback_given")
    if name == "call_in_respond":
        activity = force_state(activity, "questions_sent")
    response = client_for(world.users[who]).post(url(name, activity), {})
    assert response.status_code == 200
    assert b"There is a problem" in response.content and b"Error: " in response.content
    assert Activity.objects.get(pk=activity.pk).status == activity.status


@pytest.mark.parametrize(
    "who", ["agency_a_lead", "agency_b_lead", "agency_a_contributor", "other_business_team", "nobody"]
)
def test_outside_the_partnership_wide_roles_an_activity_is_404(world, client_for, who):
    activity = make_activity(world)
    assert client_for(world.users[who]).get(url("activity_detail", activity)).status_code == 404


def test_an_agency_lead_sees_only_their_own_agencys_call_ins(world, client_for):
    own = make_activity(world, "call_in")
    other = make_activity(world, "call_in", organisation=world.agency_b)
    lead = client_for(world.users["agency_a_lead"])
    assert lead.get(url("activity_detail", own)).status_code == 200
    assert lead.get(url("activity_detail", other)).status_code == 404
    listed = lead.get(url("activity_list")).context["page"].object_list
    assert list(listed) == [own]


def test_a_participant_sees_the_activity_they_take_part_in(world, client_for):
    from sightline.assurance import scheduling

    activity = make_activity(world)
    client = client_for(world.users["agency_b_lead"])
    assert client.get(url("activity_detail", activity)).status_code == 404
    scheduling.participant_add(
        by=world.users["business_team"], activity=activity, role="agency", user=world.users["agency_b_lead"]
    )
    page = client.get(url("activity_detail", activity))
    assert page.status_code == 200 and b"The record" not in page.content
    assert client.get(url("activity_feedback", activity)).status_code == 404


def test_the_list_filters_by_type_state_and_year(world, client_for):
    thematic = make_activity(world)
    call_in = make_activity(world, "call_in")
    client = client_for(world.users["board_member"])

    def listed(query):
        return set(client.get(url("activity_list") + query).context["page"].object_list)

    assert listed("") == {thematic, call_in}
    assert listed("?kind=call_in") == {call_in}
    assert listed("?status=theme_proposed") == {thematic}
    year = thematic.created_at.year
    assert listed(f"?year={year}") == {thematic, call_in}
    assert listed("?kind=nonsense") == {thematic, call_in}  # a bad filter is ignored, not an error


def test_a_second_editor_from_an_older_copy_is_shown_both_versions_and_overwrites_nothing(world, client_for):
    activity = make_activity(world)
    seen = activity.version
    client_for(world.users["iso"]).post(
        url("activity_feedback", activity), {"version": seen, "highlights": "The ISO's highlights"}
    )
    response = client_for(world.users["business_team"]).post(
        url("activity_feedback", activity), {"version": seen, "highlights": "The business team's highlights"}
    )
    page = response.content.decode()
    assert "Someone else saved changes while you were editing" in page
    assert "The ISO&#x27;s highlights" in page and "The business team&#x27;s highlights" in page
    activity.refresh_from_db()
    assert activity.highlights == "The ISO's highlights" and activity.version == seen + 1


def test_the_next_step_says_who_acts_and_only_they_get_its_link(world, client_for):
    activity = force_state(make_activity(world), "format_endorsed")
    fix = url("activity_dates_fix", activity)
    business = client_for(world.users["business_team"]).get(url("activity_detail", activity)).content.decode()
    partner = client_for(world.users["partner_la"]).get(url("activity_detail", activity)).content.decode()
    assert "Who acts: the business team" in business and "Who acts: the business team" in partner
    assert f'href="{fix}" aria-describedby' in business and f'href="{fix}" aria-describedby' not in partner
