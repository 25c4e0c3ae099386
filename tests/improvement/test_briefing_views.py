"""The learning briefing pages as people use them, without JavaScript: plain forms that redirect, errors in the
summary with nothing changed, fields the form does not offer ignored, a second editor shown the first one's text,
each role let in or refused, and the Word and PDF downloads."""

import io
import shutil
import subprocess

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from sightline.audit.models import AuditEvent
from sightline.improvement import briefings
from sightline.improvement.briefings_export import PDF_TEMPLATE, pdf_context
from sightline.improvement.models import LearningBriefing

from ..query_budget import assert_flat
from .briefing_builders import SECTIONS, approved_briefing, make_briefing
from .builders import make_review

Status = LearningBriefing.Status
HEADINGS = [
    "Background",
    "What we found",
    "Why it matters",
    "What to do",
    "Questions for reflection",
    "Further reading",
]


def url(name, **kwargs):
    return reverse(name, kwargs={"slug": "test", **kwargs})


def reload(briefing):
    return LearningBriefing.objects.get(pk=briefing.pk)


def test_the_home_page_links_to_the_briefings(world, client_for):
    home = client_for(world.users["agency_a_lead"]).get(reverse("partnership_home", kwargs={"slug": "test"}))
    assert url("briefing_list") in home.content.decode()


def test_the_business_team_starts_a_briefing_from_a_case_review(world, client_for):
    review = make_review(
        world, summary="An infant was injured (synthetic).", decision_note="Learning is local."
    )
    client = client_for(world.users["business_team"])
    listing = client.get(url("briefing_list")).content.decode()
    assert url("briefing_start") in listing
    form = client.get(url("briefing_start")).context["form"]
    # No activity or cycle exists yet, so only the register and writing by hand are offered.
    assert [value for value, _ in form.fields["source"].choices] == ["review", "nothing"]
    response = client.post(
        url("briefing_start"),
        {"title": "Injured infants", "source": "review", "review": review.pk, "status": "approved"},
    )
    briefing = LearningBriefing.objects.get()
    assert response.status_code == 302 and response.url == url("briefing_edit", briefing_id=briefing.pk)
    assert (briefing.source_review, briefing.status) == (review, Status.DRAFT)
    assert briefing.background == "An infant was injured (synthetic)."
    edit = client.get(response.url)
    assert "Draft started from Reviews register: RR-2026-01" in edit.content.decode()
    assert edit.context["form"].initial["background"] == "An infant was injured (synthetic)."


def test_the_case_page_opens_the_start_form_with_that_case_chosen(world, client_for):
    review = make_review(world, summary="A synthetic case.")
    client = client_for(world.users["business_team"])
    page = client.get(url("review_detail", review_id=review.pk)).content.decode()
    link = f"{url('briefing_start')}?review={review.pk}"
    assert link in page
    form = client.get(link).context["form"]
    assert (form.initial["source"], str(form.initial["review"])) == ("review", str(review.pk))
    # The chair reads the case but does not draft briefings, so is not offered the link.
    chair = client_for(world.users["learning_chair"]).get(url("review_detail", review_id=review.pk))
    assert "briefing" not in chair.content.decode().split("govuk-button-group")[-1]


def test_an_activity_with_findings_offers_a_briefing_drafted_from_it(world, client_for):
    from ..assurance.builders import make_activity

    activity = make_activity(world, title="A synthetic thematic event")
    page_url = reverse("activity_detail", kwargs={"slug": "test", "activity_id": activity.pk})
    link = f"{url('briefing_start')}?activity={activity.pk}"
    client = client_for(world.users["business_team"])
    assert link not in client.get(page_url).content.decode()  # nothing learned on record yet
    type(activity).objects.filter(pk=activity.pk).update(findings="Home visits rarely saw the child's room")
    assert link in client.get(page_url).content.decode()
    form = client.get(link).context["form"]
    assert (form.initial["source"], str(form.initial["activity"])) == ("activity", str(activity.pk))
    assert link not in client_for(world.users["partner_la"]).get(page_url).content.decode()


def test_starting_without_a_title_or_a_source_shows_the_errors_and_makes_nothing(world, client_for):
    make_review(world)
    client = client_for(world.users["business_team"])
    response = client.post(url("briefing_start"), {"title": ""})
    text = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in text and "govuk-error-summary" in text
    assert '<a href="#id_title">Enter a title for the briefing</a>' in text
    assert "Choose what the briefing is drafted from, or that you will write it yourself" in text
    missing = client.post(
        url("briefing_start"), {"title": "From a case", "source": "review"}
    ).content.decode()
    assert (
        '<a href="#id_review">Choose the case in the reviews register the briefing is drafted from</a>'
        in missing
    )
    assert not LearningBriefing.objects.exists()


