"""Changes to partnerships, the organisation register and people's roles. Each runs in one transaction and
writes its audit event in that transaction."""

from __future__ import annotations

import uuid

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


# The national identifiers by which two partnerships' rows are known to be the same real organisation, most
# specific first.
IDENTIFIERS = ("urn", "ods_code", "ukprn")


def _check_parent(
    partnership: Partnership, organisation: Organisation | None, parent: Organisation | None
) -> None:
    if parent is None:
        return
    if parent.type != Organisation.Type.ACADEMY_TRUST:
        raise TransitionError("Choose an academy trust as the parent organisation")
    if organisation is not None and parent.pk == organisation.pk:
        raise TransitionError("An organisation cannot be its own parent")
    if not Affiliation.objects.filter(partnership=partnership, organisation=parent).exists():
        raise TransitionError("Choose an academy trust from this partnership's register")


def _check_urn_free(partnership: Partnership, urn, organisation: Organisation | None = None) -> None:
    if not urn:
        return
    clash = Organisation.objects.filter(affiliations__partnership=partnership, urn=urn)
    if organisation is not None:
        clash = clash.exclude(pk=organisation.pk)
    held = clash.first()
    if held is not None:
        raise TransitionError(f"URN {urn} is already in this register, as '{held.name}'")


def identity_elsewhere(*, partnership: Partnership, identifiers: dict):
    """The identity of another partnership's row for the same real organisation, found by its national
    identifiers, or None."""
    for name in IDENTIFIERS:
        value = identifiers.get(name)
        if value:
            found = (
                Organisation.objects.filter(**{name: value})
                .exclude(affiliations__partnership=partnership)
                .values_list("identity", flat=True)
                .first()
            )
            if found is not None:
                return found
    return None


def other_holders(*, organisation: Organisation, partnership: Partnership) -> list[Organisation]:
    """The rows other partnerships hold for the same real organisation, each with its partnership."""
    return list(
        Organisation.objects.filter(identity=organisation.identity)
        .exclude(pk=organisation.pk)
        .exclude(affiliations__partnership=partnership)
        .prefetch_related("affiliations__partnership")
    )


def record_for_other_holders(
    *, by, partnership: Partnership, organisation: Organisation, verb: str, fields, also=()
) -> None:
    """Tell each other partnership that holds the same organisation (and the holders in `also`), in its own trail,
    what this partnership did to its own row: which fields, never their values (they are this partnership's
    record, not theirs)."""
    rows = {
        row.pk: row for row in [*also, *other_holders(organisation=organisation, partnership=partnership)]
    }
    for row in rows.values():
        for affiliation in row.affiliations.all():
            audit.record(
                actor=by,
                verb=verb,
                target=row,
                partnership=affiliation.partnership,
                changes={"partnership": partnership.name, "fields": sorted(fields)},
            )


@transaction.atomic
def organisation_create(*, by, partnership: Partnership, **fields) -> Organisation:
    """Add an organisation to the partnership's register: a row of this partnership's own, linked to other
    partnerships' rows for the same organisation by its identifiers, never changing theirs."""
    fields = {key: value for key, value in fields.items() if key in ORGANISATION_FIELDS}
    _check_parent(partnership, None, fields.get("parent"))
    _check_urn_free(partnership, fields.get("urn"))
    organisation = Organisation.objects.create(
        **fields, identity=identity_elsewhere(partnership=partnership, identifiers=fields) or uuid.uuid4()
    )
    Affiliation.objects.create(partnership=partnership, organisation=organisation)
    audit.record(
        actor=by,
        verb="organisation.created",
        target=organisation,
        partnership=partnership,
        changes=audit.diff({}, audit.snapshot(organisation, ORGANISATION_FIELDS)),
    )
    record_for_other_holders(
        by=by,
        partnership=partnership,
        organisation=organisation,
        verb="organisation.held_elsewhere",
        fields=[],
    )
    return organisation


@transaction.atomic
def organisation_update(
    *, by, partnership: Partnership, organisation: Organisation, expected_version: int | None = None, **fields
) -> Organisation:
    """Edit the partnership's own entry for an organisation; the audit event holds each changed field before and
    after. With `expected_version`, an edit made from a copy someone else has since changed is refused with
    EditConflict, carrying the saved values, so the editor can compare both versions and nothing is lost."""
    fields = {key: value for key, value in fields.items() if key in ORGANISATION_FIELDS}
    organisation = Organisation.objects.select_for_update().get(
        pk=organisation.pk, affiliations__partnership=partnership
    )
    if expected_version is not None and organisation.version != expected_version:
        raise EditConflict(audit.snapshot(organisation, [*fields, "version"]))
    _check_parent(partnership, organisation, fields.get("parent"))
    if "urn" in fields:
        _check_urn_free(partnership, fields["urn"], organisation)
    before = audit.snapshot(organisation, list(fields))
    for key, value in fields.items():
        setattr(organisation, key, value)
    changes = audit.diff(before, audit.snapshot(organisation, list(fields)))
    if not changes:
        return organisation
    update_fields = [*fields, "updated_at", "version"]
    earlier_holders = []
    if set(changes) & set(IDENTIFIERS):
        # New identifiers may name another real organisation: the old holders hear of it too.
        earlier_holders = other_holders(organisation=organisation, partnership=partnership)
        found = identity_elsewhere(
            partnership=partnership, identifiers=audit.snapshot(organisation, IDENTIFIERS)
        )
        organisation.identity = found or uuid.uuid4()
        update_fields.append("identity")
    organisation.updated_at = timezone.now()
    organisation.version += 1
    organisation.save(update_fields=update_fields)
    audit.record(
        actor=by, verb="organisation.updated", target=organisation, partnership=partnership, changes=changes
    )
    record_for_other_holders(
        by=by,
        partnership=partnership,
        organisation=organisation,
        verb="organisation.changed_elsewhere",
        fields=changes,
        also=earlier_holders,
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
    if not Affiliation.objects.filter(partnership=partnership, organisation=organisation).exists():
        # A partnership grants roles in its own register only (ADR 0010).
        raise TransitionError("Choose an organisation from this partnership's register")
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


def _holds_roles_elsewhere(person, partnership: Partnership) -> bool:
    return (
        PartnershipMembership.objects.filter(user=person).exclude(partnership=partnership).exists()
        or OrganisationMembership.objects.filter(user=person)
        .exclude(organisation__affiliations__partnership=partnership)
        .exists()
    )


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
    # An account serves every partnership the person works for: one partnership neither switches it off for the
    # others (it removes its own roles instead) nor back on after another switched it off.
    if _holds_roles_elsewhere(person, partnership):
        raise TransitionError(
            "This person also has roles in another partnership, so their account stays on: remove their roles "
            "in this partnership instead"
            if not active
            else "This person also has roles in another partnership, so only the operator can turn their account "
            "back on (manage.py set_account_active)"
        )
    person.is_active = active
    person.save(update_fields=["is_active"])
    audit.record(
        actor=by,
        verb="person.enabled" if active else "person.disabled",
        target=person,
        partnership=partnership,
        changes={"is_active": {"before": not active, "after": active}, "reason": reason},
    )
