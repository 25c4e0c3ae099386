"""Who may do what with the meetings of the partnership's groups."""

from __future__ import annotations

import rules

from sightline.policy.assurance import is_iso_of
from sightline.policy.improvement import (
    decides_for_learning_group,
)
from sightline.policy.roles import (
    is_business_team,
    sees_whole_partnership,
)

# Meetings of the groups (sightline/governance): partnership-wide roles read agendas and minutes; the learning
# group's chair and the business team build agendas and record decisions (the same people who decide on actions).
rules.add_perm("governance.view_meetings", sees_whole_partnership)
rules.add_perm("governance.manage_meetings", decides_for_learning_group)

# Where reports were presented to other bodies (sightline/governance/presentations/): partnership-wide roles read
# the register and the bodies' questions; the business team, which arranges the presentations, keeps it.
rules.add_perm("governance.view_presentations", sees_whole_partnership)
rules.add_perm("governance.manage_presentations", is_business_team)

# The yearly report (sightline/governance/yearly): partnership-wide roles read every edition and the records behind
# each figure; the business team drafts it and takes it through its steps; the ISO asked to scrutinise it comments
# and writes the statement (checked in the services, like the lead partners' sign-off, which is the sign-off
# mechanism's own `assurance.decide_endorsement`).
rules.add_perm("governance.view_yearly_reports", sees_whole_partnership)
rules.add_perm("governance.manage_yearly_reports", is_business_team)
rules.add_perm("governance.scrutinise_yearly_reports", is_iso_of)
