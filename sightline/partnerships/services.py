"""Changes to partnerships, the organisation register and people's roles. Each runs in one transaction and
writes its audit event in that transaction."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sightline import policy
from sightline.audit import services as audit
from sightline.core.errors import EditConflict, TransitionError

from .models import (
    Affiliation,
    Group,
    Organisation,
    OrganisationMembership,
    Partnership,
    PartnershipMembership,
)

ORGANISATION_FIELDS = [
    "name",
    "type",
    "statutory_partner",
    "section11_duty",
    "urn",
    "ukprn",
    "ofsted_urn",
    "ods_code",
    "postcode",
    "phase",
    "parent",
    "status",
    "lead_name",
    "lead_email",
]

DEFAULT_GROUPS = [
    (Group.Kind.BOARD, "Safeguarding Children Partnership Board"),
    (Group.Kind.SAB, "Safeguarding Adults Board"),
    (Group.Kind.LEARNING, "Safeguarding Practice Learning and Development Group"),
    (Group.Kind.CSPR, "Child Safeguarding Practice Review Group"),
]


@transaction.atomic
def partnership_create(*, by, name: str, slug: str, area: str, la_code: str) -> Partnership:
    """Set up a new partnership (tenant) with its standing groups."""
    if Partnership.objects.filter(slug=slug).exists():
        raise TransitionError(f"A partnership with the short name '{slug}' already exists: choose another")
    partnership = Partnership.objects.create(name=name, slug=slug, area=area, la_code=la_code)
    for kind, group_name in DEFAULT_GROUPS:
        Group.objects.create(partnership=partnership, kind=kind, name=group_name)
    audit.record(
        actor=by,
        verb="partnership.created",
        target=partnership,
        partnership=partnership,
        changes={"name": name, "slug": slug, "la_code": la_code},
    )
    return partnership


def _check_parent(organisation: Organisation | None, parent: Organisation | None) -> None:
    if parent is None:
        return
    if parent.type != Organisation.Type.ACADEMY_TRUST:
        raise TransitionError("Choose an academy trust as the parent organisation")
    if organisation is not None and parent.pk == organisation.pk:
        raise TransitionError("An organisation cannot be its own parent")


@transaction.atomic
def organisation_create(*, by, partnership: Partnership, **fields) -> Organisation:
    """Add an organisation to the partnership's register."""
    fields = {key: value for key, value in fields.items() if key in ORGANISATION_FIELDS}
    _check_parent(None, fields.get("parent"))
    organisation = Organisation.objects.create(**fields)
    Affiliation.objects.create(partnership=partnership, organisation=organisation)
    audit.record(
        actor=by,
        verb="organisation.created",
        target=organisation,
        partnership=partnership,
        changes=audit.diff({}, audit.snapshot(organisation, ORGANISATION_FIELDS)),
    )
    return organisation


@transaction.atomic
def organisation_update(
    *, by, partnership: Partnership, organisation: Organisation, expected_version: int | None = None, **fields
) -> Organisation:
    """Edit an organisation's register entry; the audit event holds each changed field before and after.
    With `expected_version`, an edit made from a copy someone else has since changed is refused with
    EditConflict, carrying the saved values, so the editor can compare both versions and nothing is lost."""
    fields = {key: value for key, value in fields.items() if key in ORGANISATION_FIELDS}
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if expected_version is not None and organisation.version != expected_version:
        raise EditConflict(audit.snapshot(organisation, [*fields, "version"]))
    _check_parent(organisation, fields.get("parent"))
    before = audit.snapshot(organisation, list(fields))
    for key, value in fields.items():
        setattr(organisation, key, value)
    changes = audit.diff(before, audit.snapshot(organisation, list(fields)))
    if not changes:
        return organisation
    organisation.updated_at = timezone.now()
    organisation.version += 1
    organisation.save(update_fields=[*fields, "updated_at", "version"])
    audit.record(
        actor=by, verb="organisation.updated", target=organisation, partnership=partnership, changes=changes
    )
    return organisation


@transaction.atomic
def partnership_role_grant(*, by, partnership: Partnership, user, role: str) -> PartnershipMembership:
    if role not in PartnershipMembership.Role.values:
        raise TransitionError("Choose a role from the list")
    membership, created = PartnershipMembership.objects.get_or_create(
        partnership=partnership, user=user, role=role
    )
    if created:
        audit.record(
            actor=by,
            verb="role.granted",
            target=user,
            partnership=partnership,
            changes={"role": membership.get_role_display()},
        )
    policy.forget_cached_roles(user)
    return membership


@transaction.atomic
def organisation_role_grant(
    *, by, partnership: Partnership, user, organisation: Organisation, role: str, title: str = ""
) -> OrganisationMembership:
    if role not in OrganisationMembership.Role.values:
        raise TransitionError("Choose a role from the list")
    membership, created = OrganisationMembership.objects.get_or_create(
        organisation=organisation, user=user, role=role, defaults={"title": title}
    )
    if created:
        audit.record(
            actor=by,
            verb="role.granted",
            target=user,
            partnership=partnership,
            changes={
                "role": membership.get_role_display(),
                "organisation": organisation.name,
                "title": title,
            },
        )
    policy.forget_cached_roles(user)
    return membership


@transaction.atomic
def membership_revoke(*, by, partnership: Partnership, membership) -> None:
    """Take a role away. The last business-team member of a partnership cannot be removed."""
    if (
        isinstance(membership, PartnershipMembership)
        and membership.role == PartnershipMembership.Role.BUSINESS_TEAM
        and PartnershipMembership.objects.filter(
            partnership=partnership, role=PartnershipMembership.Role.BUSINESS_TEAM
        ).count()
        == 1
    ):
        raise TransitionError("The partnership needs at least one business-team member: add another first")
    changes = {"role": membership.get_role_display()}
    if isinstance(membership, OrganisationMembership):
        changes["organisation"] = membership.organisation.name
    user = membership.user
    membership.delete()
    audit.record(actor=by, verb="role.revoked", target=user, partnership=partnership, changes=changes)
    policy.forget_cached_roles(user)


@transaction.atomic
def person_set_active(*, by, partnership: Partnership, person, active: bool, reason: str = "") -> None:
    """Disable or re-enable a person's sign-in. A disabled person's sessions stop working at once, because
    the authentication backends refuse inactive accounts on every request."""
    if person.pk == by.pk:
        raise TransitionError("You cannot disable your own account")
    if not active and not reason.strip():
        raise TransitionError("Enter the reason for disabling this account")
    if person.is_active == active:
        return
    person.is_active = active
    person.save(update_fields=["is_active"])
    audit.record(
        actor=by,
        verb="person.enabled" if active else "person.disabled",
        target=person,
        partnership=partnership,
        changes={"is_active": {"before": not active, "after": active}, "reason": reason},
    )
