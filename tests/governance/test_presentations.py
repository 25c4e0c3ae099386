"""The register of presentations: the bodies as data (the defaults once, added, renamed, retired, removed only
when unused), planning, changing with a version, recording as presented or cancelled, questions and the actions
made from them, and refusals that change nothing."""

from datetime import timedelta

import pytest

from sightline.assessments import cycles
from sightline.assessments.models import Cycle
from sightline.audit.models import AuditEvent
from sightline.core.errors import EditConflict, TransitionError
from sightline.governance.models import DEFAULT_BODIES, Presentation, ReportingBody
from sightline.governance.presentations import questions, services
from sightline.governance.presentations.selectors import presentations_list, presentations_of, reports_offered
from sightline.improvement import plans
from sightline.improvement.models import Action, ActionPlan
from sightline.partnerships.models import Group

from ..improvement.briefing_builders import approved_briefing, make_briefing
from ..improvement.builders import group, make_plan
from ..test_access_matrix import library_template
from .presentation_builders import body, planned, presented, question, today

S = Presentation.Status


def unchanged(presentation: Presentation) -> dict:
    fresh = Presentation.objects.get(pk=presentation.pk)
    return {
        field: getattr(fresh, field)
        for field in ("status", "on", "body_id", "presenter_id", "presenter_name", "outcome", "version")
    }


def test_the_default_bodies_are_made_once(world):
    p = world.partnership
    assert services.bodies_ensure(partnership=p) == len(DEFAULT_BODIES)
    assert services.bodies_ensure(partnership=p) == 0
    assert ReportingBody.objects.filter(partnership=p).count() == len(DEFAULT_BODIES)
    assert AuditEvent.objects.filter(verb=services.DEFAULTS_ADDED, partnership_id=p.pk).count() == 1
    # Removing every body does not bring the defaults back: the partnership chose.
    for each in ReportingBody.objects.filter(partnership=p):
        services.body_remove(by=world.users["business_team"], body=each)
    assert services.bodies_ensure(partnership=p) == 0
    assert not ReportingBody.objects.filter(partnership=p).exists()


def test_a_partnership_that_named_its_own_bodies_gets_no_defaults(world):
    body(world, "Health and wellbeing board", ReportingBody.Kind.OTHER)
    assert services.bodies_ensure(partnership=world.partnership) == 0
    assert ReportingBody.objects.filter(partnership=world.partnership).count() == 1


def test_bodies_are_added_renamed_retired_and_brought_back(world):
    business = world.users["business_team"]
    panel = body(world, "Scrutiny panel", ReportingBody.Kind.SCRUTINY_PANEL)
    services.body_update(by=business, body=panel, name="Children's scrutiny panel", kind="scrutiny_panel")
    panel.refresh_from_db()
    assert panel.name == "Children's scrutiny panel"
    services.body_set_active(by=business, body=panel, active=False)
    panel.refresh_from_db()
    assert panel.active is False
    services.body_set_active(by=business, body=panel, active=True)
    assert ReportingBody.objects.get(pk=panel.pk).active is True
    verbs = list(
        AuditEvent.objects.filter(target_id=str(panel.pk)).order_by("seq").values_list("verb", flat=True)
    )
    assert verbs == [
        "reporting_body.added",
        "reporting_body.updated",
        "reporting_body.retired",
        "reporting_body.reinstated",
    ]


def test_a_body_name_is_unique_in_the_partnership_whatever_its_case(world):
    body(world, "Council Cabinet")
    with pytest.raises(TransitionError, match="already has a body called"):
        services.body_add(
            by=world.users["business_team"],
            partnership=world.partnership,
            name=" council cabinet ",
            kind="council",
        )
    with pytest.raises(TransitionError, match="Enter the body's name"):
        services.body_add(by=world.users["business_team"], partnership=world.partnership, name="  ")
    assert ReportingBody.objects.filter(partnership=world.partnership).count() == 1
    # Another partnership may use the same name.
    services.body_add(
        by=world.users["other_business_team"], partnership=world.other_partnership, name="Council Cabinet"
    )


