"""The role × page matrix (QUALITY.md Z2), generated from the role table (sightline/policy/table.py, the same
table docs/access.md is written from): for every page, each person of each role gets what the table says their
role holds on the page's record (its view's declared permission, and the record-level permissions listed here),
and everyone else a 404. A role that gains a read in a view or a selector fails here; one that gains it in the
policy changes docs/access.md (tests/test_access_table.py)."""

from dataclasses import dataclass

import pytest
from django.urls import resolve, reverse

from sightline.core.access import PUBLIC, SIGNED_IN, declared_rule
from sightline.partnerships.models import Organisation, OrganisationMembership, PartnershipMembership
from sightline.policy.table import evaluate

from . import factories
from .assurance import builders as assurance_builders
from .casework import builders as casework_builders
from .governance import presentation_builders, yearly_builders
from .improvement import briefing_builders
from .improvement.builders import MATRIX_PARTS, matrix_kwargs
from .partnerships import builders as partnership_builders
from .scrutiny import builders as scrutiny_builders
from .scrutiny import dispute_builders, report_builders
from .test_url_access import PUBLIC_URL_NAMES, own_patterns

Role = PartnershipMembership.Role
OrgRole = OrganisationMembership.Role

WHOLE = {"business_team", "partner_la", "iso", "board_member", "learning_chair"}
ALL_SIGNED_IN = {
    "business_team",
    "other_business_team",
    "partner_la",
    "iso",
    "board_member",
    "learning_chair",
    "agency_a_lead",
    "agency_b_lead",
    "agency_a_contributor",
    "nobody",
    "operator",
}

# Each person of the test world and their column of the role table. "iso" is the ISO the assurance builders
# assign to their activities (and so seated on those panels, as the synthetic ISO of the table is); anyone seated
# on a page's activity panel also holds the panel member's column there.
COLUMNS = {
    "business_team": "business_team",
    "partner_la": "partner_la",
    "partner_icb": "partner_icb",
    "partner_police": "partner_police",
    "iso": "iso_assigned",
    "iso_unassigned": "iso_unassigned",
    "panel_member": "panel_member",
    "learning_chair": "learning_chair",
    "learning_member": "learning_member",
    "board_member": "board_member",
    "agency_a_lead": "agency_lead",
    "agency_b_lead": "agency_lead",
    "agency_a_contributor": "contributor",
    "agency_a_signatory": "signatory",
    "operator": "operator",
    "nobody": "no_role",
    "other_business_team": "other_partnership",
}
# Whose record each part of a URL names: for them the record is their own.
AGENCY_A = {"agency_a_lead", "agency_a_contributor", "agency_a_signatory"}
OWNERS_OF_PART = {
    **dict.fromkeys(
        [
            "agency_a",
            "return",
            "return_standard",
            "submission",
            "plan",
            "single_plan",
            "action",
            "action_extend",
            "action_evidence",
            "escalation",
            "call_in",
            "cw_audit",
        ],
        AGENCY_A,
    ),
    **dict.fromkeys(["cw_draft_audit", "cw_draft_standard"], {"agency_b_lead"}),
    **dict.fromkeys(["iso", "iso_budget", "ledger_entry"], {"iso"}),
    # An ISO report is its author's (the world's ISO); the issued one is addressed to agency A, whose lead answers.
    **dict.fromkeys(["draft_iso_report", "iso_recommendation"], {"iso"}),
    **dict.fromkeys(["iso_report", "answered_response"], AGENCY_A | {"iso"}),
    "iso_response": AGENCY_A,
    # A dispute between agency A and the council, the LA partner's organisation; its assisting ISO is nobody here.
    "dispute": AGENCY_A | {"partner_la"},
}


