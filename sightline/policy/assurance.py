"""Who may do what with assurance activities, their sign-offs and scheduling."""

from __future__ import annotations

import rules

from sightline.partnerships.models import (
    Partnership,
    PartnershipMembership,
)
from sightline.policy.roles import (
    PARTNERSHIP_WIDE_ROLES,
    OrgRole,
    Role,
    belongs_to_partnership,
    is_business_team,
    organisation_roles,
    partnership_roles,
    roles_in,
)


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
