"""After the window: the composite goes to the board, the six-month progress round asks organisations to update
their actions, each organisation updates its own, and the cycle is archived. Moves out of order, and updates by
the wrong people or with bad values, are refused. (The progress report: test_progress_report.py.)"""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from sightline.assessments import cycles, progress
from sightline.assessments.models import ActionArising, Cycle, Submission
from sightline.assessments.progress_report import progress_due_for
from sightline.assessments.services import template_load
from sightline.audit.models import AuditEvent
from sightline.core.errors import TransitionError
from sightline.notifications.models import Notice
from sightline.partnerships.models import Organisation, OrganisationMembership

from .. import factories
from .test_library import GOOD

S = Submission.Status
TODAY = date.today()
TWO_STANDARDS = GOOD.replace("key: tiny-audit", "key: progress-audit") + (
    "      - key: s2\n"
    "        title: Training\n"
    "        guidance: Who is trained.\n"
    "        good_evidence: Training records.\n"
    "        source: Made up\n"
    "        questions:\n"
    "          - key: s2-rating\n"
    "            text: How well do you meet this standard?\n"
    "            kind: rating\n"
)


@dataclass
class Scene:
    cycle: Cycle
    a: Submission  # Agency A NHS Trust: accepted, two actions (one overdue)
    police: Submission  # submitted, one action
    late: Submission  # never submitted, one action: not followed up
    quiet: Submission  # accepted, no actions
    police_lead: object
    late_lead: object
    quiet_lead: object
    overdue: ActionArising
    later: ActionArising
    police_action: ActionArising


def add_action(submission, key, what, due_on, lead="Head of safeguarding"):
    standard = submission.cycle.template.standards.get(key=key)
    return ActionArising.objects.create(
        submission=submission, standard=standard, what=what, lead=lead, due_on=due_on
    )


def build_scene(world) -> Scene:
    """This year's cycle, closed: two returns with actions followed up, one never submitted, one without actions."""
    p, Lead = world.partnership, OrganisationMembership.Role.LEAD
    police_org = factories.organisation(p, "Test Constabulary", type=Organisation.Type.POLICE)
    late_org = factories.organisation(p, "Late Trust")
    quiet_org = factories.organisation(p, "Quiet Trust")
    leads = {org.pk: factories.with_organisation_role(org, Lead) for org in (police_org, late_org, quiet_org)}
    template = template_load(by=None, content=TWO_STANDARDS, filename="progress.yaml").template
    cycle = cycles.cycle_create(
        by=None,
        partnership=p,
        template=template,
        title="Section 11 2026",
        opens_on=TODAY - timedelta(days=200),
        closes_on=TODAY - timedelta(days=180),
        progress_due_on=TODAY + timedelta(days=20),
        audience_types=["nhs_trust", "police"],
    )
    cycles.cycle_open(by=None, cycle=cycle)
    factories.launched_days_ago(cycle, 200)
    cycles.cycle_close(by=None, cycle=cycle)
    returns = {
        s.organisation_id: s for s in cycle.submissions.select_related("cycle__template", "organisation")
    }
    a, police = returns[world.agency_a.pk], returns[police_org.pk]
    late, quiet = returns[late_org.pk], returns[quiet_org.pk]
    overdue = add_action(a, "s1", "Audit supervision", TODAY - timedelta(days=30))
    later = add_action(a, "s2", '=HYPERLINK("http://evil.test") Train staff', TODAY + timedelta(days=60))
    police_action = add_action(
        police, "s2", "Refresh training", TODAY + timedelta(days=90), lead="Training lead"
    )
    add_action(late, "s1", "Words from a return not yet in", TODAY + timedelta(days=90))
    Submission.objects.filter(pk__in=[a.pk, quiet.pk]).update(status=S.ACCEPTED)
    Submission.objects.filter(pk=police.pk).update(status=S.SUBMITTED)
    Submission.objects.filter(pk=late.pk).update(status=S.IN_PROGRESS)
    for submission in (a, police, late, quiet):
        submission.refresh_from_db()
    mail.outbox.clear()
    return Scene(
        cycle,
        a,
        police,
        late,
        quiet,
        leads[police_org.pk],
        leads[late_org.pk],
        leads[quiet_org.pk],
        overdue,
        later,
        police_action,
    )


