"""Organisations and people: a partnership (made by its service, with its standing groups), its register of
organisations (bulk-inserted), the people in its partnership-wide roles (granted by the service, so the audit
trail records them) and the leads, signatories and contributors of its organisations (bulk-inserted).

Every account has the same password and, where the role needs a second factor in production (QUALITY.md A1),
a TOTP authenticator on the same secret, so a benchmark can sign in through the real forms."""

from __future__ import annotations

import base64
import random
import uuid
from dataclasses import dataclass, field

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.contrib.auth import get_user_model

from sightline import policy
from sightline.partnerships import services
from sightline.partnerships.models import Affiliation, Organisation, OrganisationMembership, Partnership

from .names import organisation_names
from .scales import AGENCY_TYPES, EARLY_YEARS_TYPES, SCHOOL_TYPES, STAFF_ROLES, PartnershipPlan, Scale, split
from .text import person_name, uid

PASSWORD = "synthetic-only-not-a-real-password"  # noqa: S105 - printed by the command; synthetic databases only
# Twenty bytes, as allauth makes them, in base32: an authenticator app (or the benchmark) derives codes from it.
TOTP_SECRET = base64.b32encode(b"sightline-synthetic!").decode()
# The local part of each role's addresses: business-01@synthetic-001.synthetic.test and so on.
ROLE_LOCAL = {
    "business_team": "business",
    "partner_la": "la-partner",
    "partner_icb": "icb-partner",
    "partner_police": "police-partner",
    "iso": "iso",
    "learning_chair": "learning-chair",
    "learning_member": "learning-member",
    "board_member": "board-member",
}
STATUTORY = {"la": "local_authority", "icb": "icb", "police": "police"}
LEAD_TITLES = {
    "Education": "Designated safeguarding lead",
    "Early years": "Setting manager and designated safeguarding lead",
}
LEADS_SHARE = 0.92  # of organisations with a lead account; the rest show on the business team's task list
SIGNATORY_SHARE = 0.3  # of schools with a chair of governors signing off
CONTRIBUTOR_SHARE = 0.25  # of agencies with a contributor besides the lead


@dataclass
class Register:
    plan: PartnershipPlan
    partnership: Partnership
    organisations: list = field(default_factory=list)  # every organisation in the register, shared ones too
    statutory: dict = field(default_factory=dict)  # "la" / "icb" / "police" -> Organisation
    staff: dict = field(default_factory=dict)  # role -> [User]
    leads: dict = field(default_factory=dict)  # organisation id -> User
    case_references: set = field(default_factory=set)  # unique per partnership

    def first(self, role: str):
        return self.staff[role][0]

    @property
    def business(self):
        return self.first("business_team")

    def of_types(self, *types: str) -> list:
        return [org for org in self.organisations if org.type in types]


def partnership_make(plan: PartnershipPlan, registers: dict) -> Register:
    partnership = services.partnership_create(
        by=None, name=plan.name, slug=plan.slug, area=plan.area, la_code=plan.la_code
    )
    register = Register(plan=plan, partnership=partnership)
    registers[plan.number] = register
    return register


def organisations_make(register: Register, rng: random.Random, registers: dict) -> int:
    """The register: the statutory partners, agencies, schools and early-years settings. A partnership that
    shares its police force and ICB with a neighbour holds its own entries for them, with the neighbour's identity
    and the same safeguarding leads, so their returns are answered once for both (ADR 0010)."""
    plan, area = register.plan, register.plan.area
    made = [
        Organisation(
            id=uid(rng),
            name=f"{area} Council",
            type="local_authority",
            statutory_partner="la",
            section11_duty=True,
        )
    ]
    neighbour = registers[plan.shares_with] if plan.shares_with else None
    shared = neighbour.statutory if neighbour else {}
    for partner, name in (
        ("icb", f"{area} and District Integrated Care Board"),
        ("police", f"{area} Police"),
    ):
        twin = shared.get(partner)
        if twin is None:
            made.append(
                Organisation(
                    id=uid(rng), name=name, type=partner, statutory_partner=partner, section11_duty=True
                )
            )
        else:
            # Derived from the neighbour's entry rather than drawn, so the rest of the data is drawn as before.
            made.append(
                Organisation(
                    id=uuid.uuid5(twin.id, plan.slug),
                    identity=twin.identity,
                    name=twin.name,
                    type=partner,
                    statutory_partner=partner,
                    section11_duty=True,
                )
            )
    parts = {
        **split(plan.agencies - 3, AGENCY_TYPES),
        **split(plan.schools, SCHOOL_TYPES),
        **split(plan.early_years, EARLY_YEARS_TYPES),
    }
    taken = {org.name for org in made}
    for kind, n in parts.items():
        for name in organisation_names(rng, kind, n):
            name = f"{name} ({area})" if name in taken else name
            taken.add(name)
            made.append(
                Organisation(
                    id=uid(rng),
                    name=name,
                    type=kind,
                    section11_duty=kind not in ("voluntary", *SCHOOL_TYPES, *EARLY_YEARS_TYPES),
                    ofsted_urn=f"EY{rng.randint(100000, 999999)}" if kind in EARLY_YEARS_TYPES else "",
                    postcode=_postcode(rng),
                )
            )
    Organisation.objects.bulk_create(made, batch_size=1000)
    trusts = [org for org in made if org.type == "academy_trust"]
    academies = [org for org in made if org.type == "school" and trusts and rng.random() < 0.4]
    for academy in academies:
        academy.parent = rng.choice(trusts)
    Organisation.objects.bulk_update(academies, ["parent"], batch_size=1000)
    Affiliation.objects.bulk_create(
        [Affiliation(partnership=register.partnership, organisation=org) for org in made], batch_size=1000
    )
    register.organisations = sorted(made, key=lambda org: org.name)
    register.statutory = {partner: org for org in made if (partner := org.statutory_partner)}
    for partner, twin in shared.items():
        lead = neighbour.leads.get(twin.pk)
        if partner in ("icb", "police") and lead is not None:
            ours = register.statutory[partner]
            OrganisationMembership.objects.create(
                user=lead, organisation=ours, role=OrganisationMembership.Role.LEAD, title="Safeguarding lead"
            )
            register.leads[ours.pk] = lead
    return len(made)


