"""A demo dispute for the demo partnership: the hospitals trust and the council disagree about when a concern
about a baby's bruising goes to children's social care, escalated from the practitioners to their managers, with
the demo ISO asked to assist. Its parties' leads (agency.lead and la.partner), the business team and the ISO read
it; the board and the learning group do not. Every word is invented. Idempotent: a partnership that already has a
dispute is left alone."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from sightline.partnerships.models import Organisation, Partnership

from ..models import Dispute
from . import services

EMAIL_DOMAIN = "demo.sightline.test"
HOSPITALS = "Demo Hospitals NHS Foundation Trust"
COUNCIL = "Demo Borough Council"


def _person(local: str):
    return get_user_model().objects.filter(email=f"{local}@{EMAIL_DOMAIN}").first()


def _organisation(partnership: Partnership, name: str):
    return Organisation.objects.filter(name=name, affiliations__partnership=partnership).first()


def demo_disputes_load(partnership: Partnership) -> None:
    business, lead, la_partner, iso = (_person(p) for p in ("business", "agency.lead", "la.partner", "iso"))
    hospitals, council = _organisation(partnership, HOSPITALS), _organisation(partnership, COUNCIL)
    if None in (business, lead, la_partner, iso, hospitals, council):
        return
    if Dispute.objects.filter(partnership=partnership).exists():
        return
    dispute = services.dispute_record(
        by=lead,
        partnership=partnership,
        between=Dispute.Between.AGENCIES,
        subject="Referral of unexplained bruising in babies who are not yet mobile",
        description=(
            "The trust's emergency department refers every non-mobile baby with bruising to children's social "
            "care, as the partnership's procedure says. The council's front door has twice closed such referrals "
            "without a strategy discussion, on the grounds that a health explanation was likely.\n"
            "The trust asks that the procedure be followed in every case; the council asks for a triage step "
            "with the paediatrician before a referral."
        ),
        parties=[hospitals, council],
    )
    dispute = services.dispute_escalate(
        by=business,
        dispute=dispute,
        note="The named nurse and the front door's team manager could not agree at practitioner level.",
    )
    services.dispute_note_add(
        by=la_partner,
        dispute=dispute,
        note="The council will share its front door's decisions on such referrals over the last quarter.",
    )
    services.dispute_iso_ask(
        by=business,
        dispute=dispute,
        iso=iso,
        note="Please chair the managers' meeting and advise on the procedure's wording.",
    )
