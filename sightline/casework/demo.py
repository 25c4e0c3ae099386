"""Demo casework for the demo partnership: a practice learning line-of-sight event (the assurance demo's, if it
made one, otherwise one of our own) with a panel led by the demo ISO, three cases each audited by the demo
hospital trust and the council, a fourth case identified since whose audits are still to be asked for, and the
panel's first lines of enquiry. Every name and every word is invented.
Idempotent: an event that already has cases is left alone."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from sightline.assurance.models import Activity
from sightline.partnerships import services as partnership_services
from sightline.partnerships.demo.accounts import demo_account
from sightline.partnerships.models import Organisation, OrganisationMembership, Partnership

from . import audits, cases, panel, requests
from .models import Case, CaseAudit, PanelMember, PanelNote

EMAIL_DOMAIN = "demo.sightline.test"
TITLE = "Practice learning line of sight: neglect of younger children"
HOSPITAL = "Demo Hospitals NHS Foundation Trust"
COUNCIL = "Demo Borough Council"
COUNCIL_LEAD = ("council.lead", "Cora Council", "Principal social worker")

# Per case: its age band, and the grade each agency gives its work (the same for every graded part, for brevity).
CASES = [
    (Case.AgeBand.UNDER_1, {HOSPITAL: "good", COUNCIL: "requires-improvement"}),
    (Case.AgeBand.AGE_1_4, {HOSPITAL: "requires-improvement", COUNCIL: "good"}),
    (Case.AgeBand.AGE_5_10, {HOSPITAL: "good", COUNCIL: "good"}),
]
LATE_CASE = Case.AgeBand.AGE_1_4
TEXT = {
    "involvement-period": "The twelve months before the referral to children's social care.",
    "evidence": "Chronology and case notes show the concern was recorded and shared within two working days.",
    "strengths": "The practitioner knew the family well and kept the health visitor informed.",
    "development": "Home conditions were described but not analysed for what they meant for the child.",
    "voice-evidence": "The child was seen at home and at nursery; their play and words are recorded.",
    "voice-difference": "Attendance at nursery rose and the child's weight is now within the expected range.",
    "overall-learning": "Neglect builds slowly: chronologies help practitioners see the pattern.",
    "overall-actions": "Team managers will audit the use of chronologies in supervision next quarter.",
}


def _person(local: str):
    return get_user_model().objects.filter(email=f"{local}@{EMAIL_DOMAIN}").first()


def _organisation(partnership: Partnership, name: str) -> Organisation:
    return Organisation.objects.get(name=name, affiliations__partnership=partnership)


def _council_lead(partnership: Partnership, council: Organisation):
    local, name, title = COUNCIL_LEAD
    user = demo_account(email=f"{local}@{EMAIL_DOMAIN}", full_name=name)
    partnership_services.organisation_role_grant(
        by=None,
        partnership=partnership,
        user=user,
        organisation=council,
        role=OrganisationMembership.Role.LEAD,
        title=title,
    )
    return user


def _activity(partnership: Partnership) -> Activity:
    found = (
        Activity.objects.filter(partnership=partnership, kind=Activity.Kind.PRACTICE_LEARNING)
        .exclude(status__in=("closed", "withdrawn"))
        .order_by("created_at")
        .first()
    )
    if found is not None:
        return found
    return Activity.objects.create(
        partnership=partnership,
        kind=Activity.Kind.PRACTICE_LEARNING,
        title=TITLE,
        status="cases_identified",
    )


def _value(question, grade: str):
    if question.kind == "rating":
        return grade
    if question.kind == "yes_no_partly":
        return "yes"
    key = question.key
    for name in (
        "involvement-period",
        "voice-evidence",
        "voice-difference",
        "overall-learning",
        "overall-actions",
    ):
        if key == name:
            return TEXT[name]
    for part in ("evidence", "strengths", "development"):
        if key.endswith(part):
            return TEXT[part]
    if key == "involvement-summary-text":
        return (
            "Midwifery and health visiting from birth; two emergency department visits; a referral in spring."
        )
    return ""


def _write(case_audit: CaseAudit, lead, grade: str, *, submit: bool) -> None:
    standards = case_audit.template.standards.prefetch_related("questions").order_by("order")
    for number, standard in enumerate(standards):
        if not submit and number >= 2:
            break  # the third hospital audit is left part-written, for the demo lead to finish
        values = {q.key: _value(q, grade) for q in standard.questions.all()}
        audits.case_audit_save(
            by=lead,
            case_audit=case_audit,
            standard=standard,
            values=values,
            versions=dict.fromkeys(values, 0),
        )
    if submit:
        audits.case_audit_submit(by=lead, case_audit=case_audit)


def demo_casework_load(partnership: Partnership) -> Activity | None:
    business, iso = _person("business"), _person("iso")
    hospital_lead = _person("agency.lead")
    if business is None or iso is None or hospital_lead is None or requests.audit_template() is None:
        return None  # the demo accounts or the case-audit template are not loaded yet
    activity = _activity(partnership)
    if activity.cases.exists():
        return activity
    hospital, council = _organisation(partnership, HOSPITAL), _organisation(partnership, COUNCIL)
    council_lead = _council_lead(partnership, council)
    for person, role in (
        (iso, PanelMember.Role.ISO),
        (_person("la.partner"), PanelMember.Role.CHAIR),
        (_person("police.partner"), PanelMember.Role.MEMBER),
    ):
        if person is not None and not activity.panel.filter(user=person).exists():
            panel.panel_member_add(by=business, activity=activity, user=person, role=role)
    made = [
        cases.case_create(by=business, activity=activity, age_band=band, agencies=[hospital, council])
        for band, _ in CASES
    ]
    requests.case_audits_request(
        by=business, activity=activity, due_on=timezone.localdate() + timedelta(days=21)
    )
    for number, (case, (_, grades)) in enumerate(zip(made, CASES, strict=True)):
        for case_audit in case.audits.select_related(
            "organisation", "template", "case__activity__partnership"
        ):
            lead = hospital_lead if case_audit.organisation_id == hospital.pk else council_lead
            last_hospital = case_audit.organisation_id == hospital.pk and number == len(made) - 1
            _write(case_audit, lead, grades[case_audit.organisation.name], submit=not last_hospital)
    # Found after the others were sent out, so the business team still has to ask for its audits.
    cases.case_create(by=business, activity=activity, age_band=LATE_CASE, agencies=[hospital, council])
    panel.panel_note_add(
        by=iso,
        activity=activity,
        kind=PanelNote.Kind.ENQUIRY,
        text="How did practitioners decide when home conditions had become neglect rather than poverty?",
    )
    panel.panel_note_add(
        by=iso,
        activity=activity,
        kind=PanelNote.Kind.OBSERVATION,
        case=made[0],
        text="Both agencies saw the same signs in the first months, but neither chronology shows the other's.",
    )
    return activity
