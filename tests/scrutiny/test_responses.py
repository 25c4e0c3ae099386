"""The addressees' responses and the ISO's judgements (sightline/scrutiny/reports/responses.py): actions of an accepted
recommendation land in the report's action plan, a response changes until it is judged, and "not sufficient"
reopens it. Each refusal says what to do and changes nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sightline.audit.models import AuditEvent
from sightline.core.errors import TransitionError
from sightline.improvement.models import Action, ActionPlan
from sightline.notifications.models import Notice
from sightline.partnerships.models import Group, PartnershipMembership
from sightline.scrutiny.models import IsoReport, RecommendationResponse
from sightline.scrutiny.reports import responses

from .. import factories
from ..assurance.builders import partners
from .report_builders import action, answer, draft, issued, recommend, response_for, statutory

Answer = RecommendationResponse.Answer
Judgement = RecommendationResponse.Judgement
Role = PartnershipMembership.Role


def state(response: RecommendationResponse) -> tuple:
    response.refresh_from_db()
    return (
        response.answer,
        response.reasons,
        response.judgement,
        response.version,
        sorted(str(pk) for pk in response.actions.values_list("pk", flat=True)),
        Action.objects.count(),
        ActionPlan.objects.count(),
        AuditEvent.objects.count(),
    )


def refused(call, message: str, response):
    before = state(response)
    with pytest.raises(TransitionError, match=message):
        call()
    assert state(response) == before


@pytest.fixture
def report(world):
    return issued(world, world.agency_a, world.agency_b)


@pytest.fixture
def to_a(report, world):
    return response_for(report, world.agency_a)


def test_a_partly_accepted_response_puts_its_actions_in_the_reports_plan(world, report, to_a):
    lead = world.users["agency_a_lead"]
    answer(to_a, lead, actions=[action("First"), action("Second", days=120)])
    report.refresh_from_db()
    plan = report.action_plan
    assert plan.source_kind == ActionPlan.SourceKind.SCRUTINY_REPORT
    assert plan.monitoring_group.kind == Group.Kind.LEARNING
    assert {board.kind for board in plan.reports_to.all()} == {Group.Kind.BOARD}
    made = list(plan.actions.order_by("number"))
    assert [a.what for a in made] == ["First", "Second"]
    assert {a.owner_organisation for a in made} == {world.agency_a}
    assert made[0].owner_person == lead and made[0].intended_impact == "Neglect is recognised sooner"
    assert set(to_a.actions.all()) == set(made)
    to_a.refresh_from_db()
    assert (to_a.answer, to_a.responded_by) == (Answer.PARTLY, lead)
    assert Notice.objects.filter(
        user=world.users["iso"], title__contains="answered recommendation 1"
    ).exists()


def test_the_second_addressee_s_actions_go_into_the_same_plan(world, report, to_a):
    answer(to_a, world.users["agency_a_lead"])
    answer(response_for(report, world.agency_b), world.users["agency_b_lead"], answer=Answer.ACCEPTED)
    report.refresh_from_db()
    assert ActionPlan.objects.count() == 1
    assert set(report.action_plan.actions.values_list("owner_organisation", flat=True)) == {
        world.agency_a.pk,
        world.agency_b.pk,
    }


def test_a_statutory_partners_delegated_partner_answers_for_its_organisation(world):
    police = statutory(world, "police")
    report = issued(world, police)
    partner = partners(world)["police"]
    response = answer(response_for(report, police), partner, answer=Answer.NOT_ACCEPTED, actions=[])
    assert response.answer == Answer.NOT_ACCEPTED and response.responded_by == partner


@pytest.mark.parametrize(
    "who", ["agency_b_lead", "agency_a_contributor", "partner_la", "business_team", "iso"]
)
def test_only_the_addressee_answers(world, to_a, who):
    partners(world)
    refused(
        lambda: answer(to_a, world.users[who]),
        f"Only the safeguarding lead of {world.agency_a.name}",
        to_a,
    )


def test_the_wrong_delegated_partner_does_not_answer_for_a_statutory_partner(world):
    police = statutory(world, "police")
    report = issued(world, police)
    response = response_for(report, police)
    refused(lambda: answer(response, partners(world)["icb"]), "Only the safeguarding lead", response)


def test_a_draft_is_not_answered(world):
    report = draft(world)
    recommend(report, world.agency_a)
    response = response_for(report, world.agency_a)
    refused(lambda: answer(response, world.users["agency_a_lead"]), "Only the safeguarding lead", response)


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"answer": "maybe"}, "Choose whether the recommendation is accepted"),
        ({"answer": Answer.PARTLY, "reasons": " "}, "only partly accepted"),
        ({"answer": Answer.NOT_ACCEPTED, "reasons": "", "actions": []}, "not accepted"),
        ({"answer": Answer.ACCEPTED, "actions": []}, "Add at least one action"),
        ({"answer": Answer.NOT_ACCEPTED, "reasons": "No"}, "not accepted has no actions"),
        ({"actions": [action(what="")]}, "Action 1: enter what will be done"),
        ({"actions": [action(days=-1)]}, "Action 1: the due date must be today or later"),
        (
            {"actions": [responses.NewAction(what="Train", due_on=timezone.localdate(), intended_impact="")]},
            "Action 1: enter the difference it should make",
        ),
        (
            {"actions": [responses.NewAction(what="Train", due_on=None, intended_impact="Better")]},
            "Action 1: enter the date",
        ),
    ],
)
def test_a_response_needs_an_answer_reasons_and_actions_as_its_answer_requires(world, to_a, kwargs, message):
    kwargs = {"answer": Answer.PARTLY, "reasons": "Budget", "actions": [action()], **kwargs}
    refused(
        lambda: responses.response_answer(
            by=world.users["agency_a_lead"], response=to_a, version=None, **kwargs
        ),
        message,
        to_a,
    )


def test_an_empty_action_row_is_ignored(world, to_a):
    empty = responses.NewAction(what="", due_on=None, intended_impact="")
    answer(to_a, world.users["agency_a_lead"], actions=[empty, action()])
    assert to_a.actions.count() == 1


def test_a_response_changes_until_it_is_judged_and_keeps_its_actions(world, report, to_a):
    lead = world.users["agency_a_lead"]
    answer(to_a, lead)
    first = set(to_a.actions.all())
    changed = answer(to_a, lead, answer=Answer.ACCEPTED, actions=[], reasons="")
    assert changed.answer == Answer.ACCEPTED and set(changed.actions.all()) == first
    responses.response_judge(
        by=world.users["iso"], response=changed, version=None, judgement=Judgement.SUFFICIENT
    )
    refused(lambda: answer(to_a, lead), "judged this response sufficient", to_a)


def test_a_stale_response_is_refused(world, to_a):
    lead = world.users["agency_a_lead"]
    old = to_a.version
    answer(to_a, lead)
    refused(
        lambda: responses.response_answer(
            by=lead, response=to_a, version=old, answer=Answer.ACCEPTED, reasons="", actions=[action()]
        ),
        "Someone else answered",
        to_a,
    )


def test_not_sufficient_reopens_the_response_and_keeps_the_old_answer_in_the_trail(
    world, to_a, run_on_commit
):
    lead = world.users["agency_a_lead"]
    answer(to_a, lead, reasons="We have no budget")
    to_a.refresh_from_db()
    judged = responses.response_judge(
        by=world.users["iso"],
        response=to_a,
        version=to_a.version,
        judgement=Judgement.INSUFFICIENT,
        note="Say what you will do within budget",
    )
    assert judged.answer == Answer.AWAITED and judged.judgement == Judgement.INSUFFICIENT
    event = AuditEvent.objects.filter(verb="recommendation_response.judged").latest("seq")
    assert event.changes["response_judged"] == {"answer": "partly", "reasons": "We have no budget"}
    assert event.changes["reopened"] is True
    assert Notice.objects.filter(user=lead, title__startswith="Not sufficient").exists()
    again = answer(to_a, lead, answer=Answer.ACCEPTED, actions=[action("More")], reasons="")
    assert again.answer == Answer.ACCEPTED and again.judgement == ""
    assert again.actions.count() == 2


def test_sufficient_settles_the_response(world, to_a):
    answer(to_a, world.users["agency_a_lead"])
    judged = responses.response_judge(
        by=world.users["iso"], response=to_a, version=None, judgement="sufficient"
    )
    assert (judged.answer, judged.judgement, judged.judged_by) == (
        Answer.PARTLY,
        Judgement.SUFFICIENT,
        world.users["iso"],
    )


@pytest.mark.parametrize("who", ["business_team", "iso_2", "agency_a_lead", "partner_la"])
def test_only_the_author_judges(world, to_a, who):
    world.users["iso_2"] = factories.with_partnership_role(world.partnership, Role.ISO)
    answer(to_a, world.users["agency_a_lead"])
    refused(
        lambda: responses.response_judge(
            by=world.users[who], response=to_a, version=None, judgement="sufficient"
        ),
        "Only the independent scrutiny officer who wrote the report",
        to_a,
    )


def test_judging_needs_an_answer_a_choice_and_for_not_sufficient_a_note(world, to_a):
    iso = world.users["iso"]
    refused(
        lambda: responses.response_judge(by=iso, response=to_a, version=None, judgement="sufficient"),
        "has not answered yet",
        to_a,
    )
    answer(to_a, world.users["agency_a_lead"])
    refused(
        lambda: responses.response_judge(by=iso, response=to_a, version=None, judgement="fine"),
        "Choose whether the response is sufficient",
        to_a,
    )
    refused(
        lambda: responses.response_judge(
            by=iso, response=to_a, version=None, judgement="insufficient", note=" "
        ),
        "Say why the response is not sufficient",
        to_a,
    )
    refused(
        lambda: responses.response_judge(
            by=iso, response=to_a, version=to_a.version - 1, judgement="sufficient"
        ),
        "changed its response",
        to_a,
    )
    responses.response_judge(by=iso, response=to_a, version=None, judgement="sufficient")
    refused(
        lambda: responses.response_judge(
            by=iso, response=to_a, version=None, judgement="insufficient", note="x"
        ),
        "already been judged",
        to_a,
    )


def test_without_a_board_no_actions_are_taken_in_and_nothing_is_saved(world, to_a):
    Group.objects.filter(partnership=world.partnership, kind=Group.Kind.BOARD).delete()
    refused(lambda: answer(to_a, world.users["agency_a_lead"]), "no board", to_a)


def test_the_actions_are_followed_like_every_action(world, to_a):
    """They are ordinary actions: the owner reports progress on them through the improvement app."""
    from sightline.improvement import actions as improvement_actions

    answer(to_a, world.users["agency_a_lead"])
    made = to_a.actions.get()
    improvement_actions.action_progress(
        by=world.users["agency_a_lead"], action=made, commentary="Half the team trained"
    )
    made.refresh_from_db()
    assert made.status == Action.Status.IN_PROGRESS


def test_issued_report_is_an_issued_report(report):
    assert report.status == IsoReport.Status.ISSUED and report.issued_at <= timezone.now() + timedelta(
        seconds=1
    )