def _postcode(rng: random.Random) -> str:
    """A postcode in the ZZ area, which no real address has."""
    return f"ZZ{rng.randint(1, 99)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}"


def _users(rng: random.Random, rows: list[tuple[str, str]], password_hash: str) -> list:
    User = get_user_model()
    users = [User(id=uid(rng), email=email, full_name=name, password=password_hash) for email, name in rows]
    User.objects.bulk_create(users, batch_size=1000)
    return users


def staff_make(register: Register, scale: Scale, rng: random.Random, password_hash: str) -> int:
    """The people in partnership-wide roles, granted through the service (one audit event each). Statutory
    partners' representatives also work in their own organisation, as contributors."""
    plan = register.plan
    rows, roles = [], []
    for role in STAFF_ROLES:
        for n in range(1, scale.staff[role] + 1):
            rows.append((f"{ROLE_LOCAL[role]}-{n:02d}@{plan.email_domain}", person_name(rng)))
            roles.append(role)
    users = _users(rng, rows, password_hash)
    for user, role in zip(users, roles, strict=True):
        services.partnership_role_grant(by=None, partnership=register.partnership, user=user, role=role)
        register.staff.setdefault(role, []).append(user)
    partners = {"partner_la": "la", "partner_icb": "icb", "partner_police": "police"}
    OrganisationMembership.objects.bulk_create(
        [
            OrganisationMembership(
                user=user,
                organisation=register.statutory[partners[role]],
                role=OrganisationMembership.Role.CONTRIBUTOR,
                title="Delegated safeguarding partner",
            )
            for user, role in zip(users, roles, strict=True)
            if role in partners
        ]
    )
    needs_second_factor = [
        user for user, role in zip(users, roles, strict=True) if role in policy.MFA_PARTNERSHIP_ROLES
    ]
    Authenticator.objects.bulk_create(
        [
            Authenticator(user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt(TOTP_SECRET)})
            for user in needs_second_factor
        ]
    )
    return len(users)


def organisation_people_make(register: Register, rng: random.Random, password_hash: str) -> int:
    """Each organisation's safeguarding lead (most have one), a chair of governors for some schools, and a
    contributor for some agencies, bulk-inserted; the register records each lead's name and address."""
    domain = register.plan.email_domain
    rows, grants = [], []
    own = [org for org in register.organisations if org.pk not in _shared_ids(register)]
    for index, org in enumerate(own, start=1):
        statutory = bool(org.statutory_partner)
        if statutory or rng.random() < LEADS_SHARE:
            rows.append((f"lead-{index:04d}@{domain}", person_name(rng)))
            grants.append(
                (
                    org,
                    OrganisationMembership.Role.LEAD,
                    LEAD_TITLES.get(org.sector, "Named safeguarding lead"),
                )
            )
        if org.type == "school" and rng.random() < SIGNATORY_SHARE:
            rows.append((f"governor-{index:04d}@{domain}", person_name(rng)))
            grants.append((org, OrganisationMembership.Role.SIGNATORY, "Chair of governors"))
        if org.sector not in ("Education", "Early years") and rng.random() < CONTRIBUTOR_SHARE:
            rows.append((f"contributor-{index:04d}@{domain}", person_name(rng)))
            grants.append((org, OrganisationMembership.Role.CONTRIBUTOR, "Safeguarding adviser"))
    users = _users(rng, rows, password_hash)
    OrganisationMembership.objects.bulk_create(
        [
            OrganisationMembership(user=user, organisation=org, role=role, title=title)
            for user, (org, role, title) in zip(users, grants, strict=True)
        ],
        batch_size=1000,
    )
    led = []
    for user, (org, role, _) in zip(users, grants, strict=True):
        if role == OrganisationMembership.Role.LEAD:
            register.leads[org.pk] = user
            org.lead_name, org.lead_email = user.full_name, user.email
            led.append(org)
    Organisation.objects.bulk_update(led, ["lead_name", "lead_email"], batch_size=1000)
    return len(users)


def _shared_ids(register: Register) -> set:
    """This register's entries for the neighbour's police force and ICB (their people are the neighbour's)."""
    return {
        org.pk
        for partner, org in register.statutory.items()
        if register.plan.shares_with and partner in ("icb", "police")
    }