def test_editing_a_draft_ignores_fields_the_form_does_not_offer(world, client_for):
    briefing = make_briefing(world)
    data = {**SECTIONS, "title": "Neglect: a new title", "version": briefing.version}
    response = client_for(world.users["business_team"]).post(
        url("briefing_edit", briefing_id=briefing.pk),
        {**data, "status": "approved", "ready_to_publish": "on", "partnership": world.other_partnership.pk},
    )
    assert response.status_code == 302 and response.url == url("briefing_detail", briefing_id=briefing.pk)
    saved = reload(briefing)
    assert (saved.title, saved.status, saved.ready_to_publish, saved.partnership) == (
        "Neglect: a new title",
        Status.DRAFT,
        False,
        world.partnership,
    )


def test_bad_input_on_the_edit_page_changes_nothing(world, client_for):
    briefing = make_briefing(world)
    response = client_for(world.users["business_team"]).post(
        url("briefing_edit", briefing_id=briefing.pk),
        {**SECTIONS, "title": "", "findings": "x" * 6001, "version": briefing.version},
    )
    text = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in text
    assert '<a href="#id_title">Enter a title for the briefing</a>' in text
    assert "Keep the section under 6,000 characters" in text
    saved = reload(briefing)
    assert (saved.title, saved.findings, saved.version) == (briefing.title, briefing.findings, 1)


def test_a_second_editor_sees_what_the_first_saved_and_keeps_their_own_text(world, client_for):
    briefing = make_briefing(world)
    first, second = client_for(world.users["business_team"]), client_for(world.users["business_team"])
    edit = url("briefing_edit", briefing_id=briefing.pk)
    base = {**SECTIONS, "title": briefing.title, "version": 1}
    assert first.post(edit, {**base, "findings": "The first editor's findings"}).status_code == 302
    clash = second.post(edit, {**base, "findings": "The second editor's findings"})
    text = clash.content.decode()
    assert clash.status_code == 200 and "Someone else saved this briefing while you were editing" in text
    assert "What is saved now" in text and "The first editor&#x27;s findings" in text
    assert "The second editor&#x27;s findings</textarea>" in text
    assert '<input type="hidden" name="version" value="2">' in text
    assert reload(briefing).findings == "The first editor's findings"
    again = second.post(edit, {**base, "version": 2, "findings": "The second editor's findings"})
    assert again.status_code == 302 and reload(briefing).findings == "The second editor's findings"


def test_approval_is_refused_while_sections_are_empty(world, client_for):
    briefing = make_briefing(world, questions="")
    client = client_for(world.users["business_team"])
    page = client.get(url("briefing_approve", briefing_id=briefing.pk)).content.decode()
    assert "Still empty: Questions for reflection" in page
    response = client.post(url("briefing_approve", briefing_id=briefing.pk), {"version": 1})
    text = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in text
    assert "Write every section before approving the briefing. Still empty: Questions for reflection" in text
    assert reload(briefing).status == Status.DRAFT


def test_approve_mark_ready_and_withdraw_without_javascript(world, client_for):
    briefing = make_briefing(world)
    client = client_for(world.users["business_team"])
    detail = url("briefing_detail", briefing_id=briefing.pk)
    approved = client.post(url("briefing_approve", briefing_id=briefing.pk), {"version": 1})
    assert approved.url == detail and reload(briefing).status == Status.APPROVED
    page = client.get(detail).content.decode()
    assert "everyone in the partnership can now read it" in page and "Mark as ready to publish" in page
    assert url("briefing_edit", briefing_id=briefing.pk) not in page
    client.post(url("briefing_ready", briefing_id=briefing.pk), {"ready": "yes"})
    assert reload(briefing).ready_to_publish
    assert "Ready to publish" in client.get(detail).content.decode()
    empty = client.post(url("briefing_withdraw", briefing_id=briefing.pk), {"reason": ""})
    assert "<title>Error:" in empty.content.decode()
    assert "Enter why the briefing is withdrawn for changes" in empty.content.decode()
    assert reload(briefing).status == Status.APPROVED
    client.post(url("briefing_withdraw", briefing_id=briefing.pk), {"reason": "New procedure out"})
    saved = reload(briefing)
    assert (saved.status, saved.ready_to_publish) == (Status.DRAFT, False)
    assert "Withdrawn for changes on" in client.get(detail).content.decode()


