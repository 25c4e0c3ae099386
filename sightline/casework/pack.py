"""The panel pack, for the panel of an activity only: a cover, the panel, the case sample by pseudonymous reference,
each submitted audit's answers, and the panel's lines of enquiry and reflective observations. It is made as a Word
document (python-docx) or as a PDF (WeasyPrint, through sightline.core.pdf) from the same contents. Making it is a
read of every audit in it, so each is recorded, with the download itself and its format."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from docx import Document
from docx.shared import Cm, Pt

from sightline.assessments.exports import xml_safe
from sightline.assessments.exports_docx import add_table
from sightline.audit import services as audit
from sightline.core.pdf import render_pdf

from . import audits, selectors
from .models import CaseAudit, PanelNote

FOR_THE_PANEL_ONLY = (
    "For the panel only: do not forward or print more copies than you need. Cases are known here by their "
    "pseudonymous references only. Only audits the agencies have submitted are included."
)


@dataclass
class PackCase:
    case: object
    audits: list = field(default_factory=list)  # [(CaseAudit, its sections from selectors.audit_answers)]

    @property
    def summary(self) -> str:
        return f"{len(self.audits)} of {len(self.case.audits.all())}"


@dataclass
class PackContents:
    activity: object
    prepared_at: object
    panel: list
    cases: list[PackCase]
    enquiries: list[PanelNote]
    observations: list[PanelNote]

    @property
    def included(self) -> list[CaseAudit]:
        return [case_audit for item in self.cases for case_audit, _ in item.audits]


def _submitted_by_case(activity) -> dict:
    found: dict = {}
    for case_audit in (
        CaseAudit.objects.filter(case__activity=activity, status=CaseAudit.Status.SUBMITTED)
        .select_related("case__activity__partnership", "organisation", "template")
        .order_by("case__created_at", "organisation__name")
    ):
        found.setdefault(case_audit.case_id, []).append(case_audit)
    return found


def pack_contents(*, activity) -> PackContents:
    """What goes into the pack, whatever its format: only submitted audits, each with its answers."""
    submitted = _submitted_by_case(activity)
    cases = [
        PackCase(case, [(a, selectors.audit_answers(case_audit=a)) for a in submitted.get(case.pk, [])])
        for case in selectors.cases_of(activity=activity)
    ]
    notes = list(selectors.notes_of(activity=activity))
    return PackContents(
        activity=activity,
        prepared_at=timezone.localtime(),
        panel=list(selectors.panel_of(activity=activity)),
        cases=cases,
        enquiries=[n for n in notes if n.kind == PanelNote.Kind.ENQUIRY],
        observations=[n for n in notes if n.kind == PanelNote.Kind.OBSERVATION],
    )


def _record_download(*, by, contents: PackContents, form: str) -> None:
    for case_audit in contents.included:
        audits.case_audit_read(by=by, case_audit=case_audit, via="panel pack")
    activity = contents.activity
    audit.record(
        actor=by,
        verb="panel_pack.downloaded",
        target=activity,
        partnership=activity.partnership,
        changes={"format": form, "audits": [str(a.pk) for a in contents.included]},
    )


def _text(value) -> str:
    return xml_safe(str(value or ""))


def _docx_audit(document, case_audit: CaseAudit, sections: list) -> None:
    document.add_heading(
        f"{_text(case_audit.organisation.name)}: audit submitted on {case_audit.submitted_at:%-d %B %Y}", 2
    )
    for block in sections:
        document.add_heading(_text(block["section"].title), 3)
        for item in block["standards"]:
            rows = [[row["question"].text, row["shown"] or "Not answered"] for row in item["rows"]]
            if len(block["standards"]) > 1:
                document.add_paragraph(_text(item["standard"].title)).runs[0].bold = True
            add_table(document, ["Question", "Answer"], [[_text(q), _text(a)] for q, a in rows])


def _docx_notes(document, notes, heading: str, empty: str) -> None:
    document.add_heading(heading, 1)
    if not notes:
        document.add_paragraph(empty)
        return
    add_table(
        document,
        ["Panel member", "Case", "Text"],
        [[_text(n.author), n.case.reference if n.case else "All the cases", _text(n.text)] for n in notes],
    )


def _docx(contents: PackContents) -> bytes:
    activity = contents.activity
    document = Document()
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(1.8)
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(f"Panel pack: {_text(activity.title)}", 0)
    document.add_paragraph(
        f"{_text(activity.partnership.name)}. {activity.get_kind_display()}. "
        f"Prepared on {contents.prepared_at:%-d %B %Y at %H:%M}."
    )
    document.add_paragraph(FOR_THE_PANEL_ONLY)
    document.add_heading("The panel", 1)
    add_table(document, ["Name", "Role"], [[_text(m.user), m.get_role_display()] for m in contents.panel])
    document.add_heading("The cases", 1)
    add_table(
        document,
        ["Reference", "Age band", "Agencies involved", "Audits submitted"],
        [
            [
                item.case.reference,
                item.case.get_age_band_display(),
                ", ".join(_text(a.name) for a in item.case.agencies.all()),
                item.summary,
            ]
            for item in contents.cases
        ],
    )
    for item in contents.cases:
        document.add_heading(f"Case {item.case.reference} ({item.case.get_age_band_display()})", 1)
        if not item.audits:
            document.add_paragraph("No audit of this case has been submitted yet.")
        for case_audit, sections in item.audits:
            _docx_audit(document, case_audit, sections)
    _docx_notes(document, contents.enquiries, "Lines of enquiry", "No lines of enquiry yet.")
    _docx_notes(document, contents.observations, "Reflective observations", "No observations yet.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@transaction.atomic
def panel_pack_build(*, by, activity) -> bytes:
    """The pack as .docx bytes. Records the download and a read of each audit in it."""
    contents = pack_contents(activity=activity)
    _record_download(by=by, contents=contents, form="docx")
    return _docx(contents)


@transaction.atomic
def panel_pack_pdf(*, by, activity) -> bytes:
    """The pack as PDF bytes, from a standalone template that fetches nothing. Records the download and a read
    of each audit in it."""
    contents = pack_contents(activity=activity)
    _record_download(by=by, contents=contents, form="pdf")
    return render_pdf(
        "casework/pack/panel_pack.html", {"pack": contents, "for_the_panel_only": FOR_THE_PANEL_ONLY}
    )
