"""Demo assurance activities for the demo partnership, each made through the services so it carries its history: a
thematic event whose theme two of the three partners have endorsed, a practice learning line-of-sight event that
has been held, a case-specific event the police partner has asked for, a call-in of the demo hospital trust
waiting for its answer, a peer review with its terms of reference signed off, an agency-specific event waiting for
its format, and a partnership audit whose findings are ready to hand to the learning group. Every name is invented.
Idempotent: an activity that is already there is left alone. Dates are relative to today."""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from sightline.core.errors import TransitionError
from sightline.partnerships.models import Organisation, Partnership

from . import activities, endorsements, records, scheduling
from .models import Activity, CallIn, PeerReview

logger = logging.getLogger(__name__)
EMAIL_DOMAIN = "demo.sightline.test"
THEMATIC = "Thematic assurance event: neglect and the voice of the child"
# The casework demo (sightline/casework/demo.py) fills the oldest open practice learning event with its cases,
# panel and audits: this one, left at "cases identified" for it.
FOR_CASEWORK = "Practice learning line-of-sight event: neglect of younger children"
PRACTICE = "Practice learning line-of-sight event: older children at risk of exploitation"
CASE_SPECIFIC = "Case-specific line-of-sight event: information sharing before a hospital admission"
CALL_IN = "Call-in: Demo Hospitals NHS Foundation Trust, Section 11"
PEER_REVIEW = "Peer review by Northbridge Safeguarding Children Partnership"
AGENCY_EVENT = "Agency-specific assurance event: Demo Youth Justice Service"
PARTNERSHIP_AUDIT = "Partnership audit: children missing from education"


def _person(local: str):
    return get_user_model().objects.filter(email=f"{local}@{EMAIL_DOMAIN}").first()


def _at(days: int, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(hour)))


def demo_assurance_load(partnership: Partnership) -> None:
    people = {
        local: _person(local)
        for local in ("business", "la.partner", "icb.partner", "police.partner", "iso", "agency.lead")
    }
    builders = {
        FOR_CASEWORK: _practice_learning_for_casework,
        THEMATIC: _thematic,
        PRACTICE: _practice_learning,
        CASE_SPECIFIC: _case_specific,
        CALL_IN: _call_in,
        PEER_REVIEW: _peer_review,
        AGENCY_EVENT: _agency_event,
        PARTNERSHIP_AUDIT: _partnership_audit,
    }
    for title, build in builders.items():
        if not Activity.objects.filter(partnership=partnership, title=title).exists():
            build(partnership, people)


def _decide(activity: Activity, subject: str, person, decision: str = "endorsed", comment: str = "") -> None:
    request = activity.endorsement_requests.filter(subject=subject).order_by("-version").first()
    endorsements.endorsement_decide(by=person, request=request, decision=decision, comment=comment)


def _thematic(partnership, people) -> None:
    activity = activities.activity_create(
        by=people["la.partner"],
        partnership=partnership,
        kind=Activity.Kind.THEMATIC,
        title=THEMATIC,
        theme="How well agencies notice neglect early and hear what children say about their lives at home.",
        description="Raised after two local reviews pointed to missed early signs of neglect.",
        iso=people["iso"],
    )
    _decide(activity, "theme", people["icb.partner"], comment="Timely: it matches what our GPs tell us")


def _practice_learning_for_casework(partnership, people) -> None:
    activity = activities.activity_create(
        by=people["business"],
        partnership=partnership,
        kind=Activity.Kind.PRACTICE_LEARNING,
        title=FOR_CASEWORK,
        theme="Neglect of children under five: how early signs are noticed and acted on together.",
        iso=people["iso"],
    )
    for local in ("la.partner", "icb.partner", "police.partner"):
        _decide(activity, "theme", people[local])
    activities.activity_advance(
        by=people["business"],
        activity=activity,
        to="cases_identified",
        note="Three cases, involving the hospital trust and the council",
    )


