"""The role table (ARCHITECTURE.md §1): who reads and who writes each kind of record, derived from the policy.

Every permission in sightline/policy/ is annotated below (`GRANTS`) with the kind of record it opens, whether it
reads or writes it, and what it is asked about. Which roles hold it is not written down here: `evaluate` builds a
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

ALL, OWN, NONE = "all", "own", "none"
READ, WRITE = "read", "write"

# (key, label, what "own" means for it)
RECORDS: list[tuple[str, str, str]] = [
    ("partnership", "The partnership's home page", ""),
    ("register", "The organisation register and the partnership's groups", "their organisation's entry"),
    ("people", "People and their roles", "the people of their organisation"),
    ("returns", "Self-assessment returns and their evidence", "their organisation's returns"),
    ("results", "Self-assessment cycles, the composite report and the progress report", ""),
    (
        "activities",
        "Assurance activities: detail, programme, people, dates and sign-offs",
        "the activities they are assigned to as ISO, sit on the panel of or are called in to; a sign-off "
        "addressed to them",
    ),
    (
        "casework",
        "Cases, case audits and the panel pack",
        "their organisation's case audits; the cases and pack of a panel they sit on",
    ),
    ("plans", "Action plans and actions", "plans with actions their organisation owns"),
    ("board", "The board summary and escalations to the board", ""),
    ("reviews", "The reviews register", ""),
    ("meetings", "Meetings of the groups: agendas, decisions, minutes", ""),
    ("priorities", "The partnership's priorities and the progress made on each", ""),
    ("presentations", "Where reports were presented: the register of presentations and the bodies", ""),
    ("yearly_report", "The yearly report: every edition, its figures and the records behind them", ""),
    (
        "iso_reports",
        "ISO reports once issued: recommendations, responses, judgements, days and the board",
        "the reports they wrote; the reports addressed to their organisation, and the responses they answer for "
        "(their organisation's, or their statutory partner's as its delegated partner)",
    ),
    ("iso_report_drafts", "ISO reports in draft", "the drafts they wrote"),
    (
        "disputes",
        "Disputes between the partners or between agencies: parties, history, outcome; the escalation stages",
        "the disputes their organisation, or the statutory partner they represent, is a party to; for an ISO, "
        "one they were asked to assist with",
    ),
    ("iso_pool", "The ISO pool: officers, budgets and days in total", ""),
    ("ledger", "Each ISO's day ledger", "their own ledger"),
    ("briefings", "Learning briefings", ""),
    ("library", "The template library", ""),
    ("audit", "The audit trail", ""),
    ("installation", "Partnerships and their first accounts", ""),
]

# (key, label): the columns of the table, in the order of ARCHITECTURE.md §1.
ROLES: list[tuple[str, str]] = [
    ("business_team", "Business team"),
    ("partner_la", "Partner (LA)"),
    ("partner_icb", "Partner (ICB)"),
    ("partner_police", "Partner (police)"),
    ("iso_assigned", "ISO, assigned"),
    ("iso_unassigned", "ISO, not assigned"),
    ("panel_member", "Panel member"),
    ("learning_chair", "Learning chair"),
    ("learning_member", "Learning member"),
    ("board_member", "Board member"),
    ("agency_lead", "Agency lead"),
    ("contributor", "Contributor"),
    ("signatory", "Signatory"),
    ("operator", "Operator"),
    ("no_role", "Signed in, no role"),
    ("other_partnership", "Another partnership"),
    ("anonymous", "Not signed in"),
]


@dataclass(frozen=True)
class Grant:
    """One permission of the policy, as the role table reads it.

    `on` names what the permission is asked about: "" (nothing: installation-level), "partnership", or a sample
    record ("organisation", "return", "activity", "sign_off", "action", "case_audit"). For a partnership-level
    permission that opens a list the selectors narrow, `scope` says how far it reaches: "all", "own", or the
    name of the policy predicate (on the partnership) under which it reaches every record, and otherwise only the
    person's own. `summary=False` leaves a gate out of the role × record summary, where the record-level
    permission behind it decides."""

    perm: str
    record: str
    mode: str
    what: str
    on: str = "partnership"
    scope: str = ALL
    summary: bool = True


GRANTS: list[Grant] = [
    Grant("partnerships.view_partnership", "partnership", READ, "the partnership's home page"),
    Grant("partnerships.view_register", "register", READ, "the register and each organisation's entry"),
    Grant(
        "partnerships.view_partnership",
        "register",
        READ,
        "an organisation's entry (`organisations_visible_to`)",
        scope="sees_whole_partnership",
    ),
    Grant("partnerships.view_groups", "register", READ, "the groups and their members"),
    Grant("partnerships.manage_register", "register", WRITE, "add, import and export organisations"),
    Grant(
        "partnerships.edit_organisation", "register", WRITE, "change an organisation's entry", "organisation"
    ),
    Grant("partnerships.view_people", "people", READ, "everyone with a role, and their roles"),
    Grant("partnerships.manage_people", "people", WRITE, "invite people, disable them, remove roles"),
    Grant(
        "partnerships.invite_to_organisation",
        "people",
        WRITE,
        "invite people to an organisation",
        "organisation",
    ),
    Grant("assessments.view_returns", "returns", READ, "the tracking list of every organisation's return"),
    Grant(
        "assessments.view_return", "returns", READ, "a return, its answers and its evidence files", "return"
    ),
    Grant("assessments.answer_return", "returns", WRITE, "answer a return and upload evidence", "return"),
    Grant("assessments.sign_off_return", "returns", WRITE, "sign a return off", "return"),
    Grant("assessments.review_return", "returns", WRITE, "challenge or accept a return", "return"),
    Grant("assessments.view_cycles", "results", READ, "cycles, the composite report, the progress report"),
    Grant("assessments.manage_cycles", "results", WRITE, "make, open, close and archive cycles"),
    Grant(
        "assurance.view_activities",
        "activities",
        READ,
        "the list and calendar (showing only the activities the person may read)",
        summary=False,
    ),
    Grant(
        "assurance.view_activity",
        "activities",
        READ,
        "an activity, its programme, people and dates",
        "activity",
    ),
    Grant("assurance.manage_activities", "activities", WRITE, "start activities"),
    Grant("assurance.propose_activity", "activities", WRITE, "propose an activity to the partners"),
    Grant(
        "assurance.record_unavailability",
        "activities",
        WRITE,
        "say when they are unavailable (their own calendar, not an activity)",
        scope=OWN,
        summary=False,
    ),
    Grant(
        "assurance.manage_activity",
        "activities",
        WRITE,
        "change an activity, its dates and people",
        "activity",
    ),
    Grant(
        "assurance.record_event", "activities", WRITE, "record preparation, feedback, overview", "activity"
    ),
    Grant("assurance.answer_dates", "activities", WRITE, "say which dates suit them", "activity"),
    Grant("assurance.answer_call_in", "activities", WRITE, "respond to a call-in", "activity"),
    Grant("assurance.decide_endorsement", "activities", WRITE, "endorse or decline a sign-off", "sign_off"),
    Grant(
        "casework.view_casework",
        "casework",
        READ,
        "cases and case audits of the partnership's activities",
        scope="is_business_team",
    ),
    Grant("casework.view_activity_cases", "casework", READ, "an activity's cases and panel", "activity"),
    Grant("casework.read_audit", "casework", READ, "a returned case audit", "case_audit"),
    Grant("casework.view_own_audits", "casework", READ, "their organisation's case audits", scope=OWN),
    Grant(
        "casework.view_own_audits", "casework", WRITE, "answer their organisation's case audits", scope=OWN
    ),
    Grant("casework.manage_cases", "casework", WRITE, "cases, panels and requests for audits"),
    Grant(
        "casework.prepare", "casework", WRITE, "prepare for the panel, read and download the pack", "activity"
    ),
    Grant(
        "improvement.view_plans",
        "plans",
        READ,
        "action plans and their actions",
        scope="sees_whole_partnership",
    ),
    Grant("improvement.view_own_actions", "plans", READ, "the actions their organisation owns", scope=OWN),
    Grant("improvement.manage_plans", "plans", WRITE, "raise and close plans"),
    Grant("improvement.edit_action", "plans", WRITE, "change an action", "action"),
    Grant("improvement.update_action", "plans", WRITE, "report progress on an action", "action"),
    Grant("improvement.decide_action", "plans", WRITE, "verify, return or extend an action", "action"),
    Grant("improvement.decide", "plans", WRITE, "the learning group's decisions on plans"),
    Grant("improvement.view_board_summary", "board", READ, "the board summary"),
    Grant("improvement.view_escalations", "board", READ, "escalations to the board"),
    Grant("improvement.decide", "board", WRITE, "resolve escalations"),
    Grant("improvement.view_reviews", "reviews", READ, "the reviews register"),
    Grant("improvement.manage_reviews", "reviews", WRITE, "record and change reviews"),
    Grant(
        "partnerships.view_priorities",
        "priorities",
        READ,
        "the priorities, what was done on each and whether there is evidence of progress",
    ),
    Grant("partnerships.manage_priorities", "priorities", WRITE, "add, change, end and remove priorities"),
    Grant("governance.view_meetings", "meetings", READ, "agendas, decisions and minutes"),
    Grant(
        "governance.manage_meetings", "meetings", WRITE, "schedule meetings, build agendas, record decisions"
    ),
    Grant(
        "governance.view_presentations", "presentations", READ, "presentations, their outcomes and questions"
    ),
    Grant(
        "governance.manage_presentations",
        "presentations",
        WRITE,
        "the bodies; plan, record and cancel presentations; questions and their actions",
    ),
    Grant(
        "governance.view_yearly_reports",
        "yearly_report",
        READ,
        "every edition, its figures and their records",
    ),
    Grant(
        "governance.manage_yearly_reports",
        "yearly_report",
        WRITE,
        "draft it, send it for scrutiny and sign-off, publish it and record where it was sent",
    ),
    Grant(
        "governance.scrutinise_yearly_reports",
        "yearly_report",
        WRITE,
        "comment on a draft and write the scrutiny statement, when asked to",
        scope=OWN,
    ),
    Grant(
        "scrutiny.view_reports",
        "iso_reports",
        READ,
        "the list of reports (showing only those the person may read)",
        scope="sees_whole_partnership",
        summary=False,
    ),
    Grant(
        "scrutiny.view_report",
        "iso_reports",
        READ,
        "an issued report and where each response stands",
        "iso_report",
    ),
    Grant("scrutiny.view_report", "iso_report_drafts", READ, "a draft report", "iso_draft"),
    Grant("scrutiny.write_reports", "iso_report_drafts", WRITE, "start a report", scope=OWN, summary=False),
    Grant(
        "scrutiny.edit_report",
        "iso_report_drafts",
        WRITE,
        "change a draft and its recommendations",
        "iso_draft",
    ),
    Grant("scrutiny.issue_report", "iso_report_drafts", WRITE, "issue a draft", "iso_draft"),
    Grant(
        "scrutiny.answer_recommendations",
        "iso_reports",
        READ,
        "the recommendations waiting for their answer",
        scope=OWN,
        summary=False,
    ),
    Grant(
        "scrutiny.answer_response",
        "iso_reports",
        WRITE,
        "answer a recommendation: accepted or not, reasons, actions",
        "recommendation_response",
    ),
    Grant(
        "scrutiny.judge_response", "iso_reports", WRITE, "judge a response sufficient or not", "iso_report"
    ),
    Grant(
        "scrutiny.record_report_days", "iso_reports", WRITE, "record the days spent on a report", "iso_report"
    ),
    Grant(
        "scrutiny.place_report_on_agenda",
        "iso_reports",
        WRITE,
        "put a report on a board meeting's agenda",
        "iso_report",
    ),
    Grant(
        "scrutiny.view_disputes",
        "disputes",
        READ,
        "the list of disputes (showing only those the person may read)",
        scope="is_business_team",
        summary=False,
    ),
    Grant("scrutiny.view_dispute", "disputes", READ, "a dispute, its parties and its history", "dispute"),
    Grant(
        "scrutiny.record_dispute",
        "disputes",
        WRITE,
        "record a dispute (a safeguarding lead: one their organisation is a party to)",
        scope="records_any_dispute",
    ),
    Grant(
        "scrutiny.move_dispute", "disputes", WRITE, "escalate it, ask an ISO to assist, resolve it", "dispute"
    ),
    Grant("scrutiny.note_dispute", "disputes", WRITE, "add a note to its history", "dispute"),
    Grant(
        "scrutiny.manage_dispute_stages",
        "disputes",
        WRITE,
        "the escalation stages: add, rename, reorder, remove",
    ),
    Grant("scrutiny.view_pool", "iso_pool", READ, "the pool, each officer's budget and totals"),
    Grant("scrutiny.manage_ledger", "iso_pool", WRITE, "set budgets"),
    Grant("scrutiny.view_ledgers", "ledger", READ, "every officer's ledger, naming the activities worked on"),
    Grant("scrutiny.record_own_days", "ledger", READ, "their own ledger in this partnership", scope=OWN),
    Grant("scrutiny.view_own_days", "ledger", READ, "their own days in every partnership", on="", scope=OWN),
    Grant("scrutiny.manage_ledger", "ledger", WRITE, "book days on an officer's ledger"),
    Grant("scrutiny.record_own_days", "ledger", WRITE, "record the days they spent", scope=OWN),
    Grant("improvement.view_briefings", "briefings", READ, "approved learning briefings"),
    Grant("improvement.view_draft_briefings", "briefings", READ, "briefings still in draft"),
    Grant("improvement.manage_briefings", "briefings", WRITE, "draft, approve and withdraw briefings"),
    Grant("assessments.view_library", "library", READ, "assessment templates", on=""),
    Grant("audit.view_trail", "audit", READ, "the audit trail"),
    Grant(
        "partnerships.manage_partnerships",
        "installation",
        WRITE,
        "partnerships and their first accounts",
        on="",
    ),
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
