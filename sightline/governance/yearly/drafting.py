"""Drafting the yearly report: a first draft for a period, a revised edition of a signed-off one, each section's
narrative (read by the identifying-details guard, as the report is published) and the partnership's own sections."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sightline.audit import services as audit
from sightline.casework.checking import guard_texts
from sightline.core.errors import TransitionError

from ..models import ReportSection, SectionKind, YearlyReport
from .common import (
    EDITABLE,
    FROZEN,
    locked,
    require_business_team,
)
from .periods import Period
from .sections import section_kinds_ensure


def _sections_make(report: YearlyReport, narratives: dict[str, str] | None = None) -> None:
    kinds = [kind for kind in section_kinds_ensure(report.partnership) if kind.active]
    ReportSection.objects.bulk_create(
        [
            ReportSection(
                report=report, kind=kind, order=kind.order, narrative=(narratives or {}).get(kind.key, "")
            )
            for kind in kinds
        ]
    )


@transaction.atomic
def yearly_report_start(*, by, partnership, period: Period, title: str = "") -> YearlyReport:
    """A first draft of the report for a period, with a section for each of the partnership's sections. One
    edition of a period is worked on at a time; once one is signed off, a correction is a new edition."""
    require_business_team(by, partnership)
    if period.end <= period.start:
        raise TransitionError("The period must end after it starts")
    if period.end.toordinal() - period.start.toordinal() > 366:
        raise TransitionError("A yearly report covers at most twelve months")
    existing = (
        YearlyReport.objects.filter(partnership=partnership, label=period.label).order_by("-edition").first()
    )
    if existing is not None:
        if existing.status in FROZEN:
            raise TransitionError(
                f"The report for {period.label} has been signed off: start a revised edition from its page instead"
            )
        raise TransitionError(f"A report for {period.label} is already being drafted: carry on with that one")
    report = YearlyReport.objects.create(
        partnership=partnership,
        period_start=period.start,
        period_end=period.end,
        label=period.label,
        title=(title or "").strip() or f"{partnership.name}: yearly report {period.label}",
        created_by=by,
    )
    _sections_make(report)
    audit.record(
        actor=by,
        verb="yearly_report.started",
        target=report,
        partnership=partnership,
        changes={"period": period.label, "sections": report.sections.count()},
    )
    return report


@transaction.atomic
def yearly_report_revise(*, by, report: YearlyReport) -> YearlyReport:
    """A new edition of a signed-off report, drafted from its text: its figures are counted afresh, and any whose
    records changed since sign-off are shown as changed."""
    report = locked(report)
    require_business_team(by, report.partnership)
    if report.status not in FROZEN:
        raise TransitionError("Only a signed-off report can be revised: this one can still be edited")
    later = YearlyReport.objects.filter(
        partnership=report.partnership, label=report.label, edition__gt=report.edition
    )
    if later.exists():
        raise TransitionError("A later edition of this report already exists: carry on with that one")
    revision = YearlyReport.objects.create(
        partnership=report.partnership,
        period_start=report.period_start,
        period_end=report.period_end,
        label=report.label,
        edition=report.edition + 1,
        previous=report,
        title=report.title,
        iso=report.iso,
        dispatch_within_days=report.dispatch_within_days,
        created_by=by,
    )
    _sections_make(revision, {section["key"]: section["narrative"] for section in report.frozen["sections"]})
    audit.record(
        actor=by,
        verb="yearly_report.revision_started",
        target=revision,
        partnership=report.partnership,
        changes={"revises_edition": report.edition, "edition": revision.edition},
    )
    return revision


@transaction.atomic
def section_update(
    *, by, section: ReportSection, narrative: str, expected_version: int, identifiers_confirmation: str = ""
) -> ReportSection:
    """Save a section's narrative. The report is published, so the guard reads it for identifying details."""
    section = (
        ReportSection.objects.select_for_update(of=("self",))
        .select_related("report__partnership", "kind")
        .get(pk=section.pk)
    )
    require_business_team(by, section.report.partnership)
    if section.report.status not in EDITABLE:
        raise TransitionError(
            f"The report is {section.report.get_status_display().lower()}: its text can no longer be changed"
        )
    if section.version != expected_version:
        raise TransitionError(
            "Someone else saved this section after you opened it: your text is below theirs, check both and save"
        )
    narrative = (narrative or "").strip()
    found = guard_texts({section.kind.title: narrative}, by=by, confirmation=identifiers_confirmation)
    before = section.narrative
    section.narrative = narrative
    section.updated_by, section.updated_at = by, timezone.now()
    section.version += 1
    section.save(update_fields=["narrative", "updated_by", "updated_at", "version"])
    audit.record(
        actor=by,
        verb="yearly_report.section_saved",
        target=section.report,
        partnership=section.report.partnership,
        changes={
            "section": section.kind.key,
            "narrative": {"before": before, "after": narrative},
            "identifiers_confirmed": found,
        },
    )
    return section


@transaction.atomic
def section_kind_add(*, by, partnership, title: str, guidance: str = "", figures=()) -> SectionKind:
    """A section of the partnership's own, added to every report drafted from now on (and to any draft now)."""
    from django.utils.text import slugify

    from .figures import FIGURES

    require_business_team(by, partnership)
    title = (title or "").strip()
    if not title:
        raise TransitionError("Give the section a title")
    unknown = [key for key in figures if key not in FIGURES]
    if unknown:
        raise TransitionError("Choose figures from the list")
    kinds = section_kinds_ensure(partnership)
    key = slugify(title)[:50] or "section"
    taken = {kind.key for kind in kinds}
    base, n = key, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    if any(kind.title.lower() == title.lower() for kind in kinds):
        raise TransitionError(f"There is already a section called {title}")
    kind = SectionKind.objects.create(
        partnership=partnership,
        key=key,
        title=title,
        guidance=(guidance or "").strip(),
        figures=list(figures),
        order=max(k.order for k in kinds) + 1,
    )
    for report in YearlyReport.objects.filter(partnership=partnership, status__in=EDITABLE):
        ReportSection.objects.create(report=report, kind=kind, order=kind.order)
    audit.record(
        actor=by,
        verb="yearly_report.section_added",
        target=kind,
        partnership=partnership,
        changes={"title": title, "figures": list(figures)},
    )
    return kind
