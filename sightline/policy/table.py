"""The role table (ARCHITECTURE.md §1): who reads and who writes each kind of record, derived from the policy.

Every permission in sightline/policy/ is annotated in `grants.py` (`GRANTS`) with the kind of record it opens,
whether it reads or writes it, and what it is asked about. Which roles hold it is not written down: `evaluate` builds a
synthetic partnership with one person of each role and sample records (inside a transaction that is always rolled
back) and asks the policy. `docs/access.md` is written from the result (`manage.py access_table --write`), and the
access-matrix test (tests/test_access_matrix.py) checks every page against the same result, so a role that gains a
read changes the document and fails the test until someone looks.

A cell is "all" (every record of that kind in the partnership), "own" (only the ones that are theirs: their
organisation's, or the activity they are assigned to, sit on the panel of or are called in to) or "none".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from .grants import ALL, GRANTS, NONE, OWN, READ, RECORDS, ROLES, WRITE, Grant

__all__ = [
    "ALL",
    "GRANTS",
    "NONE",
    "OWN",
    "READ",
    "RECORDS",
    "ROLES",
    "WRITE",
    "Grant",
    "Table",
    "evaluate",
    "render",
]


@dataclass
class Table:
    """`cells[(perm, mode, record)][role]` is ALL, OWN or NONE."""

    cells: dict = field(default_factory=dict)

    def value(self, grant: Grant, role: str) -> str:
        return self.cells[(grant.perm, grant.mode, grant.record)][role]

    def holds(self, perm: str, role: str, *, own: bool = True, record: str | None = None) -> bool:
        """Whether the role holds `perm` on the record in question: one of theirs (`own`), or anyone's. `record`
        picks one reading of a permission annotated for several kinds of record."""
        values = {v[role] for (p, _, r), v in self.cells.items() if p == perm and record in (None, r)}
        if not values:
            raise KeyError(f"{perm} is not in the role table")
        return ALL in values or (own and OWN in values)

    def summary(self, record: str, role: str) -> str:
        """ "R"/"r" for reading every record of the kind or only their own, "W"/"w" likewise for writing."""
        code = ""
        for mode, letter in ((READ, "r"), (WRITE, "w")):
            values = {
                self.value(g, role) for g in GRANTS if g.record == record and g.mode == mode and g.summary
            }
            code += letter.upper() if ALL in values else letter if OWN in values else ""
        return code or "–"


def _best(values) -> str:
    values = set(values)
    return ALL if ALL in values else OWN if OWN in values else NONE


@dataclass
class _World:
    partnership: object
    users: dict
    samples: dict  # kind → (related samples, unrelated sample)


def _build() -> _World:
    """A synthetic partnership, one person for each role, and for each kind of record samples that are theirs and
    one that is nobody's. Saved only where the policy queries the database (memberships, activities, panels,
    sign-offs); the rest are unsaved model instances."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser

    from sightline.assessments.models import Cycle, Submission
    from sightline.assurance.models import Activity
    from sightline.assurance.models_endorsements import EndorsementParty, EndorsementRequest
    from sightline.casework.models import Case, CaseAudit, PanelMember
    from sightline.improvement.models import Action, ActionPlan
    from sightline.partnerships.models import (
        Affiliation,
        Organisation,
        OrganisationMembership,
        Partnership,
        PartnershipMembership,
    )

    tag = uuid.uuid4().hex[:12]
    User = get_user_model()
    Role, OrgRole = PartnershipMembership.Role, OrganisationMembership.Role

    def partnership(name):
        return Partnership.objects.create(name=name, slug=f"{name}-{tag}", area=name, la_code="999")

    p, q = partnership("table"), partnership("elsewhere")

    def organisation(name, where):
        org = Organisation.objects.create(name=f"{name} {tag}", type=Organisation.Type.NHS_TRUST)
        Affiliation.objects.create(partnership=where, organisation=org)
        return org

    a, b, c = organisation("A", p), organisation("B", p), organisation("C", p)
    users = {}
    for key, _ in ROLES:
        if key != "anonymous":
            users[key] = User.objects.create(
                email=f"{key}-{tag}@table.invalid", full_name=key, is_superuser=key == "operator"
            )
    for key in (
        "business_team",
        "partner_la",
        "partner_icb",
        "partner_police",
        "learning_chair",
        "learning_member",
        "board_member",
    ):
        PartnershipMembership.objects.create(user=users[key], partnership=p, role=key)
    for key in ("iso_assigned", "iso_unassigned"):
        PartnershipMembership.objects.create(user=users[key], partnership=p, role=Role.ISO)
    PartnershipMembership.objects.create(
        user=users["other_partnership"], partnership=q, role=Role.BUSINESS_TEAM
    )
    for key, org, role in (
        ("agency_lead", a, OrgRole.LEAD),
        ("contributor", a, OrgRole.CONTRIBUTOR),
        ("signatory", a, OrgRole.SIGNATORY),
        ("panel_member", c, OrgRole.CONTRIBUTOR),
    ):
        OrganisationMembership.objects.create(user=users[key], organisation=org, role=role)
    users["anonymous"] = AnonymousUser()

    def activity(kind, **fields):
        return Activity.objects.create(
            partnership=p, kind=kind, title=f"{kind} {tag}", status="preparation", **fields
        )

    assigned = activity(Activity.Kind.THEMATIC, iso=users["iso_assigned"])
    for key in ("iso_assigned", "panel_member"):
        PanelMember.objects.create(activity=assigned, user=users[key])
    called_in = activity(Activity.Kind.CALL_IN, organisation=a)
    unrelated = activity(Activity.Kind.THEMATIC)

    def sign_off(on, parties):
        request = EndorsementRequest.objects.create(
            partnership=p, activity=on, subject="theme", text="Synthetic"
        )
        for order, key in enumerate(parties):
            EndorsementParty.objects.create(request=request, user=users[key], signs_for=key, order=order)
        return request

    cycle = Cycle(partnership=p, title="Synthetic", opens_on=date(2026, 9, 1), closes_on=date(2026, 11, 30))
    plan = ActionPlan(partnership=p, title="Synthetic")

    def case_audit(org, on):
        return CaseAudit(organisation=org, status="submitted", case=Case(activity=on))

    samples = {
        "organisation": ([a], b),
        "return": ([Submission(cycle=cycle, organisation=a)], Submission(cycle=cycle, organisation=b)),
        "activity": ([assigned, called_in], unrelated),
        "sign_off": (
            [sign_off(assigned, ["partner_la", "partner_icb", "partner_police"])],
            sign_off(unrelated, []),
        ),
        "action": ([Action(plan=plan, owner_organisation=a)], Action(plan=plan, owner_organisation=b)),
        "case_audit": ([case_audit(a, assigned)], case_audit(b, unrelated)),
    }
    samples.update(_iso_report_samples(p, users, a, b, tag))
    samples.update(_dispute_samples(p, users, a, b, tag))
    return _World(partnership=p, users=users, samples=samples)


