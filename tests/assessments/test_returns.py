"""An organisation completes, signs off and submits its return; the business team challenges and accepts it."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from sightline.assessments import cycles, daily_email
from sightline.assessments.models import Answer, Submission
from sightline.assessments.services import template_load
from sightline.audit.models import AuditEvent
from sightline.notifications.models import Notice
from sightline.partnerships.models import OrganisationMembership

from .. import factories
from .test_library import GOOD

S = Submission.Status


def open_return(world, template_text=GOOD):
    """Agency A's return to an open cycle of the given template, signed off by a chief executive."""
    template = template_load(by=None, content=template_text, filename="tiny.yaml").template
    cycle = cycles.cycle_create(
        by=None,
        partnership=world.partnership,
        template=template,
        title="Section 11 2026",
        opens_on=date.today() - timedelta(days=5),
        closes_on=date.today() + timedelta(days=30),
        audience_types=["nhs_trust"],
        sign_off_by=["Chief executive"],
    )
    cycles.cycle_open(by=None, cycle=cycle)
    factories.launched_days_ago(cycle, 5)
    return cycle.submissions.get(organisation=world.agency_a)


@pytest.fixture
def submission(world, run_on_commit):
    return open_return(world)


@pytest.fixture
def signatory(world):
    return factories.with_organisation_role(
        world.agency_a, OrganisationMembership.Role.SIGNATORY, title="Chief executive"
    )


def url(name, world, submission, **kwargs):
    return reverse(name, kwargs={"slug": world.partnership.slug, "submission_id": submission.pk, **kwargs})


def standard_url(world, submission):
    standard = submission.cycle.template.standards.get()
    return url("return_standard", world, submission, standard_id=standard.pk)


COMPLETE = {
    "s1-lead": "yes",
    "s1-lead__version": "0",
    "s1-detail": "The board reviews it every quarter.",
    "s1-detail__version": "0",
    "s1-checks": ["policy"],
    "s1-checks__version": "0",
    "s1-rating": "green",
    "s1-rating__version": "0",
}


def test_the_whole_journey(world, client_for, submission, signatory):
    lead = client_for(world.users["agency_a_lead"])
    assert lead.get(url("return_overview", world, submission)).status_code == 200
    # Sending for sign-off too early says what is missing and changes nothing.
    lead.post(url("return_ready", world, submission))
    assert Submission.objects.get(pk=submission.pk).status == S.NOT_STARTED
    assert lead.post(standard_url(world, submission), COMPLETE).status_code == 302
    submission.refresh_from_db()
    assert submission.status == S.IN_PROGRESS
    rating = Answer.objects.get(question__key="s1-rating")
    assert (
        rating.choice == "green"
        and rating.score == 3
        and Answer.objects.get(question__key="s1-checks").choices == ["policy"]
    )
    lead.post(url("return_ready", world, submission))
    assert Submission.objects.get(pk=submission.pk).status == S.AWAITING_SIGN_OFF
    # Submitting before sign-off is refused.
    lead.post(url("return_submit", world, submission))
    assert Submission.objects.get(pk=submission.pk).status == S.AWAITING_SIGN_OFF
    signer = client_for(signatory)
    signer.post(
        url("return_sign_off", world, submission),
        {"office": "Chief executive", "name": "Sam Signer", "role": "Chief executive", "confirm": "on"},
    )
    lead.post(url("return_submit", world, submission))
    submission.refresh_from_db()
    assert submission.status == S.SUBMITTED and submission.submitted_at
    # Locked: the lead can no longer change answers.
    assert lead.post(standard_url(world, submission), {**COMPLETE, "s1-rating": "red"}).status_code == 404
    assert Answer.objects.get(question__key="s1-rating").choice == "green"

    # The business team returns it with challenge; the sign-off lapses and the lead is told.
    business = client_for(world.users["business_team"])
    standard = submission.cycle.template.standards.get()
    mail.outbox.clear()
    business.post(
        url("return_challenge", world, submission), {f"standard_{standard.pk}": "How do you know it works?"}
    )
    submission.refresh_from_db()
    assert (
        submission.status == S.RETURNED
        and not submission.sign_offs.filter(withdrawn_at__isnull=True).exists()
    )
    assert mail.outbox and "returned" in mail.outbox[0].subject
    challenge = submission.challenges.get()
    lead.post(url("return_ready", world, submission))
    assert Submission.objects.get(pk=submission.pk).status == S.RETURNED  # a challenge still needs a response
    lead.post(
        url("return_challenge_respond", world, submission, challenge_id=challenge.pk),
        {"response": "Our audit of 20 cases in June showed it."},
    )
    lead.post(url("return_ready", world, submission))
    signer.post(
        url("return_sign_off", world, submission),
        {"office": "Chief executive", "name": "Sam Signer", "role": "Chief executive", "confirm": "on"},
    )
    lead.post(url("return_submit", world, submission))
    mail.outbox.clear()
    business.post(url("return_accept", world, submission))
    submission.refresh_from_db()
    assert submission.status == S.ACCEPTED
    # The return had today's email (the challenge): the acceptance waits for tomorrow's digest.
    assert mail.outbox == [] and Notice.objects.filter(title__contains="accepted").exists()
    assert daily_email.digests_send(today=date.today() + timedelta(days=1)) == 1
    assert len(mail.outbox) == 1 and "accepted" in mail.outbox[0].body
    assert daily_email.digests_send(today=date.today() + timedelta(days=1)) == 0 and len(mail.outbox) == 1
    verbs = set(AuditEvent.objects.filter(target_id=str(submission.pk)).values_list("verb", flat=True))
    assert {
        "answers.saved",
        "submission.signed_off",
        "submission.submitted",
        "submission.returned",
        "challenge.responded",
        "submission.accepted",
    } <= verbs


