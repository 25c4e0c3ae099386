"""Sightline's one access policy: who may do what, decided from memberships.

Views, services, templates and the API all ask here (through `user.has_perm(name, obj)` or the
predicates below). Deny by default: a permission not named here is refused, and a view that does not
declare its permission is refused by AccessPolicyMiddleware. Objects outside a person's scope are
filtered out by the selectors, so they answer 404.
"""

from __future__ import annotations

import rules

from sightline.partnerships.models import (
    Affiliation,
    Organisation,
    OrganisationMembership,
    Partnership,
    PartnershipMembership,
)

Role = PartnershipMembership.Role
OrgRole = OrganisationMembership.Role

# Roles that read partnership-wide results (ARCHITECTURE.md §1).
PARTNERSHIP_WIDE_ROLES = frozenset(
    {
        Role.BUSINESS_TEAM,
        *PartnershipMembership.PARTNER_ROLES,
        Role.ISO,
        Role.LEARNING_CHAIR,
        Role.LEARNING_MEMBER,
        Role.BOARD_MEMBER,
    }
)
# Roles whose accounts must have a second factor in production (QUALITY.md A1).
MFA_PARTNERSHIP_ROLES = frozenset({Role.BUSINESS_TEAM, *PartnershipMembership.PARTNER_ROLES, Role.ISO})


def partnership_roles(user) -> dict:
    """{partnership_id: {role, …}} for this person, loaded once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, "_partnership_roles", None)
    if cached is None:
        cached = {}
        for partnership_id, role in PartnershipMembership.objects.filter(user=user).values_list(
            "partnership_id", "role"
        ):
            cached.setdefault(partnership_id, set()).add(role)
        user._partnership_roles = cached
    return cached


def organisation_roles(user) -> dict:
    """{organisation_id: {role, …}} for this person, loaded once per request."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, "_organisation_roles", None)
    if cached is None:
        cached = {}
        for organisation_id, role in OrganisationMembership.objects.filter(user=user).values_list(
            "organisation_id", "role"
        ):
            cached.setdefault(organisation_id, set()).add(role)
        user._organisation_roles = cached
    return cached


def roles_in(user, partnership: Partnership) -> set:
    return partnership_roles(user).get(partnership.pk, set())


def forget_cached_roles(user) -> None:
    for name in ("_partnership_roles", "_organisation_roles"):
        if hasattr(user, name):
            delattr(user, name)