@pytest.fixture
def scene(world):
    return build_scene(world)


def to_round(world, cycle):
    by = world.users["business_team"]
    progress.cycle_issue_composite(by=by, cycle=cycle)
    return progress.cycle_open_progress_round(by=by, cycle=cycle)


def url(name, world, cycle, **kwargs):
    return reverse(name, kwargs={"slug": world.partnership.slug, "cycle_id": cycle.pk, **kwargs})


def update(world, action, role="agency_a_lead", progress_="in_progress", rag="green", commentary=""):
    return progress.action_progress_update(
        by=world.users[role], action=action, progress=progress_, rag=rag, commentary=commentary
    )


# Transitions


def test_transitions_in_order_and_refused_out_of_order(world, scene):
    by, cycle = world.users["business_team"], scene.cycle
    with pytest.raises(TransitionError, match="A cycle that is closed cannot become progress round"):
        progress.cycle_open_progress_round(by=by, cycle=cycle)
    with pytest.raises(TransitionError, match="A cycle that is closed cannot become archived"):
        progress.cycle_archive(by=by, cycle=cycle)
    progress.cycle_issue_composite(by=by, cycle=cycle)
    with pytest.raises(TransitionError, match="composite issued cannot become composite issued"):
        progress.cycle_issue_composite(by=by, cycle=cycle)
    with pytest.raises(TransitionError, match="composite issued cannot become archived"):
        progress.cycle_archive(by=by, cycle=cycle)
    progress.cycle_open_progress_round(by=by, cycle=cycle)
    progress.cycle_archive(by=by, cycle=cycle)
    with pytest.raises(TransitionError, match="A cycle that is archived cannot become progress round"):
        progress.cycle_open_progress_round(by=by, cycle=cycle)
    assert Cycle.objects.get(pk=cycle.pk).status == Cycle.Status.ARCHIVED
    events = AuditEvent.objects.filter(target_id=str(cycle.pk), verb__in=progress_verbs()).order_by("seq")
    assert [(e.verb, e.actor) for e in events] == [(verb, by) for verb in progress_verbs()]
    assert events[0].changes == {"status": {"before": "closed", "after": "composite_issued"}}


def progress_verbs():
    return ["cycle.composite_issued", "cycle.progress_round", "cycle.archived"]


def test_an_open_cycle_cannot_skip_to_the_composite(world, scene):
    Cycle.objects.filter(pk=scene.cycle.pk).update(status=Cycle.Status.OPEN)
    with pytest.raises(TransitionError, match="A cycle that is open cannot become composite issued"):
        progress.cycle_issue_composite(by=world.users["business_team"], cycle=scene.cycle)


def test_composite_waits_for_a_running_extension(world, scene):
    Submission.objects.filter(pk=scene.late.pk).update(due_on=TODAY + timedelta(days=3))
    with pytest.raises(
        TransitionError, match="Late Trust has an extension until .*: issue the composite after"
    ):
        progress.cycle_issue_composite(by=world.users["business_team"], cycle=scene.cycle)
    assert Cycle.objects.get(pk=scene.cycle.pk).status == Cycle.Status.CLOSED


@pytest.mark.parametrize("role", ["partner_la", "board_member", "agency_a_lead", "other_business_team"])
def test_only_the_business_team_moves_the_cycle_on(world, scene, role):
    with pytest.raises(TransitionError, match="Only the partnership's business team"):
        progress.cycle_issue_composite(by=world.users[role], cycle=scene.cycle)
    Cycle.objects.filter(pk=scene.cycle.pk).update(status=Cycle.Status.COMPOSITE_ISSUED)
    with pytest.raises(TransitionError, match="Only the partnership's business team"):
        progress.cycle_open_progress_round(by=world.users[role], cycle=scene.cycle)
    assert not Notice.objects.filter(title__contains="update progress").exists()