def test_hidden_question_is_not_required(world, client_for, submission):
    lead = client_for(world.users["agency_a_lead"])
    lead.post(standard_url(world, submission), {**COMPLETE, "s1-lead": "no", "s1-detail": ""})
    lead.post(url("return_ready", world, submission))
    assert Submission.objects.get(pk=submission.pk).status == S.AWAITING_SIGN_OFF


def test_second_editor_sees_both_versions(world, client_for, submission):
    lead = client_for(world.users["agency_a_lead"])
    lead.post(standard_url(world, submission), COMPLETE)
    first_version = Answer.objects.get(question__key="s1-detail").version
    lead.post(
        standard_url(world, submission),
        {
            **COMPLETE,
            "s1-detail": "Updated by the lead",
            "s1-detail__version": first_version,
            "s1-lead__version": 1,
            "s1-rating__version": 1,
            "s1-checks__version": 1,
        },
    )
    # A colleague still holding the page as it was after the first save tries to save.
    stale = lead.post(
        standard_url(world, submission),
        {
            **COMPLETE,
            "s1-detail": "Colleague's words",
            "s1-detail__version": first_version,
            "s1-lead__version": 1,
            "s1-rating__version": 1,
            "s1-checks__version": 1,
        },
    )
    page = stale.content.decode().replace("&#x27;", "'")
    assert stale.status_code == 200 and "Updated by the lead" in page and "Colleague's words" in page
    assert Answer.objects.get(question__key="s1-detail").text == "Updated by the lead"


def test_contributor_edits_only_sections_shared_with_them(world, client_for, submission):
    contributor = world.users["agency_a_contributor"]
    client = client_for(contributor)
    assert client.post(standard_url(world, submission), COMPLETE).status_code == 404
    section = submission.cycle.template.sections.get()
    client_for(world.users["agency_a_lead"]).post(
        url("return_assign", world, submission), {"section": section.pk, "person": contributor.pk}
    )
    assert client.post(standard_url(world, submission), COMPLETE).status_code == 302
    assert Answer.objects.filter(submission=submission).count() == 4


@pytest.mark.parametrize("role", ["agency_b_lead", "other_business_team", "nobody"])
def test_others_cannot_see_the_return(world, client_for, submission, role):
    assert client_for(world.users[role]).get(url("return_overview", world, submission)).status_code == 404


def test_partners_see_but_do_not_edit(world, client_for, submission):
    partner = client_for(world.users["partner_la"])
    assert partner.get(url("return_overview", world, submission)).status_code == 200
    assert partner.post(standard_url(world, submission), COMPLETE).status_code == 404
    assert partner.post(url("return_accept", world, submission)).status_code == 404


