from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from sightline import policy
from sightline.core.access import partnership_view

from .. import selectors
from ..models import Group, Organisation


@partnership_view("partnerships.view_partnership")
@require_GET
def partnership_home(request):
    partnership = request.partnership
    user = request.user
    context = {"partnership": partnership, "sees_whole": policy.sees_whole_partnership(user, partnership)}
    if context["sees_whole"]:
        counts = selectors.register_counts(partnership=partnership)
        context["register_counts"] = [
            (Organisation.Type(kind).label, counts[kind])
            for kind in Organisation.Type.values
            if counts.get(kind)
        ]
        context["register_total"] = sum(counts.values())
        context["groups"] = selectors.groups_of(partnership=partnership)
    context["own_organisations"] = selectors.organisations_visible_to(
        user=user, partnership=partnership
    ).filter(pk__in=set(policy.organisation_roles(user)))
    return TemplateResponse(request, "partnerships/home.html", context)


@partnership_view("partnerships.view_groups")
@require_GET
def group_list(request):
    groups = selectors.groups_of(partnership=request.partnership)
    return TemplateResponse(request, "partnerships/groups/list.html", {"groups": groups})


@partnership_view("partnerships.view_groups")
@require_GET
def group_detail(request, group_id):
    group = get_object_or_404(selectors.groups_of(partnership=request.partnership), pk=group_id)
    members = selectors.group_members(group=group)
    return TemplateResponse(
        request,
        "partnerships/groups/detail.html",
        {
            "group": group,
            "members": members,
            "lists_members": group.kind in selectors.GROUP_MEMBER_ROLES,
            "kind_label": Group.Kind(group.kind).label,
        },
    )
