"""The composite's board report as a Word document (python-docx), built by the worker through exports.build."""

from __future__ import annotations

import copy
import io

from django.utils import timezone
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from . import composite
from .exports import (
    ACTION_HEADERS,
    Progress,
    action_rows,
    distribution_table,
    figures_with_last_year,
    xml_safe,
)
from .models import Cycle

W_T, W_BR = qn("w:t"), qn("w:br")
PRESERVE = "{http://www.w3.org/XML/1998/namespace}space"


def _shown(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.2f}"
    if hasattr(value, "strftime"):
        return value.strftime("%-d %b %Y")
    return xml_safe(str(value))


def _fill(text_node, text: str) -> None:
    """Put text in a cell's run, keeping its line breaks as Word line breaks."""
    run = text_node.getparent()
    first, *more = text.split("\n")
    text_node.text = first
    text_node.set(PRESERVE, "preserve")
    for line in more:
        run.append(OxmlElement("w:br"))
        node = OxmlElement("w:t")
        node.text = line
        node.set(PRESERVE, "preserve")
        run.append(node)


def add_table(document, headers: list[str], rows) -> None:
    """A table with a bold header row repeated on every page. Rows are copies of one prepared row, filled in:
    python-docx's add_row takes milliseconds a row, too slow for an action plan of thousands."""
    table = document.add_table(rows=2, cols=len(headers))
    table.style = "Table Grid"
    head, model = table.rows
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    head._tr.get_or_add_trPr().append(repeat)
    for cell, header in zip(head.cells, headers, strict=True):
        cell.paragraphs[0].add_run(header).bold = True
    for cell in model.cells:
        cell.text = "-"
    tbl, template = table._tbl, model._tr
    tbl.remove(template)
    for row in rows:
        tr = copy.deepcopy(template)
        for node, value in zip(list(tr.iter(W_T)), row, strict=True):
            _fill(node, _shown(value))
        tbl.append(tr)


def board_report(*, cycle: Cycle, progress: Progress) -> bytes:
    """The board report: summary figures, ratings by standard, by sector, against last year, the weakest
    standards as training needs, and the composite action plan."""
    figures, previous, comparisons = figures_with_last_year(cycle)
    returns, counted = composite.return_counts(cycle=cycle)
    sectors = composite.sector_breakdown(cycle=cycle, figures=figures)
    progress(20)
    document = Document()
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(1.8)
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(f"{xml_safe(cycle.title)}: composite report", 0)
    document.add_paragraph(
        f"{xml_safe(cycle.partnership.name)}. {xml_safe(cycle.template.title)}, version {cycle.template.version}. "
        f"Prepared on {timezone.localtime():%-d %B %Y at %H:%M}."
    )
    document.add_paragraph(
        f"Only returns that have been submitted or accepted are counted: {counted} of {returns} returns."
    )
    document.add_heading("Summary", 1)
    summary = [
        ["Returns counted", f"{counted} of {returns}"],
        ["Standards", len(figures)],
        ["Mean score across the standards", composite.overall_mean(figures)],
        ["Actions arising", composite.action_plan(cycle=cycle).count()],
        ["Compared with", previous.title if previous else "No earlier cycle of this audit"],
    ]
    add_table(document, ["Figure", "Value"], summary)
    document.add_heading("Ratings by standard", 1)
    headers, rows = distribution_table(cycle=cycle, figures=figures, comparisons=comparisons, safe=xml_safe)
    add_table(document, headers, rows)
    document.add_heading("By sector: mean score", 1)
    add_table(
        document,
        ["Standard", *[f"{name} ({n})" for name, n in sectors.sectors]],
        [[f"{figure.number}. {figure.standard.title}", *means] for figure, means in sectors.rows],
    )
    progress(40)
    document.add_heading("Training needs: the weakest standards", 1)
    needs = composite.training_needs(figures)
    if not needs:
        document.add_paragraph("No standard has been rated yet.")
    for figure in needs:
        document.add_paragraph(
            f"{figure.number}. {xml_safe(figure.standard.title)}: mean score {figure.mean:.2f}",
            style="List Number",
        )
    document.add_heading("Composite action plan", 1)
    add_table(document, ACTION_HEADERS[1:7], (row[1:7] for row in action_rows(cycle=cycle, safe=xml_safe)))
    progress(90)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
