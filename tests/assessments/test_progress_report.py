"""The progress report for the board(s): its figures, on screen for the partnership-wide roles, and as Word
and Excel files that open in the libraries that read them, with formula cells neutralised; the page's queries
do not grow with the number of actions."""

import io
from datetime import timedelta

import pytest

from sightline.assessments.models import Submission
from sightline.assessments.progress_report import progress_report
from sightline.audit.models import AuditEvent

from .. import factories
from ..query_budget import assert_flat
from .test_progress import TODAY, add_action, build_scene, to_round, update, url

S = Submission.Status


@pytest.fixture
def scene(world):
    return build_scene(world)


def test_the_report_figures(world, scene):
    to_round(world, scene.cycle)
    update(world, scene.overdue, progress_="in_progress", rag="red", commentary="No auditor")
    update(world, scene.later, progress_="complete", rag="green")
    report = progress_report(cycle=scene.cycle)
    summary = report.summary
    assert (summary["actions"], summary["complete"], summary["in_progress"], summary["not_started"]) == (
        3,
        1,
        1,
        1,
    )
    assert (summary["on_track"], summary["at_risk"], summary["off_track"], summary["no_rag"]) == (1, 0, 1, 1)
    assert summary["not_updated"] == 1 and summary["overdue"] == 1
    tallies = [
        "organisation",
        "actions",
        "complete",
        "on_track",
        "at_risk",
        "off_track",
        "not_updated",
        "overdue",
    ]
    assert [[row[k] for k in tallies] for row in report.organisations] == [
        ["Agency A NHS Trust", 2, 1, 1, 0, 1, 0, 1],
        ["Test Constabulary", 1, 0, 0, 0, 0, 1, 0],
    ]
    assert [
        (row["number"], row["standard"], row["actions"], row["complete"]) for row in report.standards
    ] == [
        (1, "A named lead", 1, 0),
        (2, "Training", 2, 1),
    ]
    assert [action.what for action in report.overdue] == ["Audit supervision"]
    assert report.by_rag[2] == ("Red: off track", 1)


def test_a_partner_sees_the_report_and_an_agency_lead_does_not(world, client_for, scene):
    to_round(world, scene.cycle)
    update(world, scene.overdue, rag="amber", commentary="Waiting for the auditor")
    response = client_for(world.users["partner_la"]).get(url("progress_report", world, scene.cycle))
    page = response.content.decode()
    assert response.status_code == 200 and "Progress report" in page
    assert "Agency A NHS Trust" in page and "Test Constabulary" in page and "Waiting for the auditor" in page
    assert "Words from a return not yet in" not in page
    assert response.context["report"].summary["actions"] == 3
    for role in ("agency_a_lead", "other_business_team"):
        assert (
            client_for(world.users[role]).get(url("progress_report", world, scene.cycle)).status_code == 404
        )


def test_the_page_shows_one_list_at_a_time(world, client_for, scene):
    to_round(world, scene.cycle)
    update(world, scene.later, progress_="complete", rag="green")
    client = client_for(world.users["partner_la"])
    address = url("progress_report", world, scene.cycle)

    overdue = client.get(address, {"show": "overdue"})
    by_organisation = client.get(address, {"show": "organisations"})
    unknown = client.get(address, {"show": "<script>"})

    assert [action.what for action in overdue.context["page"].object_list] == ["Audit supervision"]
    assert "1 action past its date and not complete" in overdue.content.decode()
    rows = by_organisation.context["page"].object_list
    assert [(row["organisation"], row["actions"], row["complete"]) for row in rows] == [
        ("Agency A NHS Trust", 2, 1),
        ("Test Constabulary", 1, 0),
    ]
    assert "2 organisations with actions" in by_organisation.content.decode()
    assert unknown.context["show"] == "actions" and unknown.context["page"].paginator.count == 3


def download(client, world, scene, name):
    response = client.get(url(name, world, scene.cycle))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return io.BytesIO(b"".join(response.streaming_content))


def test_the_word_report_opens_in_python_docx(world, client_for, scene):
    from docx import Document

    to_round(world, scene.cycle)
    update(world, scene.overdue, rag="red", commentary="No auditor yet")
    document = Document(
        download(client_for(world.users["board_member"]), world, scene, "progress_report_docx")
    )
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Section 11 2026: progress report" in text and "Prepared on" in text
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert ["Actions followed up", "3"] in cells
    assert ["Agency A NHS Trust", "2", "0", "0", "0", "1", "1", "1"] in cells
    assert ["2. Training", "2", "0", "0", "0", "0", "2", "0"] in cells
    overdue = next(row for row in cells if len(row) == 8 and row[2] == "Audit supervision")
    assert overdue[0] == "Agency A NHS Trust" and overdue[-1] == "No auditor yet"
    event = AuditEvent.objects.get(verb="export.downloaded")
    assert event.actor == world.users["board_member"] and event.changes["export"] == "progress_docx"


def test_the_workbook_opens_in_openpyxl_with_formulas_neutralised(world, client_for, scene):
    from openpyxl import load_workbook

    to_round(world, scene.cycle)
    update(world, scene.later, progress_="complete", rag="green", commentary="-1 left to train")
    workbook = load_workbook(
        download(client_for(world.users["business_team"]), world, scene, "progress_report_xlsx")
    )
    assert workbook.sheetnames == ["Summary", "Actions"]
    rows = list(workbook["Actions"].iter_rows(values_only=True))
    assert rows[0][:5] == ("Organisation", "Sector", "Section", "Standard", "Action")
    assert len(rows) == 4
    train = next(row for row in rows if row[4] and "HYPERLINK" in row[4])
    assert train[4].startswith("'=HYPERLINK") and train[9] == "'-1 left to train"
    summary = [row for row in workbook["Summary"].iter_rows(values_only=True) if row and row[0]]
    assert ("Actions followed up", 3) in [row[:2] for row in summary]
    assert AuditEvent.objects.get(verb="export.downloaded").changes["export"] == "progress_xlsx"


@pytest.mark.parametrize("show", ["actions", "overdue", "organisations"])
def test_report_queries_do_not_grow_with_actions(world, client_for, scene, show):
    to_round(world, scene.cycle)

    def grow():
        for i in range(37):
            org = factories.organisation(world.partnership, f"Grown Trust {i:02d}")
            submission = Submission.objects.create(
                cycle=scene.cycle, organisation=org, due_on=scene.cycle.closes_on, status=S.SUBMITTED
            )
            submission.cycle = scene.cycle
            add_action(submission, f"s{i % 2 + 1}", f"Grown action {i}", TODAY + timedelta(days=i - 18))
        assert progress_report(cycle=scene.cycle).summary["actions"] == 40

    address = f"{url('progress_report', world, scene.cycle)}?show={show}"
    assert_flat(client_for(world.users["business_team"]), address, grow, bound=17)


def test_word_table_cells_keep_markup_characters_line_breaks_and_dates():
    import docx

    from sightline.assessments.progress_exports import _table

    document = docx.Document()
    _table(
        document, ["Action", "Due", "Count"], [["Fix A & B <now>\nthen check", TODAY, 3], [None, "x\x00y", 0]]
    )
    saved = io.BytesIO()
    document.save(saved)

    rows = docx.Document(io.BytesIO(saved.getvalue())).tables[0].rows
    assert [cell.text for cell in rows[0].cells] == ["Action", "Due", "Count"]
    assert [cell.text for cell in rows[1].cells] == [
        "Fix A & B <now>\nthen check",
        TODAY.strftime("%-d %b %Y"),
        "3",
    ]
    assert [cell.text for cell in rows[2].cells] == ["–", "xy", "0"]
