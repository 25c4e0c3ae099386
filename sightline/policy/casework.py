"""Who may do what with case samples, single-agency case audits and the panels that read them."""

from __future__ import annotations

import rules

from sightline.partnerships.models import (
    Affiliation,
    Partnership,
)
from sightline.policy.assurance import (
    business_team_of_activity,
)
from sightline.policy.roles import (
    OrgRole,
    is_business_team,
    organisation_roles,
)

# Casework (sightline/casework): case samples, single-agency case audits and the panel that reads them. A returned
# (submitted) audit is read by the activity's panel (PanelMember, its ISO included) until the activity finishes,
# and by the agency that wrote it; the business team manages samples, panels and requests but reads an audit only
# from a seat on its panel. Activity-level predicates take an assurance Activity; audit-level ones a CaseAudit
# with its case and activity loaded.
PANEL_ENDED_STATES = frozenset({"closed", "withdrawn"})


def led_organisation_ids(user) -> set:
    return {pk for pk, roles in organisation_roles(user).items() if OrgRole.LEAD in roles}


@rules.predicate
def leads_organisation_in_partnership(user, partnership: Partnership) -> bool:
    led = led_organisation_ids(user)
    return bool(led) and Affiliation.objects.filter(partnership=partnership, organisation_id__in=led).exists()


@rules.predicate
def sits_on_open_panel_in(user, partnership: Partnership) -> bool:
    from sightline.casework.models import PanelMember

    return bool(getattr(user, "is_authenticated", False)) and (
        PanelMember.objects.filter(user_id=user.pk, activity__partnership=partnership)
        .exclude(activity__status__in=PANEL_ENDED_STATES)
        .exists()
    )


@rules.predicate
def on_open_panel(user, activity) -> bool:
    from sightline.casework.models import PanelMember

    return (
        bool(getattr(user, "is_authenticated", False))
        and activity.status not in PANEL_ENDED_STATES
        and PanelMember.objects.filter(activity_id=activity.pk, user_id=user.pk).exists()
    )


@rules.predicate
def leads_audited_agency(user, case_audit) -> bool:
    return OrgRole.LEAD in organisation_roles(user).get(case_audit.organisation_id, set())


@rules.predicate
def panel_reads_audit(user, case_audit) -> bool:
    return case_audit.status == "submitted" and on_open_panel(user, case_audit.case.activity)


rules.add_perm("casework.view_casework", is_business_team | sits_on_open_panel_in)
rules.add_perm("casework.manage_cases", is_business_team)
rules.add_perm("casework.view_own_audits", leads_organisation_in_partnership)
rules.add_perm("casework.view_activity_cases", business_team_of_activity | on_open_panel)
rules.add_perm("casework.prepare", on_open_panel)
rules.add_perm("casework.read_audit", leads_audited_agency | panel_reads_audit)
