"""The yearly report as documents: an accessible HTML page, a Word document and a tagged PDF, all drawn from the
same sections and figures (`building.sections_of`), so the three always say the same. The HTML and PDF share one
template, with its style inside it so the file stands alone; each chart is the server-drawn SVG with its table
beside it."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils.text import slugify
from docx import Document
from docx.shared import Pt

from sightline.assessments.charts import count_chart
from sightline.assessments.exports import xml_safe
from sightline.assessments.exports_docx import add_table
from sightline.core.pdf import render_pdf

from ..models import YearlyReport
from .building import sections_of

FORMATS = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
CHART_FROM = 3  # a section with this many figures or more gets a chart of them


def filename(report: YearlyReport, fmt: str) -> str:
    return f"{slugify(report.title)[:80]}-edition-{report.edition}.{fmt}"


def context(report: YearlyReport) -> dict:
    sections = sections_of(report)
    charts = {}
    for section in sections:
        if len(section.figures) >= CHART_FROM:
            charts[section.key] = count_chart(
                chart_id=f"chart-{section.key}",
                title=f"{section.title}: the figures as a bar chart (the table below gives the same figures)",
                rows=[{"label": f.label, "value": f.value, "target": f.target} for f in section.figures],
            )
    frozen = report.frozen or {}
    return {
        "report": report,
        "sections": [(section, charts.get(section.key)) for section in sections],
        "signed_off_by": frozen.get("signed_off_by", []),
        "scrutiny": frozen.get("scrutiny")
        or {
            "by": report.iso.get_full_name() if report.iso_id else "",
            "statement": report.scrutiny_statement,
        },
        "draft": report.frozen is None,
    }


def render(report: YearlyReport, fmt: str) -> tuple[bytes, str]:
    if fmt == "html":
        return render_to_string("governance/yearly/document.html", context(report)).encode(), FORMATS[fmt]
    if fmt == "pdf":
        return render_pdf(
            "governance/yearly/document.html", context(report) | {"pdf": True}, ua=True
        ), FORMATS[fmt]
    if fmt == "docx":
        return _docx(report), FORMATS[fmt]
    raise ValueError(f"No such format: {fmt}")


def _paragraphs(document, text: str) -> None:
    for block in (text or "").split("\n\n"):
        if block.strip():
            document.add_paragraph(xml_safe(block.strip()))


def _docx(report: YearlyReport) -> bytes:
    data = context(report)
    document = Document()
    document.core_properties.title = report.title
    document.core_properties.author = report.partnership.name
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(xml_safe(report.title), level=0)
    period = f"{report.period_start:%-d %B %Y} to {report.period_end:%-d %B %Y}"
    document.add_paragraph(f"Reporting period: {period}. Edition {report.edition}.")
    if data["draft"]:
        document.add_paragraph(
            "Draft: not yet signed off by the three lead partners. Figures are counted as of today."
        )
    else:
        document.add_paragraph(f"Content hash at sign-off: {report.content_hash}")
    for section, _chart in data["sections"]:
        document.add_heading(xml_safe(section.title), level=1)
        if section.figures:
            add_table(
                document,
                ["Figure", "Count", "What is counted"],
                [
                    [
                        xml_safe(f.label),
                        f"{f.value}" + (f" (target {f.target})" if f.target else ""),
                        xml_safe(f.query),
                    ]
                    for f in section.figures
                ],
            )
        _paragraphs(document, section.narrative)
    document.add_heading("Independent scrutiny statement", level=1)
    scrutiny = data["scrutiny"]
    _paragraphs(document, scrutiny["statement"] or "Not yet written.")
    if scrutiny["by"]:
        document.add_paragraph(f"Independent scrutiny officer: {xml_safe(scrutiny['by'])}")
    if data["signed_off_by"]:
        document.add_heading("Signed off by the lead safeguarding partners", level=1)
        add_table(
            document,
            ["For", "Name", "Signed off"],
            [[row["signs_for"], xml_safe(row["name"]), row["at"][:10]] for row in data["signed_off_by"]],
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
