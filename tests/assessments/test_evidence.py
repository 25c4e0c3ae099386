"""Evidence files (QUALITY.md F1, L1): accepted by content, refused with a clear message and nothing stored,
stored under random names, downloaded only by those who may see the return, every read logged."""

import io
import re
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

from sightline.assessments import uploads
from sightline.assessments.models import EvidenceFile, Question, SectionAssignment, Submission
from sightline.audit.models import AuditEvent
from sightline.partnerships.models import OrganisationMembership

from .. import factories
from .evidence_samples import (
    CONTENT_TYPES,
    CSV,
    JPEG,
    MZ,
    PDF,
    PNG,
    chunk,
    docx_bytes,
    docx_with_macros,
    object_stream_pdf,
    zip_bomb,
)
from .test_library import GOOD
from .test_returns import COMPLETE, open_return, standard_url, url

WITH_EVIDENCE = GOOD.replace("key: tiny-audit", "key: tiny-evidence-audit") + (
    "          - key: s1-evidence\n"
    "            text: Upload the lead's job description\n"
    "            kind: evidence\n"
    "            required: false\n"
)


@pytest.fixture
def submission(world, run_on_commit):
    return open_return(world, WITH_EVIDENCE)


@pytest.fixture
def question(submission):
    return Question.objects.get(template=submission.cycle.template, kind=Question.Kind.EVIDENCE)


def upload(client, world, submission, question, name, data):
    return client.post(
        url("return_evidence_add", world, submission),
        {"question": question.pk, "file": SimpleUploadedFile(name, data, content_type="application/pdf")},
    )


def messages_of(response) -> list[str]:
    return [str(message).replace("\xa0", " ") for message in get_messages(response.wsgi_request)]


def stored_files(tmp_path) -> list:
    return [path for path in tmp_path.rglob("*") if path.is_file()]


