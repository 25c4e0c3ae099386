"""Pages of learning and improvement. Each declares its rule at the partnership's gate (sightline/core/access.py);
objects come through selectors scoped to the person, so anything outside their reach answers 404, and a refusal
by the policy on an object they can see is recorded in the audit trail before the 404."""

from django.http import Http404

from sightline.core.access import refuse

from .. import selectors
from ..models import Action, ActionPlan


def plan_or_404(request, plan_id) -> ActionPlan:
    plan = selectors.plan_for(user=request.user, partnership=request.partnership, plan_id=plan_id)
    if plan is None:
        raise Http404
    return plan


def action_or_404(request, action_id) -> Action:
    action = selectors.action_for(user=request.user, partnership=request.partnership, action_id=action_id)
    if action is None:
        raise Http404
    return action


def require(request, perm: str, obj) -> None:
    """404, recorded, unless the policy grants `perm` on `obj`."""
    if not request.user.has_perm(perm, obj):
        refuse(request, perm)
