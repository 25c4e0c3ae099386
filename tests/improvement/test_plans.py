"""Raising action plans from a composite, a return, the reviews register or a described source; closing them with
what was learned."""

from datetime import date

import pytest

from sightline.assessments.models import ActionArising, Submission
from sightline.audit.models import AuditEvent
from sightline.core.errors import TransitionError
from sightline.improvement import decisions, plans
from sightline.improvement.models import Action, ActionEvent, ActionPlan
from sightline.partnerships.models import Group, Organisation

from .. import factories
from ..test_access_matrix import open_cycle
from .builders import fresh, group, in_state, make_action, make_plan, make_review

S = Action.Status
Kind = ActionPlan.SourceKind


def cycle_with_actions(world):
    """An open cycle with agency A's return submitted (counted, two actions) and another trust's still being
    written (not counted, one action)."""
    factories.organisation(world.partnership, "Trust Still Writing", type=Organisation.Type.NHS_TRUST)
    cycle = open_cycle(world)
    standard = cycle.template.standards.first()
    counted = cycle.submissions.get(organisation=world.agency_a)
    writing = cycle.submissions.get(organisation__name="Trust Still Writing")
    for what, due in (("Audit supervision", date(2027, 3, 31)), ("Train staff", date(2025, 1, 31))):
        ActionArising.objects.create(
            submission=counted, standard=standard, what=what, lead="Named nurse", due_on=due
        )
    ActionArising.objects.create(
        submission=writing, standard=standard, what="Not yet in", lead="x", due_on=date(2027, 1, 1)
    )
    Submission.objects.filter(pk=counted.pk).update(status=Submission.Status.SUBMITTED)
    return cycle


def test_a_plan_from_a_composite_brings_in_the_counted_returns_actions(world):
    cycle = cycle_with_actions(world)
    plan = make_plan(
        world, source_kind=Kind.COMPOSITE, source_cycle=cycle, source_description="", import_actions=True
    )
    rows = list(
        plan.actions.order_by("number").values_list(
            "number", "what", "owner_organisation", "due_on", "lead_name"
        )
    )
    assert rows == [
        (1, "Train staff", world.agency_a.pk, date(2025, 1, 31), "Named nurse"),
        (2, "Audit supervision", world.agency_a.pk, date(2027, 3, 31), "Named nurse"),
    ]
    assert ActionEvent.objects.filter(action__plan=plan, kind=ActionEvent.Kind.CREATED).count() == 2
    assert plan.source_label == "Composite report of Matrix cycle"
    event = AuditEvent.objects.get(verb="action_plan.created", target_id=str(plan.pk))
    assert event.changes["actions_imported"] == 2 and event.changes["reports_to"] == [
        group(world, "board").name
    ]


def test_a_plan_from_one_return_brings_in_that_returns_actions_only(world):
    cycle = cycle_with_actions(world)
    submission = cycle.submissions.get(organisation=world.agency_a)
    plan = make_plan(
        world,
        source_kind=Kind.SUBMISSION,
        source_submission=submission,
        single_agency=world.agency_a,
        monitoring_group=None,
        import_actions=True,
    )
    assert plan.actions.count() == 2 and plan.is_single_agency and plan.monitoring_group is None


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"title": " "}, "Enter a title"),
        ({"source_kind": "hearsay"}, "Choose where the plan comes from"),
        ({"source_kind": Kind.COMPOSITE}, "Choose the self-assessment cycle"),
        ({"source_kind": Kind.SUBMISSION}, "Choose the return"),
        ({"source_kind": Kind.REVIEW}, "Choose the case in the reviews register"),
        (
            {"source_kind": Kind.NATIONAL_REVIEW, "source_description": ""},
            "Describe where the plan comes from",
        ),
        ({"monitoring_group": None}, "only a single-agency plan can be left to its agency"),
        ({"monitoring_group": "cspr"}, "Choose the learning group or the board to monitor the plan"),
        ({"reports_to": []}, "Choose at least one board"),
        ({"reports_to": ["learning"]}, "Choose at least one board"),
        ({"single_agency": "other_agency"}, "Choose an organisation in the partnership's register"),
        ({"import_actions": True}, "only from a composite or a return"),
    ],
)
def test_a_plan_with_bad_details_is_refused_and_nothing_is_made(world, overrides, message):
    if overrides.get("monitoring_group") == "cspr":
        overrides = {**overrides, "monitoring_group": group(world, Group.Kind.CSPR)}
    if overrides.get("reports_to") == ["learning"]:
        overrides = {**overrides, "reports_to": [group(world)]}
    if overrides.get("single_agency") == "other_agency":
        overrides = {**overrides, "single_agency": world.other_agency}
    with pytest.raises(TransitionError, match=message):
        make_plan(world, **overrides)
    assert not ActionPlan.objects.exists()


def test_a_source_from_another_partnership_is_refused(world):
    review = make_review(world)
    other_group = group(world, partnership=world.other_partnership)
    with pytest.raises(TransitionError, match="Choose the learning group or the board"):
        make_plan(world, monitoring_group=other_group)
    with pytest.raises(TransitionError, match="Choose the case in the reviews register"):
        plans.plan_create(
            by=world.users["other_business_team"],
            partnership=world.other_partnership,
            title="Borrowed",
            source_kind=Kind.REVIEW,
            source_review=review,
            monitoring_group=other_group,
            reports_to=[group(world, Group.Kind.BOARD, partnership=world.other_partnership)],
        )


def test_only_the_business_team_raises_a_plan(world):
    with pytest.raises(TransitionError, match="Only the partnership's business team"):
        plans.plan_create(
            by=world.users["learning_chair"],
            partnership=world.partnership,
            title="Mine",
            source_kind=Kind.OTHER,
            source_description="x",
            monitoring_group=group(world),
            reports_to=[group(world, Group.Kind.BOARD)],
        )


def test_the_described_source_fields_are_cleared_of_records_not_named(world):
    review = make_review(world)
    plan = make_plan(world, source_kind=Kind.OTHER, source_review=review)
    assert plan.source_review is None and plan.source_label == "Something else"


def test_a_plan_closes_only_when_every_action_is_finished_and_with_what_was_learned(world):
    chair = world.users["learning_chair"]
    plan = make_plan(world)
    verified = in_state(world, make_action(world, plan), S.VERIFIED)
    in_state(world, make_action(world, plan), S.CANCELLED)
    unfinished = in_state(world, make_action(world, plan), S.DEFERRED)
    with pytest.raises(TransitionError, match="1 action is not finished yet"):
        plans.plan_close(by=chair, plan=plan, closing_note="Learning")
    decisions.action_cancel(by=chair, action=fresh(unfinished), reason="No longer needed")
    with pytest.raises(TransitionError, match="Enter what was learned"):
        plans.plan_close(by=chair, plan=plan, closing_note=" ")
    with pytest.raises(TransitionError, match="Only the learning group's chair or the business team"):
        plans.plan_close(by=world.users["board_member"], plan=plan, closing_note="Learning")
    plans.plan_close(by=chair, plan=plan, closing_note="Neglect is now named at first contact")
    plan.refresh_from_db()
    assert (plan.status, plan.closing_note, plan.closed_by) == (
        "closed",
        "Neglect is now named at first contact",
        chair,
    )
    assert fresh(verified).status == S.CLOSED and fresh(verified).ended_at is not None
    assert AuditEvent.objects.filter(verb="action_plan.closed", target_id=str(plan.pk)).count() == 1
    with pytest.raises(TransitionError, match="already closed"):
        plans.plan_close(by=chair, plan=plan, closing_note="Again")