def _iso_report_samples(p, users, a, b, tag) -> dict:
    """ISO reports, issued and in draft, by the assigned ISO (theirs) and by an ISO with no column (nobody's);
    the assigned ISO's issued report is addressed to agency A and to the local authority, whose delegated partner
    answers for it."""
    from django.contrib.auth import get_user_model

    from sightline.partnerships.models import Affiliation, Organisation, PartnershipMembership
    from sightline.scrutiny.models import IsoRecommendation, IsoReport, RecommendationResponse

    council = Organisation.objects.create(
        name=f"Council {tag}", type=Organisation.Type.LOCAL_AUTHORITY, statutory_partner="la"
    )
    Affiliation.objects.create(partnership=p, organisation=council)
    another_iso = get_user_model().objects.create(
        email=f"another-iso-{tag}@table.invalid", full_name="another iso"
    )
    PartnershipMembership.objects.create(user=another_iso, partnership=p, role=PartnershipMembership.Role.ISO)

    def report(author, status, addressed):
        made = IsoReport.objects.create(
            partnership=p, author=author, kind=IsoReport.Kind.THEME, title=f"Report {tag}", status=status
        )
        recommendation = IsoRecommendation.objects.create(
            report=made, number=1, text="Synthetic", respond_by=date(2030, 1, 1)
        )
        responses = [
            RecommendationResponse.objects.create(recommendation=recommendation, organisation=org)
            for org in addressed
        ]
        return made, responses

    Status = IsoReport.Status
    theirs, (to_a, to_council) = report(users["iso_assigned"], Status.ISSUED, [a, council])
    nobodys, (to_b,) = report(another_iso, Status.ISSUED, [b])
    return {
        "iso_report": ([theirs], nobodys),
        "iso_draft": (
            [report(users["iso_assigned"], Status.DRAFT, [a])[0]],
            report(another_iso, Status.DRAFT, [b])[0],
        ),
        "recommendation_response": ([to_a, to_council], to_b),
    }


