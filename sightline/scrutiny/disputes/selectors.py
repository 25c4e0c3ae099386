"""Reads of disputes, scoped to the person asking: the business team reads all of the partnership's; anyone else
only those they are a party to (for an organisation in which they are a safeguarding lead or contributor, or a
statutory partner they are the delegated partner for) or were asked to assist with as ISO. The same rule as the
policy's `scrutiny.view_dispute` (sightline/policy/scrutiny.py), written as a query."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from sightline import policy
from sightline.partnerships.models import Organisation, Partnership

from ..models import Dispute, DisputeStep

Parties = Dispute.parties.through


def _parties_prefetch() -> Prefetch:
    return Prefetch("parties", queryset=Organisation.objects.order_by("name"))


def disputes_visible_to(*, user, partnership: Partnership) -> QuerySet[Dispute]:
    qs = Dispute.objects.filter(partnership=partnership)
    roles = policy.roles_in(user, partnership)
    if policy.Role.BUSINESS_TEAM in roles:
        return qs
    mine = policy.dispute_party_organisations(user)
    partners = policy.statutory_partners_represented(user, partnership.pk)
    reach = Q(pk__in=Parties.objects.filter(organisation_id__in=mine).values("dispute_id")) if mine else Q()
    if partners:
        represented = Q(
            pk__in=Parties.objects.filter(organisation__statutory_partner__in=partners).values("dispute_id")
        )
        reach = reach | represented if reach else represented
    if policy.Role.ISO in roles:
        reach = reach | Q(assisting_iso=user) if reach else Q(assisting_iso=user)
    return qs.filter(reach) if reach else qs.none()


def dispute_list(*, user, partnership: Partnership, status: str = "") -> QuerySet[Dispute]:
    """The list page's rows: a fixed number of queries (the disputes, then their parties), however many."""
    qs = disputes_visible_to(user=user, partnership=partnership)
    if status:
        qs = qs.filter(status=status)
    return (
        qs.select_related("stage", "assisting_iso")
        .prefetch_related(_parties_prefetch())
        .order_by("status", "-raised_on", "subject")
    )


def dispute_for(*, user, partnership: Partnership, dispute_id) -> Dispute | None:
    dispute = (
        disputes_visible_to(user=user, partnership=partnership)
        .select_related("partnership", "stage", "assisting_iso", "raised_by")
        .prefetch_related(_parties_prefetch())
        .filter(pk=dispute_id)
        .first()
    )
    # The query and the policy say the same; asking both means neither can drift into showing more.
    if dispute is None or not user.has_perm("scrutiny.view_dispute", dispute):
        return None
    return dispute


def dispute_history(dispute: Dispute) -> list[DisputeStep]:
    return list(dispute.steps.select_related("stage", "by").order_by("at"))
