"""Learning briefings: who may draft, edit and approve them, the draft → approved → draft lifecycle and its
refusals, the audit trail, concurrent edits, who reads drafts, and the text drafted from each kind of source."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction

from sightline.assurance.models import Recommendation
from sightline.audit.models import AuditEvent
from sightline.core.errors import EditConflict, TransitionError
from sightline.improvement import briefings
from sightline.improvement.briefing_sources import activities_to_draft_from
from sightline.improvement.models import ActionPlan, LearningBriefing
from sightline.improvement.selectors_briefings import briefing_for, briefings_visible_to
from sightline.partnerships.models import PartnershipMembership

from .. import factories
from ..assessments.test_composite import build_scene
from ..assurance.builders import make_activity
from .briefing_builders import SECTIONS, approved_briefing, make_briefing
from .builders import in_state, make_action, make_plan, make_review

Status = LearningBriefing.Status


def events(briefing, verb):
    return AuditEvent.objects.filter(verb=verb, target_id=str(briefing.pk))


def reload(briefing):
    return LearningBriefing.objects.get(pk=briefing.pk)


def test_the_business_team_starts_a_draft_and_it_is_in_the_audit_trail(world):
    briefing = make_briefing(world)
    assert (briefing.status, briefing.version, briefing.created_by) == (
        Status.DRAFT,
        1,
        world.users["business_team"],
    )
    assert briefing.source is None and briefing.source_label == "Written by hand"
    event = events(briefing, "briefing.created").get()
    assert event.actor == world.users["business_team"] and event.partnership == world.partnership
    assert event.changes["source"] == "Written by hand"
    assert event.changes["title"]["after"] == "Neglect of toddlers: what we learned"


@pytest.mark.parametrize(
    "role", ["learning_chair", "partner_la", "board_member", "agency_a_lead", "iso", "other_business_team"]
)
def test_only_the_business_team_of_the_partnership_drafts(world, role):
    with pytest.raises(TransitionError, match="Only the partnership's business team"):
        briefings.briefing_create(by=world.users[role], partnership=world.partnership, title="Mine")
    assert not LearningBriefing.objects.exists()


@pytest.mark.parametrize("role", ["learning_chair", "agency_a_lead", "other_business_team"])
def test_only_the_business_team_edits_approves_withdraws_and_marks_ready(world, role):
    draft, approved = make_briefing(world), approved_briefing(world, title="Approved one")
    someone = world.users[role]
    refusals = [
        lambda: briefings.briefing_update(by=someone, briefing=draft, title="Theirs"),
        lambda: briefings.briefing_approve(by=someone, briefing=draft),
        lambda: briefings.briefing_withdraw(by=someone, briefing=approved, reason="Theirs"),
        lambda: briefings.briefing_set_ready(by=someone, briefing=approved, ready=True),
    ]
    for attempt in refusals:
        with pytest.raises(TransitionError, match="Only the partnership's business team"):
            attempt()
    assert (reload(draft).title, reload(draft).status) == (draft.title, Status.DRAFT)
    assert (reload(approved).status, reload(approved).ready_to_publish) == (Status.APPROVED, False)


def test_a_title_is_needed_and_one_source_at_most_from_this_partnership(world):
    review = make_review(world)
    with pytest.raises(TransitionError, match="Enter a title for the briefing"):
        make_briefing(world, title="  ")
    with pytest.raises(TransitionError, match="one source at most"):
        make_briefing(world, source_review=review, source_activity=make_activity(world))
    elsewhere = factories.with_partnership_role(
        world.other_partnership, PartnershipMembership.Role.BUSINESS_TEAM
    )
    with pytest.raises(TransitionError, match="Choose a source from this partnership"):
        briefings.briefing_create(
            by=elsewhere, partnership=world.other_partnership, title="T", source_review=review
        )
    assert not LearningBriefing.objects.exists()


def test_the_database_holds_the_rules_too(world):
    briefing = make_briefing(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        LearningBriefing.objects.filter(pk=briefing.pk).update(ready_to_publish=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        LearningBriefing.objects.filter(pk=briefing.pk).update(
            source_review=make_review(world), source_cycle=build_scene(world).cycle
        )


def test_editing_a_draft_bumps_its_version_and_records_what_changed(world):
    briefing = make_briefing(world)
    saved = briefings.briefing_update(
        by=world.users["business_team"],
        briefing=briefing,
        expected_version=1,
        what_to_do="  - Visit at home  ",
    )
    assert (saved.what_to_do, saved.version, saved.updated_by) == (
        "- Visit at home",
        2,
        world.users["business_team"],
    )
    event = events(briefing, "briefing.updated").get()
    assert event.changes == {"what_to_do": {"before": SECTIONS["what_to_do"], "after": "- Visit at home"}}
    unchanged = briefings.briefing_update(
        by=world.users["business_team"], briefing=saved, what_to_do="- Visit at home"
    )
    assert unchanged.version == 2 and events(briefing, "briefing.updated").count() == 1


def test_a_second_editor_from_an_older_copy_is_told_and_shown_what_was_saved(world):
    briefing = make_briefing(world)
    first, second = (
        world.users["business_team"],
        factories.with_partnership_role(world.partnership, PartnershipMembership.Role.BUSINESS_TEAM),
    )
    briefings.briefing_update(
        by=first, briefing=briefing, expected_version=1, findings="First editor's findings"
    )
    with pytest.raises(EditConflict) as conflict:
        briefings.briefing_update(
            by=second, briefing=briefing, expected_version=1, findings="Second editor's"
        )
    assert conflict.value.current["findings"] == "First editor's findings"
    assert conflict.value.current["version"] == 2
    assert reload(briefing).findings == "First editor's findings"
    briefings.briefing_update(by=second, briefing=briefing, expected_version=2, findings="Second editor's")
    assert reload(briefing).findings == "Second editor's"


def test_approval_needs_every_section_written_and_names_those_missing(world):
    briefing = make_briefing(world, questions="", further_reading=" ")
    with pytest.raises(TransitionError) as refusal:
        briefings.briefing_approve(by=world.users["business_team"], briefing=briefing)
    assert str(refusal.value) == (
        "Write every section before approving the briefing. Still empty: Questions for reflection, Further reading"
    )
    assert reload(briefing).status == Status.DRAFT and not events(briefing, "briefing.approved").exists()


def test_approving_records_who_and_when_and_cannot_happen_twice(world):
    briefing = make_briefing(world)
    approved = briefings.briefing_approve(
        by=world.users["business_team"], briefing=briefing, expected_version=1
    )
    assert (approved.status, approved.approved_by, approved.version) == (
        Status.APPROVED,
        world.users["business_team"],
        2,
    )
    assert approved.approved_at is not None and events(briefing, "briefing.approved").count() == 1
    with pytest.raises(TransitionError, match="already approved"):
        briefings.briefing_approve(by=world.users["business_team"], briefing=approved)
    with pytest.raises(TransitionError, match="withdraw it for changes first"):
        briefings.briefing_update(by=world.users["business_team"], briefing=approved, title="Changed")


def test_approval_of_a_briefing_changed_since_it_was_read_is_refused(world):
    briefing = make_briefing(world)
    briefings.briefing_update(by=world.users["business_team"], briefing=briefing, background="Rewritten")
    with pytest.raises(TransitionError, match="Someone changed the briefing after you opened it"):
        briefings.briefing_approve(by=world.users["business_team"], briefing=briefing, expected_version=1)
    assert reload(briefing).status == Status.DRAFT


def test_marking_ready_to_publish_needs_an_approved_briefing(world):
    draft = make_briefing(world)
    with pytest.raises(TransitionError, match="Approve the briefing before marking it ready to publish"):
        briefings.briefing_set_ready(by=world.users["business_team"], briefing=draft, ready=True)
    approved = approved_briefing(world, title="Another")
    ready = briefings.briefing_set_ready(by=world.users["business_team"], briefing=approved, ready=True)
    assert ready.ready_to_publish and ready.ready_at is not None
    assert events(approved, "briefing.marked_ready").count() == 1
    again = briefings.briefing_set_ready(by=world.users["business_team"], briefing=ready, ready=True)
    assert again.version == ready.version and events(approved, "briefing.marked_ready").count() == 1
    not_ready = briefings.briefing_set_ready(by=world.users["business_team"], briefing=ready, ready=False)
    assert not not_ready.ready_to_publish and not_ready.ready_at is None
    assert events(approved, "briefing.marked_not_ready").count() == 1


def test_withdrawing_needs_a_reason_and_takes_it_off_the_public_list(world):
    briefing = approved_briefing(world, ready=True)
    with pytest.raises(TransitionError, match="Enter why the briefing is withdrawn for changes"):
        briefings.briefing_withdraw(by=world.users["business_team"], briefing=briefing, reason=" ")
    assert reload(briefing).status == Status.APPROVED
    withdrawn = briefings.briefing_withdraw(
        by=world.users["business_team"], briefing=briefing, reason="The procedure it links to has changed"
    )
    assert (withdrawn.status, withdrawn.ready_to_publish, withdrawn.approved_at) == (
        Status.DRAFT,
        False,
        None,
    )
    assert withdrawn.withdrawn_reason == "The procedure it links to has changed"
    event = events(briefing, "briefing.withdrawn").get()
    assert event.changes["reason"] == "The procedure it links to has changed"
    assert event.changes["was_ready_to_publish"] is True
    with pytest.raises(TransitionError, match="Only an approved briefing can be withdrawn"):
        briefings.briefing_withdraw(by=world.users["business_team"], briefing=withdrawn, reason="Again")
    edited = briefings.briefing_update(by=world.users["business_team"], briefing=withdrawn, title="Updated")
    reapproved = briefings.briefing_approve(by=world.users["business_team"], briefing=edited)
    assert reapproved.status == Status.APPROVED and reapproved.withdrawn_reason == ""


@pytest.mark.parametrize(
    "role,reads_drafts",
    [
        ("business_team", True),
        ("learning_chair", True),
        ("learning_member", True),
        ("partner_la", False),
        ("board_member", False),
        ("iso", False),
        ("agency_a_lead", False),
    ],
)
def test_drafts_are_read_by_the_business_team_and_the_learning_group_only(world, role, reads_drafts):
    if role == "learning_member":
        world.users[role] = factories.with_partnership_role(
            world.partnership, PartnershipMembership.Role.LEARNING_MEMBER
        )
    draft, approved = make_briefing(world, title="Draft"), approved_briefing(world, title="Approved")
    user = world.users[role]
    seen = set(briefings_visible_to(user=user, partnership=world.partnership))
    assert seen == ({draft, approved} if reads_drafts else {approved})
    found = briefing_for(user=user, partnership=world.partnership, briefing_id=draft.pk)
    assert (found is not None) == reads_drafts


def test_drafted_from_an_assurance_activity(world):
    activity = make_activity(world, title="Neglect line of sight event")
    plan = make_plan(world, title="Neglect: action plan")
    type(activity).objects.filter(pk=activity.pk).update(
        starts_at=datetime(2027, 2, 10, 10, 0, tzinfo=ZoneInfo("Europe/London")),
        overview="Twelve cases were read by the panel.",
        findings="Bedrooms were rarely seen on home visits.",
        highlights="Schools shared worries early.",
        immediate_actions="Home visit guidance reissued.",
        action_plan=plan,
    )
    Recommendation.objects.create(activity=activity, number=1, text="See where the child sleeps")
    activity.refresh_from_db()
    briefing = make_briefing(
        world, title="From the event", source_activity=activity, background="", findings="", what_to_do=""
    )
    # Sections given to the service win over the source's text; the ones left out come from the source.
    fresh = briefings.briefing_create(
        by=world.users["business_team"],
        partnership=world.partnership,
        title="Prefilled",
        source_activity=activity,
    )
    assert fresh.source_label == "Thematic assurance event: Neglect line of sight event"
    assert fresh.background == (
        "Thematic assurance event: Neglect line of sight event, held on 10 February 2027.\n\n"
        "What it looked at:\nNeglect and the voice of the child\n\n"
        "Twelve cases were read by the panel."
    )
    assert fresh.findings == (
        "Bedrooms were rarely seen on home visits.\n\nHighlights and emerging themes:\nSchools shared worries early."
    )
    assert fresh.what_to_do == (
        "Done straight away:\nHome visit guidance reissued.\n\n"
        "Recommendations:\n- See where the child sleeps\n\n"
        "The learning group follows the action plan “Neglect: action plan” until it is complete."
    )
    assert fresh.why_it_matters == "" and fresh.questions == ""
    assert briefing.background == "" and briefing.why_it_matters == SECTIONS["why_it_matters"]


def test_only_activities_with_learning_on_record_are_offered(world):
    quiet = make_activity(world, title="Nothing recorded yet")
    recorded = make_activity(world, title="Findings recorded")
    type(recorded).objects.filter(pk=recorded.pk).update(findings="Something learned")
    offered = set(activities_to_draft_from(user=world.users["business_team"], partnership=world.partnership))
    assert recorded in offered and quiet not in offered


def test_drafted_from_a_case_review(world):
    review = make_review(
        world,
        summary="A toddler was admitted with burns (synthetic).",
        notified_on=date(2026, 5, 26),
        rapid_review_on=date(2026, 6, 10),
        decision="non_statutory",
        decided_on=date(2026, 6, 10),
        decision_note="The learning is local.",
    )
    plan = make_plan(
        world, source_kind=ActionPlan.SourceKind.REVIEW, source_review=review, source_description=""
    )
    make_action(world, plan, what="Refresh burns guidance", organisation=world.agency_b)
    in_state(world, make_action(world, plan, what="Audit home safety advice"), "verified")
    cancelled = make_action(world, plan, what="Dropped idea")
    in_state(world, cancelled, "cancelled")
    briefing = briefings.briefing_create(
        by=world.users["business_team"],
        partnership=world.partnership,
        title="From the review",
        source_review=review,
    )
    assert briefing.source_review == review and briefing.source_label == "Reviews register: RR-2026-01"
    assert briefing.background == (
        "A toddler was admitted with burns (synthetic).\n\nA rapid review was completed on 10 June 2026."
    )
    assert briefing.findings == "Decision (10 June 2026): non-statutory review.\n\nThe learning is local."
    lines = briefing.what_to_do.splitlines()
    # Each action of the plans raised from the case, with its owner and date; a cancelled one is left out.
    assert len(lines) == 2
    assert lines[0].startswith("- Refresh burns guidance (Agency B Youth Justice, by ") and lines[0].endswith(
        ")"
    )
    assert lines[1].startswith("- Audit home safety advice (Agency A NHS Trust, by ") and lines[1].endswith(
        ", done)"
    )


def test_drafted_from_a_cycles_composite_names_its_weakest_standards(world):
    scene = build_scene(world)
    briefing = briefings.briefing_create(
        by=world.users["business_team"],
        partnership=world.partnership,
        title="Board audit",
        source_cycle=scene.cycle,
    )
    assert briefing.source_label == "Self-assessment composite: Board audit 2026"
    assert "against 4 standards (Board audit). 4 of 5 returns are counted" in briefing.background
    assert briefing.findings == (
        "The standards with the lowest mean scores across the partnership:\n\n"
        "- Supervision (mean score 1.33)\n- Training (mean score 1.50)\n- Early help (mean score 2.67)"
    )
    # Only the counted returns' commitments: the return still in progress is left out.
    assert briefing.what_to_do == (
        "What organisations committed to do about them:\n\n- Train staff\n- Audit supervision"
    )
