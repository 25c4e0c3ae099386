"""The panel pack: one Word document (python-docx) for the panel of an activity, with a cover, the panel, the case
sample by pseudonymous reference, each submitted audit's answers, and the panel's lines of enquiry and reflective
observations. Building it is a read of every audit in it, so each is recorded, with the download itself."""

from __future__ import annotations

import io

from django.db import transaction
from django.utils import timezone
from docx import Document
from docx.shared import Cm, Pt

from sightline.assessments.exports import xml_safe
from sightline.assessments.exports_docx import add_table
from sightline.audit import services as audit

from . import audits, selectors
from .models import CaseAudit, PanelNote


def _text(value) -> str:
    return xml_safe(str(value or ""))


def _audits_by_case(activity) -> dict:
    found: dict = {}
    for case_audit in (
        CaseAudit.objects.filter(case__activity=activity, status=CaseAudit.Status.SUBMITTED)
        .select_related("case__activity__partnership", "organisation", "template")
        .order_by("case__created_at", "organisation__name")
    ):
        found.setdefault(case_audit.case_id, []).append(case_audit)
    return found


def _cover(document, activity) -> None:
    document.add_heading(f"Panel pack: {_text(activity.title)}", 0)
    document.add_paragraph(
        f"{_text(activity.partnership.name)}. {activity.get_kind_display()}. "
        f"Prepared on {timezone.localtime():%-d %B %Y at %H:%M}."
    )
    document.add_paragraph(
        "For the panel only: do not forward or print more copies than you need. Cases are known here by their "
        "pseudonymous references only. Only audits the agencies have submitted are included."
    )


def _audit(document, case_audit: CaseAudit) -> None:
    document.add_heading(
        f"{_text(case_audit.organisation.name)}: audit submitted on {case_audit.submitted_at:%-d %B %Y}", 2
    )
    for block in selectors.audit_answers(case_audit=case_audit):
        document.add_heading(_text(block["section"].title), 3)
        for item in block["standards"]:
            rows = [[row["question"].text, row["shown"] or "Not answered"] for row in item["rows"]]
            if len(block["standards"]) > 1:
                document.add_paragraph(_text(item["standard"].title)).runs[0].bold = True
            add_table(document, ["Question", "Answer"], [[_text(q), _text(a)] for q, a in rows])


def _notes(document, notes, kind: str, heading: str, empty: str) -> None:
    document.add_heading(heading, 1)
    chosen = [note for note in notes if note.kind == kind]
    if not chosen:
        document.add_paragraph(empty)
        return
    add_table(
        document,
        ["Panel member", "Case", "Text"],
        [[_text(n.author), n.case.reference if n.case else "All the cases", _text(n.text)] for n in chosen],
    )


@transaction.atomic
def panel_pack_build(*, by, activity) -> bytes:
    """The pack as .docx bytes. Records the download and a read of each audit in it."""
    cases = list(selectors.cases_of(activity=activity))
    by_case = _audits_by_case(activity)
    notes = list(selectors.notes_of(activity=activity))
    document = Document()
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(1.8)
    document.styles["Normal"].font.size = Pt(10)
    _cover(document, activity)
    document.add_heading("The panel", 1)
    add_table(
        document,
        ["Name", "Role"],
        [[_text(m.user), m.get_role_display()] for m in selectors.panel_of(activity=activity)],
    )
    document.add_heading("The cases", 1)
    add_table(
        document,
        ["Reference", "Age band", "Agencies involved", "Audits submitted"],
        [
            [
                case.reference,
                case.get_age_band_display(),
                ", ".join(_text(a.name) for a in case.agencies.all()),
                f"{len(by_case.get(case.pk, []))} of {len(case.audits.all())}",
            ]
            for case in cases
        ],
    )
    included = []
    for case in cases:
        document.add_heading(f"Case {case.reference} ({case.get_age_band_display()})", 1)
        submitted = by_case.get(case.pk, [])
        if not submitted:
            document.add_paragraph("No audit of this case has been submitted yet.")
        for case_audit in submitted:
            _audit(document, case_audit)
            included.append(case_audit)
    _notes(document, notes, PanelNote.Kind.ENQUIRY, "Lines of enquiry", "No lines of enquiry yet.")
    _notes(document, notes, PanelNote.Kind.OBSERVATION, "Reflective observations", "No observations yet.")
    for case_audit in included:
        audits.case_audit_read(by=by, case_audit=case_audit, via="panel pack")
    audit.record(
        actor=by,
        verb="panel_pack.downloaded",
        target=activity,
        partnership=activity.partnership,
        changes={"audits": [str(a.pk) for a in included]},
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
