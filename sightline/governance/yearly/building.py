"""What the yearly report says, section by section: the narrative people wrote and the figures counted from records.
A report being drafted counts its figures now; a frozen one (signed off) reads them from its snapshot, so it never
changes after sign-off. A draft that revises a frozen edition shows each figure whose records have changed since."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django.urls import reverse

from ..models import ReportSection, YearlyReport
from .figures import FIGURES, Figure, Row
from .periods import Period


def period_of(report: YearlyReport) -> Period:
    return Period(report.period_start, report.period_end)


@dataclass
class FigureView:
    key: str
    label: str
    query: str
    value: int
    target: int | None
    url: str
    changed: str = ""  # on a revising draft: how the figure's records differ from the signed-off edition's


@dataclass
class SectionView:
    key: str
    title: str
    guidance: str
    narrative: str
    figures: list[FigureView] = field(default_factory=list)
    section: ReportSection | None = None
    comments: list = field(default_factory=list)  # the ISO's comments on a draft section


def evidence_url(report: YearlyReport, key: str) -> str:
    return reverse(
        "yearly_report_figure", kwargs={"slug": report.partnership.slug, "report_id": report.pk, "key": key}
    )


def records_of(report: YearlyReport, figure: Figure):
    return figure.records(report.partnership, period_of(report))


def rows_of(report: YearlyReport, figure: Figure) -> list[tuple[str, Row]]:
    """(record id, how it is named) for each record the figure counts, in a stable order."""
    slug, period = report.partnership.slug, period_of(report)
    return [(str(record.pk), figure.row(record, slug, period)) for record in records_of(report, figure)]


def _previous_ids(report: YearlyReport) -> dict[str, set[str]]:
    previous = report.previous
    if previous is None or previous.frozen is None:
        return {}
    return {
        item["key"]: {row["id"] for row in item["records"]}
        for section in previous.frozen["sections"]
        for item in section["figures"]
    }


def _changed(before: set[str] | None, now: set[str]) -> str:
    if before is None or before == now:
        return ""
    added, removed = len(now - before), len(before - now)
    parts = [f"{added} added" if added else "", f"{removed} no longer counted" if removed else ""]
    return f"Changed since the signed-off edition (was {len(before)}: {', '.join(p for p in parts if p)})"


def sections_of(report: YearlyReport) -> list[SectionView]:
    """The report's sections with their figures: from the snapshot once frozen, counted now before."""
    if report.frozen is not None:
        return [
            SectionView(
                key=section["key"],
                title=section["title"],
                guidance="",
                narrative=section["narrative"],
                figures=[
                    FigureView(
                        key=item["key"],
                        label=item["label"],
                        query=item["query"],
                        value=item["value"],
                        target=item["target"],
                        url=evidence_url(report, item["key"]),
                    )
                    for item in section["figures"]
                ],
            )
            for section in report.frozen["sections"]
        ]
    previous = _previous_ids(report)
    views = []
    for section in report.sections.select_related("kind").order_by("order"):
        figures = []
        for key in section.kind.figures:
            figure = FIGURES.get(key)
            if figure is None:
                continue
            records = records_of(report, figure)
            if key in previous:
                ids = {str(pk) for pk in records.values_list("pk", flat=True)}
                value, changed = len(ids), _changed(previous[key], ids)
            else:
                value, changed = records.count(), ""
            figures.append(
                FigureView(
                    key=key,
                    label=figure.label,
                    query=figure.query,
                    value=value,
                    target=figure.target,
                    url=evidence_url(report, key),
                    changed=changed,
                )
            )
        views.append(
            SectionView(
                key=section.kind.key,
                title=section.kind.title,
                guidance=section.kind.guidance,
                narrative=section.narrative,
                figures=figures,
                section=section,
            )
        )
    return views


def snapshot(report: YearlyReport, *, signed_off_by: list[dict]) -> dict:
    """Everything the signed-off report says, and the records behind each figure, as plain data."""
    sections = []
    for section in report.sections.select_related("kind").order_by("order"):
        figures = []
        for key in section.kind.figures:
            figure = FIGURES.get(key)
            if figure is None:
                continue
            rows = rows_of(report, figure)
            figures.append(
                {
                    "key": key,
                    "label": figure.label,
                    "query": figure.query,
                    "target": figure.target,
                    "value": len(rows),
                    "records": [{"id": pk, "text": row.text, "url": row.url} for pk, row in rows],
                }
            )
        sections.append(
            {
                "key": section.kind.key,
                "title": section.kind.title,
                "narrative": section.narrative,
                "figures": figures,
            }
        )
    return {
        "title": report.title,
        "label": report.label,
        "edition": report.edition,
        "period": {"start": report.period_start.isoformat(), "end": report.period_end.isoformat()},
        "sections": sections,
        "scrutiny": {
            "by": report.iso.get_full_name() if report.iso_id else "",
            "statement": report.scrutiny_statement,
        },
        "signed_off_by": signed_off_by,
    }


def content_hash(data: dict) -> str:
    """SHA-256 of the snapshot in one canonical form: the same content always gives the same hash."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def figure_rows(report: YearlyReport, key: str) -> list[dict] | None:
    """The records a figure counts, as the evidence page lists them: frozen ones from the snapshot."""
    if report.frozen is not None:
        for section in report.frozen["sections"]:
            for item in section["figures"]:
                if item["key"] == key:
                    return item["records"]
        return None
    figure = FIGURES.get(key)
    shown = any(key in section.kind.figures for section in report.sections.select_related("kind"))
    if figure is None or not shown:
        return None
    return [{"id": pk, "text": row.text, "url": row.url} for pk, row in rows_of(report, figure)]
