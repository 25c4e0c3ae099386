"""Roles from memberships, the predicates every subject builds on, and the partnership, organisation and installation
permissions."""

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