def _practice_learning(partnership, people) -> None:
    business, iso = people["business"], people["iso"]
    activity = activities.activity_create(
        by=business,
        partnership=partnership,
        kind=Activity.Kind.PRACTICE_LEARNING,
        title=PRACTICE,
        theme="Older children at risk of criminal and sexual exploitation outside the home.",
        iso=iso,
    )
    for local in ("la.partner", "icb.partner", "police.partner"):
        _decide(activity, "theme", people[local])
    activity = activities.activity_advance(
        by=business,
        activity=activity,
        to="cases_identified",
        note="Three cases, involving the council, the hospital trust and the police",
    )
    if not _case_audits_returned(activity, business, people["agency.lead"]):
        return
    records.activity_preparation_save(
        by=iso,
        activity=activity,
        lines_of_questioning="How did agencies recognise the risk outside the home?\n"
        "How was the young person's own view of their safety heard?\n"
        "What helped practitioners work together across agencies?",
    )
    activities.activity_advance(by=iso, activity=activity, to="panel_prepared")
    scheduling.activity_dates_fix(
        by=business, activity=activity, starts_at=_at(-14, 9), ends_at=_at(-14, 13), location="Demo Town Hall"
    )
    for local, role in (("la.partner", "panel"), ("police.partner", "panel"), ("iso", "iso")):
        scheduling.participant_add(by=business, activity=activity, role=role, user=people[local])
    scheduling.participant_add(by=business, activity=activity, role="practitioner", name="A youth worker")
    activities.activity_advance(by=iso, activity=activity, to="held", note="Twelve practitioners took part")


def _case_audits_returned(activity: Activity, business, agency_lead) -> bool:
    """Where the casework app is installed, the hospital trust audits its own work on one case through it;
    otherwise the business team confirms the audits are in. The casework app belongs to another part of the
    project: if its services refuse (or have changed), the event stays at 'cases identified' and the demo loads
    the rest."""
    try:
        from sightline.casework import audits, cases, requests
    except ImportError:
        activities.activity_advance(
            by=business, activity=activity, to="audits_returned", note="Every agency's case audit is in"
        )
        return True
    try:
        with transaction.atomic():
            hospital = Organisation.objects.get(
                name="Demo Hospitals NHS Foundation Trust", affiliations__partnership=activity.partnership
            )
            cases.case_create(by=business, activity=activity, age_band="11_15", agencies=[hospital])
            for case_audit in requests.case_audits_request(
                by=business, activity=activity, due_on=timezone.localdate() + timedelta(days=14)
            ):
                _answer_every_question(case_audit, agency_lead, audits)
                audits.case_audit_submit(by=agency_lead, case_audit=case_audit)
            activities.activity_advance(by=business, activity=activity, to="audits_returned")
    except Exception as error:  # noqa: BLE001 - another app's demo path: log it, keep the rest of the demo
        logger.warning("Demo practice learning event left at 'cases identified': %s", error)
        return False
    return True


def _answer_every_question(case_audit, author, audits) -> None:
    template = case_audit.template
    today = timezone.localdate()
    for standard in template.standards.prefetch_related("questions"):
        values = {}
        for question in standard.questions.all():
            kind = question.kind
            if kind == "rating":
                values[question.key] = template.scale["levels"][1]["value"]
            elif kind in ("yes_no", "yes_no_partly"):
                values[question.key] = "yes"
            elif kind == "single_choice":
                values[question.key] = question.choices[0]["value"]
            elif kind == "multiple_choice":
                values[question.key] = [question.choices[0]["value"]]
            elif kind == "number":
                values[question.key] = Decimal(1)
            elif kind == "date":
                values[question.key] = today
            elif kind == "text":
                values[question.key] = "Practice was timely and agencies shared what they knew."
        audits.case_audit_save(
            by=author, case_audit=case_audit, standard=standard, values=values, versions={}
        )


