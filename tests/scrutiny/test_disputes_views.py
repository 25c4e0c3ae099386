"""Disputes through their pages, as a person would use them: recording one, moving it on to its resolution, the
guard on its free text, the refusals shown in the error summary, the escalation stages page, and query counts
that stay flat however many disputes there are."""

import re

import pytest
from django.urls import reverse

from sightline.audit.models import AuditEvent
from sightline.scrutiny.disputes import services as disputes
from sightline.scrutiny.models import Dispute, DisputeStage

from ..query_budget import assert_flat
from .dispute_builders import assisting_iso, council, record


def url(name, **kwargs):
    return reverse(name, kwargs={"slug": "test", **kwargs})


def token(page: str) -> str:
    found = re.search(r'name="identifiers_token" value="([^"]+)"', page)
    return found.group(1) if found else ""


def form_data(world, **fields) -> dict:
    stage = disputes.dispute_stages_ensure(partnership=world.partnership)[0]
    return {
        "between": "agencies",
        "subject": "Thresholds for early help referrals",
        "description": "The trust and the council disagree about when a referral to early help is needed.",
        "party_1": world.agency_a.pk,
        "party_2": council(world).pk,
        "stage": stage.pk,
        **fields,
    }


def test_the_business_team_takes_a_dispute_from_recording_to_resolution(world, client_for, run_on_commit):
    client = client_for(world.users["business_team"])
    recorded = client.post(url("dispute_create"), form_data(world))
    dispute = Dispute.objects.get()
    assert recorded.status_code == 302 and recorded.url == url("dispute_detail", dispute_id=dispute.pk)
    page = client.get(recorded.url).content.decode()
    assert "Thresholds for early help referrals" in page and "Raised at Practitioners" in page

    escalate = url("dispute_escalate", dispute_id=dispute.pk)
    managers = DisputeStage.objects.get(partnership=world.partnership, name="Managers")
    moved = client.post(
        escalate, {"stage": managers.pk, "note": "Practitioners could not agree", "version": 1}
    )
    assert moved.status_code == 302
    assert (
        client.post(url("dispute_note", dispute_id=dispute.pk), {"note": "Managers met"}).status_code == 302
    )
    iso = assisting_iso(world)
    asked = client.post(
        url("dispute_ask_iso", dispute_id=dispute.pk), {"iso": iso.pk, "note": "", "version": 2}
    )
    assert asked.status_code == 302
    resolved = client.post(
        url("dispute_resolve", dispute_id=dispute.pk),
        {"outcome": "A joint threshold document", "learning": "Agree thresholds together", "version": 3},
    )
    assert resolved.status_code == 302
    dispute.refresh_from_db()
    assert (dispute.status, dispute.stage, dispute.assisting_iso) == ("resolved", managers, iso)
    page = client.get(url("dispute_detail", dispute_id=dispute.pk)).content.decode()
    for shown in (
        "Escalated to Managers",
        "Managers met",
        "ISO asked to assist",
        "A joint threshold document",
    ):
        assert shown in page
    assert "its record is closed and cannot change" in page
    assert "Escalate to" not in page and "Add a note" not in page


def test_a_refusal_is_shown_in_the_error_summary_and_records_nothing(world, client_for):
    client = client_for(world.users["business_team"])
    response = client.post(url("dispute_create"), form_data(world, between="partners"))
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "Agency A NHS Trust is not marked as one" in page
    assert not Dispute.objects.exists()


def test_the_same_party_twice_is_refused_by_the_form(world, client_for):
    client = client_for(world.users["business_team"])
    response = client.post(url("dispute_create"), form_data(world, party_2=world.agency_a.pk))
    assert "Choose each party once" in response.content.decode() and not Dispute.objects.exists()


def test_a_stale_escalation_is_refused_with_a_clear_message(world, client_for):
    dispute = record(world)
    client = client_for(world.users["business_team"])
    disputes.dispute_note_add(by=world.users["partner_la"], dispute=dispute, note="Seen")
    disputes.dispute_escalate(by=world.users["partner_la"], dispute=dispute, note="Up")
    senior = DisputeStage.objects.get(partnership=world.partnership, name="Senior leaders")
    response = client.post(
        url("dispute_escalate", dispute_id=dispute.pk), {"stage": senior.pk, "note": "Up again", "version": 1}
    )
    assert "Someone else moved this dispute on" in response.content.decode()
    assert Dispute.objects.get(pk=dispute.pk).stage.name == "Managers"


