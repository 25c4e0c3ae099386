"""Pages of casework. Each declares its rule at the partnership's gate (sightline/core/access.py); activities and
audits come through selectors scoped to the person, so anything outside their reach answers 404, and a refusal
by the policy on an object they can see is recorded in the audit trail before the 404."""

from django.http import Http404

from sightline.assurance.models import Activity
from sightline.core.access import refuse

from .. import selectors
from ..models import CaseAudit


def activity_or_404(request, activity_id) -> Activity:
    activity = selectors.activity_for(
        user=request.user, partnership=request.partnership, activity_id=activity_id
    )
    if activity is None:
        raise Http404
    return activity


def audit_or_404(request, audit_id) -> CaseAudit:
    case_audit = selectors.case_audit_for(
        user=request.user, partnership=request.partnership, audit_id=audit_id
    )
    if case_audit is None:
        raise Http404
    require(request, "casework.read_audit", case_audit)  # the policy must agree with the selector
    return case_audit


def require(request, perm: str, obj) -> None:
    """404, recorded, unless the policy grants `perm` on `obj`."""
    if not request.user.has_perm(perm, obj):
        refuse(request, perm)


def posted(request):
    """The posted data, or None for a GET: an empty POST still binds the form, so it shows what is missing."""
    return request.POST if request.method == "POST" else None
