"""Builders for disputes: a council that is the local authority's statutory partner, and a dispute between it and
agency A recorded through the service, so the world's LA partner and agency A's people are its parties."""

from __future__ import annotations

from sightline.partnerships.models import Organisation, PartnershipMembership
from sightline.scrutiny.disputes import services as disputes

from .. import factories

Role = PartnershipMembership.Role


def council(world) -> Organisation:
    found = Organisation.objects.filter(
        affiliations__partnership=world.partnership, statutory_partner=Organisation.StatutoryPartner.LA
    ).first()
    return found or factories.organisation(
        world.partnership,
        "Test Borough Council",
        type=Organisation.Type.LOCAL_AUTHORITY,
        statutory_partner=Organisation.StatutoryPartner.LA,
    )


def record(world, *, parties=None, between="agencies", by=None, **fields):
    fields.setdefault("subject", "Thresholds for early help referrals")
    fields.setdefault(
        "description", "The trust and the council disagree about when a referral to early help is needed."
    )
    return disputes.dispute_record(
        by=by if by is not None else world.users["business_team"],
        partnership=world.partnership,
        between=between,
        parties=parties if parties is not None else [world.agency_a, council(world)],
        **fields,
    )


def assisting_iso(world):
    """An ISO of the partnership to ask to assist: none of the world's people, so the world's ISOs stay
    unassigned."""
    theirs = [user.pk for user in world.users.values()]
    found = (
        PartnershipMembership.objects.filter(partnership=world.partnership, role=Role.ISO)
        .exclude(user_id__in=theirs)
        .select_related("user")
        .first()
    )
    return found.user if found else factories.with_partnership_role(world.partnership, Role.ISO)


def matrix_kwargs(world, part: str) -> dict:
    dispute = record(world)
    disputes.dispute_iso_ask(by=world.users["business_team"], dispute=dispute, iso=assisting_iso(world))
    if part == "dispute":
        return {"dispute_id": dispute.pk}
    if part == "dispute_stage":
        return {"stage_id": dispute.stage_id}
    raise ValueError(part)


MATRIX_PARTS = {"dispute", "dispute_stage"}
