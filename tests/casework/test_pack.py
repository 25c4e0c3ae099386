"""The panel pack as a PDF: the same contents as the Word document (the cases by reference, the submitted audits'
answers, the panel's lines of enquiry and observations, never a draft), drawn by the renderer that fetches nothing,
with each audit in it and the download recorded."""

import shutil
import subprocess

import pytest

from sightline.audit.models import AuditEvent
from sightline.casework import pack, panel
from sightline.casework.pack import panel_pack_pdf

from .builders import answer_all, event_with_audits

DRAFT = "Draft words the panel must not see"


@pytest.fixture
def event(world):
    activity, case, audit_a, audit_b = event_with_audits(world)
    panel.panel_note_add(
        by=world.users["partner_la"],
        activity=activity,
        kind="enquiry",
        text="How did supervision test the plan?",
    )
    panel.panel_note_add(
        by=world.users["partner_la"],
        activity=activity,
        kind="observation",
        case=case,
        text="Both agencies saw the same signs in the first month",
    )
    answer_all(audit_b, world.users["agency_b_lead"], text=DRAFT)
    return activity, case, audit_a, audit_b


def test_the_pdf_pack_holds_the_cases_the_submitted_audits_and_the_panels_notes(world, event, monkeypatch):
    activity, case, _, _ = event
    drawn = {}

    def render(template_name, context):
        from django.template.loader import render_to_string

        drawn["html"] = render_to_string(template_name, context)
        return b"%PDF-"

    monkeypatch.setattr(pack, "render_pdf", render)
    panel_pack_pdf(by=world.users["partner_la"], activity=activity)
    html = drawn["html"]
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert f"Case {case.reference}" in html and "Agency A NHS Trust: audit submitted on" in html
    assert "The health visitor saw the child at home" in html and "Good" in html
    assert "How did supervision test the plan?" in html
    assert "Both agencies saw the same signs in the first month" in html
    assert DRAFT not in html
    assert "For the panel only" in html


def test_the_pdf_pack_is_a_pdf_and_its_text_is_the_packs(world, event, tmp_path):
    activity, case, _, _ = event
    content = panel_pack_pdf(by=world.users["partner_la"], activity=activity)
    assert content.startswith(b"%PDF-")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed: the PDF's text is not checked")
    path = tmp_path / "pack.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert case.reference in text and "How did supervision test the plan?" in text and DRAFT not in text


def test_making_the_pdf_pack_records_each_audit_read_and_the_download(world, event, monkeypatch):
    activity, _, audit_a, _ = event
    monkeypatch.setattr(pack, "render_pdf", lambda template_name, context: b"%PDF-")
    panel_pack_pdf(by=world.users["partner_la"], activity=activity)
    download = AuditEvent.objects.get(verb="panel_pack.downloaded")
    assert download.actor == world.users["partner_la"]
    assert download.changes == {"format": "pdf", "audits": [str(audit_a.pk)]}
    reads = AuditEvent.objects.filter(verb="case_audit.read", changes__via="panel pack")
    assert [(e.actor, e.target_id) for e in reads] == [(world.users["partner_la"], str(audit_a.pk))]
