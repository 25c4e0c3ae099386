"""Reads of partnerships, organisations and people, always scoped to the person asking."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from sightline import policy

from .models import (
    Affiliation,
    Group,
    Organisation,
    OrganisationMembership,
    Partnership,
    PartnershipMembership,
)


def partnerships_visible_to(*, user) -> QuerySet[Partnership]:
    if not getattr(user, "is_authenticated", False):
        return Partnership.objects.none()
    mine = set(policy.partnership_roles(user))
    own_orgs = set(policy.organisation_roles(user))
    return Partnership.objects.filter(
        Q(pk__in=mine)
        | Q(pk__in=Affiliation.objects.filter(organisation_id__in=own_orgs).values("partnership_id"))
    ).distinct()


def partnership_for(*, user, slug: str) -> Partnership | None:
    return partnerships_visible_to(user=user).filter(slug=slug).first()


def organisations_visible_to(*, user, partnership: Partnership) -> QuerySet[Organisation]:
    """The partnership's register for those who see it whole; otherwise the person's own organisations."""
    qs = Organisation.objects.filter(affiliations__partnership=partnership).select_related("parent")
    if policy.sees_whole_partnership(user, partnership):
        return qs
    return qs.filter(pk__in=set(policy.organisation_roles(user)))


def organisations_filtered(
    *,
    user,
    partnership: Partnership,
    query: str = "",
    types: list[str] | None = None,
    status: str = "",
    lead: str = "",
) -> QuerySet[Organisation]:
    qs = organisations_visible_to(user=user, partnership=partnership)
    if query:
        terms = Q(name__icontains=query) | Q(postcode__icontains=query) | Q(lead_name__icontains=query)
        if query.isdigit():
            terms |= Q(urn=int(query)) | Q(ukprn=query)
        qs = qs.filter(terms)
    if types:
        qs = qs.filter(type__in=types)
    if status:
        qs = qs.filter(status=status)
    has_lead = Exists(
        OrganisationMembership.objects.filter(
            organisation=OuterRef("pk"), role=OrganisationMembership.Role.LEAD
        )
    )
    qs = qs.annotate(has_lead_account=has_lead)
    if lead == "missing":
        qs = qs.filter(has_lead_account=False)
    elif lead == "present":
        qs = qs.filter(has_lead_account=True)
    return qs.order_by("name")


def organisation_register_for_export(*, partnership: Partnership) -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(affiliations__partnership=partnership)
        .select_related("parent")
        .order_by("name")
    )


def organisation_memberships(*, organisation: Organisation) -> QuerySet[OrganisationMembership]:
    return OrganisationMembership.objects.filter(organisation=organisation).select_related("user")


def trusts_in(*, partnership: Partnership) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        affiliations__partnership=partnership, type=Organisation.Type.ACADEMY_TRUST
    ).order_by("name")


def people_in(*, partnership: Partnership, query: str = "") -> QuerySet:
    """Everyone with a role in the partnership or in one of its organisations."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    org_ids = Affiliation.objects.filter(partnership=partnership).values("organisation_id")
    qs = User.objects.filter(
        Q(partnership_roles__partnership=partnership) | Q(organisation_roles__organisation_id__in=org_ids)
    ).distinct()
    if query:
        qs = qs.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    return qs.order_by("full_name", "email")


def person_in(*, partnership: Partnership, person_id) -> object | None:
    return people_in(partnership=partnership).filter(pk=person_id).first()


def roles_of_person(*, partnership: Partnership, person) -> tuple[QuerySet, QuerySet]:
    partnership_roles = PartnershipMembership.objects.filter(partnership=partnership, user=person)
    org_roles = OrganisationMembership.objects.filter(
        user=person, organisation__affiliations__partnership=partnership
    ).select_related("organisation")
    return partnership_roles, org_roles


def groups_of(*, partnership: Partnership) -> QuerySet[Group]:
    return Group.objects.filter(partnership=partnership)


GROUP_MEMBER_ROLES = {
    Group.Kind.BOARD: [PartnershipMembership.Role.BOARD_MEMBER, *PartnershipMembership.PARTNER_ROLES],
    Group.Kind.LEARNING: [
        PartnershipMembership.Role.LEARNING_CHAIR,
        PartnershipMembership.Role.LEARNING_MEMBER,
    ],
}


def group_members(*, group: Group) -> QuerySet[PartnershipMembership]:
    roles = GROUP_MEMBER_ROLES.get(group.kind, [])
    return PartnershipMembership.objects.filter(partnership=group.partnership, role__in=roles).select_related(
        "user"
    )


def register_counts(*, partnership: Partnership) -> dict[str, int]:
    rows = (
        Organisation.objects.filter(affiliations__partnership=partnership, status=Organisation.Status.OPEN)
        .values("type")
        .annotate(n=Count("pk"))
    )
    return {row["type"]: row["n"] for row in rows}
