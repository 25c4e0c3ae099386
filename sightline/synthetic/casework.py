"""Cases and single-agency case audits for the assurance activities that sample cases (line-of-sight events and
multi-agency audits): pseudonymous references and age bands only, each involved agency's audit of each case
(requested, part-written or returned, as far as the activity has gone), answered on the library's case-audit
template with bulk inserts, and the panel that reads them with its preparation notes."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from sightline.casework.models import Case, CaseAudit, CaseAuditAnswer, PanelMember, PanelNote
from sightline.casework.references import ALPHABET, LENGTH, prefix_for
from sightline.casework.requests import audit_template

from .register import Register
from .returns import answerable, answers_for
from .text import sentence, uid

# The step after which an activity of each kind has its cases, and the step by which every audit is in.
CASES_FROM = {
    "practice_learning": "cases_identified",
    "case_specific": "convened",
    "partnership_audit": "dates_fixed",
}
AUDITS_IN_BY = {
    "practice_learning": "audits_returned",
    "case_specific": "audits_in",
    "partnership_audit": "held",
}
PANEL_KINDS = ("practice_learning", "case_specific")
AGE_BANDS = {"unborn": 4, "under_1": 14, "1_4": 22, "5_10": 26, "11_15": 24, "16_17": 10}
# Grades a practitioner's work gets in a case audit, best first; most is good enough, a little is not.
GRADES = (30, 45, 20, 5)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(14)))


def _reference(register: Register, kind: str, year: int, rng: random.Random) -> str:
    while True:
        reference = f"{prefix_for(kind)}-{year}-{''.join(rng.choice(ALPHABET) for _ in range(LENGTH))}"
        if reference not in register.case_references:
            register.case_references.add(reference)
            return reference


def cases_make(register: Register, activity, done: set, started: date, rng: random.Random) -> int:
    kind = activity.kind
    template = audit_template()
    if kind not in CASES_FROM or CASES_FROM[kind] not in done or template is None:
        return 0
    involved = list(activity.involved_agencies.order_by("name"))
    cases = [
        Case(
            id=uid(rng),
            partnership=register.partnership,
            activity=activity,
            reference=_reference(register, kind, started.year, rng),
            age_band=rng.choices(list(AGE_BANDS), list(AGE_BANDS.values()), k=1)[0],
            created_by=register.business,
            created_at=_at(started + timedelta(days=7)),
        )
        for _ in range(rng.randint(6, 10) if kind == "partnership_audit" else rng.randint(3, 5))
    ]
    Case.objects.bulk_create(cases)
    links, audits = [], []
    all_in = AUDITS_IN_BY[kind] in done
    for case in cases:
        for agency in rng.sample(involved, k=min(len(involved), rng.randint(2, 3))):
            links.append(Case.agencies.through(case_id=case.pk, organisation_id=agency.pk))
            status = "submitted" if all_in else rng.choices(list(CaseAudit.Status), (30, 40, 30), k=1)[0]
            lead = register.leads.get(agency.pk)
            audits.append(
                CaseAudit(
                    id=uid(rng),
                    case=case,
                    organisation=agency,
                    template=template,
                    status=status,
                    due_on=started + timedelta(days=40),
                    requested_by=register.business,
                    requested_at=_at(started + timedelta(days=10)),
                    submitted_by=lead if status == "submitted" else None,
                    submitted_at=_at(started + timedelta(days=rng.randint(20, 45)))
                    if status == "submitted"
                    else None,
                )
            )
    Case.agencies.through.objects.bulk_create(links)
    CaseAudit.objects.bulk_create(audits)
    _answers(audits, template, rng)
    if kind in PANEL_KINDS:
        _panel(register, activity, cases, done, started, rng)
    return len(cases)


def _answers(audits: list, template, rng: random.Random) -> None:
    questions = answerable(template.pk)
    rows = []
    for case_audit in audits:
        if case_audit.status == "requested":
            continue
        share = 1.0 if case_audit.status == "submitted" else rng.random()
        for question, fields in answers_for(questions, rng, GRADES, template.levels, share):
            rows.append(CaseAuditAnswer(id=uid(rng), audit=case_audit, question=question, **fields))
    CaseAuditAnswer.objects.bulk_create(rows, batch_size=2000)


def _panel(register: Register, activity, cases: list, done: set, started: date, rng: random.Random) -> None:
    members = [(register.first("partner_la"), PanelMember.Role.CHAIR)]
    if activity.iso_id:
        members.append((activity.iso, PanelMember.Role.ISO))
    for person in rng.sample(
        register.staff["learning_member"], k=min(2, len(register.staff["learning_member"]))
    ):
        members.append((person, PanelMember.Role.MEMBER))
    PanelMember.objects.bulk_create(
        [
            PanelMember(
                activity=activity, user=user, role=role, added_by=register.business, added_at=_at(started)
            )
            for user, role in members
        ]
    )
    if not ({"panel_prepared", "held"} & done) or not activity.iso_id:
        return
    PanelNote.objects.bulk_create(
        [
            PanelNote(
                activity=activity,
                author=activity.iso,
                kind=rng.choice(list(PanelNote.Kind)),
                case=rng.choice([None, *cases]),
                text=sentence(rng),
                created_at=_at(started + timedelta(days=50)),
            )
            for _ in range(rng.randint(2, 4))
        ]
    )
