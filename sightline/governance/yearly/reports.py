"""The yearly report's lifecycle (ARCHITECTURE.md §3): drafting → ISO scrutiny → sign-off by the three lead partners
→ signed off (frozen) → published, then sent to the national bodies. A declined sign-off returns it to drafting with
the partners' reasons. A signed-off report is never edited: a correction is a new edition that revises it.

Each step checks who takes it and what must be true, records an audit event in the same transaction and refuses
anything else with a message saying what to do."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sightline import policy
from sightline.assurance import endorsements
from sightline.assurance.models_endorsements import EndorsementRequest
from sightline.audit import services as audit
from sightline.casework.checking import guard_texts
from sightline.core.errors import TransitionError
from sightline.notifications.services import notice_create, send_email_on_commit
from sightline.partnerships.models import PartnershipMembership

from ..models import ReportSection, SectionComment, SectionKind, YearlyReport
from .building import content_hash, snapshot
from .periods import Period
from .sections import section_kinds_ensure

Status = YearlyReport.Status
Role = PartnershipMembership.Role
EDITABLE = (Status.DRAFTING, Status.SCRUTINY)
FROZEN = (Status.SIGNED_OFF, Status.PUBLISHED)


def _require_business_team(by, partnership) -> None:
    if not policy.is_business_team(by, partnership):
        raise TransitionError("Only the partnership's business team can do this")


def _locked(report: YearlyReport) -> YearlyReport:
    return (
        YearlyReport.objects.select_for_update(of=("self",))
        .select_related("partnership", "iso", "previous")
        .get(pk=report.pk)
    )


def report_url(report: YearlyReport) -> str:
    return reverse("yearly_report_detail", kwargs={"slug": report.partnership.slug, "report_id": report.pk})


def _tell(report: YearlyReport, people, title: str) -> None:
    url = report_url(report)
    for person in people:
        notice_create(user=person, partnership=report.partnership, title=title, url=url)
        send_email_on_commit(
            to=person.email,
            subject=f"Sightline: {title}",
            template="governance/email/yearly_report.txt",
            context={"person": person, "report": report, "url": url, "title": title},
        )


def _business_team(partnership):
    return [
        membership.user
        for membership in PartnershipMembership.objects.filter(
            partnership=partnership, role=Role.BUSINESS_TEAM, user__is_active=True
        ).select_related("user")
    ]


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
    _require_business_team(by, partnership)
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
    report = _locked(report)
    _require_business_team(by, report.partnership)
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
    _require_business_team(by, section.report.partnership)
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

    _require_business_team(by, partnership)
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


@transaction.atomic
def report_send_for_scrutiny(*, by, report: YearlyReport, iso) -> YearlyReport:
    """Ask one of the partnership's ISOs to scrutinise the draft: they comment on sections and write the
    scrutiny statement that becomes part of the report. Asking another officer while one has it hands it over."""
    report = _locked(report)
    _require_business_team(by, report.partnership)
    if report.status not in EDITABLE:
        raise TransitionError(
            f"The report is {report.get_status_display().lower()}: only a draft can be sent"
        )
    if (
        iso is None
        or not PartnershipMembership.objects.filter(
            partnership=report.partnership, user=iso, role=Role.ISO, user__is_active=True
        ).exists()
    ):
        raise TransitionError("Choose one of the partnership's independent scrutiny officers")
    if report.status == Status.SCRUTINY and report.iso_id == iso.pk:
        raise TransitionError(f"{iso.get_full_name()} is already scrutinising it")
    # Another officer starts afresh: a statement is the officer's own.
    if report.iso_id not in (None, iso.pk):
        report.scrutiny_statement, report.scrutiny_done_at = "", None
    report.status, report.iso = Status.SCRUTINY, iso
    report.version += 1
    report.updated_at = timezone.now()
    report.save(
        update_fields=["status", "iso", "scrutiny_statement", "scrutiny_done_at", "version", "updated_at"]
    )
    audit.record(
        actor=by,
        verb="yearly_report.sent_for_scrutiny",
        target=report,
        partnership=report.partnership,
        changes={"iso": iso.email},
    )
    _tell(report, [iso], f"Please scrutinise the draft {report.title}")
    return report


def _require_scrutinising_iso(by, report: YearlyReport) -> None:
    if (
        report.iso_id is None
        or report.iso_id != getattr(by, "pk", None)
        or not policy.is_iso_of(by, report.partnership)
    ):
        raise TransitionError("Only the ISO asked to scrutinise this report can do this")
    if report.status != Status.SCRUTINY:
        raise TransitionError("The report is not with you for scrutiny")


@transaction.atomic
def section_comment_add(*, by, section: ReportSection, text: str) -> SectionComment:
    section = ReportSection.objects.select_related("report__partnership", "kind").get(pk=section.pk)
    report = _locked(section.report)
    _require_scrutinising_iso(by, report)
    text = (text or "").strip()
    if not text:
        raise TransitionError("Write your comment")
    comment = SectionComment.objects.create(section=section, author=by, text=text)
    audit.record(
        actor=by,
        verb="yearly_report.commented",
        target=report,
        partnership=report.partnership,
        changes={"section": section.kind.key, "comment": text},
    )
    _tell(report, _business_team(report.partnership), f"The ISO commented on {section.kind.title}")
    return comment


@transaction.atomic
def scrutiny_statement_save(*, by, report: YearlyReport, statement: str, complete: bool) -> YearlyReport:
    """Save the ISO's statement; with `complete`, the scrutiny is done and the business team can ask the partners
    to sign the report off."""
    report = _locked(report)
    _require_scrutinising_iso(by, report)
    statement = (statement or "").strip()
    if complete and not statement:
        raise TransitionError("Write the scrutiny statement before you finish your scrutiny")
    report.scrutiny_statement = statement
    report.scrutiny_done_at = timezone.now() if complete else None
    report.version += 1
    report.updated_at = timezone.now()
    report.save(update_fields=["scrutiny_statement", "scrutiny_done_at", "version", "updated_at"])
    audit.record(
        actor=by,
        verb="yearly_report.scrutiny_completed" if complete else "yearly_report.scrutiny_saved",
        target=report,
        partnership=report.partnership,
        changes={"statement": statement},
    )
    if complete:
        _tell(report, _business_team(report.partnership), f"The ISO has finished scrutinising {report.title}")
    return report


@transaction.atomic
def report_send_for_sign_off(*, by, report: YearlyReport) -> EndorsementRequest:
    """Ask the three delegated safeguarding partners to sign the report off. Every section needs its narrative and
    the ISO's scrutiny must be finished. They are asked to sign exactly this text: its hash is in the request."""
    report = _locked(report)
    _require_business_team(by, report.partnership)
    if report.status not in EDITABLE:
        raise TransitionError(
            f"The report is {report.get_status_display().lower()}: it cannot be sent for sign-off"
        )
    if report.scrutiny_done_at is None or not report.scrutiny_statement:
        raise TransitionError("The ISO must scrutinise the report and write their statement before sign-off")
    empty = [
        section.kind.title for section in report.sections.select_related("kind") if not section.narrative
    ]
    if empty:
        raise TransitionError("Write every section before sign-off. Still empty: " + "; ".join(empty))
    draft = snapshot(report, signed_off_by=[])
    request = endorsements.endorsement_request(
        by=by,
        yearly_report=report,
        subject=EndorsementRequest.Subject.YEARLY_REPORT,
        text=(
            f"{report.title} (edition {report.edition}), as it stands: content {content_hash(draft)[:16]}. "
            "Read it in full on its page before you decide."
        ),
        parties=endorsements.three_partners(report.partnership),
    )
    report.status = Status.SIGN_OFF
    report.version += 1
    report.updated_at = timezone.now()
    report.save(update_fields=["status", "version", "updated_at"])
    audit.record(
        actor=by,
        verb="yearly_report.sent_for_sign_off",
        target=report,
        partnership=report.partnership,
        changes={"request": str(request.pk), "draft_hash": content_hash(draft)},
    )
    return request


