"""Upload abuse (QUALITY.md F1; issue 6 part 5): a renamed program, an oversized file, a zip bomb dressed as a
Word file, an SVG with script and a PDF carrying a file or an action. Each is sent through the evidence upload
page as an agency lead would, and each must be refused with a message that names the file and the problem and
says what can be uploaded, leaving no EvidenceFile row, no stored file, no audit event and the return as it was.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sightline.assessments import uploads
from sightline.assessments.models import EvidenceFile, Question, Submission
from sightline.audit.models import AuditEvent

from ..assessments.evidence_samples import CSV, PDF
from ..assessments.test_evidence import WITH_EVIDENCE, messages_of, stored_files, upload
from ..assessments.test_returns import open_return, standard_url, url
from . import upload_samples as s

PROGRAM = "is a program"
ZIP_TOO_BIG = "expand to more than"
ZIP_TOO_TIGHT = "compressed far more tightly"
MARKUP = "web page, SVG image or other markup"
PDF_ACTIVE = "PDF with JavaScript, embedded files or actions"

# (case id, file name as uploaded, content or a function building it, words the message must hold)
ABUSE = [
    # A renamed program: whatever the name, the content decides.
    ("pe-as-pdf", "minutes.pdf", s.pe_program, PROGRAM),
    ("elf-as-pdf", "report.pdf", s.ELF, PROGRAM),
    ("mach-o-as-png", "chart.png", s.MACH_O, PROGRAM),
    ("java-class-as-docx", "policy.docx", s.JAVA_CLASS, PROGRAM),
    ("installer-as-pdf", "setup.pdf", s.MSI, "older Office file"),
    ("script-with-bom-as-txt", "notes.txt", s.SHELL_SCRIPT, "is a script"),
    ("program-inside-a-docx", "policy.docx", lambda: s.docx_hiding("word/media/image1.png", s.pe_program()),
     "contains a program"),
    ("exe-entry-inside-a-docx", "policy.docx", lambda: s.docx_hiding("word/tool.exe", b"not really"),
     "macros, embedded objects or programs"),
    # An oversized file (the limit is 10 MB).
    ("oversized", "big.pdf", lambda: b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), "more than the limit"),
    # Zip bombs dressed as Word files.
    ("zip-bomb-ratio", "report.docx", s.ratio_bomb, ZIP_TOO_TIGHT),
    ("zip-bomb-size", "report.docx", s.size_bomb, ZIP_TOO_BIG),
    ("zip-bomb-declared", "report.docx", s.declared_huge, ZIP_TOO_BIG),
    ("zip-bomb-lying-sizes", "report.docx", s.lying_sizes, "damaged"),
    ("zip-bomb-many-members", "report.docx", s.many_members, "more than 5,000 files"),
    # SVG with script, however it is dressed.
    ("svg", "chart.svg", s.SVG, MARKUP),
    ("svg-as-png", "chart.png", s.SVG, MARKUP),
    ("svg-with-prolog-as-txt", "chart.txt", s.SVG_WITH_PROLOG, MARKUP),
    ("svg-after-text", "chart.csv", s.SVG_AFTER_TEXT, MARKUP),
    ("svg-bom-and-space", "chart.svg", s.SVG_BOM_AND_SPACE, MARKUP),
    ("svg-foreign-object", "chart.svg", s.SVG_FOREIGN_OBJECT, MARKUP),
    ("svg-utf16", "chart.svg", s.SVG_UTF16, "not one of the accepted types"),
    ("svgz", "chart.svgz", s.SVGZ, "compressed"),
    # PDFs that carry a file, a script or an action.
    ("pdf-embedded-file-stream", "policy.pdf", s.PDF_EMBEDDED_FILE_STREAM, PDF_ACTIVE),
    ("pdf-file-attachment", "policy.pdf", s.PDF_FILE_ATTACHMENT_ANNOTATION, PDF_ACTIVE),
    ("pdf-ef-only", "policy.pdf", s.PDF_EF_ONLY, PDF_ACTIVE),
    ("pdf-embedded-in-object-stream", "policy.pdf", s.PDF_EMBEDDED_IN_OBJECT_STREAM, PDF_ACTIVE),
    ("pdf-goto-embedded", "policy.pdf", s.PDF_GOTO_EMBEDDED, PDF_ACTIVE),
    ("pdf-obfuscated-javascript", "policy.pdf", s.PDF_OBFUSCATED_JAVASCRIPT, PDF_ACTIVE),
    ("pdf-launch", "policy.pdf", s.PDF_LAUNCH, PDF_ACTIVE),
    ("pdf-xfa-form", "policy.pdf", s.PDF_XFA, PDF_ACTIVE),
    ("pdf-after-text", "policy.pdf", s.PDF_AFTER_TEXT, "PDF"),
]  # fmt: skip


@pytest.fixture
def submission(world, run_on_commit):
    return open_return(world, WITH_EVIDENCE)


@pytest.fixture
def question(submission):
    return Question.objects.get(template=submission.cycle.template, kind=Question.Kind.EVIDENCE)


@pytest.mark.parametrize("name,data,problem", [case[1:] for case in ABUSE], ids=[case[0] for case in ABUSE])
def test_abusive_upload_is_refused_clearly_and_changes_nothing(
    world, client_for, submission, question, tmp_path, name, data, problem
):
    lead = client_for(world.users["agency_a_lead"])
    before = AuditEvent.objects.count()
    response = upload(lead, world, submission, question, name, data() if callable(data) else data)
    assert response.status_code == 302 and response.url == standard_url(world, submission)
    [message] = messages_of(response)
    assert message.startswith(f"'{name}' was not uploaded: "), message
    assert problem in message, message
    assert "You can upload PDF, Word (.docx)" in message and "up to 10.0 MB each" in message
    assert not EvidenceFile.objects.exists()
    assert stored_files(tmp_path) == []
    assert AuditEvent.objects.count() == before
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.NOT_STARTED
    # The page the person is sent back to shows the message.
    page = lead.get(response.url).content.decode().replace("&#x27;", "'")
    assert f"'{name}' was not uploaded" in page


def test_the_limit_is_exact_and_follows_the_setting(world, client_for, submission, question, settings):
    settings.EVIDENCE_MAX_BYTES = 2048
    lead = client_for(world.users["agency_a_lead"])
    exactly = (CSV * 100)[:2047] + b"\n"
    refused = upload(lead, world, submission, question, "over.csv", exactly + b"x")
    assert "more than the limit" in messages_of(refused)[0] and "2.0 KB" in messages_of(refused)[0]
    accepted = upload(lead, world, submission, question, "exact.csv", exactly)
    assert messages_of(accepted)[-1] == "Uploaded: exact.csv"
    assert EvidenceFile.objects.get().size == 2048


def test_a_file_larger_than_it_claims_is_stopped_while_reading():
    """The size a client declares is not trusted: reading stops as soon as the limit is passed."""

    class Lying:
        name, size = "small.pdf", 100
        read_chunks = 0

        def seek(self, position):
            pass

        def chunks(self):
            for _ in range(1000):
                self.read_chunks += 1
                yield b"%PDF-" + b"0" * (1024 * 1024)

    lying = Lying()
    with pytest.raises(uploads.UploadRefused, match="larger than the limit"):
        uploads.check(lying)
    assert lying.read_chunks == 10  # reading stops at the first chunk that passes 10 MB


def test_a_batch_file_renamed_to_text_is_kept_only_as_text(world, client_for, submission, question):
    """Plain text that happens to be a Windows batch file is not a program: it is kept, named and served as
    text, so nothing opens it as a program."""
    lead = client_for(world.users["agency_a_lead"])
    response = upload(
        lead, world, submission, question, "clean-up.bat", b"@echo off\r\ndel /q C:\\temp\\*\r\n"
    )
    assert messages_of(response) == ["Uploaded: clean-up.bat.txt"]
    evidence = EvidenceFile.objects.get()
    assert evidence.content_type == "text/plain"
    download = client_for(world.users["business_team"]).get(
        url("return_evidence_download", world, submission, evidence_id=evidence.pk)
    )
    assert download["Content-Type"] == "text/plain; charset=utf-8"
    assert download["Content-Disposition"] == 'attachment; filename="clean-up.bat.txt"'
    assert (
        download["X-Content-Type-Options"] == "nosniff" and "sandbox" in download["Content-Security-Policy"]
    )


def test_anything_after_a_jpegs_end_is_removed(world, client_for, submission, question, tmp_path):
    """A JPEG with a ZIP after its end (a polyglot) is stored without what follows the image."""
    lead = client_for(world.users["agency_a_lead"])
    upload(lead, world, submission, question, "photo.jpg", s.JPEG_WITH_ZIP)
    stored = (tmp_path / EvidenceFile.objects.get().file.name).read_bytes()
    assert stored.endswith(b"\xff\xd9") and b"PK\x03\x04" not in stored and b"WScript" not in stored


def test_a_plain_pdf_and_a_plain_word_file_still_upload(world, client_for, submission, question):
    """The hardening refuses what it should and nothing more."""
    from ..assessments.evidence_samples import docx_bytes

    lead = client_for(world.users["agency_a_lead"])
    for name, data in (("policy.pdf", PDF), ("plan.docx", docx_bytes())):
        assert messages_of(upload(lead, world, submission, question, name, data))[-1] == f"Uploaded: {name}"


def test_the_abuse_cases_cover_every_kind_named_in_the_issue():
    ids = {case[0] for case in ABUSE}
    assert {
        "pe-as-pdf",
        "oversized",
        "zip-bomb-ratio",
        "zip-bomb-size",
        "svg",
        "pdf-embedded-file-stream",
    } <= ids


@pytest.mark.parametrize("name,data", [("x.bin", SimpleUploadedFile("x", b"x").read())])
def test_refusal_reaches_the_upload_service_unchanged(name, data):
    """uploads.check is what the evidence services call: it raises, with the same message, outside a request."""
    with pytest.raises(uploads.UploadRefused, match=r"^'x.bin' was not uploaded: .*You can upload PDF"):
        uploads.check(SimpleUploadedFile(name, b"\x00\x01\x02" + data))