def _dispute_samples(p, users, a, b, tag) -> dict:
    """A dispute between agency A and a council (the local authority's statutory partner) with the assigned ISO
    asked to assist (theirs), and one between agency B and another agency nobody works for (nobody's)."""
    from sightline.partnerships.models import Affiliation, Organisation
    from sightline.scrutiny.models import Dispute, DisputeStage

    council = Organisation.objects.create(
        name=f"Dispute council {tag}", type=Organisation.Type.LOCAL_AUTHORITY, statutory_partner="la"
    )
    Affiliation.objects.create(partnership=p, organisation=council)
    unstaffed = Organisation.objects.create(name=f"Dispute agency {tag}", type=Organisation.Type.VOLUNTARY)
    Affiliation.objects.create(partnership=p, organisation=unstaffed)
    stage = DisputeStage.objects.create(partnership=p, order=1, name="Practitioners")

    def dispute(parties, iso=None):
        made = Dispute.objects.create(
            partnership=p,
            between="agencies",
            subject="Synthetic",
            description="Synthetic",
            stage=stage,
            assisting_iso=iso,
        )
        made.parties.set(parties)
        return made

    return {"dispute": ([dispute([a, council], users["iso_assigned"])], dispute([b, unstaffed]))}


def _value(world: _World, grant: Grant, user) -> str:
    from sightline import policy

    if grant.on in ("", "partnership"):
        held = user.has_perm(grant.perm) if grant.on == "" else user.has_perm(grant.perm, world.partnership)
        if not held:
            return NONE
        if grant.scope in (ALL, OWN):
            return grant.scope
        return ALL if getattr(policy, grant.scope)(user, world.partnership) else OWN
    related, unrelated = world.samples[grant.on]
    if user.has_perm(grant.perm, unrelated):
        return ALL
    return OWN if any(user.has_perm(grant.perm, sample) for sample in related) else NONE


def evaluate() -> Table:
    """Ask the policy, for each role, about each permission, on a synthetic partnership that is then rolled back."""
    import sightline.policy  # noqa: F401  (registers the permissions)

    table = Table()
    with transaction.atomic():
        world = _build()
        for grant in GRANTS:
            table.cells[(grant.perm, grant.mode, grant.record)] = {
                role: _value(world, grant, world.users[role]) for role, _ in ROLES
            }
        transaction.set_rollback(True)
    return table


MARK = {ALL: "✓", OWN: "own", NONE: "–"}
COMMAND = "make access"


def render(table: Table) -> str:
    """docs/access.md."""
    labels = dict(ROLES)
    head = "| record | " + " | ".join(labels[r] for r, _ in ROLES) + " |"
    rule = "|---|" + "---|" * len(ROLES)
    lines = [
        "# Who reads and writes what",
        "",
        f"Generated from `sightline/policy/` by `sightline/policy/table.py`: do not edit by hand; run `{COMMAND}`.",
        "The table is what the policy answers for a synthetic partnership with one person of each role; the pages",
        "are held to it by `tests/test_access_matrix.py`. Anything outside a person's reach answers 404.",
        "",
        "**R** reads every record of that kind in the partnership, **r** only their own; **W** and **w** the same",
        'for writing; **–** nothing. What "own" means for each kind is under its heading below. "ISO, assigned" is',
        'the officer assigned to an activity (as its ISO, or seated on its panel); "Another partnership" is the',
        "business team of a different partnership, reading this one.",
        "",
        "## Roles and records",
        "",
        head,
        rule,
    ]
    for key, label, _ in RECORDS:
        lines.append(f"| {label} | " + " | ".join(table.summary(key, r) for r, _ in ROLES) + " |")
    lines += ["", "## Each permission", ""]
    for key, label, own in RECORDS:
        lines += [f"### {label}", ""]
        if own:
            lines += [f"Own: {own}.", ""]
        lines += [
            "| permission | reads or writes | " + " | ".join(labels[r] for r, _ in ROLES) + " |",
            "|---|---|" + "---|" * len(ROLES),
        ]
        for grant in (g for g in GRANTS if g.record == key):
            cells = " | ".join(MARK[table.value(grant, r)] for r, _ in ROLES)
            lines.append(f"| `{grant.perm}`: {grant.what} | {grant.mode} | {cells} |")
        lines.append("")
    return "\n".join(lines)