def test_a_body_with_presentations_can_be_retired_but_not_removed(world):
    presentation = planned(world)
    with pytest.raises(TransitionError, match="retire it instead"):
        services.body_remove(by=world.users["business_team"], body=presentation.body)
    assert ReportingBody.objects.filter(pk=presentation.body_id).exists()
    assert not AuditEvent.objects.filter(verb="reporting_body.removed").exists()


def test_only_the_business_team_keeps_bodies(world):
    for key in ("partner_la", "learning_chair", "other_business_team"):
        with pytest.raises(TransitionError, match="business team"):
            services.body_add(by=world.users[key], partnership=world.partnership, name="Another body")
    assert not ReportingBody.objects.filter(partnership=world.partnership).exists()


def test_planning_records_the_report_the_body_and_who_presents(world):
    briefing = approved_briefing(world)
    presentation = planned(
        world, report=briefing, presenter=None, presenter_name="Director of Children's Services"
    )
    assert presentation.status == S.PLANNED
    assert presentation.briefing == briefing and presentation.report == briefing
    assert presentation.presenter_name == "Director of Children's Services"
    assert presentations_of(briefing) == [presentation]
    assert AuditEvent.objects.filter(verb="presentation.planned", target_id=str(presentation.pk)).exists()


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"presenter": None}, "Choose who presents"),
        ({"presenter_name": "Someone else"}, "not both"),
        ({"on": None}, "Enter the date"),
        ({"report": None}, "Choose the report"),
        ({"report_kind": "minutes"}, "Choose what kind of report"),
    ],
)
def test_planning_refuses_what_is_missing_and_adds_nothing(world, overrides, message):
    with pytest.raises(TransitionError, match=message):
        planned(world, **{"report": approved_briefing(world), **overrides})
    assert not Presentation.objects.exists()


def test_planning_refuses_a_report_not_offered(world):
    draft = make_briefing(world, title="Still a draft")
    with pytest.raises(TransitionError, match="Choose one of the reports offered"):
        planned(world, report=draft)
    # Another partnership's approved briefing is not offered either.
    theirs = approved_briefing(world)
    theirs.partnership = world.other_partnership
    theirs.save(update_fields=["partnership"])
    with pytest.raises(TransitionError, match="Choose one of the reports offered"):
        planned(world, report=theirs)
    assert not Presentation.objects.exists()


def test_planning_refuses_a_retired_body_another_partnerships_body_and_a_stranger(world):
    business = world.users["business_team"]
    retired = body(world, "Old committee")
    services.body_set_active(by=business, body=retired, active=False)
    with pytest.raises(TransitionError, match="is retired"):
        planned(world, body=retired)
    theirs = services.body_add(
        by=world.users["other_business_team"], partnership=world.other_partnership, name="Their cabinet"
    )
    with pytest.raises(TransitionError, match="partnership's bodies"):
        planned(world, body=theirs)
    with pytest.raises(TransitionError, match="role in the partnership"):
        planned(world, presenter=world.users["agency_a_lead"])
    assert not Presentation.objects.exists()


def test_only_issued_composites_are_offered(world):
    cycle = cycles.cycle_create(
        by=None,
        partnership=world.partnership,
        template=library_template(),
        title="Section 11, 2025",
        opens_on=today() - timedelta(days=200),
        closes_on=today() - timedelta(days=100),
        audience_types=["nhs_trust"],
    )
    assert cycle not in reports_offered(partnership=world.partnership, kind="cycle")
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.COMPOSITE_ISSUED)
    assert cycle in reports_offered(partnership=world.partnership, kind="cycle")
    presentation = planned(world, report_kind="cycle", report=cycle)
    assert presentation.report_title == "Composite report of Section 11, 2025"
    assert presentations_of(Cycle.objects.get(pk=cycle.pk)) == [presentation]


