"""The composite's downloads: built by the worker from the counted returns, opened by the libraries that read
them, formula cells neutralised, every request and download in the audit trail, and nothing served outside the
partnership or the cycle."""

import csv
import io

import pytest
from django.urls import reverse

from sightline.assessments import exports
from sightline.assessments.models import Answer, ExportJob
from sightline.assessments.tasks import build_export
from sightline.audit.models import AuditEvent

from .test_composite import build_scene, composite_url


@pytest.fixture
def scene(world):
    return build_scene(world)


def request_export(client, world, cycle, kind, capture):
    with capture(execute=True):
        response = client.post(composite_url(world, cycle, "composite_export"), {"kind": kind})
    job = ExportJob.objects.latest("created_at")
    assert response.status_code == 302 and response.url == composite_url(
        world, cycle, "composite_job", job_id=job.pk
    )
    job.refresh_from_db()
    return job


def test_board_report_docx_opens_in_python_docx(world, client_for, scene, django_capture_on_commit_callbacks):
    from docx import Document

    job = request_export(
        client_for(world.users["partner_la"]),
        world,
        scene.cycle,
        "composite_docx",
        django_capture_on_commit_callbacks,
    )
    assert job.status == ExportJob.Status.DONE and job.progress == 100
    assert job.filename == "board-audit-2026-composite-board-report.docx"
    assert not job.file.name.endswith(job.filename)  # stored under a random name
    document = Document(job.file.open("rb"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Board audit 2026: composite report" in text and "4 of 5 returns" in text
    assert "3. Supervision: mean score 1.33" in text
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert ["3", "Supervision", "0", "1", "2", "1", "4", "1.33", "1.50"] in cells
    assert cells[cells.index(["Standard", "Health (1)", "Police (1)", "Education (1)", "Justice (1)"])][
        1:
    ] == ["Health (1)", "Police (1)", "Education (1)", "Justice (1)"]
    assert cells[-2:] == [
        ["Training", "Test Constabulary", "Police", "Train staff", "Training lead", "31 Jan 2027"],
        [
            "Supervision",
            "Agency A NHS Trust",
            "Health",
            "Audit supervision",
            "Head of safeguarding",
            "31 Mar 2027",
        ],
    ]
    event = AuditEvent.objects.get(verb="export.requested")
    assert event.actor == world.users["partner_la"] and event.changes["export"] == "composite_docx"


def test_data_workbook_has_the_sheets_and_neutralises_formulas(
    world, client_for, scene, django_capture_on_commit_callbacks
):
    from openpyxl import load_workbook

    job = request_export(
        client_for(world.users["business_team"]),
        world,
        scene.cycle,
        "composite_xlsx",
        django_capture_on_commit_callbacks,
    )
    workbook = load_workbook(job.file.open("rb"))
    assert workbook.sheetnames == ["Answers", "Actions", "Distribution"]
    # Columns are sized for what they hold: the answers wide, the scores narrow.
    widths = workbook["Answers"].column_dimensions
    assert (widths["F"].width, widths["G"].width) == (70, 10) and workbook["Actions"].column_dimensions[
        "E"
    ].width == 60
    answers = list(workbook["Answers"].values)
    assert answers[0] == tuple(exports.ANSWER_HEADERS)
    assert (
        len(answers) - 1
        == Answer.objects.filter(
            submission__cycle=scene.cycle, submission__status__in=["submitted", "accepted"]
        ).count()
    )
    assert (
        "Agency A NHS Trust",
        "Health",
        "Practice",
        "Supervision",
        "How do you meet this standard?",
        '\'=HYPERLINK("http://evil.test") Supervision is patchy',
        None,
    ) in answers
    assert (
        "Agency B Youth Justice",
        "Justice",
        "Practice",
        "Supervision",
        "How well do you meet it?",
        "Not applicable",
        None,
    ) in answers
    formula = [
        cell
        for (cell,) in workbook["Answers"].iter_rows(min_col=6, max_col=6)
        if "HYPERLINK" in str(cell.value)
    ]
    assert [cell.data_type for cell in formula] == ["s"]  # text, never a formula
    assert [row[4] for row in list(workbook["Actions"].values)[1:]] == ["Train staff", "Audit supervision"]
    distribution = list(workbook["Distribution"].values)
    assert distribution[1][:6] == (1, "A named lead", 3, 1, 0, 0)


def test_answers_csv(world, client_for, scene, django_capture_on_commit_callbacks):
    job = request_export(
        client_for(world.users["business_team"]),
        world,
        scene.cycle,
        "composite_csv",
        django_capture_on_commit_callbacks,
    )
    rows = list(csv.reader(io.StringIO(job.file.open("rb").read().decode("utf-8-sig"))))
    assert rows[0] == exports.ANSWER_HEADERS
    assert [
        "Test School",
        "Education",
        "Leadership",
        "A named lead",
        "How well do you meet it?",
        "Green",
        "3",
    ] in rows
    assert any(row[5].startswith("'=HYPERLINK") for row in rows)
    assert not any("not yet in" in row[5] for row in rows)


def test_download_is_an_attachment_and_is_logged(
    world, client_for, scene, django_capture_on_commit_callbacks
):
    client = client_for(world.users["partner_la"])
    job = request_export(client, world, scene.cycle, "composite_csv", django_capture_on_commit_callbacks)
    status = client.get(composite_url(world, scene.cycle, "composite_job", job_id=job.pk)).content.decode()
    assert "Your file is ready" in status and 'http-equiv="refresh"' not in status
    response = client.get(composite_url(world, scene.cycle, "composite_download", job_id=job.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{job.filename}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith("\ufeffOrganisation".encode())
    event = AuditEvent.objects.get(verb="export.downloaded")
    assert event.actor == world.users["partner_la"] and event.changes["job"] == str(job.pk)


def test_jobs_and_downloads_are_404_outside_the_partnership_and_cycle(
    world, client_for, scene, django_capture_on_commit_callbacks
):
    job = request_export(
        client_for(world.users["business_team"]),
        world,
        scene.cycle,
        "composite_csv",
        django_capture_on_commit_callbacks,
    )
    for name in ("composite_job", "composite_download"):
        for role in ("agency_a_lead", "other_business_team", "agency_b_lead"):
            assert (
                client_for(world.users[role])
                .get(composite_url(world, scene.cycle, name, job_id=job.pk))
                .status_code
                == 404
            )
        # The job of one cycle is not found under another.
        wrong_cycle = composite_url(world, scene.last, name, job_id=job.pk)
        assert client_for(world.users["business_team"]).get(wrong_cycle).status_code == 404
        theirs = reverse(name, kwargs={"slug": "other", "cycle_id": scene.cycle.pk, "job_id": job.pk})
        assert client_for(world.users["other_business_team"]).get(theirs).status_code == 404
    assert not AuditEvent.objects.filter(verb="export.downloaded").exists()
    agency = client_for(world.users["agency_a_lead"])
    assert (
        agency.post(
            composite_url(world, scene.cycle, "composite_export"), {"kind": "composite_csv"}
        ).status_code
        == 404
    )


def test_waiting_page_shows_progress_and_refreshes_itself_only_when_asked(world, client_for, scene):
    job = ExportJob.objects.create(
        partnership=world.partnership, cycle=scene.cycle, kind="composite_xlsx", progress=40
    )
    client = client_for(world.users["partner_la"])
    status = composite_url(world, scene.cycle, "composite_job", job_id=job.pk)
    response = client.get(status)
    page = response.content.decode()
    assert "40% done" in page and 'value="40"' in page and "Check again" in page
    # A page reloading on a timer unasked fails WCAG 2.2.1; the person can ask for it, without JavaScript.
    assert "http-equiv" not in page and "Refresh" not in response
    assert f'href="{status}?refresh=on"' in page
    asked = client.get(status + "?refresh=on")
    assert '<meta http-equiv="refresh" content="3">' in asked.content.decode() and asked["Refresh"] == "3"
    assert "Stop checking automatically" in asked.content.decode()
    early = client.get(composite_url(world, scene.cycle, "composite_download", job_id=job.pk))
    assert early.status_code == 302 and not AuditEvent.objects.filter(verb="export.downloaded").exists()


def test_a_failed_build_says_what_to_do_and_a_second_delivery_builds_nothing(world, scene, monkeypatch):
    job = ExportJob.objects.create(partnership=world.partnership, cycle=scene.cycle, kind="composite_docx")

    def broken(cycle, progress):
        raise RuntimeError("disk full")

    monkeypatch.setitem(exports.BUILDERS, "composite_docx", broken)
    build_export.call(job_id=str(job.pk))
    job.refresh_from_db()
    assert (
        job.status == ExportJob.Status.FAILED and "Request it again" in job.error and "disk" not in job.error
    )
    assert build_export.call(job_id=str(job.pk)) == "not queued"


def test_a_bad_export_request_shows_the_error_summary(world, client_for, scene):
    response = client_for(world.users["business_team"]).post(
        composite_url(world, scene.cycle, "composite_export"), {"kind": "everything"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Choose the board report, the data workbook or the answers file" in page
    assert not ExportJob.objects.exists()


def test_formula_cells_are_neutralised():
    assert [exports.clean(v) for v in ("=1+1", "+1", "-1", "@SUM(A1)", "plain", 3, "bell\x07")] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "plain",
        3,
        "bell",
    ]


def test_old_export_files_are_deleted(world, tmp_path):
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from sightline.assessments.models import ExportJob
    from sightline.assessments.tasks import purge_old_exports

    old = ExportJob.objects.create(partnership=world.partnership, kind="composite_csv", status="done")
    old.file.save("old.csv", ContentFile(b"a,b\n"))
    fresh = ExportJob.objects.create(partnership=world.partnership, kind="composite_csv", status="done")
    fresh.file.save("fresh.csv", ContentFile(b"a,b\n"))
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    stored = old.file.path
    purge_old_exports.enqueue()
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert not old.file and fresh.file
    import os

    assert not os.path.exists(stored)