def extend_world(world):
    """The roles the shared world lacks: the other two partners, a second ISO, a learning group member, a
    signatory of agency A and a panel member (a practitioner of a third agency)."""
    p, users = world.partnership, world.users
    for key, role in (
        ("partner_icb", Role.PARTNER_ICB),
        ("partner_police", Role.PARTNER_POLICE),
        ("iso_unassigned", Role.ISO),
        ("learning_member", Role.LEARNING_MEMBER),
    ):
        users[key] = factories.with_partnership_role(p, role)
    users["agency_a_signatory"] = factories.with_organisation_role(world.agency_a, OrgRole.SIGNATORY)
    agency_c = factories.organisation(p, "Agency C Early Help", type=Organisation.Type.VOLUNTARY)
    users["panel_member"] = factories.with_organisation_role(agency_c, OrgRole.CONTRIBUTOR)


def library_template():
    from sightline.assessments.models import Template
    from sightline.assessments.services import template_load

    from .assessments.test_library import GOOD

    return Template.objects.first() or template_load(by=None, content=GOOD, filename="tiny.yaml").template


def open_cycle(world):
    from datetime import date

    from sightline.assessments import cycles

    cycle = cycles.cycle_create(
        by=None,
        partnership=world.partnership,
        template=library_template(),
        title="Matrix cycle",
        opens_on=date(2026, 9, 1),
        closes_on=date(2026, 11, 30),
        audience_types=["nhs_trust"],
    )
    cycles.cycle_open(by=None, cycle=cycle)
    return cycle


def kwargs_for(world, *parts):
    values = {"slug": world.partnership.slug}
    for part in parts:
        if part == "agency_a":
            values["organisation_id"] = world.agency_a.pk
        elif part == "other_agency":
            values["organisation_id"] = world.other_agency.pk
        elif part == "person":
            values["person_id"] = world.users["agency_a_lead"].pk
        elif part == "group":
            values["group_id"] = world.partnership.groups.first().pk
        elif part == "return":
            values["submission_id"] = open_cycle(world).submissions.get(organisation=world.agency_a).pk
        elif part == "return_standard":
            submission = open_cycle(world).submissions.get(organisation=world.agency_a)
            values["submission_id"] = submission.pk
            values["standard_id"] = submission.cycle.template.standards.first().pk
        elif part in ("cycle", "submission"):
            cycle = open_cycle(world)
            values["cycle_id"] = cycle.pk
            if part == "submission":
                values["submission_id"] = cycle.submissions.get(organisation=world.agency_a).pk
        elif part == "template":
            values["template_id"] = library_template().pk
        elif part == "no_slug":
            values.pop("slug")
        elif part == "meeting":
            from datetime import date

            from sightline.governance.meetings import meeting_schedule
            from sightline.partnerships.models import Group

            values["meeting_id"] = meeting_schedule(
                by=None,
                partnership=world.partnership,
                group=world.partnership.groups.get(kind=Group.Kind.LEARNING),
                held_on=date(2026, 12, 3),
            ).pk
        elif part in MATRIX_PARTS:
            values.update(matrix_kwargs(world, part))
        elif part in briefing_builders.MATRIX_PARTS:
            values.update(briefing_builders.matrix_kwargs(world, part))
        elif part in report_builders.MATRIX_PARTS:
            values.update(report_builders.matrix_kwargs(world, part))
        elif part in scrutiny_builders.MATRIX_PARTS:
            values.update(scrutiny_builders.matrix_kwargs(world, part))
        elif part in casework_builders.MATRIX_PARTS:
            values.update(casework_builders.matrix_kwargs(world, part))
        elif part in assurance_builders.MATRIX_PARTS:
            values.update(assurance_builders.matrix_kwargs(world, part))
        elif part in presentation_builders.MATRIX_PARTS:
            values.update(presentation_builders.matrix_kwargs(world, part))
        elif part in partnership_builders.MATRIX_PARTS:
            values.update(partnership_builders.matrix_kwargs(world, part))
        elif part in dispute_builders.MATRIX_PARTS:
            values.update(dispute_builders.matrix_kwargs(world, part))
        elif part in yearly_builders.MATRIX_PARTS:
            values.update(yearly_builders.matrix_kwargs(world, part))
    return values


