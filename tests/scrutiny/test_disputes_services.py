"""Disputes through their services: recording one, escalating it, notes, asking an ISO to assist and resolving it.
Each move is a step of the dispute's history and an event in the audit trail; each refusal says what to do and
changes nothing."""

from datetime import date

import pytest
from django.core import mail

from sightline.audit.models import AuditEvent
from sightline.core.errors import TransitionError
from sightline.notifications.models import Notice
from sightline.partnerships.models import Organisation
from sightline.scrutiny.disputes import services as disputes
from sightline.scrutiny.models import DEFAULT_STAGES, Dispute, DisputeStage, DisputeStep
from sightline.scrutiny.selectors import disputes_between

from .. import factories
from .dispute_builders import assisting_iso, council, record


def state(dispute: Dispute) -> tuple:
    """What a refused move must leave as it was."""
    fresh = Dispute.objects.get(pk=dispute.pk)
    return (
        fresh.status,
        fresh.stage_id,
        fresh.assisting_iso_id,
        fresh.outcome,
        fresh.learning,
        fresh.version,
        DisputeStep.objects.filter(dispute=dispute).count(),
        AuditEvent.objects.filter(target_id=str(dispute.pk)).count(),
    )


def refused(call, message: str, dispute: Dispute | None = None) -> None:
    before = state(dispute) if dispute is not None else None
    with pytest.raises(TransitionError, match=message):
        call()
    if dispute is not None:
        assert state(dispute) == before


# Recording -------------------------------------------------------------------------------------------------------


def test_a_dispute_is_recorded_at_the_first_stage_with_its_parties_a_step_and_an_audit_event(world):
    dispute = record(world)
    stages = list(DisputeStage.objects.filter(partnership=world.partnership))
    assert [stage.name for stage in stages] == [name for name, _ in DEFAULT_STAGES]
    assert dispute.stage == stages[0] and dispute.status == Dispute.Status.OPEN
    assert set(dispute.parties.all()) == {world.agency_a, council(world)}
    assert [step.kind for step in dispute.steps.all()] == [DisputeStep.Kind.RAISED]
    event = AuditEvent.objects.get(verb="dispute.raised", target_id=str(dispute.pk))
    assert event.changes["parties"] == sorted([world.agency_a.name, council(world).name])
    assert event.changes["stage"] == "Practitioners"


def test_it_can_start_at_a_later_stage(world):
    record(world)
    senior = DisputeStage.objects.get(partnership=world.partnership, name="Senior leaders")
    assert record(world, stage=senior).stage == senior


@pytest.mark.parametrize("who", ["business_team", "partner_la", "agency_a_lead"])
def test_the_business_team_a_delegated_partner_or_a_partys_lead_records_one(world, who):
    assert record(world, by=world.users[who]).raised_by == world.users[who]


def _nothing_recorded(world) -> None:
    assert not Dispute.objects.exists()
    assert not AuditEvent.objects.filter(verb="dispute.raised").exists()


@pytest.mark.parametrize(
    "who,message",
    [
        ("agency_b_lead", "include your organisation among the parties"),
        (
            "agency_a_contributor",
            "Only the business team, a delegated safeguarding partner or an organisation",
        ),
        ("board_member", "Only the business team, a delegated safeguarding partner or an organisation"),
        ("iso", "Only the business team, a delegated safeguarding partner or an organisation"),
        ("other_business_team", "Only the business team"),
    ],
)
def test_others_cannot_record_one(world, who, message):
    refused(lambda: record(world, by=world.users[who]), message)
    _nothing_recorded(world)


def test_a_dispute_needs_two_parties(world):
    refused(lambda: record(world, parties=[world.agency_a]), "Choose at least two organisations")
    refused(
        lambda: record(world, parties=[world.agency_a, world.agency_a]), "Choose at least two organisations"
    )
    _nothing_recorded(world)


def test_parties_come_from_the_partnerships_register(world):
    refused(
        lambda: record(world, parties=[world.agency_a, world.other_agency]),
        "Choose organisations from this partnership's register",
    )
    _nothing_recorded(world)


def test_between_the_partners_means_between_statutory_partners_and_says_so(world):
    refused(
        lambda: record(world, between="partners"),
        "Agency A NHS Trust is not marked as one: record it as between agencies",
    )
    _nothing_recorded(world)
    police = factories.organisation(
        world.partnership, "Test Police", type=Organisation.Type.POLICE, statutory_partner="police"
    )
    assert record(world, between="partners", parties=[council(world), police]).between == "partners"