def test_marking_a_draft_ready_is_refused_with_a_message(world, client_for):
    briefing = make_briefing(world)
    client = client_for(world.users["business_team"])
    response = client.post(url("briefing_ready", briefing_id=briefing.pk), {"ready": "yes"}, follow=True)
    assert "Approve the briefing before marking it ready to publish" in response.content.decode()
    assert not reload(briefing).ready_to_publish


def test_an_approved_briefing_cannot_be_opened_for_editing(world, client_for):
    briefing = approved_briefing(world)
    response = client_for(world.users["business_team"]).get(
        url("briefing_edit", briefing_id=briefing.pk), follow=True
    )
    assert "withdraw it for changes first" in response.content.decode()


def test_the_page_lays_out_the_six_sections_in_order(world, client_for):
    briefing = approved_briefing(world)
    text = client_for(world.users["agency_a_contributor"]).get(
        url("briefing_detail", briefing_id=briefing.pk)
    )
    text = text.content.decode()
    positions = [text.index(f"{n}. {heading}</h2>") for n, heading in enumerate(HEADINGS, start=1)]
    assert positions == sorted(positions)
    assert "<li>Home visits rarely saw the child&#x27;s bedroom</li>" in text
    # Reading is not managing: nothing to change, approve or withdraw.
    assert url("briefing_withdraw", briefing_id=briefing.pk) not in text


@pytest.mark.parametrize(
    "role,draft,approved",
    [
        ("business_team", 200, 200),
        ("learning_chair", 200, 200),
        ("partner_la", 404, 200),
        ("board_member", 404, 200),
        ("agency_a_lead", 404, 200),
        ("agency_b_lead", 404, 200),
        ("other_business_team", 404, 404),
        ("nobody", 404, 404),
    ],
)
def test_who_reads_drafts_and_approved_briefings(world, client_for, role, draft, approved):
    drafted, done = make_briefing(world, title="Still a draft"), approved_briefing(world, title="Out now")
    client = client_for(world.users[role])
    assert client.get(url("briefing_detail", briefing_id=drafted.pk)).status_code == draft
    assert client.get(url("briefing_detail", briefing_id=done.pk)).status_code == approved
    assert client.get(url("briefing_pdf", briefing_id=drafted.pk)).status_code == draft
    listing = client.get(url("briefing_list"))
    if approved == 200:
        assert ("Still a draft" in listing.content.decode()) == (draft == 200)
        assert "Out now" in listing.content.decode()


@pytest.mark.parametrize("role", ["learning_chair", "partner_la", "agency_a_lead"])
def test_only_the_business_team_may_start_change_or_approve(world, client_for, role):
    briefing = make_briefing(world)
    client = client_for(world.users[role])
    for name in ("briefing_edit", "briefing_approve", "briefing_withdraw"):
        assert client.get(url(name, briefing_id=briefing.pk)).status_code == 404
        assert client.post(url(name, briefing_id=briefing.pk), {**SECTIONS, "reason": "x"}).status_code == 404
    assert client.get(url("briefing_start")).status_code == 404
    assert client.post(url("briefing_ready", briefing_id=briefing.pk), {"ready": "yes"}).status_code == 404
    assert reload(briefing).version == 1
    assert AuditEvent.objects.filter(verb="access.refused", actor=world.users[role]).exists()


def test_a_reader_of_approved_briefings_filters_nothing_and_sees_no_drafts(world, client_for):
    make_briefing(world, title="Hidden draft")
    approved_briefing(world, title="Published learning")
    page = client_for(world.users["agency_a_lead"]).get(url("briefing_list") + "?status=draft")
    text = page.content.decode()
    assert "Published learning" in text and "Hidden draft" not in text
    assert "Which briefings to show" not in text and url("briefing_start") not in text


def test_the_business_team_filters_by_status(world, client_for):
    make_briefing(world, title="Hidden draft")
    approved_briefing(world, title="Published learning")
    client = client_for(world.users["business_team"])
    drafts = client.get(url("briefing_list") + "?status=draft").content.decode()
    assert "Hidden draft" in drafts and "Published learning" not in drafts
    approved = client.get(url("briefing_list") + "?status=approved").content.decode()
    assert "Hidden draft" not in approved and "Published learning" in approved