@dataclass(frozen=True)
class Page:
    """A page's URL parts, and what it asks of the role table besides its view's declared permission: `need`,
    record-level permissions that must all hold (a name, or (name, record) where a permission is read for
    several kinds of record); or `any_of`, alternatives of such lists. `only` is for the few pages whose rule is
    not a permission of the policy: it must stay within what the table gives."""

    parts: tuple = ()
    need: tuple = ()
    any_of: tuple = ()
    only: frozenset | None = None


def page(*parts, need=(), any_of=(), only=None) -> Page:
    return Page(tuple(parts), tuple(need), tuple(tuple(alt) for alt in any_of), only and frozenset(only))


VIEW_ACTIVITY = ("assurance.view_activity",)
OWN_LEDGER = (("scrutiny.manage_ledger",), ("scrutiny.record_own_days",))

MATRIX = {
    "home": page("no_slug"),
    "notice_list": page("no_slug"),
    "account_security": page("no_slug"),
    "mfa_required": page("no_slug"),
    "partnership_home": page(),
    "group_list": page(),
    "group_detail": page("group"),
    "organisation_list": page(),
    "organisation_create": page(),
    "organisation_export": page(),
    "organisation_import": page(),
    "organisation_detail": page("agency_a", need=[("partnerships.view_partnership", "register")]),
    "organisation_edit": page("agency_a", need=["partnerships.edit_organisation"]),
    "organisation_invite": page("agency_a", need=["partnerships.invite_to_organisation"]),
    "person_list": page(),
    "person_invite": page(),
    "person_detail": page("person"),
    "audit_trail": page(),
    # Self-assessment returns: agency A's return in an open cycle.
    "return_overview": page("return", need=["assessments.view_return"]),
    "return_standard": page("return_standard", need=["assessments.view_return"]),
    # Sharing sections is the lead's alone (submissions.section_assign).
    "return_assign": page("return", need=["assessments.answer_return"], only={"agency_a_lead"}),
    "return_sign_off": page("return", need=["assessments.sign_off_return"]),
    "return_challenge": page("return", need=["assessments.review_return"]),
    "cycle_list": page(),
    "cycle_create": page(),
    "cycle_detail": page("cycle"),
    "cycle_composite": page("cycle"),
    "submission_extend": page("submission"),
    "progress_report": page("cycle"),
    "progress_report_docx": page("cycle"),
    "progress_report_xlsx": page("cycle"),
    "progress_update": page("submission", need=["assessments.view_return"]),
    "template_list": page("no_slug"),
    "template_detail": page("no_slug", "template"),
    # Action plans: agency A owns the action of the multi-agency plan.
    "plan_list": page(),
    "plan_create": page(),
    "plan_detail": page("plan"),
    "plan_close": page("plan"),
    "plan_priorities": page("plan"),
    "action_create": page("plan"),
    "our_actions": page(),
    "action_detail": page("action"),
    "action_edit": page("action", need=["improvement.edit_action"]),
    "action_progress": page("action", need=["improvement.update_action"]),
    "action_propose": page("action", need=["improvement.update_action"]),
    "action_decide": page("action_extend", need=["improvement.decide_action"]),
    "action_evidence_download": page("action_evidence"),
    "escalation_list": page(),
    "escalation_resolve": page("escalation"),
    "board_summary": page(),
    "board_summary_docx": page(),
    "review_list": page(),
    "review_create": page(),
    "review_detail": page("review"),
    "review_edit": page("review"),
    # Learning briefings: an approved one and a draft.
    "briefing_list": page(),
    "briefing_start": page(),
    "briefing_detail": page("briefing"),
    "briefing_edit": page("draft_briefing"),
    "briefing_approve": page("draft_briefing"),
    "briefing_withdraw": page("briefing"),
    "briefing_docx": page("briefing"),
    "briefing_pdf": page("draft_briefing", need=["improvement.view_draft_briefings"]),
    # The partnership's priorities: one in force this year.
    "priority_list": page(),
    "priority_detail": page("priority"),
    "priority_create": page(),
    "priority_edit": page("priority"),
    "priority_end": page("priority"),
    "priority_remove": page("priority"),
    "meeting_list": page(),
    "meeting_schedule": page(),
    "meeting_detail": page("meeting"),
    "meeting_minutes": page("meeting"),
    # Where reports were presented: one presented with a question raised, one still planned, and a body.
    "presentation_list": page(),
    "presentation_plan": page(),
    "presentation_detail": page("presentation"),
    "presentation_edit": page("presentation"),
    "presentation_presented": page("planned_presentation"),
    "presentation_cancel": page("planned_presentation"),
    "presentation_question_add": page("presentation"),
    "presentation_question_action": page("presentation_question"),
    "body_list": page(),
    "body_add": page(),
    "body_edit": page("reporting_body"),
    # The yearly report: this year's draft; last year's with the world's ISO for scrutiny (the scrutiny page is the
    # asked ISO's alone: governance/yearly/views.py); the year before's waiting for the three lead partners.
    "yearly_report_list": page(),
    "yearly_report_start": page(),
    "yearly_report_sections": page(),
    "yearly_report_detail": page("yearly_report"),
    "yearly_report_section": page("yearly_section"),
    "yearly_report_figure": page("yearly_figure"),
    "yearly_report_download": page("yearly_download"),
    "yearly_report_send_for_scrutiny": page("yearly_report"),
    "yearly_report_scrutiny": page("yearly_in_scrutiny", only={"iso"}),
    "yearly_report_sign_off": page("yearly_in_sign_off"),
    "yearly_report_publish": page("yearly_report"),
    "yearly_report_dispatch": page("yearly_report"),
    # Independent scrutiny: the world's ISO's ledger, budget and an entry booked for them.
    "iso_pool": page(),
    "iso_ledger": page("iso", any_of=[("scrutiny.view_ledgers",), ("scrutiny.record_own_days",)]),
    "budget_edit": page("iso_budget"),
    "iso_profile_edit": page("iso", any_of=OWN_LEDGER),
    "ledger_entry_create": page("iso"),
    "ledger_entry_edit": page("ledger_entry", any_of=OWN_LEDGER),
    "my_days": page("no_slug"),
    # Disputes: one between agency A and the council, with an ISO who is none of the world's people assisting
    # (tests/scrutiny/dispute_builders.py).
    "dispute_list": page(),
    "dispute_create": page(),
    "dispute_detail": page("dispute", need=["scrutiny.view_dispute"]),
    "dispute_escalate": page("dispute", need=["scrutiny.view_dispute", "scrutiny.move_dispute"]),
    "dispute_note": page("dispute", need=["scrutiny.view_dispute", "scrutiny.note_dispute"]),
    "dispute_ask_iso": page("dispute", need=["scrutiny.view_dispute", "scrutiny.move_dispute"]),
    "dispute_resolve": page("dispute", need=["scrutiny.view_dispute", "scrutiny.move_dispute"]),
    "dispute_stages": page(),
    "dispute_stage_add": page(),
    "dispute_stage_edit": page("dispute_stage"),
    # ISO reports: the world's ISO writes them on an activity they are assigned to (so they hold the assigned
    # ISO's column); the issued one is addressed to agency A (tests/scrutiny/report_builders.py).
    "iso_report_list": page(),
    "iso_report_start": page(),
    "iso_report_detail": page("iso_report", need=[("scrutiny.view_report", "iso_reports")]),
    "iso_report_edit": page("draft_iso_report", need=["scrutiny.edit_report"]),
    "iso_report_issue": page(
        "draft_iso_report", need=["scrutiny.issue_report", ("scrutiny.view_report", "iso_report_drafts")]
    ),
    "iso_report_days": page("iso_report", need=["scrutiny.record_report_days"]),
    "iso_report_agenda": page("iso_report", need=["scrutiny.place_report_on_agenda"]),
    "iso_recommendation_add": page("draft_iso_report", need=["scrutiny.edit_report"]),
    "iso_recommendation_edit": page("iso_recommendation", need=["scrutiny.edit_report"]),
    "iso_response_answer": page(
        "iso_response", need=["scrutiny.answer_response", ("scrutiny.view_report", "iso_reports")]
    ),
    "iso_response_judge": page("answered_response", need=["scrutiny.judge_response"]),
    "recommendations_to_answer": page(),
    # Casework: a practice learning event whose panel is the LA partner and the panel member; the world's ISO is
    # not assigned to it. Agency A has submitted its audit, agency B has not (tests/casework/builders.py).
    "casework_index": page("cw_event"),
    "activity_casework": page("cw_activity", need=["casework.view_activity_cases"]),
    "case_create": page("cw_activity"),
    "case_edit": page("cw_case"),
    "panel_add": page("cw_activity"),
    "audits_request": page("cw_activity"),
    "panel_preparation": page("cw_activity", need=["casework.prepare"]),
    "panel_pack_download": page("cw_activity", need=["casework.prepare"]),
    "panel_pack_pdf": page("cw_activity", need=["casework.prepare"]),
    "our_case_audits": page("cw_event"),
    "case_audit_detail": page("cw_audit", need=["casework.read_audit"]),
    # Writing a draft audit is its agency's alone (casework/audits.py); the panel reads it once returned.
    "case_audit_standard": page("cw_draft_standard", need=["casework.read_audit"], only={"agency_b_lead"}),
    # Assurance activities: a thematic event proposed by the LA partner, with the world's ISO assigned and dates
    # fixed; a call-in of agency A; a peer review (tests/assurance/builders.py). The panel member sits on each.
    "activity_list": page(),
    "activity_create": page(),
    "activity_calendar": page(),
    "endorsement_list": page(),
    "unavailability": page(),
    "activity_detail": page("activity", need=VIEW_ACTIVITY),
    "activity_advance": page("activity", need=VIEW_ACTIVITY),
    "activity_edit": page("activity", need=["assurance.manage_activity"]),
    "activity_propose": page("activity", need=[*VIEW_ACTIVITY, "assurance.propose_activity"]),
    # A sign-off's text and decisions are for the partnership-wide roles and the parties it names
    # (assurance/views/endorsements.py), not for a practitioner on the panel.
    "endorsement_detail": page(
        "sign_off",
        need=VIEW_ACTIVITY,
        only=WHOLE | {"partner_icb", "partner_police", "learning_member"},
    ),
    "activity_dates": page("activity", need=VIEW_ACTIVITY),
    "activity_dates_answer": page("activity", need=["assurance.answer_dates"]),
    "activity_dates_fix": page("activity", need=["assurance.manage_activity"]),
    "activity_programme": page("activity", need=VIEW_ACTIVITY),
    "activity_participants": page("activity", need=VIEW_ACTIVITY),
    "activity_invitation_download": page("activity", need=VIEW_ACTIVITY),
    "activity_preparation": page("activity", need=["assurance.record_event"]),
    "activity_feedback": page("activity", need=["assurance.record_event"]),
    "activity_overview": page("activity", need=["assurance.record_event"]),
    "activity_handover": page("activity", need=["assurance.manage_activity"]),
    "activity_publication": page("activity", need=["assurance.manage_activity"]),
    "call_in_edit": page("call_in", need=["assurance.manage_activity"]),
    "call_in_respond": page("call_in", need=["assurance.answer_call_in"]),
    "peer_review_edit": page("peer_review", need=["assurance.manage_activity"]),
    "calendar_feed_manage": page("no_slug"),
}