def _case_specific(partnership, people) -> None:
    activity = activities.activity_create(
        by=people["police.partner"],
        partnership=partnership,
        kind=Activity.Kind.CASE_SPECIFIC,
        title=CASE_SPECIFIC,
        theme="What each agency knew, and shared, in the month before a young child was admitted to hospital.",
    )
    _decide(activity, "case_request", people["la.partner"], comment="Agreed: the learning will be wide")


def _call_in(partnership, people) -> None:
    business = people["business"]
    hospital = Organisation.objects.get(
        name="Demo Hospitals NHS Foundation Trust", affiliations__partnership=partnership
    )
    activity = activities.activity_create(
        by=business,
        partnership=partnership,
        kind=Activity.Kind.CALL_IN,
        title=CALL_IN,
        organisation=hospital,
        call_in={
            "reason": CallIn.Reason.SECTION_11,
            "reason_detail": "Its Section 11 return showed gaps in safeguarding supervision for ward staff.",
            "venue": CallIn.Venue.BOARD,
        },
    )
    records.call_in_save(
        by=business,
        activity=activity,
        questions="1. How is safeguarding supervision given to ward staff, and how often?\n"
        "2. How do you know it makes a difference to children's care?",
    )
    scheduling.activity_dates_fix(
        by=business, activity=activity, starts_at=_at(21, 14), ends_at=_at(21, 15), location="Board meeting"
    )
    activities.activity_advance(by=business, activity=activity, to="questions_sent")


def _peer_review(partnership, people) -> None:
    business = people["business"]
    activity = activities.activity_create(
        by=business,
        partnership=partnership,
        kind=Activity.Kind.PEER_REVIEW,
        title=PEER_REVIEW,
        peer_review={"direction": PeerReview.Direction.REVIEWED, "other_partnership": "Northbridge SCP"},
    )
    activities.activity_subject_propose(
        by=business,
        activity=activity,
        subject="terms_of_reference",
        text="Scope: the front door and early help. Two days on site, with case discussions and focus groups. "
        "Findings shared with both partnerships' boards.",
    )
    for local in ("la.partner", "icb.partner", "police.partner"):
        _decide(activity, "terms_of_reference", people[local])
    try:
        records.peer_review_save(
            by=business, activity=activity, team="Two Northbridge partners and their independent scrutineer"
        )
        activities.activity_advance(by=business, activity=activity, to="team_named")
    except TransitionError as error:
        logger.warning("Demo peer review left at its terms of reference: %s", error)


def _agency_event(partnership, people) -> None:
    activities.activity_create(
        by=people["business"],
        partnership=partnership,
        kind=Activity.Kind.AGENCY,
        title=AGENCY_EVENT,
        organisation=Organisation.objects.get(
            name="Demo Youth Justice Service", affiliations__partnership=partnership
        ),
        theme="How the service hears from the young people it works with about their safety at home.",
    )


def _partnership_audit(partnership, people) -> None:
    business = people["business"]
    activity = activities.activity_create(
        by=business,
        partnership=partnership,
        kind=Activity.Kind.PARTNERSHIP_AUDIT,
        title=PARTNERSHIP_AUDIT,
        theme="Whether children who stop attending school are noticed, and followed up, by every agency.",
    )
    activities.activity_subject_propose(
        by=business,
        activity=activity,
        subject="terms_of_reference",
        text="Twenty records of children off the school roll in the last year, read by the council, the health "
        "trusts and the police together over two days.",
    )
    for local in ("la.partner", "icb.partner", "police.partner"):
        _decide(activity, "terms_of_reference", people[local])
    scheduling.activity_dates_fix(
        by=business, activity=activity, starts_at=_at(-21, 9), ends_at=_at(-21, 16), location="Demo Town Hall"
    )
    activity = activities.activity_advance(by=business, activity=activity, to="held")
    records.activity_feedback_save(
        by=business,
        activity=activity,
        highlights="Schools told the council promptly in every case read.",
        findings="Health and police records seldom showed that a child had left school, so visits went ahead "
        "without that question being asked.",
        immediate_actions="Add school attendance to the health visiting and police checklists.",
    )
    activities.activity_advance(by=business, activity=activity, to="feedback_given")
