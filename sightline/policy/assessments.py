"""Who may do what with self-assessment returns."""

from __future__ import annotations

import rules

from sightline.partnerships.models import (
    Partnership,
    PartnershipMembership,
)
from sightline.policy.roles import (
    OrgRole,
    Role,
    organisation_roles,
    partnership_roles,
    roles_in,
)

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