# Pages reached only by POST or that only redirect, or with objects built elsewhere (tested in their own modules).
POST_ONLY = {
    "meeting_build_agenda",
    "meeting_add_item",
    "meeting_move_item",
    "meeting_decide",
    "meeting_held",
    "body_active",
    "body_remove",
    "session_extend",
    "account_email_managed",
    "cycle_open",
    "return_action_add",
    "return_action_remove",
    "return_challenge_respond",
    "return_ready",
    "return_submit",
    "return_accept",
    "cycle_close",
    "cycle_chase_all",
    "submission_chase",
    "notice_read",
    "person_disable",
    "person_enable",
    "membership_remove",
    "invitation_revoke",
    "organisation_import_preview",
    "cycle_issue_composite",
    "cycle_open_progress_round",
    "cycle_archive",
    # The composite's export request is a POST; its job and download pages need an export job, so their
    # access is tested in tests/assessments/test_composite_exports.py.
    "composite_export",
    "composite_job",
    "composite_download",
    # Evidence upload and removal are POSTs; download needs an evidence file, so the access of all three is
    # tested in tests/assessments/test_evidence.py.
    "return_evidence_add",
    "return_evidence_remove",
    "return_evidence_download",
    # Independent scrutiny and casework: removals and submitting are POSTs, tested in tests/scrutiny and
    # tests/casework.
    "ledger_entry_remove",
    "iso_recommendation_remove",
    "case_remove",
    "panel_remove",
    "panel_note_remove",
    "case_audit_submit",
    # Assurance activities: removals, sending, attendance and asking for the overview's sign-off are POSTs,
    # tested in tests/assurance.
    "unavailability_remove",
    "candidate_remove",
    "programme_send",
    "programme_item_remove",
    "participant_remove",
    "attendance_record",
    "activity_overview_submit",
    # Marking a learning briefing ready to publish is a POST, tested in tests/improvement/test_briefing_views.py.
    "briefing_ready",
    # The yearly report's ISO comment, sending for sign-off and starting a revised edition are POSTs, tested in
    # tests/governance/test_yearly_report*.py.
    "yearly_report_comment",
    "yearly_report_send_for_sign_off",
    "yearly_report_revise",
    # Moving and removing a dispute's escalation stage are POSTs, tested in tests/scrutiny/test_disputes_views.py.
    "dispute_stage_move",
    "dispute_stage_remove",
}


