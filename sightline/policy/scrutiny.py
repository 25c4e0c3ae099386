"""Who may do what in independent scrutiny: the ISO pool and the day ledger."""

from __future__ import annotations

import rules

from sightline.partnerships.models import (
    Affiliation,
    Partnership,
)
from sightline.policy.assurance import (
    ACTIVITY_WIDE_ROLES,
    is_delegated_partner,
    is_iso_of,
)
from sightline.policy.roles import (
    PARTNERSHIP_WIDE_ROLES,
    OrgRole,
    Role,
    is_business_team,
    organisation_roles,
    partnership_roles,
    roles_in,
    sees_whole_partnership,
)


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


# ISO reports and recommendations (sightline/scrutiny/reports/): an ISO writes reports in their partnership. A
# draft is read by its author and the business team (which may issue it on the author's behalf); an issued report
# by every partnership-wide role (the ISOs included) and by the safeguarding leads of the organisations it
# addresses. A recommendation's response is given by the addressee organisation's lead or, for a statutory
# partner's organisation, by the delegated partner of that kind. Report-level predicates take an IsoReport;
# response-level ones a RecommendationResponse with its recommendation, report and organisation loaded.
PARTNER_ROLE_OF = {"la": Role.PARTNER_LA, "icb": Role.PARTNER_ICB, "police": Role.PARTNER_POLICE}


def led_organisations(user) -> set:
    return {pk for pk, roles in organisation_roles(user).items() if OrgRole.LEAD in roles}


@rules.predicate
def leads_organisation_in(user, partnership: Partnership) -> bool:
    led = led_organisations(user)
    return bool(led) and Affiliation.objects.filter(partnership=partnership, organisation_id__in=led).exists()


def _report_roles(user, report) -> set:
    return partnership_roles(user).get(report.partnership_id, set())


def _issued(report) -> bool:
    return report.status == "issued"


@rules.predicate
def is_report_author(user, report) -> bool:
    """The ISO who wrote the report, while they still hold the ISO role in its partnership."""
    return report.author_id == getattr(user, "pk", None) and Role.ISO in _report_roles(user, report)


@rules.predicate
def business_team_of_report(user, report) -> bool:
    return Role.BUSINESS_TEAM in _report_roles(user, report)


@rules.predicate
def leads_addressee_of_report(user, report) -> bool:
    from sightline.scrutiny.models import RecommendationResponse

    led = led_organisations(user)
    return (
        _issued(report)
        and bool(led)
        and RecommendationResponse.objects.filter(
            recommendation__report_id=report.pk, organisation_id__in=led
        ).exists()
    )


@rules.predicate
def reads_report(user, report) -> bool:
    if not _issued(report):
        return business_team_of_report(user, report) or is_report_author(user, report)
    return bool(_report_roles(user, report) & PARTNERSHIP_WIDE_ROLES) or leads_addressee_of_report(
        user, report
    )


def answers_for_organisation(user, organisation, partnership_id) -> bool:
    """The organisation's safeguarding lead, or the delegated partner for the statutory partner it is."""
    if OrgRole.LEAD in organisation_roles(user).get(organisation.pk, set()):
        return True
    role = PARTNER_ROLE_OF.get(organisation.statutory_partner)
    return role is not None and role in partnership_roles(user).get(partnership_id, set())


@rules.predicate
def answers_for_response(user, response) -> bool:
    report = response.recommendation.report
    return _issued(report) and answers_for_organisation(user, response.organisation, report.partnership_id)


rules.add_perm("scrutiny.view_reports", sees_whole_partnership | leads_organisation_in)
rules.add_perm("scrutiny.write_reports", is_iso_of)
rules.add_perm("scrutiny.answer_recommendations", leads_organisation_in | is_delegated_partner)
rules.add_perm("scrutiny.view_report", reads_report)
rules.add_perm("scrutiny.edit_report", is_report_author)
rules.add_perm("scrutiny.issue_report", is_report_author | business_team_of_report)
rules.add_perm("scrutiny.judge_response", is_report_author)
rules.add_perm("scrutiny.record_report_days", is_report_author)
rules.add_perm("scrutiny.place_report_on_agenda", business_team_of_report)
rules.add_perm("scrutiny.answer_response", answers_for_response)