def test_a_resolved_disputes_move_pages_say_it_is_closed(world, client_for):
    dispute = record(world)
    disputes.dispute_resolve(by=world.users["business_team"], dispute=dispute, outcome="Agreed")
    client = client_for(world.users["business_team"])
    for name in ("dispute_escalate", "dispute_note", "dispute_ask_iso", "dispute_resolve"):
        response = client.get(url(name, dispute_id=dispute.pk), follow=True)
        assert "This dispute is resolved: its record is closed and cannot change" in response.content.decode()


# The guard -------------------------------------------------------------------------------------------------------


def test_identifying_text_is_saved_only_once_its_warning_is_confirmed(world, client_for):
    client = client_for(world.users["agency_a_lead"])
    data = form_data(world, description="Jake Smith was seen in ED twice in May; the council did not visit.")
    warned = client.post(url("dispute_create"), data)
    page = warned.content.decode()
    assert warned.status_code == 200 and "A name in “What the disagreement is about”" in page
    assert "Jake" not in page.split("<textarea")[0]
    assert not Dispute.objects.exists()
    changed = client.post(
        url("dispute_create"),
        {
            **data,
            "description": data["description"] + " Twice.",
            "identifiers_token": token(page),
            "identifiers_checked": "on",
        },
    )
    assert changed.status_code == 200 and not Dispute.objects.exists()
    confirmed = client.post(
        url("dispute_create"), {**data, "identifiers_token": token(page), "identifiers_checked": "on"}
    )
    assert confirmed.status_code == 302 and Dispute.objects.get().description == data["description"]
    assert AuditEvent.objects.get(verb="dispute.raised").changes["identifier_warnings_confirmed"] == ["name"]


def test_a_note_is_guarded_too(world, client_for):
    dispute = record(world)
    client = client_for(world.users["partner_la"])
    note = url("dispute_note", dispute_id=dispute.pk)
    warned = client.post(note, {"note": "Visit 12 Acacia Road again."})
    page = warned.content.decode()
    assert "A street address in “Note”" in page and dispute.steps.count() == 1
    client.post(
        note,
        {
            "note": "Visit 12 Acacia Road again.",
            "identifiers_token": token(page),
            "identifiers_checked": "on",
        },
    )
    assert dispute.steps.count() == 2


def test_the_outcome_and_learning_are_guarded(world, client_for):
    dispute = record(world)
    response = client_for(world.users["business_team"]).post(
        url("dispute_resolve", dispute_id=dispute.pk),
        {"outcome": "Agreed", "learning": "DOB 2015-04-03: check the records sooner.", "version": 1},
    )
    assert "A date of birth in “Learning for the learning group”" in response.content.decode()
    assert Dispute.objects.get(pk=dispute.pk).status == "open"


# Escalation stages -----------------------------------------------------------------------------------------------


def test_the_stages_page_starts_with_the_defaults_once(world, client_for):
    client = client_for(world.users["business_team"])
    page = client.get(url("dispute_stages")).content.decode()
    assert "Practitioners" in page and "Independent scrutiny" in page
    client.get(url("dispute_stages"))
    assert DisputeStage.objects.filter(partnership=world.partnership).count() == 5
    assert AuditEvent.objects.filter(verb="dispute_stages.created").count() == 1


def test_the_business_team_adds_renames_reorders_and_removes_stages(world, client_for):
    client = client_for(world.users["business_team"])
    client.get(url("dispute_stages"))
    added = client.post(url("dispute_stage_add"), {"name": "Chief executives", "description": "They meet"})
    assert added.status_code == 302
    stage = DisputeStage.objects.get(partnership=world.partnership, name="Chief executives")
    assert stage.order == 6
    edit = url("dispute_stage_edit", stage_id=stage.pk)
    saved = client.post(
        edit,
        {
            "name": "Chief officers",
            "description": "",
            "was_name": "Chief executives",
            "was_description": "They meet",
        },
    )
    assert saved.status_code == 302
    client.post(url("dispute_stage_move", stage_id=stage.pk), {"direction": "up"})
    names = list(DisputeStage.objects.filter(partnership=world.partnership).values_list("name", flat=True))
    assert names[-2:] == ["Chief officers", "Independent scrutiny"]
    client.post(url("dispute_stage_remove", stage_id=stage.pk))
    assert not DisputeStage.objects.filter(pk=stage.pk).exists()