def test_matrix_covers_every_page():
    names = {entry.name for _, entry in own_patterns()} - PUBLIC_URL_NAMES - POST_ONLY
    assert names - set(MATRIX) == set(), "add new pages to the access matrix"


_TABLE = []


@pytest.fixture
def table(db):
    """The role table as the policy gives it: worked out once per run."""
    if not _TABLE:
        _TABLE.append(evaluate())
    return _TABLE[0]


def seat_panels(world):
    """Seat the panel member on every activity's panel, and each activity's ISO on its own, as in the table's
    synthetic partnership."""
    from sightline.assurance.models import Activity
    from sightline.casework.models import PanelMember

    for activity in Activity.objects.filter(partnership=world.partnership):
        PanelMember.objects.get_or_create(activity=activity, user=world.users["panel_member"])
        if activity.iso_id:
            PanelMember.objects.get_or_create(activity=activity, user_id=activity.iso_id)


def activity_named(world, kwargs: dict, parts: tuple):
    """The activity whose record the page shows, if any, and for an index of casework every open panel."""
    from sightline.assurance.models import Activity
    from sightline.casework.models import CaseAudit

    if "activity_id" in kwargs:
        return Activity.objects.get(pk=kwargs["activity_id"])
    if "audit_id" in kwargs:
        return CaseAudit.objects.select_related("case__activity").get(pk=kwargs["audit_id"]).case.activity
    return None


