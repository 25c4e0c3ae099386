"""Who may do what with the meetings of the partnership's groups."""

from __future__ import annotations

import rules

from sightline.policy.improvement import (
    decides_for_learning_group,
)
from sightline.policy.roles import (
    sees_whole_partnership,
)

# Meetings of the groups (sightline/governance): partnership-wide roles read agendas and minutes; the learning
# group's chair and the business team build agendas and record decisions (the same people who decide on actions).
rules.add_perm("governance.view_meetings", sees_whole_partnership)
rules.add_perm("governance.manage_meetings", decides_for_learning_group)
