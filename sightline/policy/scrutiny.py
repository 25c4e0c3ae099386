"""Who may do what in independent scrutiny: the ISO pool and the day ledger."""

from __future__ import annotations

import rules

from sightline.partnerships.models import (
    Partnership,
)
from sightline.policy.assurance import (
    ACTIVITY_WIDE_ROLES,
    is_iso_of,
)
from sightline.policy.roles import (
    Role,
    is_business_team,
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
