"""Loads the demo partnership. Idempotent: a second run finds what the first made and adds nothing twice."""

from pathlib import Path

from django.conf import settings
from django.db import transaction

from sightline.assessments.demo import demo_assessments_load
from sightline.assurance.demo import demo_assurance_load
from sightline.casework.demo import demo_casework_load
from sightline.core.errors import TransitionError
from sightline.core.models import DemoPartnership
from sightline.governance.demo import demo_governance_load
from sightline.governance.presentations.demo import demo_presentations_load
from sightline.governance.yearly.demo import demo_yearly_load
from sightline.improvement.demo import demo_improvement_load
from sightline.scrutiny.demo import demo_scrutiny_load
from sightline.scrutiny.disputes.demo import demo_disputes_load
from sightline.scrutiny.reports.demo import demo_iso_reports_load

from .. import services
from ..models import Organisation, OrganisationMembership, Partnership, PartnershipMembership
from . import data
from .accounts import demo_account
from .priorities import demo_priorities_load, demo_priority_tags_load

GIAS_EXTRACT = Path(__file__).with_name("gias_demo.csv")


def _organisation(partnership, *, name, type, **fields):
    existing = Organisation.objects.filter(
        name=name, type=type, affiliations__partnership=partnership
    ).first()
    if existing is not None:
        return existing
    return services.organisation_create(by=None, partnership=partnership, name=name, type=type, **fields)


@transaction.atomic
def demo_load() -> Partnership:
    if not settings.DEMO_MODE:
        raise TransitionError("Demo data loads only in demo mode (DEBUG=true SIGHTLINE_DEMO=true).")
    partnership = Partnership.objects.filter(slug=data.PARTNERSHIP["slug"]).first()
    if partnership is None:
        partnership = services.partnership_create(by=None, **data.PARTNERSHIP)
    DemoPartnership.objects.get_or_create(partnership=partnership)

    for name, kind, partner, ods in data.STATUTORY_PARTNERS:
        _organisation(
            partnership,
            name=name,
            type=kind,
            statutory_partner=partner,
            section11_duty=True,
            ods_code=ods,
            lead_name="",
            lead_email="",
        )
    for name, kind, ods in data.AGENCIES:
        _organisation(partnership, name=name, type=kind, ods_code=ods, section11_duty=kind != "voluntary")
    for index, name in enumerate(data.EARLY_YEARS_GROUPS):
        _organisation(partnership, name=name, type="early_years_group", ofsted_urn=f"EY9{index:05d}")
    for index, name in enumerate(data.CHILDMINDERS):
        _organisation(partnership, name=name, type="childminder", ofsted_urn=f"EY8{index:05d}")

    _import_schools(partnership)
    _accounts(partnership)
    demo_priorities_load(partnership)
    demo_assessments_load(partnership)
    demo_improvement_load(partnership)
    demo_governance_load(partnership)
    demo_assurance_load(partnership)
    demo_casework_load(partnership)
    demo_scrutiny_load(partnership)
    demo_iso_reports_load(partnership)
    demo_disputes_load(partnership)
    demo_yearly_load(partnership)
    demo_presentations_load(partnership)
    demo_priority_tags_load(partnership)
    return partnership


def _import_schools(partnership) -> None:
    from ..importing.service import register_import_file

    register_import_file(by=None, partnership=partnership, fmt="gias", content=GIAS_EXTRACT.read_bytes())


def _accounts(partnership) -> None:
    first_school = (
        Organisation.objects.filter(affiliations__partnership=partnership, type="school", status="open")
        .order_by("urn")
        .first()
    )
    for local, name, kind, role, org_name, title in data.ACCOUNTS:
        email = f"{local}@{data.EMAIL_DOMAIN}"
        user = demo_account(email=email, full_name=name)
        if kind == "partnership":
            if not PartnershipMembership.objects.filter(
                user=user, partnership=partnership, role=role
            ).exists():
                services.partnership_role_grant(by=None, partnership=partnership, user=user, role=role)
            org_name = data.PARTNER_ORGANISATIONS.get(local)
            if org_name is None:
                continue
            role, title = OrganisationMembership.Role.CONTRIBUTOR, "Delegated safeguarding partner"
        organisation = (
            first_school
            if org_name == "school"
            else Organisation.objects.get(name=org_name, affiliations__partnership=partnership)
        )
        if not OrganisationMembership.objects.filter(
            user=user, organisation=organisation, role=role
        ).exists():
            services.organisation_role_grant(
                by=None, partnership=partnership, user=user, organisation=organisation, role=role, title=title
            )
        if role == OrganisationMembership.Role.LEAD and not organisation.lead_email:
            services.organisation_update(
                by=None, partnership=partnership, organisation=organisation, lead_name=name, lead_email=email
            )
