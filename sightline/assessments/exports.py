"""The composite's downloads: the board report (DOCX) and the data (XLSX and CSV). They are built by the worker
(tasks.build_export) from the same selectors as the page; `export_request` queues one and logs it
(QUALITY.md L1: every export is logged)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator

from django.db import transaction
from django.utils.text import slugify

from sightline.audit import services as audit
from sightline.core.errors import TransitionError

from . import composite
from .models import Cycle, ExportJob, Question

Progress = Callable[[int], None]

KINDS = {
    "composite_docx": ("Board report (Word document)", "docx"),
    "composite_xlsx": ("The data (Excel workbook)", "xlsx"),
    "composite_csv": ("The answers (CSV file)", "csv"),
}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
ANSWER_HEADERS = ["Organisation", "Sector", "Section", "Standard", "Question", "Answer", "Score"]
ACTION_HEADERS = ["Section", "Standard", "Organisation", "Sector", "Action", "Lead", "Due", "Progress", "RAG"]
# Characters XML (and so Word and Excel files) cannot hold: control characters other than tab and newlines.
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
EVERY = 2000  # rows between progress updates
# Column widths in the workbook, in characters: wide for the words people wrote, narrow for codes and numbers.
WIDTHS = {
    "Organisation": 36,
    "Sector": 14,
    "Section": 28,
    "Standard": 40,
    "Question": 50,
    "Answer": 70,
    "Action": 60,
    "Lead": 24,
}


def xml_safe(value):
    """A value a Word or Excel file can hold: control characters other than tab and newlines dropped."""
    return ILLEGAL.sub("", value) if isinstance(value, str) else value


def clean(value):
    """A spreadsheet cell made safe: XML-safe, and a formula (= + - @ …) turned into text with a '."""
    value = xml_safe(value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@transaction.atomic
def export_request(*, by, cycle: Cycle, kind: str) -> ExportJob:
    """Queue a composite export for the worker. The request is in the audit trail; the task starts once this
    transaction commits, so it never looks for a job that is not yet saved."""
    from .tasks import build_export

    if kind not in KINDS:
        raise TransitionError("Choose the board report, the data workbook or the answers file")
    job = ExportJob.objects.create(partnership=cycle.partnership, cycle=cycle, kind=kind, requested_by=by)
    audit.record(
        actor=by,
        verb="export.requested",
        target=cycle,
        partnership=cycle.partnership,
        changes={"export": kind, "job": str(job.pk)},
    )
    transaction.on_commit(lambda: build_export.enqueue(job_id=str(job.pk)))
    return job


def filename_for(cycle: Cycle, kind: str) -> str:
    stem = slugify(cycle.title)[:80] or "cycle"
    suffix = {"composite_csv": "answers", "composite_xlsx": "data"}.get(kind, "board-report")
    return f"{stem}-composite-{suffix}.{KINDS[kind][1]}"


# Rows shared by the workbook, the CSV and the report.


def _answer_text(row: dict, question: dict, levels: dict) -> str:
    if row["not_applicable"]:
        return composite.NOT_APPLICABLE
    kind = question["kind"]
    if kind == Question.Kind.RATING:
        return levels.get(row["choice"], row["choice"])
    if kind in (Question.Kind.SINGLE_CHOICE, Question.Kind.YES_NO, Question.Kind.YES_NO_PARTLY):
        return question["labels"].get(row["choice"], row["choice"].capitalize())
    if kind == Question.Kind.MULTIPLE_CHOICE:
        return "; ".join(question["labels"].get(value, value) for value in row["choices"] or [])
    if kind == Question.Kind.NUMBER:
        return "" if row["number"] is None else f"{row['number']:f}"
    if kind == Question.Kind.DATE:
        return row["date"].isoformat() if row["date"] else ""
    return row["text"]


def answer_rows(*, cycle: Cycle, progress: Progress | None = None) -> Iterator[list]:
    """One row per organisation × question answered in a counted return, in the template's order."""
    questions = {
        pk: {
            "kind": kind,
            "labels": {str(c.get("value")): str(c.get("label")) for c in choices if isinstance(c, dict)},
        }
        for pk, kind, choices in Question.objects.filter(template_id=cycle.template_id).values_list(
            "pk", "kind", "choices"
        )
    }
    levels = {str(level["value"]): str(level["label"]) for level in cycle.template.levels}
    answers = (
        composite.counted_answers(cycle=cycle)
        .order_by(
            "submission__organisation__name",
            "submission_id",
            "question__standard__section__order",
            "question__standard__order",
            "question__order",
        )
        .values(
            "submission__organisation__name",
            "submission__organisation__type",
            "question__standard__section__title",
            "question__standard__title",
            "question__text",
            "question_id",
            "text",
            "choice",
            "choices",
            "number",
            "date",
            "not_applicable",
            "score",
        )
    )
    total = answers.count() if progress else 0
    for done, row in enumerate(answers.iterator(chunk_size=EVERY), start=1):
        question = questions.get(row["question_id"], {"kind": "", "labels": {}})
        yield [
            clean(row["submission__organisation__name"]),
            composite.sector_of(row["submission__organisation__type"]),
            clean(row["question__standard__section__title"]),
            clean(row["question__standard__title"]),
            clean(row["question__text"]),
            clean(_answer_text(row, question, levels)),
            row["score"],
        ]
        if progress and done % EVERY == 0:
            progress(10 + int(70 * done / total))


def action_rows(*, cycle: Cycle, safe=clean) -> Iterator[list]:
    for action in composite.action_plan(cycle=cycle).iterator(chunk_size=EVERY):
        organisation = action.submission.organisation
        yield [
            safe(action.standard.section.title),
            safe(action.standard.title),
            safe(organisation.name),
            organisation.sector,
            safe(action.what),
            safe(action.lead),
            action.due_on,
            action.get_progress_display(),
            action.get_rag_display(),
        ]


def distribution_table(*, cycle: Cycle, figures, comparisons, safe=clean) -> tuple[list[str], list[list]]:
    headers = [
        "Number",
        "Standard",
        *[str(level["label"]) for level in cycle.template.levels],
        composite.NOT_APPLICABLE,
        "Answers",
        "Mean score",
        "Last year's mean",
    ]
    rows = [
        [
            figure.number,
            safe(figure.standard.title),
            *figure.counts,
            figure.not_applicable,
            figure.answers,
            figure.mean,
            comparison.last_year,
        ]
        for figure, comparison in zip(figures, comparisons, strict=True)
    ]
    return headers, rows


def figures_with_last_year(cycle: Cycle):
    figures = composite.distribution(cycle=cycle, standards=composite.standards_of(cycle=cycle))
    previous = composite.previous_cycle(cycle=cycle)
    return figures, previous, composite.standard_comparison(figures=figures, previous=previous)


def _nothing(_: int) -> None:
    return None


# The three files.


def build_csv(cycle: Cycle, progress: Progress = _nothing) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ANSWER_HEADERS)
    for row in answer_rows(cycle=cycle, progress=progress):
        writer.writerow(["" if cell is None else cell for cell in row])
    # A byte-order mark tells Excel the file is UTF-8.
    return buffer.getvalue().encode("utf-8-sig")


