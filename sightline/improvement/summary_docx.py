"""The board summary as a Word document, built in the request from the same figures as the page (a period's plans
and escalations are few), with the table builder the composite report uses."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.text import slugify
from docx import Document
from docx.shared import Cm, Pt

from sightline.assessments.exports import xml_safe
from sightline.assessments.exports_docx import add_table

from .summary import BoardSummary

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def summary_filename(summary: BoardSummary) -> str:
    period = f"{summary.start:%Y-%m-%d}-to-{summary.end:%Y-%m-%d}"
    return f"{slugify(summary.partnership.name)[:60]}-board-summary-{period}.docx"


def _period(summary: BoardSummary) -> str:
    return f"{summary.start:%-d %B %Y} to {summary.end:%-d %B %Y}"


def build_summary_docx(summary: BoardSummary) -> bytes:
    document = Document()
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(1.8)
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading("Learning and improvement: summary for the board", 0)
    document.add_paragraph(
        f"{xml_safe(summary.partnership.name)}. The learning group's action plans from {_period(summary)}. "
        f"Prepared on {timezone.localtime():%-d %B %Y at %H:%M}."
    )
    document.add_heading("Summary", 1)
    percent = summary.on_time_percent
    add_table(
        document,
        ["Figure", "Number"],
        [
            ["Action plans opened", len(summary.plans_opened)],
            ["Action plans closed", len(summary.plans_closed)],
            ["Actions completed (verified by the learning group)", summary.completed],
            [
                "Completed on time",
                f"{summary.completed_on_time} ({percent}%)" if percent is not None else "None completed",
            ],
            [f"Actions overdue on {summary.as_at:%-d %B %Y}", summary.overdue_total],
            ["Escalations to the board in the period", len(summary.escalations)],
            ["Escalations resolved in the period", summary.escalations_resolved],
            ["Escalations open now", summary.escalations_open_now],
        ],
    )
    document.add_heading("Plans opened", 1)
    if summary.plans_opened:
        add_table(
            document,
            ["Plan", "Source", "Opened"],
            [[plan.title, plan.source_label, plan.created_at.date()] for plan in summary.plans_opened],
        )
    else:
        document.add_paragraph("No plan was opened in the period.")
    document.add_heading("Plans closed", 1)
    if summary.plans_closed:
        add_table(
            document,
            ["Plan", "Closed"],
            [[plan.title, plan.closed_at.date()] for plan in summary.plans_closed],
        )
    else:
        document.add_paragraph("No plan was closed in the period.")
    document.add_heading(f"Overdue actions by owner organisation on {summary.as_at:%-d %B %Y}", 1)
    if summary.overdue_by_organisation:
        add_table(document, ["Organisation", "Overdue actions"], summary.overdue_by_organisation)
    else:
        document.add_paragraph("No action was overdue.")
    document.add_heading("Escalations", 1)
    if summary.escalations:
        add_table(
            document,
            ["Action", "Owner", "Why", "Raised", "What became of it"],
            [
                [
                    f"{escalation.action.plan.title}: {escalation.action}",
                    escalation.action.owner_organisation.name,
                    f"{escalation.get_reason_display()}. {escalation.note}".strip(),
                    escalation.raised_at.date(),
                    escalation.resolution if escalation.resolved_at else "Still open",
                ]
                for escalation in summary.escalations
            ],
        )
    else:
        document.add_paragraph("No action was escalated in the period.")
    document.add_heading("Notable learning", 1)
    if summary.learning:
        for plan in summary.learning:
            document.add_heading(xml_safe(plan.title), 2)
            document.add_paragraph(xml_safe(plan.closing_note))
    else:
        document.add_paragraph("No plan closed with learning recorded in the period.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