@rules.predicate
def is_operator(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


@rules.predicate
def is_business_team(user, partnership: Partnership) -> bool:
    return Role.BUSINESS_TEAM in roles_in(user, partnership)


@rules.predicate
def sees_whole_partnership(user, partnership: Partnership) -> bool:
    return bool(roles_in(user, partnership) & PARTNERSHIP_WIDE_ROLES)


@rules.predicate
def belongs_to_partnership(user, partnership: Partnership) -> bool:
    """Any role in the partnership, or a role in one of its organisations."""
    if roles_in(user, partnership):
        return True
    own = organisation_roles(user)
    return bool(own) and Affiliation.objects.filter(partnership=partnership, organisation_id__in=own).exists()


@rules.predicate
def leads_organisation(user, organisation: Organisation) -> bool:
    return OrgRole.LEAD in organisation_roles(user).get(organisation.pk, set())


@rules.predicate
def business_team_of_organisation(user, organisation: Organisation) -> bool:
    mine = {pk for pk, roles in partnership_roles(user).items() if Role.BUSINESS_TEAM in roles}
    return (
        bool(mine) and Affiliation.objects.filter(organisation=organisation, partnership_id__in=mine).exists()
    )


@rules.predicate
def sees_some_partnership_whole(user) -> bool:
    """A partnership-wide role anywhere: the template library is the same for every partnership."""
    return any(roles & PARTNERSHIP_WIDE_ROLES for roles in partnership_roles(user).values())


def requires_mfa(user) -> bool:
    """QUALITY.md A1: the business team, partners, ISOs and the operator need a second factor."""
    if is_operator(user):
        return True
    return any(roles & MFA_PARTNERSHIP_ROLES for roles in partnership_roles(user).values())


# Partnership-level permissions: the object is the Partnership.
rules.add_perm("partnerships.view_partnership", belongs_to_partnership)
rules.add_perm("partnerships.view_register", sees_whole_partnership)
rules.add_perm("partnerships.manage_register", is_business_team)
rules.add_perm("partnerships.view_people", is_business_team)
rules.add_perm("partnerships.manage_people", is_business_team)
rules.add_perm("partnerships.view_groups", sees_whole_partnership)
rules.add_perm("audit.view_trail", is_business_team)
rules.add_perm("assessments.view_cycles", sees_whole_partnership)
rules.add_perm("assessments.manage_cycles", is_business_team)

# Organisation-level permissions: the object is the Organisation.
rules.add_perm("partnerships.edit_organisation", business_team_of_organisation)
rules.add_perm("partnerships.invite_to_organisation", business_team_of_organisation | leads_organisation)

# Installation-level permissions: no object.
rules.add_perm("partnerships.manage_partnerships", is_operator)
rules.add_perm("assessments.view_library", sees_some_partnership_whole | is_operator)


# Learning and improvement (sightline/improvement): action plans followed to completion by the learning group,
# escalation to the board, the board's summary and the reviews register.
ACTION_DECIDING_ROLES = frozenset({Role.BUSINESS_TEAM, Role.LEARNING_CHAIR})


@rules.predicate
def decides_for_learning_group(user, partnership: Partnership) -> bool:
    """The learning group's decisions (verify, return, extend, escalate) are the chair's, recorded by the
    chair or by the business team that runs the group."""
    return bool(roles_in(user, partnership) & ACTION_DECIDING_ROLES)


@rules.predicate
def works_in_partnership_organisation(user, partnership: Partnership) -> bool:
    own = organisation_roles(user)
    return bool(own) and Affiliation.objects.filter(partnership=partnership, organisation_id__in=own).exists()


# Action-level predicates: the object is an improvement Action with its plan (and the plan's partnership) loaded.
@rules.predicate
def acts_for_action_owner(user, action) -> bool:
    """The owning organisation's safeguarding leads and contributors, and the action's owner person while they
    hold a role there, update it and propose its completion."""
    roles = organisation_roles(user).get(action.owner_organisation_id, set())
    return bool(roles & {OrgRole.LEAD, OrgRole.CONTRIBUTOR}) or (
        bool(roles) and action.owner_person_id == getattr(user, "pk", None)
    )


@rules.predicate
def business_team_of_action(user, action) -> bool:
    return Role.BUSINESS_TEAM in roles_in(user, action.plan.partnership)


@rules.predicate
def decides_on_action(user, action) -> bool:
    return bool(roles_in(user, action.plan.partnership) & ACTION_DECIDING_ROLES)


rules.add_perm("improvement.view_plans", belongs_to_partnership)
rules.add_perm("improvement.manage_plans", is_business_team)
rules.add_perm("improvement.decide", decides_for_learning_group)
rules.add_perm("improvement.view_own_actions", works_in_partnership_organisation)
rules.add_perm("improvement.view_escalations", sees_whole_partnership)
rules.add_perm("improvement.view_board_summary", sees_whole_partnership)
rules.add_perm("improvement.view_reviews", sees_whole_partnership)
rules.add_perm("improvement.manage_reviews", is_business_team)
rules.add_perm("improvement.update_action", acts_for_action_owner | business_team_of_action)
rules.add_perm("improvement.decide_action", decides_on_action)
rules.add_perm("improvement.edit_action", business_team_of_action)


# Learning briefings: the business team drafts, edits and approves them; the learning group reads the drafts
# (it spreads the learning); everyone in the partnership reads an approved one.
@rules.predicate
def in_learning_group(user, partnership: Partnership) -> bool:
    return bool(roles_in(user, partnership) & {Role.LEARNING_CHAIR, Role.LEARNING_MEMBER})


reads_draft_briefings = is_business_team | in_learning_group
rules.add_perm("improvement.view_briefings", belongs_to_partnership)
rules.add_perm("improvement.view_draft_briefings", reads_draft_briefings)
rules.add_perm("improvement.manage_briefings", is_business_team)


# Assurance activities (sightline/assurance): events, audits, call-ins and peer reviews, their sign-offs and
# scheduling. Partnership-wide roles other than the ISO read every activity of their partnership; an ISO reads those
# they are assigned to or sit on the panel of; an agency's safeguarding lead reads (and answers) the call-ins of
# their own agency; anyone named as a participant or seated on the panel reads that activity. Nobody
# outside the partnership sees any of it. Activity-level predicates take an assurance Activity.
@rules.predicate
def is_delegated_partner(user, partnership: Partnership) -> bool:
    return bool(roles_in(user, partnership) & set(PartnershipMembership.PARTNER_ROLES))


@rules.predicate
def is_iso_of(user, partnership: Partnership) -> bool:
    return Role.ISO in roles_in(user, partnership)


def _activity_roles(user, activity) -> set:
    return partnership_roles(user).get(activity.partnership_id, set())


@rules.predicate
def business_team_of_activity(user, activity) -> bool:
    return Role.BUSINESS_TEAM in _activity_roles(user, activity)


@rules.predicate
def partner_of_activity(user, activity) -> bool:
    return bool(_activity_roles(user, activity) & set(PartnershipMembership.PARTNER_ROLES))


@rules.predicate
def is_assigned_iso(user, activity) -> bool:
    """The ISO assigned to the activity, while they still hold the ISO role in its partnership."""
    return (
        activity.iso_id is not None
        and activity.iso_id == getattr(user, "pk", None)
        and Role.ISO in _activity_roles(user, activity)
    )


@rules.predicate
def learning_chair_of_activity(user, activity) -> bool:
    return Role.LEARNING_CHAIR in _activity_roles(user, activity)


@rules.predicate
def leads_called_in_agency(user, activity) -> bool:
    return (
        activity.kind == "call_in"
        and activity.organisation_id is not None
        and OrgRole.LEAD in organisation_roles(user).get(activity.organisation_id, set())
    )


@rules.predicate
def takes_part_in_activity(user, activity) -> bool:
    from sightline.assurance.models import Participant

    return bool(getattr(user, "is_authenticated", False)) and (
        Participant.objects.filter(activity_id=activity.pk, user_id=user.pk).exists()
    )


# An ISO is independent of the activities they do not lead: they read the ones they are assigned to (as its ISO
# or from a seat on its panel) and the partnership-level results, not the rest of the programme (issue 11).
ACTIVITY_WIDE_ROLES = PARTNERSHIP_WIDE_ROLES - {Role.ISO}


@rules.predicate
def sits_on_activity_panel(user, activity) -> bool:
    from sightline.casework.models import PanelMember

    return bool(getattr(user, "is_authenticated", False)) and (
        PanelMember.objects.filter(activity_id=activity.pk, user_id=user.pk).exists()
    )


@rules.predicate
def sees_activity(user, activity) -> bool:
    return (
        bool(_activity_roles(user, activity) & ACTIVITY_WIDE_ROLES)
        or is_assigned_iso(user, activity)
        or leads_called_in_agency(user, activity)
        or sits_on_activity_panel(user, activity)
    )


@rules.predicate
def addressed_by_endorsement(user, request) -> bool:
    """A sign-off is decided only by the parties it names."""
    return bool(getattr(user, "is_authenticated", False)) and request.parties.filter(user_id=user.pk).exists()


rules.add_perm("assurance.view_activities", belongs_to_partnership)
rules.add_perm("assurance.manage_activities", is_business_team)
rules.add_perm("assurance.propose_activity", is_business_team | is_delegated_partner)
rules.add_perm("assurance.record_unavailability", is_business_team | is_delegated_partner | is_iso_of)
rules.add_perm("assurance.view_activity", sees_activity | takes_part_in_activity)
rules.add_perm("assurance.manage_activity", business_team_of_activity)
rules.add_perm("assurance.record_event", business_team_of_activity | is_assigned_iso)
rules.add_perm("assurance.answer_dates", partner_of_activity | is_assigned_iso)
rules.add_perm("assurance.answer_call_in", leads_called_in_agency | business_team_of_activity)
rules.add_perm("assurance.decide_endorsement", addressed_by_endorsement)


# Independent scrutiny (sightline/scrutiny): the ISO pool and day ledger. The partnership-wide roles see the pool
# and each ISO's ledger; the business team books days and sets budgets; an ISO records the days spent on their
# own entries (checked in the service) and sees "My days" across every partnership they serve.
@rules.predicate
def is_iso_somewhere(user) -> bool:
    return any(Role.ISO in roles for roles in partnership_roles(user).values())


@rules.predicate
def reads_every_ledger(user, partnership: Partnership) -> bool:
    """Each ISO's ledger names the activities they worked on: an ISO reads their own ("My days"), not a colleague's."""
    return bool(roles_in(user, partnership) & ACTIVITY_WIDE_ROLES)


rules.add_perm("scrutiny.view_pool", sees_whole_partnership)
rules.add_perm("scrutiny.view_ledgers", reads_every_ledger)
rules.add_perm("scrutiny.manage_ledger", is_business_team)
rules.add_perm("scrutiny.record_own_days", is_iso_of)
rules.add_perm("scrutiny.view_own_days", is_iso_somewhere)


# Casework (sightline/casework): case samples, single-agency case audits and the panel that reads them. A returned
# (submitted) audit is read by the activity's panel (PanelMember, its ISO included) until the activity finishes,
# and by the agency that wrote it; the business team manages samples, panels and requests but reads an audit only
# from a seat on its panel. Activity-level predicates take an assurance Activity; audit-level ones a CaseAudit
# with its case and activity loaded.
PANEL_ENDED_STATES = frozenset({"closed", "withdrawn"})


def led_organisation_ids(user) -> set:
    return {pk for pk, roles in organisation_roles(user).items() if OrgRole.LEAD in roles}


@rules.predicate
def leads_organisation_in_partnership(user, partnership: Partnership) -> bool:
    led = led_organisation_ids(user)
    return bool(led) and Affiliation.objects.filter(partnership=partnership, organisation_id__in=led).exists()


@rules.predicate
def sits_on_open_panel_in(user, partnership: Partnership) -> bool:
    from sightline.casework.models import PanelMember

    return bool(getattr(user, "is_authenticated", False)) and (
        PanelMember.objects.filter(user_id=user.pk, activity__partnership=partnership)
        .exclude(activity__status__in=PANEL_ENDED_STATES)
        .exists()
    )


@rules.predicate
def on_open_panel(user, activity) -> bool:
    from sightline.casework.models import PanelMember

    return (
        bool(getattr(user, "is_authenticated", False))
        and activity.status not in PANEL_ENDED_STATES
        and PanelMember.objects.filter(activity_id=activity.pk, user_id=user.pk).exists()
    )


@rules.predicate
def leads_audited_agency(user, case_audit) -> bool:
    return OrgRole.LEAD in organisation_roles(user).get(case_audit.organisation_id, set())


@rules.predicate
def panel_reads_audit(user, case_audit) -> bool:
    return case_audit.status == "submitted" and on_open_panel(user, case_audit.case.activity)


rules.add_perm("casework.view_casework", is_business_team | sits_on_open_panel_in)
rules.add_perm("casework.manage_cases", is_business_team)
rules.add_perm("casework.view_own_audits", leads_organisation_in_partnership)
rules.add_perm("casework.view_activity_cases", business_team_of_activity | on_open_panel)
rules.add_perm("casework.prepare", on_open_panel)
rules.add_perm("casework.read_audit", leads_audited_agency | panel_reads_audit)


# Meetings of the groups (sightline/governance): partnership-wide roles read agendas and minutes; the learning
# group's chair and the business team build agendas and record decisions (the same people who decide on actions).
rules.add_perm("governance.view_meetings", sees_whole_partnership)
rules.add_perm("governance.manage_meetings", decides_for_learning_group)


# Self-assessment returns (sightline/assessments). An organisation's return and its evidence are read by the
# business team and the three delegated partners of a partnership the return counts in (its cycle's, or one whose
# cycle shares it: ADR 0007), and by the organisation's own people. The ISO, the learning group and the board read
# the partnership-level results built from the returns (`assessments.view_cycles`: the composite, the progress
# report), never one organisation's return or its evidence (issue 11). Submission-level predicates take a
# Submission with its cycle loaded.
RETURN_READING_ROLES = frozenset({Role.BUSINESS_TEAM, *PartnershipMembership.PARTNER_ROLES})


@rules.predicate
def reads_every_return(user, partnership: Partnership) -> bool:
    return bool(roles_in(user, partnership) & RETURN_READING_ROLES)


@rules.predicate
def reads_returns_where_counted(user, submission) -> bool:
    if reads_every_return(user, submission.cycle.partnership):
        return True
    from sightline.assessments.models import SharedReturn

    mine = [pk for pk, roles in partnership_roles(user).items() if roles & RETURN_READING_ROLES]
    return bool(mine) and (
        SharedReturn.objects.filter(submission_id=submission.pk, cycle__partnership_id__in=mine).exists()
    )


@rules.predicate
def works_for_return_organisation(user, submission) -> bool:
    return bool(organisation_roles(user).get(submission.organisation_id))


@rules.predicate
def answers_for_return_organisation(user, submission) -> bool:
    """The lead answers every section, a contributor the sections shared with them (`submissions.can_edit_section`)."""
    return bool(
        organisation_roles(user).get(submission.organisation_id, set()) & {OrgRole.LEAD, OrgRole.CONTRIBUTOR}
    )


@rules.predicate
def signs_for_return_organisation(user, submission) -> bool:
    return bool(
        organisation_roles(user).get(submission.organisation_id, set()) & {OrgRole.LEAD, OrgRole.SIGNATORY}
    )


@rules.predicate
def reviews_return(user, submission) -> bool:
    """Challenge and acceptance belong to the business team whose cycle the return is (ADR 0007)."""
    return Role.BUSINESS_TEAM in roles_in(user, submission.cycle.partnership)


rules.add_perm("assessments.view_returns", reads_every_return)
rules.add_perm("assessments.view_return", reads_returns_where_counted | works_for_return_organisation)
rules.add_perm("assessments.answer_return", answers_for_return_organisation)
rules.add_perm("assessments.sign_off_return", signs_for_return_organisation)
rules.add_perm("assessments.review_return", reviews_return)