def build_xlsx(cycle: Cycle, progress: Progress = _nothing) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)

    def sheet(title: str, headers: list[str]):
        worksheet = workbook.create_sheet(title)
        worksheet.freeze_panes = "A2"
        for column, header in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", headers, strict=False):
            worksheet.column_dimensions[column].width = WIDTHS.get(header, max(10, len(header) + 2))
        bold = []
        for header in headers:
            cell = WriteOnlyCell(worksheet, value=header)
            cell.font = Font(bold=True)
            bold.append(cell)
        worksheet.append(bold)
        return worksheet

    sheet("Answers", ANSWER_HEADERS)  # its rows are spliced in below
    actions = sheet("Actions", ACTION_HEADERS)
    for row in action_rows(cycle=cycle):
        actions.append(row)
    progress(10)
    figures, _, comparisons = figures_with_last_year(cycle)
    headers, rows = distribution_table(cycle=cycle, figures=figures, comparisons=comparisons)
    distribution = sheet("Distribution", headers)
    for row in rows:
        distribution.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _splice_rows(buffer.getvalue(), ANSWERS_PART, answer_rows(cycle=cycle, progress=progress))


# openpyxl names a write-only workbook's sheets in the order they are made: Answers is the first.
ANSWERS_PART = "xl/worksheets/sheet1.xml"


def xml_text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _row_xml(number: int, row: list) -> str:
    cells = []
    for column, value in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", row, strict=False):
        if value is None:
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            cells.append(f'<c r="{column}{number}"><v>{value}</v></c>')
        else:
            text = xml_text(str(value))
            cells.append(
                f'<c r="{column}{number}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
            )
    return f'<row r="{number}">{"".join(cells)}</row>'


def _splice_rows(workbook: bytes, part: str, rows: Iterator[list]) -> bytes:
    """Write one sheet's rows straight into the saved workbook's XML, after the header row openpyxl wrote.
    openpyxl spends about 20 microseconds a cell; a return round of 1,500 organisations has over a million
    answer cells, and this writes them as inline strings in a few seconds."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename != part:
                target.writestr(info, data)
                continue
            head, tail = data.decode("utf-8").split("</sheetData>", 1)
            head = re.sub(r'<dimension ref="[^"]*"\s*/>', "", head)  # the rows below change the extent
            with target.open(part, "w", force_zip64=True) as stream:
                stream.write(head.encode("utf-8"))
                batch = []
                for number, row in enumerate(rows, start=2):
                    batch.append(_row_xml(number, row))
                    if len(batch) == EVERY:
                        stream.write("".join(batch).encode("utf-8"))
                        batch = []
                stream.write(("".join(batch) + "</sheetData>" + tail).encode("utf-8"))
    return output.getvalue()


def build_docx(cycle: Cycle, progress: Progress = _nothing) -> bytes:
    from .exports_docx import board_report

    return board_report(cycle=cycle, progress=progress)


BUILDERS = {"composite_docx": build_docx, "composite_xlsx": build_xlsx, "composite_csv": build_csv}


def build(job: ExportJob, progress: Progress = _nothing) -> tuple[str, bytes]:
    """The file for a job: its download name and content."""
    content = BUILDERS[job.kind](job.cycle, progress)
    return filename_for(job.cycle, job.kind), content