def test_recording_as_presented(world):
    presentation = planned(world, on=today() - timedelta(days=1))
    services.presentation_record(
        by=world.users["business_team"],
        presentation=presentation,
        on=today() - timedelta(days=2),
        outcome="Noted",
        minute_reference="Min 3",
    )
    presentation.refresh_from_db()
    assert presentation.status == S.HELD
    assert presentation.on == today() - timedelta(days=2)
    assert (presentation.outcome, presentation.minute_reference, presentation.version) == (
        "Noted",
        "Min 3",
        2,
    )


@pytest.mark.parametrize(
    "on_days,outcome,minute,message",
    [
        (1, "Noted", "", "cannot be in the future"),
        (0, "", "  ", "outcome or the minute reference"),
    ],
)
def test_recording_as_presented_refuses_and_changes_nothing(world, on_days, outcome, minute, message):
    presentation = planned(world, on=today())
    before = unchanged(presentation)
    with pytest.raises(TransitionError, match=message):
        services.presentation_record(
            by=world.users["business_team"],
            presentation=presentation,
            on=today() + timedelta(days=on_days),
            outcome=outcome,
            minute_reference=minute,
        )
    assert unchanged(presentation) == before
    assert not AuditEvent.objects.filter(verb="presentation.presented").exists()


def test_a_presentation_is_recorded_or_cancelled_once(world):
    held = presented(world)
    before = unchanged(held)
    with pytest.raises(TransitionError, match="already on record"):
        services.presentation_record(
            by=world.users["business_team"], presentation=held, on=today(), outcome="x"
        )
    with pytest.raises(TransitionError, match="Only a planned presentation can be cancelled"):
        services.presentation_cancel(by=world.users["business_team"], presentation=held, reason="x")
    assert unchanged(held) == before


def test_cancelling_needs_a_reason_and_keeps_it(world):
    presentation = planned(world)
    with pytest.raises(TransitionError, match="Say why"):
        services.presentation_cancel(by=world.users["business_team"], presentation=presentation, reason=" ")
    assert Presentation.objects.get(pk=presentation.pk).status == S.PLANNED
    services.presentation_cancel(
        by=world.users["business_team"], presentation=presentation, reason="The meeting was postponed"
    )
    presentation.refresh_from_db()
    assert presentation.status == S.CANCELLED and presentation.outcome == "The meeting was postponed"
    with pytest.raises(TransitionError, match="cancelled: plan a new one"):
        services.presentation_update(
            by=world.users["business_team"], presentation=presentation, on=today() + timedelta(days=30)
        )


def test_an_edit_is_versioned_and_a_stale_one_refused(world):
    business = world.users["business_team"]
    presentation = planned(world)
    new_day = today() + timedelta(days=30)
    services.presentation_update(by=business, presentation=presentation, expected_version=1, on=new_day)
    presentation.refresh_from_db()
    assert presentation.on == new_day and presentation.version == 2
    with pytest.raises(EditConflict) as conflict:
        services.presentation_update(
            by=business, presentation=presentation, expected_version=1, on=today() + timedelta(days=40)
        )
    assert conflict.value.current["on"] == new_day and conflict.value.current["version"] == 2
    assert Presentation.objects.get(pk=presentation.pk).on == new_day


def test_a_presented_record_cannot_be_moved_into_the_future(world):
    held = presented(world)
    before = unchanged(held)
    with pytest.raises(TransitionError, match="cannot be in the future"):
        services.presentation_update(
            by=world.users["business_team"], presentation=held, on=today() + timedelta(days=1)
        )
    assert unchanged(held) == before


def test_a_planned_presentation_keeps_no_outcome_from_an_edit(world):
    presentation = planned(world)
    services.presentation_update(
        by=world.users["business_team"], presentation=presentation, outcome="Sneaked in", status="held"
    )
    presentation.refresh_from_db()
    assert presentation.outcome == "" and presentation.status == S.PLANNED and presentation.version == 1


def test_questions_are_added_only_once_presented(world):
    presentation = planned(world)
    with pytest.raises(TransitionError, match="Record the presentation as presented"):
        question(world, presentation)
    held = presented(world)
    with pytest.raises(TransitionError, match="Enter the question"):
        question(world, held, text="  ")
    asked = question(world, held)
    assert list(held.questions.all()) == [asked]


