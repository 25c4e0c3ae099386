"""Who may do what with action plans, actions, escalations, the reviews register and learning briefings."""

from __future__ import annotations

import rules

from sightline.partnerships.models import (
    Affiliation,
    Partnership,
)
from sightline.policy.roles import (
    OrgRole,
    Role,
    belongs_to_partnership,
    is_business_team,
    organisation_roles,
    roles_in,
    sees_whole_partnership,
)

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
