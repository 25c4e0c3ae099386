"""A form that creates something is sent once (issue 11, part 6; ADR 0011): the second post of the same form adds
nothing and says so, a post that failed leaves its form able to be sent again, and edits are never held back."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sightline.assessments.models import EvidenceFile, Question
from sightline.audit.models import AuditEvent
from sightline.core import once
from sightline.core.models import FormToken
from sightline.notifications.tasks import clear_expired_sessions

from ..assessments.evidence_samples import PDF
from ..assessments.test_evidence import WITH_EVIDENCE, stored_files
from ..assessments.test_returns import COMPLETE, open_return, standard_url, url

TOKEN = re.compile(r'<input type="hidden" name="form_token" value="([A-Za-z0-9_-]{32})">')


@pytest.fixture
def submission(world, run_on_commit):
    return open_return(world, WITH_EVIDENCE)


@pytest.fixture
def lead(world, client_for):
    return client_for(world.users["agency_a_lead"])


def tokens_on(client, page_url) -> list[str]:
    return TOKEN.findall(client.get(page_url).content.decode())


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def action(token: str, what: str = "Train the board") -> dict:
    due = str(date.today() + timedelta(days=60))
    return {"what": what, "lead": "Named nurse", "due_on": due, once.FIELD: token}


def test_every_post_form_on_a_page_carries_its_own_token(lead, world, submission):
    tokens = tokens_on(lead, standard_url(world, submission))
    # The standard's answers, one upload per evidence question, and "Add action": each its own token.
    assert len(tokens) >= 3 and len(set(tokens)) == len(tokens)
    assert set(tokens).isdisjoint(tokens_on(lead, standard_url(world, submission)))


def test_add_action_sent_twice_stores_one_action_and_says_so(lead, world, submission):
    page = standard_url(world, submission)
    standard = submission.cycle.template.standards.get()
    add = url("return_action_add", world, submission, standard_id=standard.pk)
    token = tokens_on(lead, page)[-1]

    first = lead.post(add, action(token))
    second = lead.post(add, action(token))

    assert submission.actions.count() == 1
    assert first.status_code == second.status_code == 302 and second.url == first.url == page
    assert once.ALREADY_SENT in said(second)
    assert AuditEvent.objects.filter(verb__startswith="action").count() == 1
    # A fresh page's form is a new form: the same action may be added on purpose.
    lead.post(add, action(tokens_on(lead, page)[-1]))
    assert submission.actions.count() == 2


def test_an_upload_sent_twice_stores_one_file(lead, world, submission, tmp_path):
    question = Question.objects.get(template=submission.cycle.template, kind=Question.Kind.EVIDENCE)
    token = tokens_on(lead, standard_url(world, submission))[1]

    def send():
        return lead.post(
            url("return_evidence_add", world, submission),
            {
                "question": question.pk,
                "file": SimpleUploadedFile("policy.pdf", PDF, content_type="application/pdf"),
                once.FIELD: token,
            },
        )

    first, second = send(), send()
    assert EvidenceFile.objects.filter(submission=submission).count() == 1
    assert len(stored_files(tmp_path)) == 1
    assert second.status_code == 302 and second.url == first.url
    assert once.ALREADY_SENT in said(second)


def test_a_post_that_failed_can_be_corrected_and_sent(lead, world, submission):
    standard = submission.cycle.template.standards.get()
    add = url("return_action_add", world, submission, standard_id=standard.pk)
    token = once.token_new()

    lead.post(add, {**action(token), "due_on": "2020-01-01"})  # refused: the date has passed
    assert not submission.actions.exists() and not FormToken.objects.filter(token=token).exists()

    second = lead.post(add, action(token))
    assert submission.actions.count() == 1 and once.ALREADY_SENT not in said(second)


def test_a_post_refused_with_a_404_leaves_the_token_unused(world, client_for, submission):
    standard = submission.cycle.template.standards.get()
    token = once.token_new()
    other = client_for(world.users["agency_b_lead"])
    response = other.post(url("return_action_add", world, submission, standard_id=standard.pk), action(token))
    assert response.status_code == 404 and not FormToken.objects.filter(token=token).exists()


def test_a_post_without_a_token_is_not_held_back(lead, world, submission):
    standard = submission.cycle.template.standards.get()
    add = url("return_action_add", world, submission, standard_id=standard.pk)
    for _ in range(2):
        lead.post(add, {**action(""), once.FIELD: "not-a-token"})
    assert submission.actions.count() == 2


def test_draft_saves_are_never_held_back(lead, world, submission):
    page = standard_url(world, submission)
    token = tokens_on(lead, page)[0]
    for version, detail in enumerate(("Reviewed every quarter.", "Reviewed every month.")):
        versions = {key: str(version) for key in COMPLETE if key.endswith("__version")}
        answers = {**COMPLETE, **versions, "s1-detail": detail, "stay": "1", once.FIELD: token}
        response = lead.post(page, answers)
        assert response.status_code == 302 and once.ALREADY_SENT not in said(response)
    assert submission.answers.get(question__key="s1-detail").text == "Reviewed every month."
    assert not FormToken.objects.exists()


def test_a_second_post_waits_for_the_first_and_then_answers(lead, world, submission, monkeypatch):
    """The first post is still running (its claim is in the table, unused): the second does not run the view."""
    monkeypatch.setattr(once, "WAIT_SECONDS", 0.3)
    standard = submission.cycle.template.standards.get()
    token = once.token_new()
    FormToken.objects.create(token=token)
    page = standard_url(world, submission)
    response = lead.post(
        url("return_action_add", world, submission, standard_id=standard.pk), action(token), HTTP_REFERER=page
    )
    assert not submission.actions.exists()
    assert response.url == page and once.STILL_SENDING in said(response)


def test_a_claim_whose_post_never_finished_is_taken_over(lead, world, submission):
    standard = submission.cycle.template.standards.get()
    token = once.token_new()
    FormToken.objects.create(token=token, claimed_at=timezone.now() - once.ABANDONED_AFTER * 2)
    lead.post(url("return_action_add", world, submission, standard_id=standard.pk), action(token))
    assert submission.actions.count() == 1 and FormToken.objects.get(token=token).used_at is not None


def test_the_already_sent_answer_never_leaves_the_site(lead, world, submission):
    standard = submission.cycle.template.standards.get()
    token = once.token_new()
    FormToken.objects.create(token=token, used_at=timezone.now())
    response = lead.post(
        url("return_action_add", world, submission, standard_id=standard.pk),
        action(token),
        HTTP_REFERER="https://evil.example/",
    )
    assert response.url == "/home/"


def test_old_tokens_are_forgotten_by_the_session_job(db, settings):
    old = timezone.now() - timedelta(seconds=settings.SESSION_ABSOLUTE_TIMEOUT) - timedelta(days=2)
    FormToken.objects.create(token="a" * 32, claimed_at=old, used_at=old)
    FormToken.objects.create(token="b" * 32, used_at=timezone.now())
    clear_expired_sessions.call()
    assert list(FormToken.objects.values_list("token", flat=True)) == ["b" * 32]