def test_a_question_becomes_an_action_in_an_open_plan_and_keeps_the_link(world):
    held = presented(world)
    asked = question(world, held)
    plan = make_plan(world)
    due = today() + timedelta(days=60)
    questions.question_to_action(
        by=world.users["business_team"],
        question=asked,
        plan=plan,
        owner_organisation=world.agency_a,
        due_on=due,
        what="Report training take-up by school to the cabinet",
    )
    asked.refresh_from_db()
    action = asked.action
    assert action.plan == plan and action.owner_organisation == world.agency_a and action.due_on == due
    assert action.what == "Report training take-up by school to the cabinet"
    assert action.status == Action.Status.OPEN
    assert AuditEvent.objects.filter(verb="action.created", target_id=str(action.pk)).exists()
    with pytest.raises(TransitionError, match="already an action"):
        questions.question_to_action(
            by=world.users["business_team"],
            question=asked,
            plan=plan,
            owner_organisation=world.agency_a,
            due_on=due,
        )
    assert Action.objects.count() == 1


def test_a_question_becomes_an_action_only_in_an_open_plan_of_the_partnership(world):
    held = presented(world)
    asked = question(world, held)
    business = world.users["business_team"]
    closed = make_plan(world, title="Closed plan")
    ActionPlan.objects.filter(pk=closed.pk).update(status=ActionPlan.Status.CLOSED)
    closed.refresh_from_db()
    due = today() + timedelta(days=30)
    cases = [
        ({"plan": closed}, "closed"),
        ({"plan": make_plan(world), "due_on": today() - timedelta(days=1)}, "today or in the future"),
        ({"plan": make_plan(world), "owner_organisation": world.other_agency}, "partnership's register"),
    ]
    for overrides, message in cases:
        values = {"plan": None, "owner_organisation": world.agency_a, "due_on": due, **overrides}
        with pytest.raises(TransitionError, match=message):
            questions.question_to_action(by=business, question=asked, **values)
    q = world.other_partnership
    other_plan = plans.plan_create(
        by=world.users["other_business_team"],
        partnership=q,
        title="Theirs",
        source_kind=ActionPlan.SourceKind.OTHER,
        source_description="Synthetic",
        owner_organisation=None,
        monitoring_group=group(world, partnership=q),
        reports_to=[group(world, Group.Kind.BOARD, partnership=q)],
    )
    with pytest.raises(TransitionError, match="partnership's open action plans"):
        questions.question_to_action(
            by=business, question=asked, plan=other_plan, owner_organisation=world.agency_a, due_on=due
        )
    asked.refresh_from_db()
    assert asked.action is None and not Action.objects.exists()


def test_only_the_business_team_writes_the_register(world):
    presentation = planned(world)
    before = unchanged(presentation)
    for key in ("partner_la", "iso", "board_member", "learning_chair", "other_business_team"):
        with pytest.raises(TransitionError, match="business team"):
            services.presentation_cancel(by=world.users[key], presentation=presentation, reason="No")
        with pytest.raises(TransitionError, match="business team"):
            services.presentation_update(
                by=world.users[key], presentation=presentation, on=today() + timedelta(days=3)
            )
    assert unchanged(presentation) == before


def test_the_register_filters(world):
    coming = planned(world)
    held = presented(world, body=body(world, "ICB quality committee", ReportingBody.Kind.ICB))
    p = world.partnership

    def listed(**filters):
        return list(presentations_list(partnership=p, today=today(), **filters))

    assert listed() == [coming, held]
    assert listed(when="upcoming") == [coming]
    assert listed(when="past") == [held]
    assert listed(status="held") == [held]
    assert listed(body_id=held.body_id) == [held]
    assert listed(kind="briefing") == [coming, held]
    assert listed(kind="cycle") == []
    assert list(presentations_list(partnership=world.other_partnership, today=today())) == []