def sign_off_reached(request: EndorsementRequest, before: str) -> None:
    """The listener on the sign-off mechanism: agreed by all three, the report is frozen; declined, it goes back to
    drafting with the reasons. Runs in the deciding partner's transaction."""
    if request.yearly_report_id is None:
        return
    report = _locked(request.yearly_report)
    if report.status != Status.SIGN_OFF:
        return
    if request.outcome == EndorsementRequest.Outcome.AGREED:
        _freeze(report, request)
    elif request.outcome == EndorsementRequest.Outcome.DECLINED:
        reasons = [
            f"{party.get_signs_for_display()}: {party.comment}"
            for party in request.parties.all()
            if party.decision == party.Decision.DECLINED
        ]
        report.status = Status.DRAFTING
        report.version += 1
        report.save(update_fields=["status", "version"])
        audit.record(
            verb="yearly_report.returned",
            target=report,
            partnership=report.partnership,
            changes={"reasons": reasons},
        )
        _tell(report, _business_team(report.partnership), f"{report.title} was returned by a lead partner")


def _freeze(report: YearlyReport, request: EndorsementRequest) -> None:
    signed = [
        {
            "name": party.user.get_full_name() or party.user.email,
            "signs_for": party.get_signs_for_display(),
            "at": party.decided_at.isoformat() if party.decided_at else "",
        }
        for party in request.parties.select_related("user").order_by("order")
    ]
    data = snapshot(report, signed_off_by=signed)
    digest = content_hash(data)
    report.frozen, report.content_hash, report.frozen_at = data, digest, timezone.now()
    report.status = Status.SIGNED_OFF
    report.version += 1
    report.save(update_fields=["frozen", "content_hash", "frozen_at", "status", "version"])
    audit.record(
        verb="yearly_report.signed_off",
        target=report,
        partnership=report.partnership,
        changes={
            "content_hash": digest,
            "figures": {
                item["key"]: item["value"] for section in data["sections"] for item in section["figures"]
            },
            "signed_off_by": [row["signs_for"] for row in signed],
        },
    )
    _tell(
        report, _business_team(report.partnership), f"{report.title} is signed off by the three lead partners"
    )