def test_bad_answers_get_clear_messages_and_change_nothing(world, client_for, submission):
    response = client_for(world.users["agency_a_lead"]).post(
        standard_url(world, submission), {**COMPLETE, "s1-rating": "purple", "status": "accepted"}
    )
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert not Answer.objects.exists() and Submission.objects.get(pk=submission.pk).status == S.NOT_STARTED


def test_actions_need_a_future_date(world, client_for, submission):
    lead = client_for(world.users["agency_a_lead"])
    standard = submission.cycle.template.standards.get()
    add = url("return_action_add", world, submission, standard_id=standard.pk)
    lead.post(add, {"what": "Train the board", "lead": "Named nurse", "due_on": "2020-01-01"})
    assert not submission.actions.exists()
    lead.post(
        add,
        {"what": "Train the board", "lead": "Named nurse", "due_on": str(date.today() + timedelta(days=60))},
    )
    assert submission.actions.get().lead == "Named nurse"


def test_closed_cycle_refuses_answers(world, client_for, submission):
    cycles.cycle_close(by=None, cycle=submission.cycle)
    assert (
        client_for(world.users["agency_a_lead"]).post(standard_url(world, submission), COMPLETE).status_code
        == 404
    )
    assert not Answer.objects.exists()


def test_last_years_answers_are_carried_forward_to_be_confirmed(world, client_for, submission):
    lead = client_for(world.users["agency_a_lead"])
    lead.post(standard_url(world, submission), COMPLETE)
    Submission.objects.filter(pk=submission.pk).update(status=S.ACCEPTED)
    next_year = cycles.cycle_create(
        by=None,
        partnership=world.partnership,
        template=submission.cycle.template,
        title="Section 11 2027",
        opens_on=submission.cycle.opens_on + timedelta(days=365),
        closes_on=submission.cycle.closes_on + timedelta(days=365),
        audience_types=["nhs_trust"],
    )
    cycles.cycle_open(by=None, cycle=next_year)
    new = next_year.submissions.get(organisation=world.agency_a)
    carried = {a.question.key: a for a in new.answers.select_related("question")}
    assert set(carried) == {"s1-lead", "s1-detail", "s1-checks", "s1-rating"}
    assert all(a.carried_forward for a in carried.values()) and carried["s1-rating"].score == 3
    assert "Answers from last year" in lead.get(url("return_overview", world, new)).content.decode()
    lead.post(url("return_ready", world, new))
    assert (
        Submission.objects.get(pk=new.pk).status == S.NOT_STARTED
    )  # carried answers must be confirmed first
    versions = {f"{key}__version": answer.version for key, answer in carried.items()}
    lead.post(standard_url(world, new), {**COMPLETE, **versions})
    assert not new.answers.filter(carried_forward=True).exists()
    lead.post(url("return_ready", world, new))
    assert Submission.objects.get(pk=new.pk).status == S.AWAITING_SIGN_OFF


def test_save_draft_and_stay(world, client_for, submission):
    lead = client_for(world.users["agency_a_lead"])
    response = lead.post(
        standard_url(world, submission), {**COMPLETE, "s1-detail": "", "stay": "1"}, follow=True
    )
    assert response.redirect_chain[-1][0] == standard_url(world, submission)
    assert "Saved: A named lead" in response.content.decode()
    assert Answer.objects.filter(question__key="s1-lead", choice="yes").exists()


def test_the_business_team_can_raise_a_plan_from_a_submitted_return(world, client_for, submission):
    link = reverse("plan_create", kwargs={"slug": world.partnership.slug}) + f"?submission={submission.pk}"
    business = client_for(world.users["business_team"])
    assert link not in business.get(url("return_overview", world, submission)).content.decode()
    for status in (S.SUBMITTED, S.ACCEPTED):
        Submission.objects.filter(pk=submission.pk).update(status=status)
        assert link in business.get(url("return_overview", world, submission)).content.decode()
    form = business.get(link)
    assert form.status_code == 200 and form.context["form"].initial["source_kind"] == "submission"
    for role in ("agency_a_lead", "partner_la"):
        page = client_for(world.users[role]).get(url("return_overview", world, submission))
        assert page.status_code == 200 and link not in page.content.decode(), role
    # The learning group reads the partnership-level results, not an organisation's return (docs/access.md).
    assert (
        client_for(world.users["learning_chair"]).get(url("return_overview", world, submission)).status_code
        == 404
    )