def expected(table, world, name: str, spec: Page, url: str, kwargs: dict) -> set:
    """The people of the world who should get the page, by the role table."""
    from sightline.casework.models import PanelMember

    gate = declared_rule(resolve(url).func)
    if gate == SIGNED_IN:
        return set(COLUMNS)
    activity = activity_named(world, kwargs, spec.parts)
    seated_on = PanelMember.objects.filter(activity__partnership=world.partnership)
    if activity is not None:
        seated_on = seated_on.filter(activity=activity)
    seated = {key for key, user in world.users.items() if seated_on.filter(user=user).exists()}
    owners = set().union(*(OWNERS_OF_PART.get(part, set()) for part in spec.parts))
    if activity is not None:
        owners |= seated
    names_a_record = bool(owners) or activity is not None
    allowed = set()
    for key, column in COLUMNS.items():
        if key == "iso" and key not in seated:
            column = (
                "iso_unassigned"  # the table's assigned ISO sits on the panel of what they are assigned to
            )
        columns = {column} | ({"panel_member"} if key in seated else set())
        own = not names_a_record or key in owners

        def holds(need, columns=columns, own=own):
            perm, record = need if isinstance(need, tuple) else (need, None)
            return any(table.holds(perm, c, own=own, record=record) for c in columns)

        if not holds(gate) or not all(holds(n) for n in spec.need):
            continue
        if spec.any_of and not any(all(holds(n) for n in alt) for alt in spec.any_of):
            continue
        allowed.add(key)
    if spec.only is not None:
        assert spec.only <= allowed, f"{name}: {sorted(spec.only - allowed)} get more than the table gives"
        allowed = set(spec.only)
    return allowed


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_role_matrix(world, client_for, table, name):
    spec = MATRIX[name]
    extend_world(world)
    kwargs = kwargs_for(world, *spec.parts)
    seat_panels(world)
    url = reverse(name, kwargs=kwargs)
    allowed = expected(table, world, name, spec, url, kwargs)
    wrong = []
    for key in sorted(COLUMNS):
        status = client_for(world.users[key]).get(url).status_code
        if status != (200 if key in allowed else 404):
            wrong.append(f"{key}: {status}, expected {200 if key in allowed else 404}")
    assert not wrong, f"{url}: " + "; ".join(wrong)
    if declared_rule(resolve(url).func) != PUBLIC:
        response = client_for(None).get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", sorted(ALL_SIGNED_IN))
