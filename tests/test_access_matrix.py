"""The role × organisation matrix (QUALITY.md Z2): who gets each page, and everyone else a 404."""

import pytest
from django.urls import reverse

from .assurance import builders as assurance_builders
from .casework import builders as casework_builders
from .improvement import briefing_builders
from .improvement.builders import MATRIX_PARTS, matrix_kwargs
from .scrutiny import builders as scrutiny_builders
from .test_url_access import PUBLIC_URL_NAMES, own_patterns

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
IN_PARTNERSHIP = WHOLE | {"agency_a_lead", "agency_b_lead", "agency_a_contributor"}


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
        elif part in scrutiny_builders.MATRIX_PARTS:
            values.update(scrutiny_builders.matrix_kwargs(world, part))
        elif part in casework_builders.MATRIX_PARTS:
            values.update(casework_builders.matrix_kwargs(world, part))
        elif part in assurance_builders.MATRIX_PARTS:
            values.update(assurance_builders.matrix_kwargs(world, part))
    return values


# url name → (the objects it names, the roles that may GET it)
MATRIX = {
    "home": (("no_slug",), ALL_SIGNED_IN),
    "notice_list": (("no_slug",), ALL_SIGNED_IN),
    "account_security": (("no_slug",), ALL_SIGNED_IN),
    "mfa_required": (("no_slug",), ALL_SIGNED_IN),
    "partnership_home": ((), IN_PARTNERSHIP),
    "group_list": ((), WHOLE),
    "group_detail": (("group",), WHOLE),
    "organisation_list": ((), WHOLE),
    "organisation_create": ((), {"business_team"}),
    "organisation_export": ((), {"business_team"}),
    "organisation_import": ((), {"business_team"}),
    "organisation_detail": (("agency_a",), WHOLE | {"agency_a_lead", "agency_a_contributor"}),
    "organisation_edit": (("agency_a",), {"business_team"}),
    "organisation_invite": (("agency_a",), {"business_team", "agency_a_lead"}),
    "person_list": ((), {"business_team"}),
    "person_invite": ((), {"business_team"}),
    "person_detail": (("person",), {"business_team"}),
    "audit_trail": ((), {"business_team"}),
    "return_overview": (("return",), WHOLE | {"agency_a_lead", "agency_a_contributor"}),
    "return_standard": (("return_standard",), WHOLE | {"agency_a_lead", "agency_a_contributor"}),
    "return_assign": (("return",), {"agency_a_lead"}),
    "return_sign_off": (("return",), {"agency_a_lead"}),
    "return_challenge": (("return",), {"business_team"}),
    "cycle_list": ((), WHOLE),
    "cycle_create": ((), {"business_team"}),
    "cycle_detail": (("cycle",), WHOLE),
    "cycle_composite": (("cycle",), WHOLE),
    "submission_extend": (("submission",), {"business_team"}),
    "progress_report": (("cycle",), WHOLE),
    "progress_report_docx": (("cycle",), WHOLE),
    "progress_report_xlsx": (("cycle",), WHOLE),
    "progress_update": (("submission",), WHOLE | {"agency_a_lead", "agency_a_contributor"}),
    "template_list": (("no_slug",), WHOLE | {"other_business_team", "operator"}),
    "template_detail": (("no_slug", "template"), WHOLE | {"other_business_team", "operator"}),
    "plan_list": ((), IN_PARTNERSHIP),
    "plan_create": ((), {"business_team"}),
    "plan_detail": (("plan",), WHOLE | {"agency_a_lead", "agency_a_contributor"}),
    "plan_close": (("plan",), {"business_team", "learning_chair"}),
    "action_create": (("plan",), {"business_team"}),
    "our_actions": ((), {"agency_a_lead", "agency_b_lead", "agency_a_contributor"}),
    "action_detail": (("action",), WHOLE | {"agency_a_lead", "agency_a_contributor"}),
    "action_edit": (("action",), {"business_team"}),
    "action_progress": (("action",), {"business_team", "agency_a_lead", "agency_a_contributor"}),
    "action_propose": (("action",), {"business_team", "agency_a_lead", "agency_a_contributor"}),
    "action_decide": (("action_extend",), {"business_team", "learning_chair"}),
    "action_evidence_download": (("action_evidence",), WHOLE | {"agency_a_lead", "agency_a_contributor"}),
    "escalation_list": ((), WHOLE),
    "escalation_resolve": (("escalation",), {"business_team", "learning_chair"}),
    "board_summary": ((), WHOLE),
    "board_summary_docx": ((), WHOLE),
    "review_list": ((), WHOLE),
    "review_create": ((), {"business_team"}),
    "review_detail": (("review",), WHOLE),
    "review_edit": (("review",), {"business_team"}),
    # Learning briefings: an approved one is read by everyone in the partnership, a draft by the business team and
    # the learning group only.
    "briefing_list": ((), IN_PARTNERSHIP),
    "briefing_start": ((), {"business_team"}),
    "briefing_detail": (("briefing",), IN_PARTNERSHIP),
    "briefing_edit": (("draft_briefing",), {"business_team"}),
    "briefing_approve": (("draft_briefing",), {"business_team"}),
    "briefing_withdraw": (("briefing",), {"business_team"}),
    "briefing_docx": (("briefing",), IN_PARTNERSHIP),
    "briefing_pdf": (("draft_briefing",), {"business_team", "learning_chair"}),
    "meeting_list": ((), WHOLE),
    "meeting_schedule": ((), {"business_team", "learning_chair"}),
    "meeting_detail": (("meeting",), WHOLE),
    "meeting_minutes": (("meeting",), WHOLE),
    # Independent scrutiny: the pool and ledgers for the partnership-wide roles; the business team books days and
    # sets budgets; the ISO edits their own profile and records the days spent on their own entries.
    "iso_pool": ((), WHOLE),
    "iso_ledger": (("iso",), WHOLE),
    "budget_edit": (("iso_budget",), {"business_team"}),
    "iso_profile_edit": (("iso",), {"business_team", "iso"}),
    "ledger_entry_create": (("iso",), {"business_team"}),
    "ledger_entry_edit": (("ledger_entry",), {"business_team", "iso"}),
    "my_days": (("no_slug",), {"iso"}),
    # Casework: the event's panel is the LA partner alone; the world's ISO is not on it. Agency A has submitted
    # its audit, agency B has not (tests/casework/builders.py).
    "casework_index": (("cw_event",), {"business_team", "partner_la"}),
    "activity_casework": (("cw_activity",), {"business_team", "partner_la"}),
    "case_create": (("cw_activity",), {"business_team"}),
    "case_edit": (("cw_case",), {"business_team"}),
    "panel_add": (("cw_activity",), {"business_team"}),
    "audits_request": (("cw_activity",), {"business_team"}),
    "panel_preparation": (("cw_activity",), {"partner_la"}),
    "panel_pack_download": (("cw_activity",), {"partner_la"}),
    "panel_pack_pdf": (("cw_activity",), {"partner_la"}),
    "our_case_audits": (("cw_event",), {"agency_a_lead", "agency_b_lead"}),
    "case_audit_detail": (("cw_audit",), {"partner_la", "agency_a_lead"}),
    "case_audit_standard": (("cw_draft_standard",), {"agency_b_lead"}),
    # Assurance activities: a thematic event proposed by the LA partner, with the world's ISO assigned and dates
    # fixed; a call-in of agency A; a peer review (tests/assurance/builders.py).
    "activity_list": ((), IN_PARTNERSHIP),
    "activity_create": ((), {"business_team", "partner_la"}),
    "activity_calendar": ((), IN_PARTNERSHIP),
    "endorsement_list": ((), IN_PARTNERSHIP),
    "unavailability": ((), {"business_team", "partner_la", "iso"}),
    "activity_detail": (("activity",), WHOLE),
    "activity_advance": (("activity",), WHOLE),
    "activity_edit": (("activity",), {"business_team"}),
    "activity_propose": (("activity",), {"business_team", "partner_la"}),
    "endorsement_detail": (("sign_off",), WHOLE),
    "activity_dates": (("activity",), WHOLE),
    "activity_dates_answer": (("activity",), {"partner_la", "iso"}),
    "activity_dates_fix": (("activity",), {"business_team"}),
    "activity_programme": (("activity",), WHOLE),
    "activity_participants": (("activity",), WHOLE),
    "activity_invitation_download": (("activity",), WHOLE),
    "activity_preparation": (("activity",), {"business_team", "iso"}),
    "activity_feedback": (("activity",), {"business_team", "iso"}),
    "activity_overview": (("activity",), {"business_team", "iso"}),
    "activity_handover": (("activity",), {"business_team"}),
    "activity_publication": (("activity",), {"business_team"}),
    "call_in_edit": (("call_in",), {"business_team"}),
    "call_in_respond": (("call_in",), {"business_team", "agency_a_lead"}),
    "peer_review_edit": (("peer_review",), {"business_team"}),
    "calendar_feed_manage": (("no_slug",), ALL_SIGNED_IN),
}
# Pages reached only by POST or that only redirect, or with objects built elsewhere (tested in their own modules).
POST_ONLY = {
    "meeting_build_agenda",
    "meeting_add_item",
    "meeting_move_item",
    "meeting_decide",
    "meeting_held",
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
}


def test_matrix_covers_every_page():
    names = {entry.name for _, entry in own_patterns()} - PUBLIC_URL_NAMES - POST_ONLY
    assert names - set(MATRIX) == set(), "add new pages to the access matrix"


CASES = [(name, role) for name in MATRIX for role in sorted(ALL_SIGNED_IN)]


@pytest.mark.parametrize("name,role", CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_role_matrix(world, client_for, name, role):
    parts, allowed = MATRIX[name]
    url = reverse(name, kwargs=kwargs_for(world, *parts))
    response = client_for(world.users[role]).get(url)
    if role in allowed:
        assert response.status_code == 200, f"{role} should reach {url}"
    else:
        assert response.status_code == 404, f"{role} must not reach {url} (got {response.status_code})"


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