def test_the_word_download_opens_and_holds_every_section(world, client_for):
    from docx import Document

    briefing = approved_briefing(world)
    response = client_for(world.users["agency_b_lead"]).get(url("briefing_docx", briefing_id=briefing.pk))
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "neglect-of-toddlers-what-we-learned-7-minute-briefing.docx" in response["Content-Disposition"]
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert "Neglect of toddlers: what we learned" in paragraphs
    assert [f"{n}. {heading}" for n, heading in enumerate(HEADINGS, start=1)] == [
        paragraph.text for paragraph in document.paragraphs if paragraph.style.name == "Heading 1"
    ]
    assert "Home visits rarely saw the child's bedroom" in paragraphs
    assert "Neglect harms development long before it is visible." in paragraphs
    assert any(text.startswith("Approved by the business team on") for text in paragraphs)
    event = AuditEvent.objects.filter(verb="export.downloaded", target_id=str(briefing.pk)).get()
    assert event.changes["export"] == "briefing_docx" and event.actor == world.users["agency_b_lead"]


def test_the_pdf_download_is_a_pdf_holding_every_section(world, client_for, tmp_path):
    briefing = approved_briefing(world)
    response = client_for(world.users["learning_chair"]).get(url("briefing_pdf", briefing_id=briefing.pk))
    content = b"".join(response.streaming_content)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;") and content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(verb="export.downloaded", target_id=str(briefing.pk)).exists()
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed: the PDF's text is not checked")
    path = tmp_path / "briefing.pdf"
    path.write_bytes(content)
    extracted = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(extracted.split())  # lines wrap in the two columns
    for heading in HEADINGS:
        assert heading in text
    assert world.partnership.name in text and "Approved by the business team on" in text
    assert "Neglect harms development long before it is visible." in text
    assert "Home visits rarely saw the child's bedroom" in text


TYPICAL = {
    "background": (
        "Three times a year the partnership holds a practice learning event on a theme the partners agree. "
        "This one looked at neglect of children under five, through eight cases known to several agencies. "
        "Practitioners from health visiting, early years, children's social care, the police and schools met "
        "with the independent scrutiny officer to talk through what happened and what they would do differently. "
        "All the cases are synthetic for this test."
    ),
    "findings": "\n".join(
        f"- Finding {n}: agencies held parts of the picture but nobody put them together until a crisis. "
        "Home visits were announced, so conditions seen were not always typical, and the child's own "
        "experience of a day at home was seldom written down."
        for n in range(1, 6)
    ),
    "why_it_matters": (
        "Neglect is the most common reason for a child protection plan, and its harm builds slowly. Young "
        "children cannot tell us what is happening to them, so what practitioners see and write down is the "
        "child's voice. When each agency holds a small part of the picture, no one sees the whole until the "
        "harm is serious. Acting on the early signs together is what changes a child's day."
    ),
    "what_to_do": "\n".join(
        f"- Step {n}: see the child at home, where they sleep and eat, and write down what their day is like; "
        "share what you see with the other agencies involved and ask what they know."
        for n in range(1, 7)
    ),
    "questions": "\n".join(
        f"- Question {n}: what would this child say about a normal day at home, and how do you know?"
        for n in range(1, 6)
    ),
    "further_reading": "\n".join(
        f"- Reading {n}: the partnership's neglect toolkit, section {n} (synthetic)" for n in range(1, 6)
    ),
}


def test_a_typical_briefing_fits_on_two_pages(world):
    from weasyprint import HTML

    briefing = approved_briefing(world, **TYPICAL)
    assert sum(len(text.split()) for text in TYPICAL.values()) > 700
    document = HTML(string=render_to_string(PDF_TEMPLATE, pdf_context(briefing))).render()
    assert len(document.pages) <= 2


def test_the_list_uses_the_same_queries_with_many_more_briefings(world, client_for):
    approved_briefing(world, title="First")
    make_briefing(world, title="First draft")

    def grow(first: int):
        def more():
            for n in range(first, first + 30):
                review = make_review(world, reference=f"R{n}")
                briefing = make_briefing(world, title=f"Briefing {n}", source_review=review)
                if n % 2:
                    briefings.briefing_approve(by=world.users["business_team"], briefing=briefing)

        return more

    assert_flat(client_for(world.users["business_team"]), url("briefing_list"), grow(0), bound=16)
    assert_flat(client_for(world.users["agency_a_lead"]), url("briefing_list"), grow(100), bound=16)
