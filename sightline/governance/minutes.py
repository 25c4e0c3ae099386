"""A meeting's minutes as a Word document: who was there, and each agenda item with the decision taken."""

from __future__ import annotations

import io

from django.utils.text import slugify
from docx import Document
from docx.shared import Cm, Pt

from sightline.assessments.exports import xml_safe

from .models import Meeting

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def minutes_filename(meeting: Meeting) -> str:
    return f"{slugify(meeting.group.name)[:60]}-minutes-{meeting.held_on:%Y-%m-%d}.docx"


def build_minutes_docx(meeting: Meeting, items: list) -> bytes:
    document = Document()
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(2)
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(xml_safe(meeting.title), 0)
    document.add_paragraph(
        f"{xml_safe(meeting.group.name)}, {xml_safe(meeting.partnership.name)}. Held on {meeting.held_on:%-d %B %Y}."
        if meeting.status == Meeting.Status.HELD
        else f"{xml_safe(meeting.group.name)}. Draft: the meeting on {meeting.held_on:%-d %B %Y} has not been "
        "recorded as held yet."
    )
    if meeting.present:
        document.add_heading("Present", 1)
        document.add_paragraph(xml_safe(meeting.present))
    document.add_heading("Items and decisions", 1)
    for number, item in enumerate(items, start=1):
        document.add_heading(f"{number}. {xml_safe(item.title)}", 2)
        document.add_paragraph(item.get_kind_display(), style="Intense Quote")
        if item.detail:
            document.add_paragraph(xml_safe(item.detail))
        decision = getattr(item, "decision", None)
        if decision is None:
            document.add_paragraph("No decision recorded.")
            continue
        line = f"Decision: {decision.get_kind_display()}."
        if decision.new_due_on:
            line += f" New due date: {decision.new_due_on:%-d %B %Y}."
        document.add_paragraph(line)
        if decision.text:
            document.add_paragraph(xml_safe(decision.text))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