def test_an_edit_from_an_older_copy_is_refused(world, client_for):
    client = client_for(world.users["business_team"])
    stage = disputes.dispute_stages_ensure(partnership=world.partnership)[0]
    response = client.post(
        url("dispute_stage_edit", stage_id=stage.pk),
        {"name": "Front line", "was_name": "Frontline staff", "was_description": ""},
    )
    assert "Someone else changed this stage while you were editing it" in response.content.decode()
    assert DisputeStage.objects.get(pk=stage.pk).name == "Practitioners"


def test_a_stage_a_dispute_has_been_at_cannot_be_removed(world, client_for):
    dispute = record(world)
    disputes.dispute_escalate(by=world.users["business_team"], dispute=dispute, note="Up")
    first = DisputeStage.objects.get(partnership=world.partnership, name="Practitioners")
    response = client_for(world.users["business_team"]).post(
        url("dispute_stage_remove", stage_id=first.pk), follow=True
    )
    assert "“Practitioners” cannot be removed: a dispute has been at this stage" in response.content.decode()
    assert DisputeStage.objects.filter(pk=first.pk).exists()


def test_stage_refusals_change_nothing(world):
    stages = disputes.dispute_stages_ensure(partnership=world.partnership)
    business = world.users["business_team"]
    from sightline.core.errors import TransitionError
    from sightline.scrutiny.disputes import stages as dispute_stages

    cases = [
        (
            lambda: dispute_stages.dispute_stage_move(by=business, stage=stages[0], up=True),
            "already the first",
        ),
        (
            lambda: dispute_stages.dispute_stage_move(by=business, stage=stages[-1], up=False),
            "already the last",
        ),
        (
            lambda: dispute_stages.dispute_stage_add(
                by=business, partnership=world.partnership, name="managers"
            ),
            "There is already a stage called “managers”",
        ),
        (
            lambda: dispute_stages.dispute_stage_update(by=business, stage=stages[1], name=" "),
            "Enter the stage's",
        ),
        (
            lambda: dispute_stages.dispute_stage_add(
                by=world.users["partner_la"], partnership=world.partnership, name="Mine"
            ),
            "Only the partnership's business team",
        ),
    ]
    before = list(DisputeStage.objects.filter(partnership=world.partnership).values_list("order", "name"))
    for call, message in cases:
        with pytest.raises(TransitionError, match=message):
            call()
    for stage in stages[1:]:
        dispute_stages.dispute_stage_remove(by=business, stage=stage)
    with pytest.raises(TransitionError, match="A dispute needs a stage to be at"):
        dispute_stages.dispute_stage_remove(by=business, stage=stages[0])
    assert before[0] == tuple(
        DisputeStage.objects.filter(partnership=world.partnership).values_list("order", "name")[0]
    )


@pytest.mark.parametrize("who", ["partner_la", "agency_a_lead", "iso", "learning_chair"])
def test_only_the_business_team_reaches_the_stages(world, client_for, who):
    client = client_for(world.users[who])
    assert client.get(url("dispute_stages")).status_code == 404
    stage = disputes.dispute_stages_ensure(partnership=world.partnership)[0]
    assert client.post(url("dispute_stage_remove", stage_id=stage.pk)).status_code == 404
    assert client.post(url("dispute_stage_move", stage_id=stage.pk), {"direction": "down"}).status_code == 404
    assert DisputeStage.objects.get(pk=stage.pk).order == 1


# Query counts ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["business_team", "agency_a_lead", "partner_la"])
def test_the_list_asks_no_more_queries_with_more_disputes(world, client_for, who):
    record(world)

    def grow():
        for n in range(12):
            dispute = record(world, subject=f"Another disagreement {n}")
            disputes.dispute_iso_ask(
                by=world.users["business_team"], dispute=dispute, iso=assisting_iso(world)
            )

    assert_flat(client_for(world.users[who]), url("dispute_list") + "?status=all", grow, bound=20)


def test_the_dispute_page_asks_no_more_queries_with_a_longer_history(world, client_for):
    dispute = record(world)

    def grow():
        for n in range(10):
            disputes.dispute_note_add(by=world.users["business_team"], dispute=dispute, note=f"Note {n}")

    assert_flat(
        client_for(world.users["agency_a_lead"]), url("dispute_detail", dispute_id=dispute.pk), grow, bound=20
    )