def test_a_stage_of_another_partnership_is_refused(world):
    elsewhere = DisputeStage.objects.create(partnership=world.other_partnership, order=1, name="Elsewhere")
    refused(lambda: record(world, stage=elsewhere), "Choose one of this partnership's escalation stages")
    _nothing_recorded(world)


@pytest.mark.parametrize(
    "fields,message",
    [
        ({"subject": "  "}, "Enter the dispute's subject"),
        ({"description": ""}, "Enter what the disagreement is about"),
        ({"between": "neighbours"}, "Choose whether the dispute is between"),
    ],
)
def test_missing_or_wrong_text_is_refused(world, fields, message):
    refused(lambda: record(world, **fields), message)
    _nothing_recorded(world)


# Escalating ------------------------------------------------------------------------------------------------------


def test_escalating_goes_to_the_next_stage_with_the_note(world):
    dispute = record(world)
    disputes.dispute_escalate(
        by=world.users["agency_a_lead"], dispute=dispute, note="Managers could not agree"
    )
    dispute.refresh_from_db()
    assert dispute.stage.name == "Managers" and dispute.version == 2
    step = dispute.steps.last()
    assert (step.kind, step.stage.name, step.note, step.by) == (
        DisputeStep.Kind.ESCALATED,
        "Managers",
        "Managers could not agree",
        world.users["agency_a_lead"],
    )
    event = AuditEvent.objects.get(verb="dispute.escalated")
    assert event.changes["stage"] == {"before": "Practitioners", "after": "Managers"}


def test_escalating_may_skip_to_a_later_stage_but_never_back(world):
    dispute = record(world)
    partners = DisputeStage.objects.get(partnership=world.partnership, name="Safeguarding partners")
    disputes.dispute_escalate(
        by=world.users["partner_la"], dispute=dispute, note="Straight up", stage=partners
    )
    dispute.refresh_from_db()
    assert dispute.stage == partners
    first = DisputeStage.objects.get(partnership=world.partnership, order=1)
    refused(
        lambda: disputes.dispute_escalate(
            by=world.users["business_team"], dispute=dispute, note="x", stage=first
        ),
        "Choose a stage after “Safeguarding partners”: a dispute escalates, it does not go back",
        dispute,
    )


def test_the_last_stage_cannot_be_escalated(world):
    dispute = record(world)
    last = DisputeStage.objects.filter(partnership=world.partnership).order_by("order").last()
    disputes.dispute_escalate(by=world.users["business_team"], dispute=dispute, note="Up", stage=last)
    refused(
        lambda: disputes.dispute_escalate(by=world.users["business_team"], dispute=dispute, note="Again"),
        "“Independent scrutiny” is the last stage of escalation: record the outcome",
        dispute,
    )


def test_escalating_needs_a_reason_and_a_current_copy(world):
    dispute = record(world)
    business = world.users["business_team"]
    refused(
        lambda: disputes.dispute_escalate(by=business, dispute=dispute, note=" "),
        "Enter why the dispute is escalated",
        dispute,
    )
    refused(
        lambda: disputes.dispute_escalate(by=business, dispute=dispute, note="Up", version=7),
        "Someone else moved this dispute on while you were looking at it",
        dispute,
    )


@pytest.mark.parametrize(
    "who",
    ["agency_a_contributor", "agency_b_lead", "iso", "board_member", "learning_chair", "other_business_team"],
)
def test_only_the_business_team_a_partys_lead_or_its_partner_escalates(world, who):
    dispute = record(world)
    refused(
        lambda: disputes.dispute_escalate(by=world.users[who], dispute=dispute, note="Up"),
        "Only the business team, a party's safeguarding lead or the delegated partner for a party",
        dispute,
    )


# Notes and the ISO ------------------------------------------------------------------------------------------------


def test_a_note_is_a_step_at_the_current_stage(world):
    dispute = record(world)
    disputes.dispute_note_add(by=world.users["partner_la"], dispute=dispute, note="Meeting held on Monday")
    step = dispute.steps.last()
    assert (step.kind, step.stage, step.note) == (
        DisputeStep.Kind.NOTE,
        dispute.stage,
        "Meeting held on Monday",
    )
    assert AuditEvent.objects.filter(verb="dispute.noted", target_id=str(dispute.pk)).exists()
    refused(
        lambda: disputes.dispute_note_add(by=world.users["partner_la"], dispute=dispute, note=""),
        "Enter the note",
        dispute,
    )
    refused(
        lambda: disputes.dispute_note_add(
            by=world.users["agency_a_contributor"], dispute=dispute, note="Me too"
        ),
        "Only the business team, a party's safeguarding lead, the delegated partner for a party or the assisting",
        dispute,
    )


