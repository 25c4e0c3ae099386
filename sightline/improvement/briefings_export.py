"""A learning briefing as a document: Word (python-docx, in the house style of the other exports) and PDF
(WeasyPrint, through `sightline.core.pdf`, which fetches nothing named in the text). The page, the Word file and
the PDF lay the sections out from the same blocks, so they read the same."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import slugify
from docx import Document
from docx.shared import Cm, Pt

from sightline.assessments.exports import xml_safe
from sightline.core.pdf import render_pdf

from .models import LearningBriefing

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TEMPLATE = "improvement/briefings/pdf.html"
BULLETS = ("- ", "* ", "• ")


@dataclass
class Block:
    """A run of lines shown together: a paragraph (its lines kept as line breaks) or a bulleted list."""

    is_list: bool
    lines: list[str]


def blocks(text: str) -> list[Block]:
    """Paragraphs split at blank lines; lines starting with a dash, star or bullet become list items."""
    found: list[Block] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            found.append(Block(False, []))  # a blank line ends the block in hand
            continue
        is_item = line.startswith(BULLETS)
        if is_item:
            line = line[2:].strip()
        if not found or found[-1].is_list != is_item or not found[-1].lines:
            found.append(Block(is_item, []))
        found[-1].lines.append(line)
    return [block for block in found if block.lines]


@dataclass
class Section:
    number: int
    heading: str
    blocks: list[Block]


def sections_of(briefing: LearningBriefing) -> list[Section]:
    return [
        Section(number, heading, blocks(text))
        for number, (_, heading, text) in enumerate(briefing.sections(), start=1)
    ]


def status_line(briefing: LearningBriefing) -> str:
    if briefing.status == LearningBriefing.Status.APPROVED:
        return f"Approved by the business team on {timezone.localtime(briefing.approved_at):%-d %B %Y}"
    return "Draft: not yet approved by the business team"


def filename(briefing: LearningBriefing, extension: str) -> str:
    draft = "-draft" if briefing.is_draft else ""
    return f"{slugify(briefing.title)[:60] or 'briefing'}-7-minute-briefing{draft}.{extension}"


def build_docx(briefing: LearningBriefing) -> bytes:
    document = Document()
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(1.8)
        section.top_margin = section.bottom_margin = Cm(1.5)
    document.styles["Normal"].font.size = Pt(10.5)
    document.add_paragraph(f"{xml_safe(briefing.partnership.name)}: 7-minute briefing")
    document.add_heading(xml_safe(briefing.title), 0)
    document.add_paragraph(status_line(briefing)).runs[0].italic = True
    for section in sections_of(briefing):
        document.add_heading(f"{section.number}. {section.heading}", 1)
        if not section.blocks:
            document.add_paragraph("Not written yet.")
        for block in section.blocks:
            if block.is_list:
                for line in block.lines:
                    document.add_paragraph(xml_safe(line), style="List Bullet")
            else:
                document.add_paragraph(xml_safe("\n".join(block.lines)))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_context(briefing: LearningBriefing) -> dict:
    return {
        "briefing": briefing,
        "sections": sections_of(briefing),
        "status_line": status_line(briefing),
        "partnership": briefing.partnership,
    }


def build_pdf(briefing: LearningBriefing) -> bytes:
    return render_pdf(PDF_TEMPLATE, pdf_context(briefing))