@transaction.atomic
def report_publish(*, by, report: YearlyReport, published_on: date) -> YearlyReport:
    report = _locked(report)
    _require_business_team(by, report.partnership)
    if report.status != Status.SIGNED_OFF:
        raise TransitionError("Only a report the three lead partners have signed off can be published")
    if published_on is None or published_on > timezone.localdate():
        raise TransitionError("Give the day it was published: today or earlier")
    if published_on < report.frozen_at.date():
        raise TransitionError("It cannot have been published before it was signed off")
    report.status, report.published_on = Status.PUBLISHED, published_on
    report.version += 1
    report.save(update_fields=["status", "published_on", "version"])
    audit.record(
        actor=by,
        verb="yearly_report.published",
        target=report,
        partnership=report.partnership,
        changes={"published_on": published_on.isoformat(), "content_hash": report.content_hash},
    )
    return report


@transaction.atomic
def report_dispatch_record(
    *, by, report: YearlyReport, sent_to_panel_on: date | None, sent_to_department_on: date | None
) -> YearlyReport:
    """Record when the published report was sent to the national review panel and to the Department for
    Education. A date once recorded stays; each is between publication and today."""
    report = _locked(report)
    _require_business_team(by, report.partnership)
    if report.status != Status.PUBLISHED:
        raise TransitionError("Record the publication first: a report is sent once it is published")
    if sent_to_panel_on is None and sent_to_department_on is None:
        raise TransitionError("Give at least one date")
    today = timezone.localdate()
    changes = {}
    for name, value in (
        ("sent_to_panel_on", sent_to_panel_on),
        ("sent_to_department_on", sent_to_department_on),
    ):
        if value is None:
            continue
        if value < report.published_on or value > today:
            raise TransitionError(
                "A date it was sent is on or after the day it was published, and not in the future"
            )
        if getattr(report, name) is not None and getattr(report, name) != value:
            raise TransitionError("That date is already recorded")
        setattr(report, name, value)
        changes[name] = value.isoformat()
    report.version += 1
    report.save(update_fields=["sent_to_panel_on", "sent_to_department_on", "version"])
    audit.record(
        actor=by,
        verb="yearly_report.dispatched",
        target=report,
        partnership=report.partnership,
        changes=changes,
    )
    return report
