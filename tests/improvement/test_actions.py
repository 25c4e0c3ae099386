"""Adding actions, changing their details and due dates, and evidence files given with updates and proposals."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sightline.audit.models import AuditEvent
from sightline.core.errors import EditConflict, TransitionError
from sightline.improvement import actions
from sightline.improvement.models import Action, ActionEvent, ActionEvidence, ActionPlan

from .. import factories
from ..assessments.evidence_samples import CSV, PNG
from .builders import fresh, in_state, make_action, make_plan, today

S = Action.Status


def test_an_action_is_numbered_within_its_plan_and_its_creation_is_recorded(world):
    plan = make_plan(world)
    first, second = make_action(world, plan), make_action(world, plan, what="Second")
    assert (first.number, second.number) == (1, 2)
    assert second.original_due_on == second.due_on and second.status == S.OPEN
    assert second.events.get().kind == ActionEvent.Kind.CREATED
    event = AuditEvent.objects.get(verb="action.created", target_id=str(second.pk))
    assert event.actor == world.users["business_team"] and event.changes["owner"] == "Agency A NHS Trust"


def test_a_new_action_due_today_is_accepted_and_one_due_yesterday_is_refused(world):
    plan = make_plan(world)
    assert make_action(world, plan, due_in=0).due_on == today()
    with pytest.raises(TransitionError, match="The due date must be today or in the future"):
        make_action(world, plan, due_in=-1)
    assert plan.actions.count() == 1


@pytest.mark.parametrize(
    "change,message",
    [
        ({"what": "  "}, "Enter what will be done"),
        ({"priority": "urgent"}, "Choose a priority"),
        ({"organisation": "other_agency"}, "Choose an organisation in the partnership's register"),
        ({"owner_person": "agency_b_lead"}, "The owner must have an account at Agency A NHS Trust"),
    ],
)
def test_an_action_with_bad_details_is_refused_and_nothing_is_added(world, change, message):
    plan = make_plan(world)
    change = dict(change)
    if change.get("organisation") == "other_agency":
        change["organisation"] = world.other_agency
    if "owner_person" in change:
        change["owner_person"] = world.users[change["owner_person"]]
    with pytest.raises(TransitionError, match=message):
        make_action(world, plan, **change)
    assert not Action.objects.exists()


def test_a_single_agency_plans_actions_belong_to_its_agency(world):
    plan = make_plan(world, single_agency=world.agency_a)
    with pytest.raises(TransitionError, match="single-agency plan: its actions belong to Agency A NHS Trust"):
        make_action(world, plan, organisation=world.agency_b)
    assert make_action(world, plan).owner_organisation == world.agency_a


def test_only_the_business_team_adds_actions_and_only_to_an_open_plan(world):
    plan = make_plan(world)
    with pytest.raises(TransitionError, match="Only the partnership's business team"):
        actions.action_create(
            by=world.users["learning_chair"],
            plan=plan,
            what="x",
            owner_organisation=world.agency_a,
            due_on=today(),
        )
    ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.CLOSED)
    with pytest.raises(TransitionError, match="closed"):
        make_action(world, plan)
    assert not plan.actions.exists()


def test_changing_details_ignores_the_due_date_and_the_state_and_records_what_changed(world):
    action = make_action(world, make_plan(world))
    actions.action_update(
        by=world.users["business_team"],
        action=action,
        what="Audit every supervision record",
        priority=Action.Priority.HIGH,
        due_on=today() + timedelta(days=400),
        status=S.VERIFIED,
        returns=9,
    )
    after = fresh(action)
    assert (after.what, after.priority, after.version) == ("Audit every supervision record", "high", 2)
    assert (after.due_on, after.status, after.returns) == (action.due_on, S.OPEN, 0)
    changes = AuditEvent.objects.get(verb="action.edit", target_id=str(action.pk)).changes
    assert set(changes) == {"what", "priority", "note"}
    assert after.events.get(kind=ActionEvent.Kind.EDITED).note == "Changed what will be done, the priority"


def test_an_edit_from_an_old_copy_is_refused_with_the_saved_values(world):
    action = make_action(world, make_plan(world))
    actions.action_update(
        by=world.users["business_team"], action=action, what="First edit", expected_version=1
    )
    with pytest.raises(EditConflict) as conflict:
        actions.action_update(
            by=world.users["business_team"], action=action, what="Stale", expected_version=1
        )
    assert conflict.value.current["what"] == "First edit"
    assert fresh(action).what == "First edit"


def test_an_edit_that_changes_nothing_records_nothing(world):
    action = make_action(world, make_plan(world))
    actions.action_update(by=world.users["business_team"], action=action, what=action.what)
    assert not AuditEvent.objects.filter(verb="action.edit").exists()
    assert fresh(action).version == 1


def test_a_due_date_change_needs_a_reason_and_shows_in_the_history(world):
    action = make_action(world, make_plan(world))
    chair = world.users["learning_chair"]
    new = action.due_on + timedelta(days=45)
    actions.action_extend(by=chair, action=action, due_on=new, reason="Training provider delayed")
    after = fresh(action)
    assert (after.due_on, after.original_due_on) == (new, action.due_on)
    event = after.events.get(kind=ActionEvent.Kind.EXTENDED)
    assert (event.due_before, event.due_after, event.note) == (
        action.due_on,
        new,
        "Training provider delayed",
    )
    audit = AuditEvent.objects.get(verb="action.extend", target_id=str(action.pk))
    assert audit.changes["due_on"] == {"before": action.due_on.isoformat(), "after": new.isoformat()}


@pytest.mark.parametrize(
    "days,message", [(0, "different from the current one"), (-40, "must be today or in the future")]
)
def test_a_due_date_change_to_the_same_or_a_past_date_is_refused(world, days, message):
    action = make_action(world, make_plan(world))
    due = action.due_on + timedelta(days=days)
    with pytest.raises(TransitionError, match=message):
        actions.action_extend(by=world.users["learning_chair"], action=action, due_on=due, reason="Why not")
    assert fresh(action).due_on == action.due_on
    assert not fresh(action).events.filter(kind=ActionEvent.Kind.EXTENDED).exists()


def test_a_progress_update_keeps_its_evidence_file(world):
    action = make_action(world, make_plan(world))
    upload = SimpleUploadedFile("training.csv", CSV, content_type="text/csv")
    actions.action_progress(
        by=world.users["agency_a_lead"], action=action, commentary="Trained", upload=upload
    )
    evidence = ActionEvidence.objects.get(action=action)
    assert (evidence.original_name, evidence.content_type, evidence.size) == (
        "training.csv",
        "text/csv",
        len(CSV),
    )
    assert evidence.file.name.startswith("improvement/") and "training" not in evidence.file.name
    assert fresh(action).events.get(kind=ActionEvent.Kind.PROGRESS).evidence == evidence
    with evidence.file.open("rb") as handle:
        assert handle.read() == CSV


def test_image_metadata_is_stripped_from_evidence(world):
    action = make_action(world, make_plan(world))
    upload = SimpleUploadedFile("photo.png", PNG, content_type="image/png")
    actions.action_propose_completion(
        by=world.users["agency_a_lead"], action=action, commentary="Poster on every ward", upload=upload
    )
    with ActionEvidence.objects.get().file.open("rb") as handle:
        assert b"Jo Bloggs" not in handle.read()


def test_a_refused_file_changes_nothing_and_says_why(world, tmp_path):
    action = make_action(world, make_plan(world))
    upload = SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00program", content_type="application/pdf")
    with pytest.raises(TransitionError, match="'minutes.pdf' was not uploaded: it is a program"):
        actions.action_progress(
            by=world.users["agency_a_lead"], action=action, commentary="See file", upload=upload
        )
    assert fresh(action).status == S.OPEN
    assert not ActionEvidence.objects.exists()
    assert not fresh(action).events.filter(kind=ActionEvent.Kind.PROGRESS).exists()
    assert not (tmp_path / "improvement").exists()


def test_the_wrong_person_is_refused_before_their_file_is_read(world, tmp_path):
    action = make_action(world, make_plan(world))
    upload = SimpleUploadedFile("fine.csv", CSV, content_type="text/csv")
    with pytest.raises(TransitionError, match="You cannot do this"):
        actions.action_progress(
            by=world.users["agency_b_lead"], action=action, commentary="Not mine", upload=upload
        )
    assert not ActionEvidence.objects.exists() and not (tmp_path / "improvement").exists()


def test_a_failed_transaction_leaves_no_stored_file(world, tmp_path, monkeypatch):
    action = make_action(world, make_plan(world))

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("sightline.improvement.actions.move_apply", broken)
    with pytest.raises(RuntimeError):
        actions.action_progress(
            by=world.users["agency_a_lead"],
            action=action,
            commentary="Trained",
            upload=SimpleUploadedFile("training.csv", CSV),
        )
    stored = (
        [path for path in (tmp_path / "improvement").rglob("*") if path.is_file()]
        if (tmp_path / "improvement").exists()
        else []
    )
    assert stored == []


def test_the_owner_person_must_hold_a_role_at_the_owner_organisation(world):
    plan = make_plan(world)
    outsider = factories.UserFactory()
    with pytest.raises(TransitionError, match="must have an account at Agency A NHS Trust"):
        make_action(world, plan, owner_person=outsider)
    owner = make_action(world, plan, owner_person=world.users["agency_a_contributor"])
    assert owner.owner_person == world.users["agency_a_contributor"]


def test_a_verified_action_keeps_its_history_in_order(world):
    action = in_state(world, make_action(world, make_plan(world)), S.VERIFIED)
    kinds = list(action.events.order_by("at").values_list("kind", flat=True))
    assert kinds == ["created", "progress", "proposed", "verified"]