# Disputes (sightline/scrutiny/disputes/) ---------------------------------------------------------------------------
# A disagreement between the safeguarding partners, or between agencies about multi-agency practice, is read only by
# its parties (the safeguarding leads and contributors of each party organisation and, for a party that is a
# statutory partner, the delegated partner of that kind), the business team, and the ISO asked to assist: not by
# other ISOs, the board or the learning group, who meet only its learning. The business team, a delegated partner
# or a safeguarding lead records one (the service checks that a lead's organisation is a party); the business team,
# a party's lead and the delegated partner for a party move it on; the assisting ISO adds notes. Dispute-level
# predicates take a Dispute, its parties prefetched where several are asked about.
DISPUTE_PARTNER_KIND = {Role.PARTNER_LA: "la", Role.PARTNER_ICB: "icb", Role.PARTNER_POLICE: "police"}
DISPUTE_PARTY_ROLES = frozenset({OrgRole.LEAD, OrgRole.CONTRIBUTOR})


def statutory_partners_represented(user, partnership_id) -> set[str]:
    """The statutory partners ("la", "icb", "police") this person is the delegated partner for in the partnership."""
    roles = partnership_roles(user).get(partnership_id, set())
    return {kind for role, kind in DISPUTE_PARTNER_KIND.items() if role in roles}


def dispute_party_organisations(user, roles=DISPUTE_PARTY_ROLES) -> set:
    """The organisations in which this person holds one of `roles`: those they are a party for."""
    return {pk for pk, held in organisation_roles(user).items() if held & roles}


def _in_partnership(organisation_ids: set, partnership: Partnership) -> bool:
    return bool(organisation_ids) and (
        Affiliation.objects.filter(partnership=partnership, organisation_id__in=organisation_ids).exists()
    )


@rules.predicate
def may_be_party_to_disputes(user, partnership: Partnership) -> bool:
    """Whoever could read one of the partnership's disputes: its list shows each of them only those they read."""
    if roles_in(user, partnership) & {Role.BUSINESS_TEAM, Role.ISO, *DISPUTE_PARTNER_KIND}:
        return True
    return _in_partnership(dispute_party_organisations(user), partnership)


@rules.predicate
def records_any_dispute(user, partnership: Partnership) -> bool:
    """The business team and the delegated partners record a dispute between any of the register's organisations."""
    return bool(roles_in(user, partnership) & {Role.BUSINESS_TEAM, *DISPUTE_PARTNER_KIND})


@rules.predicate
def leads_a_possible_party(user, partnership: Partnership) -> bool:
    return _in_partnership(dispute_party_organisations(user, {OrgRole.LEAD}), partnership)


records_disputes = records_any_dispute | leads_a_possible_party


def _acts_for_a_party(user, dispute, roles) -> bool:
    mine = dispute_party_organisations(user, roles)
    partners = statutory_partners_represented(user, dispute.partnership_id)
    if not mine and not partners:
        return False
    return any(
        org.pk in mine or (org.statutory_partner and org.statutory_partner in partners)
        for org in dispute.parties.all()
    )


@rules.predicate
def business_team_of_dispute(user, dispute) -> bool:
    return Role.BUSINESS_TEAM in partnership_roles(user).get(dispute.partnership_id, set())


@rules.predicate
def is_party_to_dispute(user, dispute) -> bool:
    return _acts_for_a_party(user, dispute, DISPUTE_PARTY_ROLES)


@rules.predicate
def leads_party_to_dispute(user, dispute) -> bool:
    return _acts_for_a_party(user, dispute, {OrgRole.LEAD})


@rules.predicate
def assists_with_dispute(user, dispute) -> bool:
    """The ISO asked to assist, while they still hold the ISO role in the dispute's partnership."""
    return (
        dispute.assisting_iso_id is not None
        and dispute.assisting_iso_id == getattr(user, "pk", None)
        and Role.ISO in partnership_roles(user).get(dispute.partnership_id, set())
    )


reads_dispute = business_team_of_dispute | is_party_to_dispute | assists_with_dispute
moves_dispute = business_team_of_dispute | leads_party_to_dispute
notes_dispute = moves_dispute | assists_with_dispute

rules.add_perm("scrutiny.view_disputes", may_be_party_to_disputes)
rules.add_perm("scrutiny.record_dispute", records_disputes)
rules.add_perm("scrutiny.manage_dispute_stages", is_business_team)
rules.add_perm("scrutiny.view_dispute", reads_dispute)
rules.add_perm("scrutiny.move_dispute", moves_dispute)
rules.add_perm("scrutiny.note_dispute", notes_dispute)