@pytest.mark.parametrize(
    "name,data,content_type,stored_name",
    [
        ("policy.pdf", PDF, "application/pdf", "policy.pdf"),
        ("job description.docx", docx_bytes(), uploads.DOCX, "job description.docx"),
        ("chart.png", PNG, "image/png", "chart.png"),
        ("training.csv", CSV, "text/csv", "training.csv"),
    ],
)
def test_accepted_files_upload_and_download_with_safe_headers(
    world, client_for, submission, question, tmp_path, name, data, content_type, stored_name
):
    lead = client_for(world.users["agency_a_lead"])
    response = upload(lead, world, submission, question, name, data)
    assert response.status_code == 302 and response.url == standard_url(world, submission)
    assert messages_of(response) == [f"Uploaded: {stored_name}"]
    evidence = EvidenceFile.objects.get()
    assert (evidence.original_name, evidence.content_type, evidence.uploaded_by) == (
        stored_name,
        content_type,
        world.users["agency_a_lead"],
    )
    assert re.fullmatch(
        r"evidence/\d{4}/\d{2}/[0-9a-f]{32}", evidence.file.name
    )  # nothing of the user's name
    assert (tmp_path / evidence.file.name).read_bytes()[:4] == data[:4] and evidence.size > 0
    uploaded = AuditEvent.objects.get(verb="evidence.uploaded")
    assert uploaded.changes["name"] == stored_name and uploaded.changes["type"] == content_type

    business = world.users["business_team"]
    response = client_for(business).get(
        url("return_evidence_download", world, submission, evidence_id=evidence.pk)
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{stored_name}"'
    assert response["Content-Type"].split(";")[0] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "no-store"
    assert len(b"".join(response.streaming_content)) == evidence.size
    read = AuditEvent.objects.get(verb="evidence.downloaded")
    assert read.actor == business and read.target_id == str(evidence.pk)


def test_image_metadata_is_removed(world, client_for, submission, question, tmp_path):
    lead = client_for(world.users["agency_a_lead"])
    upload(lead, world, submission, question, "chart.png", PNG)
    upload(lead, world, submission, question, "photo.jpeg", JPEG)
    png, jpeg = EvidenceFile.objects.order_by("uploaded_at")
    png_stored, jpeg_stored = (
        (tmp_path / png.file.name).read_bytes(),
        (tmp_path / jpeg.file.name).read_bytes(),
    )
    assert (
        b"Jo Bloggs" not in png_stored and b"IDAT" in png_stored and png_stored.endswith(chunk(b"IEND", b""))
    )
    assert b"GPS" not in jpeg_stored and b"JFIF" in jpeg_stored and jpeg_stored.endswith(b"\xff\xd9")
    assert jpeg.content_type == "image/jpeg" and jpeg.size == len(jpeg_stored)


REFUSED = [
    ("report.pdf", MZ, "is a program"),
    ("data.csv", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56, "is a program"),
    ("notes.txt", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "web page"),
    ("chart.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "SVG"),
    ("data.txt", b"Name,Notes\nA,<svg onload=alert(1)>\n", "web page"),
    ("run.txt", b"#!/bin/sh\nrm -rf ~\n", "is a script"),
    (
        "policy.pdf",
        PDF.replace(b"/Pages 2 0 R", b"/Pages 2 0 R /OpenAction << /S /JavaScript /JS (x) >>"),
        "JavaScript",
    ),
    (
        "policy.pdf",
        PDF.replace(b"/Pages 2 0 R", b"/Pages 2 0 R /OpenAction << /S /J#61vaScript >>"),
        "JavaScript",
    ),
    (
        "policy.pdf",
        PDF.replace(b"/Pages 2 0 R", b"/Pages 2 0 R /Names << /EmbeddedFiles 5 0 R >>"),
        "embedded files",
    ),
    (
        "policy.pdf",
        PDF.replace(b"/Pages 2 0 R", b"/Pages 2 0 R /OpenAction << /S /Launch /F (cmd.exe) >>"),
        "programs",
    ),
    ("policy.pdf", object_stream_pdf(b"3 0 << /S /JavaScript /JS (app.alert(1)) >>"), "JavaScript"),
    ("policy.pdf", PDF.replace(b"trailer\n<<", b"trailer\n<< /Encrypt 9 0 R"), "password-protected"),
    ("report.docx", zip_bomb, "expand to more than 100"),
    ("report.docx", docx_with_macros, "macros"),
    ("report.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "older Office file"),
    ("empty.pdf", b"", "empty"),
    ("big.pdf", lambda: b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024), "more than the limit"),
]  # fmt: skip  (large files are built when their test runs, not when tests are collected)


@pytest.mark.parametrize("name,data,problem", REFUSED, ids=[f"{i}-{r[0]}" for i, r in enumerate(REFUSED)])
def test_refused_files_get_a_clear_message_and_nothing_is_stored(
    world, client_for, submission, question, tmp_path, name, data, problem
):
    lead = client_for(world.users["agency_a_lead"])
    response = upload(lead, world, submission, question, name, data() if callable(data) else data)
    assert response.status_code == 302 and response.url == standard_url(world, submission)
    [message] = messages_of(response)
    assert f"'{name}' was not uploaded" in message and problem in message
    assert "You can upload PDF, Word (.docx)" in message and "10.0 MB" in message
    assert not EvidenceFile.objects.exists() and stored_files(tmp_path) == []
    assert not AuditEvent.objects.filter(verb="evidence.uploaded").exists()
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.NOT_STARTED


def test_a_plain_zip_and_an_odt_are_told_apart():
    def archive(entries: dict) -> SimpleUploadedFile:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as target:
            for entry, content in entries.items():
                target.writestr(entry, content)
        return SimpleUploadedFile("x.zip", buffer.getvalue())

    odt = uploads.check(archive({"mimetype": uploads.ODT, "content.xml": "<office:document-content/>"}))
    assert odt.content_type == uploads.ODT and odt.name == "x.zip.odt"
    with pytest.raises(uploads.UploadRefused, match="ZIP archive"):
        uploads.check(archive({"readme.txt": "hello"}))
    with pytest.raises(uploads.UploadRefused, match="contains a program"):
        uploads.check(
            archive({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": "<w/>", "word/a": MZ})
        )


def test_names_are_cleaned_for_display():
    assert uploads.clean_name("C:\\Users\\jo\\report\u202efdp.exe") == "reportfdp.exe"
    assert uploads.clean_name('../../etc/"pass"wd') == "_pass_wd"
    long = uploads.clean_name("a" * 300 + ".pdf")
    assert len(long) == 200 and long.endswith(".pdf")
    assert uploads.check(SimpleUploadedFile("minutes.exe", PDF)).name == "minutes.exe.pdf"


def test_the_standard_page_lists_files_and_offers_upload_to_editors_only(
    world, client_for, submission, question
):
    lead = client_for(world.users["agency_a_lead"])
    upload(lead, world, submission, question, "policy.pdf", PDF)
    page = lead.get(standard_url(world, submission)).content.decode().replace("\xa0", " ")
    assert "Upload the lead&#x27;s job description" in page and "policy.pdf" in page
    assert 'enctype="multipart/form-data"' in page and "up to 10.0 MB each" in page and ">Remove<" in page
    business_page = (
        client_for(world.users["business_team"]).get(standard_url(world, submission)).content.decode()
    )
    assert "policy.pdf" in business_page
    assert 'enctype="multipart/form-data"' not in business_page and ">Remove<" not in business_page


@pytest.mark.parametrize("role", ["agency_b_lead", "other_business_team", "nobody"])
def test_people_who_cannot_see_the_return_cannot_download(world, client_for, submission, question, role):
    upload(client_for(world.users["agency_a_lead"]), world, submission, question, "policy.pdf", PDF)
    evidence = EvidenceFile.objects.get()
    link = url("return_evidence_download", world, submission, evidence_id=evidence.pk)
    assert client_for(world.users[role]).get(link).status_code == 404
    remove = url("return_evidence_remove", world, submission, evidence_id=evidence.pk)
    assert client_for(world.users[role]).post(remove).status_code == 404
    assert not AuditEvent.objects.filter(verb="evidence.downloaded").exists()
    EvidenceFile.objects.get(removed_at__isnull=True)


def test_an_anonymous_visitor_meets_the_sign_in_page(world, client_for, submission, question):
    upload(client_for(world.users["agency_a_lead"]), world, submission, question, "policy.pdf", PDF)
    evidence = EvidenceFile.objects.get()
    response = client_for(None).get(
        url("return_evidence_download", world, submission, evidence_id=evidence.pk)
    )
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_contributor_needs_the_section_to_upload(world, client_for, submission, question, tmp_path):
    contributor = world.users["agency_a_contributor"]
    response = upload(client_for(contributor), world, submission, question, "policy.pdf", PDF)
    assert "Only the safeguarding lead, or a colleague given this section" in messages_of(response)[-1]
    assert not EvidenceFile.objects.exists() and stored_files(tmp_path) == []
    SectionAssignment.objects.create(
        submission=submission, section=question.standard.section, user=contributor
    )
    upload(client_for(contributor), world, submission, question, "policy.pdf", PDF)
    assert EvidenceFile.objects.get().uploaded_by == contributor


def test_another_organisations_lead_cannot_upload(world, client_for, submission, question):
    response = upload(
        client_for(world.users["agency_b_lead"]), world, submission, question, "policy.pdf", PDF
    )
    assert response.status_code == 404 and not EvidenceFile.objects.exists()


def test_removing_a_file_keeps_the_record_and_deletes_the_stored_file(
    world, client_for, submission, question, tmp_path
):
    lead = client_for(world.users["agency_a_lead"])
    upload(lead, world, submission, question, "policy.pdf", PDF)
    evidence = EvidenceFile.objects.get()
    assert (tmp_path / evidence.file.name).exists()
    response = lead.post(url("return_evidence_remove", world, submission, evidence_id=evidence.pk))
    assert messages_of(response)[-1] == "Removed: policy.pdf"
    evidence.refresh_from_db()
    assert evidence.removed_at is not None and not (tmp_path / evidence.file.name).exists()
    assert AuditEvent.objects.filter(verb="evidence.removed", target_id=str(evidence.pk)).exists()
    link = url("return_evidence_download", world, submission, evidence_id=evidence.pk)
    assert lead.get(link).status_code == 404


def test_uploads_and_removals_are_refused_after_the_return_is_submitted(
    world, client_for, submission, question, tmp_path
):
    lead = client_for(world.users["agency_a_lead"])
    upload(lead, world, submission, question, "policy.pdf", PDF)
    kept = EvidenceFile.objects.get()
    lead.post(standard_url(world, submission), COMPLETE)
    lead.post(url("return_ready", world, submission))  # evidence is never required for sign-off
    signatory = factories.with_organisation_role(world.agency_a, OrganisationMembership.Role.SIGNATORY)
    client_for(signatory).post(
        url("return_sign_off", world, submission),
        {"office": "Chief executive", "name": "Sam Signer", "role": "Chief executive", "confirm": "on"},
    )
    lead.post(url("return_submit", world, submission))
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.SUBMITTED

    response = upload(lead, world, submission, question, "later.pdf", PDF)
    assert "cannot be changed now" in messages_of(response)[-1]
    response = lead.post(url("return_evidence_remove", world, submission, evidence_id=kept.pk))
    assert "cannot be changed now" in messages_of(response)[-1]
    assert list(EvidenceFile.objects.values_list("original_name", "removed_at")) == [("policy.pdf", None)]
    assert len(stored_files(tmp_path)) == 1
    # The locked return's evidence can still be read, and the read is logged.
    assert (
        lead.get(url("return_evidence_download", world, submission, evidence_id=kept.pk)).status_code == 200
    )
    assert AuditEvent.objects.filter(verb="evidence.downloaded").count() == 1