def test_asking_an_iso_sets_who_assists_tells_them_and_lets_them_add_notes(world, run_on_commit):
    dispute = record(world)
    iso = assisting_iso(world)
    refused(
        lambda: disputes.dispute_note_add(by=iso, dispute=dispute, note="Before being asked"),
        "Only the business team",
        dispute,
    )
    disputes.dispute_iso_ask(by=world.users["agency_a_lead"], dispute=dispute, iso=iso, note="Please chair")
    dispute.refresh_from_db()
    assert dispute.assisting_iso == iso
    assert dispute.steps.last().kind == DisputeStep.Kind.ISO_ASKED
    notice = Notice.objects.get(user=iso)
    assert str(dispute.pk) in notice.url
    sent = [message for message in mail.outbox if iso.email in message.to]
    assert len(sent) == 1 and dispute.subject not in sent[0].body and world.agency_a.name not in sent[0].body
    event = AuditEvent.objects.get(verb="dispute.iso_asked")
    assert event.changes["assisting_iso"] == {"before": None, "after": iso.email}
    disputes.dispute_note_add(by=iso, dispute=dispute, note="I will meet both leads")
    assert dispute.steps.last().by == iso


def test_only_an_iso_of_the_partnership_can_be_asked_and_not_twice(world):
    dispute = record(world)
    business = world.users["business_team"]
    for not_an_iso in (
        world.users["board_member"],
        factories.with_partnership_role(world.other_partnership, "iso"),
    ):
        refused(
            lambda person=not_an_iso: disputes.dispute_iso_ask(by=business, dispute=dispute, iso=person),
            "Choose one of the partnership's independent scrutiny officers",
            dispute,
        )
    iso = assisting_iso(world)
    disputes.dispute_iso_ask(by=business, dispute=dispute, iso=iso)
    refused(
        lambda: disputes.dispute_iso_ask(by=business, dispute=dispute, iso=iso),
        "is already assisting with this dispute",
        dispute,
    )


# Resolving -------------------------------------------------------------------------------------------------------


def test_resolving_records_the_outcome_and_locks_the_dispute(world):
    dispute = record(world)
    iso = assisting_iso(world)
    business = world.users["business_team"]
    disputes.dispute_iso_ask(by=business, dispute=dispute, iso=iso)
    disputes.dispute_resolve(
        by=world.users["partner_la"],
        dispute=dispute,
        outcome="Agreed a joint threshold document",
        learning="",
    )
    dispute.refresh_from_db()
    assert dispute.status == Dispute.Status.RESOLVED and dispute.resolved_on is not None
    assert dispute.steps.last().kind == DisputeStep.Kind.RESOLVED
    assert AuditEvent.objects.get(verb="dispute.resolved").changes["with_learning"] is False
    locked = "This dispute is resolved: its record is closed and cannot change"
    for move in (
        lambda: disputes.dispute_escalate(by=business, dispute=dispute, note="More"),
        lambda: disputes.dispute_note_add(by=business, dispute=dispute, note="More"),
        lambda: disputes.dispute_note_add(by=iso, dispute=dispute, note="More"),
        lambda: disputes.dispute_iso_ask(by=business, dispute=dispute, iso=assisting_iso(world)),
        lambda: disputes.dispute_resolve(by=business, dispute=dispute, outcome="Again"),
    ):
        refused(move, locked, dispute)


def test_resolving_needs_an_outcome(world):
    dispute = record(world)
    refused(
        lambda: disputes.dispute_resolve(by=world.users["business_team"], dispute=dispute, outcome=""),
        "Enter the outcome: how the dispute was resolved",
        dispute,
    )


# The yearly report's count ----------------------------------------------------------------------------------------


def test_disputes_between_counts_those_raised_or_resolved_in_the_period(world):
    raised_before = record(world, subject="Raised last year, resolved this year")
    Dispute.objects.filter(pk=raised_before.pk).update(raised_on=date(2025, 1, 10))
    disputes.dispute_resolve(by=world.users["business_team"], dispute=raised_before, outcome="Agreed")
    Dispute.objects.filter(pk=raised_before.pk).update(resolved_on=date(2025, 6, 1))
    in_period = record(world, subject="Raised this year")
    Dispute.objects.filter(pk=in_period.pk).update(raised_on=date(2025, 9, 1))
    outside = record(world, subject="Raised long ago and still open")
    Dispute.objects.filter(pk=outside.pk).update(raised_on=date(2024, 1, 1))
    found = disputes_between(world.partnership, date(2025, 4, 1), date(2026, 3, 31))
    assert {d.subject for d in found} == {raised_before.subject, in_period.subject}
    assert not disputes_between(world.other_partnership, date(2025, 4, 1), date(2026, 3, 31)).exists()
