"""Pages of assurance activities. Each declares its rule at the partnership's gate (sightline/core/access.py);
activities come through selectors scoped to the person, so one outside their reach answers 404, and a refusal by
the policy on an activity they can see is recorded in the audit trail before the 404."""

from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from sightline.core.access import refuse

from .. import selectors
from ..models import Activity


def posted(request):
    """The form data of a POST (even an empty one, which must show its errors), or None for a GET."""
    return request.POST if request.method == "POST" else None


def activity_or_404(request, activity_id) -> Activity:
    activity = selectors.activity_for(
        user=request.user, partnership=request.partnership, activity_id=activity_id
    )
    if activity is None:
        raise Http404
    return activity


def require(request, perm: str, obj) -> None:
    """404, recorded, unless the policy grants `perm` on `obj`."""
    if not request.user.has_perm(perm, obj):
        refuse(request, perm)


def to_activity(activity: Activity, anchor: str = ""):
    response = redirect("activity_detail", slug=activity.partnership.slug, activity_id=activity.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


CONFLICT = "Someone else saved changes while you were editing: what they saved is below, and yours is still in the form"


def expected_version(request) -> int | None:
    """The version of the activity the editor's page showed, sent back with the form."""
    version = request.POST.get("version", "")
    return int(version) if version.isdigit() else None


def form_page(request, activity: Activity | None, form, *, title: str, submit: str, intro: str = "", **extra):
    """The one template for a page that is a single form about an activity. Its form carries the version of the
    activity it was drawn from; `conflict` holds what someone else saved meanwhile."""
    context = {"activity": activity, "form": form, "title": title, "submit": submit, "intro": intro, **extra}
    context.setdefault("conflict", getattr(request, "conflict", None))
    warning = getattr(request, "warning", None)
    context.setdefault("findings", warning.places if warning else None)
    return TemplateResponse(request, "assurance/form.html", context)
