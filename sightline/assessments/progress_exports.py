"""The progress report for the board(s) as a Word document and as an Excel workbook, built in the request from
the same selectors as the page: a county's 2,500 followed-up actions take about 0.1 s (Word) and 0.5 s
(Excel) to write on the benchmark machine, after the report's queries (docs/performance.md)."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.text import slugify
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from .exports import CONTENT_TYPES, clean, xml_safe, xml_text
from .models import Cycle
from .progress_report import ProgressReport, actions_followed_up

__all__ = ["CONTENT_TYPES", "build_progress_docx", "build_progress_xlsx", "progress_filename"]

TALLY_HEADERS = ["Actions", "Complete", "On track", "At risk", "Off track", "Not yet updated", "Overdue"]
TALLY_KEYS = ["actions", "complete", "on_track", "at_risk", "off_track", "not_updated", "overdue"]
ACTION_HEADERS = [
    "Organisation",
    "Sector",
    "Section",
    "Standard",
    "Action",
    "Lead",
    "Due",
    "Progress",
    "RAG",
    "Commentary",
    "Updated",
    "Overdue",
]


def stamp() -> str:
    return timezone.localtime().strftime("%-d %B %Y at %H:%M")


def progress_filename(cycle: Cycle, extension: str) -> str:
    return f"{slugify(cycle.title)[:80] or 'cycle'}-progress-report.{extension}"


def _summary_rows(report: ProgressReport) -> list[list]:
    summary = report.summary
    return [
        ["Actions followed up", summary["actions"]],
        *[[f"Progress: {label}", n] for label, n in report.by_progress],
        *[[f"RAG: {label}", n] for label, n in report.by_rag],
        ["Not yet updated in this round", summary["not_updated"]],
        ["Overdue (past their date and not complete)", summary["overdue"]],
    ]


def _action_row(action, report: ProgressReport, safe) -> list:
    organisation = action.submission.organisation
    return [
        safe(organisation.name),
        organisation.sector,
        safe(action.standard.section.title),
        safe(action.standard.title),
        safe(action.what),
        safe(action.lead),
        action.due_on,
        action.get_progress_display(),
        action.get_rag_display() if action.rag else "",
        safe(action.commentary),
        action.progress_updated_at.date() if action.progress_updated_at else None,
        "Yes" if action.due_on < report.today and action.progress != "complete" else "",
    ]


def build_progress_xlsx(report: ProgressReport) -> bytes:
    """Two sheets: Summary (the counts, then each organisation's) and Actions (one row per action). Text that
    Excel would read as a formula is kept as text. Written in openpyxl's write-only mode, which streams rows
    instead of keeping every cell as an object: about twice as fast for a county's actions."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)

    def header(sheet, values: list[str]) -> None:
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)

    summary = workbook.create_sheet("Summary")
    summary.append([clean(f"{report.cycle.title}: progress report"), f"Prepared on {stamp()}"])
    summary.append([])
    header(summary, ["Figure", "Number"])
    for row in _summary_rows(report):
        summary.append(row)
    summary.append([])
    header(summary, ["Organisation", *TALLY_HEADERS])
    for row in report.organisations:
        summary.append([clean(row["organisation"]), *[row[key] for key in TALLY_KEYS]])
    actions = workbook.create_sheet("Actions")
    actions.freeze_panes = "A2"
    header(actions, ACTION_HEADERS)
    for action in actions_followed_up(cycle=report.cycle):
        actions.append(_action_row(action, report, clean))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _shown(value) -> str:
    if value is None:
        return "–"
    if hasattr(value, "strftime"):
        return value.strftime("%-d %b %Y")
    return xml_safe(str(value))


def _cell_xml(value) -> str:
    lines = xml_text(_shown(value)).replace("\r\n", "\n").split("\n")
    text = "<w:br/>".join(f'<w:t xml:space="preserve">{line}</w:t>' for line in lines)
    return f"<w:tc><w:p><w:r>{text}</w:r></w:p></w:tc>"


def _table(document, headers: list[str], rows) -> None:
    """A bordered table: the header row through python-docx, the body written as WordprocessingML and parsed once.
    python-docx adds a row at about a millisecond and a half, which made a county's report take seconds."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].add_run(header).bold = True
    body = "".join("<w:tr>" + "".join(_cell_xml(value) for value in row) + "</w:tr>" for row in rows)
    if body:
        table._tbl.extend(list(parse_xml(f"<w:tbl {nsdecls('w')}>{body}</w:tbl>")))


def build_progress_docx(report: ProgressReport) -> bytes:
    """The board report: title and date, the counts, each organisation's and each standard's progress, and the
    overdue actions with their commentary."""
    from docx import Document
    from docx.shared import Cm, Pt

    cycle = report.cycle
    document = Document()
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(1.8)
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(f"{xml_safe(cycle.title)}: progress report", 0)
    document.add_paragraph(
        f"{xml_safe(cycle.partnership.name)}. Progress on the actions organisations recorded in "
        f"{xml_safe(cycle.title)}, due by {cycle.progress_due_on:%-d %B %Y}. Prepared on {stamp()}."
    )
    document.add_paragraph("Only actions in returns that were submitted or accepted are followed up.")
    document.add_heading("Summary", 1)
    _table(document, ["Figure", "Number"], _summary_rows(report))
    document.add_heading("By organisation", 1)
    _table(
        document,
        ["Organisation", *TALLY_HEADERS],
        ([row["organisation"], *[row[key] for key in TALLY_KEYS]] for row in report.organisations),
    )
    document.add_heading("By standard", 1)
    _table(
        document,
        ["Standard", *TALLY_HEADERS],
        (
            [f"{row['number']}. {row['standard']}", *[row[key] for key in TALLY_KEYS]]
            for row in report.standards
        ),
    )
    document.add_heading("Overdue actions", 1)
    if not report.overdue:
        document.add_paragraph("No action is past its date without being complete.")
    else:
        _table(
            document,
            ["Organisation", "Standard", "Action", "Lead", "Due", "Progress", "RAG", "Commentary"],
            (
                [
                    action.submission.organisation.name,
                    action.standard.title,
                    action.what,
                    action.lead,
                    action.due_on,
                    action.get_progress_display(),
                    action.get_rag_display() if action.rag else "",
                    action.commentary,
                ]
                for action in report.overdue
            ),
        )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
