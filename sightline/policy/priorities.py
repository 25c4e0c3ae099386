"""Who may do what with the partnership's priorities: the partnership-wide roles read them and the progress made on
each; the business team, which keeps the framework's records, adds, changes, ends and removes them. Tagging a
plan, activity, review or briefing with a priority is part of editing that record, so it is decided by that
record's own permission."""

from __future__ import annotations

import rules

from sightline.policy.roles import (
    is_business_team,
    sees_whole_partnership,
)

rules.add_perm("partnerships.view_priorities", sees_whole_partnership)
rules.add_perm("partnerships.manage_priorities", is_business_team)