def test_organisation_of_another_partnership_is_404_for_everyone(world, client_for, role):
    url = reverse("organisation_detail", kwargs=kwargs_for(world, "other_agency"))
    assert client_for(world.users[role]).get(url).status_code == 404


def test_register_list_leaks_nothing_to_agency_lead(world, client_for):
    # An agency lead does not see the register; the other partnership's business team sees only theirs.
    other = client_for(world.users["other_business_team"]).get(
        reverse("organisation_list", kwargs={"slug": "other"})
    )
    assert b"Agency A" not in other.content and b"Other Area Trust" in other.content


def test_refused_access_is_in_the_audit_trail(world, client_for):
    from sightline.audit.models import AuditEvent

    client_for(world.users["agency_b_lead"]).get(
        reverse("organisation_edit", kwargs=kwargs_for(world, "agency_a"))
    )
    event = AuditEvent.objects.filter(verb="access.refused").latest("seq")
    assert event.actor == world.users["agency_b_lead"]


@pytest.mark.parametrize("role", sorted(ALL_SIGNED_IN))
def test_single_agency_plan_is_seen_only_by_its_organisation_and_the_partnership_wide_roles(
    world, client_for, role
):
    url = reverse("plan_detail", kwargs=kwargs_for(world, "single_plan"))
    allowed = WHOLE | {"agency_a_lead", "agency_a_contributor"}
    assert client_for(world.users[role]).get(url).status_code == (200 if role in allowed else 404)


# For the suites that walk the matrix's pages as someone allowed to see them (tests/security, tests/e2e).
TRIED_FIRST = ("business_team", "partner_la", "agency_a_lead", "iso", "agency_b_lead", "learning_chair")


def someone_allowed(world, client_for, name: str):
    """(the person, their client, the URL) for a person of the shared world who gets the page."""
    url = reverse(name, kwargs=kwargs_for(world, *MATRIX[name].parts))
    for key in (*TRIED_FIRST, *sorted(set(world.users) - set(TRIED_FIRST))):
        client = client_for(world.users[key])
        if client.get(url).status_code == 200:
            return world.users[key], client, url
    raise AssertionError(f"nobody in the world gets {url}")