def test_the_business_team_moves_the_cycle_on_in_the_browser(world, client_for, scene, run_on_commit):
    client, cycle = client_for(world.users["business_team"]), scene.cycle
    detail = url("cycle_detail", world, cycle)
    steps = [
        ("Record that the composite report has gone to the board", "cycle_issue_composite"),
        ("Open the progress round", "cycle_open_progress_round"),
        ("Archive the cycle", "cycle_archive"),
    ]
    for button, name in steps:
        assert button in client.get(detail).content.decode()
        assert client_for(world.users["partner_la"]).post(url(name, world, cycle)).status_code == 404
        response = client.post(url(name, world, cycle), follow=True)
        assert response.redirect_chain[-1][0] == detail
    page = response.content.decode()
    assert Cycle.objects.get(pk=cycle.pk).status == Cycle.Status.ARCHIVED
    assert "View the progress report" in page and "is archived" in page
    # Out of order in the browser: a message, and nothing changes.
    again = client.post(url("cycle_archive", world, cycle), follow=True).content.decode()
    assert "A cycle that is archived cannot become archived" in again


# Opening the round


def test_opening_the_round_asks_the_leads_of_organisations_with_actions(world, scene, run_on_commit):
    opened = to_round(world, scene.cycle)
    assert [s.organisation.name for s in opened.asked] == ["Agency A NHS Trust", "Test Constabulary"]
    assert opened.without_lead == []
    lead = world.users["agency_a_lead"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([lead.email, scene.police_lead.email])
    message = next(m for m in mail.outbox if m.to == [lead.email])
    due = f"{scene.cycle.progress_due_on:%-d %B %Y}"
    link = url("progress_update", world, scene.cycle, submission_id=scene.a.pk)
    assert "please update progress" in message.subject and "recorded 2 actions" in message.body
    assert due in message.body and link in message.body and "&#x27;" not in message.body
    notice = Notice.objects.get(user=lead, url=link)
    assert due in notice.body and "update progress" in notice.title
    # Not the contributor, nor the leads of a return never submitted or one with no actions.
    for person in (world.users["agency_a_contributor"], scene.late_lead, scene.quiet_lead):
        assert not Notice.objects.filter(user=person, title__contains="update progress").exists()


def test_organisations_without_a_lead_are_listed(world, scene, run_on_commit):
    OrganisationMembership.objects.filter(user=scene.police_lead).delete()
    opened = to_round(world, scene.cycle)
    assert [org.name for org in opened.without_lead] == ["Test Constabulary"]
    assert [m.to for m in mail.outbox] == [[world.users["agency_a_lead"].email]]


# Updating progress


def test_the_lead_and_contributors_update_progress_with_an_audit_line(world, scene):
    to_round(world, scene.cycle)
    update(world, scene.overdue, progress_="in_progress", rag="amber", commentary="Auditor off sick")
    action = update(world, scene.later, role="agency_a_contributor", progress_="complete", rag="green")
    assert action.progress == "complete" and action.rag == "green" and action.progress_updated_at
    event = AuditEvent.objects.filter(verb="action_arising.progress_updated").latest("seq")
    assert event.actor == world.users["agency_a_contributor"] and event.target_id == str(scene.later.pk)
    assert event.changes["progress"] == {"before": "not_started", "after": "complete"}
    assert event.changes["rag"] == {"before": "", "after": "green"}
    assert event.changes["organisation"] == "Agency A NHS Trust"


@pytest.mark.parametrize(
    "role,fields,message",
    [
        ("agency_b_lead", {}, "Only the organisation's safeguarding lead or its contributors"),
        ("business_team", {}, "Only the organisation's safeguarding lead or its contributors"),
        ("partner_la", {}, "Only the organisation's safeguarding lead or its contributors"),
        ("agency_a_lead", {"rag": ""}, "Choose a RAG rating"),
        ("agency_a_lead", {"rag": "purple"}, "Choose a RAG rating"),
        ("agency_a_lead", {"progress_": "done"}, "Choose how far the action has got"),
        ("agency_a_lead", {"rag": "amber"}, "Enter commentary: say why the action is at risk"),
        ("agency_a_lead", {"rag": "red", "commentary": "   "}, "Enter commentary"),
    ],
)
def test_bad_updates_are_refused_and_change_nothing(world, scene, role, fields, message):
    to_round(world, scene.cycle)
    with pytest.raises(TransitionError, match=message):
        update(world, scene.overdue, role=role, **fields)
    action = ActionArising.objects.get(pk=scene.overdue.pk)
    assert action.progress == "not_started" and action.rag == "" and action.progress_updated_at is None
    assert not AuditEvent.objects.filter(verb="action_arising.progress_updated").exists()


def test_progress_is_updated_only_while_the_round_is_open(world, scene):
    with pytest.raises(TransitionError, match="only while the progress round is open"):
        update(world, scene.overdue)
    to_round(world, scene.cycle)
    late_action = scene.late.actions.get()
    late_lead = scene.late_lead
    with pytest.raises(TransitionError, match="submitted or accepted return"):
        progress.action_progress_update(
            by=late_lead, action=late_action, progress="complete", rag="green", commentary=""
        )
    progress.cycle_archive(by=world.users["business_team"], cycle=scene.cycle)
    with pytest.raises(TransitionError, match="only while the progress round is open"):
        update(world, scene.overdue)


# The organisation's page


def test_an_agency_lead_updates_its_own_actions_and_sees_no_one_elses(world, client_for, scene):
    to_round(world, scene.cycle)
    lead = client_for(world.users["agency_a_lead"])
    own = url("progress_update", world, scene.cycle, submission_id=scene.a.pk)
    page = lead.get(own).content.decode()
    assert "Audit supervision" in page and "Overdue" in page and "Save progress" in page
    assert (
        lead.get(url("progress_update", world, scene.cycle, submission_id=scene.police.pk)).status_code == 404
    )
    assert client_for(world.users["agency_b_lead"]).get(own).status_code == 404
    prefix = f"a{scene.overdue.pk.hex}"
    response = lead.post(
        own,
        {
            "action": scene.overdue.pk,
            f"{prefix}-progress": "in_progress",
            f"{prefix}-rag": "amber",
            f"{prefix}-commentary": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page and "<title>Error:" in page
    assert f'href="#id_{prefix}-commentary"' in page
    assert ActionArising.objects.get(pk=scene.overdue.pk).progress_updated_at is None
    data = {"action": scene.overdue.pk, f"{prefix}-progress": "in_progress", f"{prefix}-rag": "amber"}
    response = lead.post(own, {**data, f"{prefix}-commentary": "Auditor starts next month"})
    assert response.status_code == 302 and response.url == own
    action = ActionArising.objects.get(pk=scene.overdue.pk)
    assert (action.progress, action.rag, action.commentary) == (
        "in_progress",
        "amber",
        "Auditor starts next month",
    )
    # An action of another return, a view-only partner, and a return under another cycle all answer 404.
    assert lead.post(own, {**data, "action": scene.police_action.pk}).status_code == 404
    partner = client_for(world.users["partner_la"])
    assert partner.get(own).status_code == 200 and "Save progress" not in partner.get(own).content.decode()
    assert partner.post(own, {**data, f"{prefix}-commentary": "x"}).status_code == 404
    other_cycle = reverse(
        "progress_update",
        kwargs={"slug": world.partnership.slug, "cycle_id": scene.police.pk, "submission_id": scene.a.pk},
    )
    assert lead.get(other_cycle).status_code == 404


def test_the_page_says_when_the_round_is_not_open(world, client_for, scene):
    page = client_for(world.users["agency_a_lead"]).get(
        url("progress_update", world, scene.cycle, submission_id=scene.a.pk)
    )
    assert "once the partnership opens it" in page.content.decode()
    assert "Save progress" not in page.content.decode()


def test_the_home_page_asks_the_lead_to_update_progress(world, client_for, scene):
    lead = world.users["agency_a_lead"]
    assert not progress_due_for(user=lead).exists()
    to_round(world, scene.cycle)
    home = client_for(lead).get(reverse("home")).content.decode()
    due = f"{scene.cycle.progress_due_on:%-d %B %Y}"
    assert f"Update progress on 2 actions for Section 11 2026 (Agency A NHS Trust) by {due}" in home
    assert url("progress_update", world, scene.cycle, submission_id=scene.a.pk) in home
    update(world, scene.overdue)
    assert "Update progress on 1 action for" in client_for(lead).get(reverse("home")).content.decode()
    update(world, scene.later)
    assert "Update progress on" not in client_for(lead).get(reverse("home")).content.decode()
    assert "Update progress on" not in client_for(scene.late_lead).get(reverse("home")).content.decode()


def test_progress_can_carry_a_file_of_evidence(world, client_for, scene):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sightline.assessments.models import EvidenceFile

    from .evidence_samples import PDF

    to_round(world, scene.cycle)
    lead = client_for(world.users["agency_a_lead"])
    own = url("progress_update", world, scene.cycle, submission_id=scene.a.pk)
    prefix = f"a{scene.later.pk.hex}"
    data = {"action": scene.later.pk, f"{prefix}-progress": "complete", f"{prefix}-rag": "green"}
    response = lead.post(
        own, {**data, f"{prefix}-evidence": SimpleUploadedFile("Training register.pdf", PDF, "text/plain")}
    )
    assert response.status_code == 302
    evidence = EvidenceFile.objects.get()
    assert (evidence.action, evidence.question, evidence.content_type) == (
        scene.later,
        None,
        "application/pdf",
    )
    assert AuditEvent.objects.filter(verb="evidence.uploaded", target_id=str(evidence.pk)).exists()
    page = lead.get(own).content.decode()
    download = reverse(
        "return_evidence_download",
        kwargs={"slug": world.partnership.slug, "submission_id": scene.a.pk, "evidence_id": evidence.pk},
    )
    assert "Training register.pdf" in page and download in page
    # Those who see the return see its evidence; another organisation's lead does not.
    assert client_for(world.users["partner_la"]).get(download).status_code == 200
    assert client_for(world.users["agency_b_lead"]).get(download).status_code == 404
    # Evidence of progress is not removed from the return's standard pages.
    remove = reverse(
        "return_evidence_remove",
        kwargs={"slug": world.partnership.slug, "submission_id": scene.a.pk, "evidence_id": evidence.pk},
    )
    assert lead.post(remove).status_code == 404
    assert EvidenceFile.objects.get().removed_at is None


def test_a_refused_file_leaves_the_progress_unchanged(world, client_for, scene):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sightline.assessments.models import EvidenceFile

    to_round(world, scene.cycle)
    lead = client_for(world.users["agency_a_lead"])
    own = url("progress_update", world, scene.cycle, submission_id=scene.a.pk)
    prefix = f"a{scene.later.pk.hex}"
    program = SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00" + b"\x00" * 200, "application/pdf")
    response = lead.post(
        own,
        {
            "action": scene.later.pk,
            f"{prefix}-progress": "complete",
            f"{prefix}-rag": "green",
            f"{prefix}-evidence": program,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page and "minutes.pdf" in page
    action = ActionArising.objects.get(pk=scene.later.pk)
    assert action.progress_updated_at is None and action.progress == "not_started"
    assert not EvidenceFile.objects.exists()
    assert not AuditEvent.objects.filter(verb="action_arising.progress_updated").exists()
