"""`{% presented_at report %}`: where a report (a yearly report, an ISO report, a cycle's composite or a learning
briefing) has been presented, for its own page. Shows nothing to anyone who may not read the register."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils import timezone

from ..presentations.selectors import is_presentable, presentations_of, report_kind_for

register = template.Library()


@register.inclusion_tag("governance/_presented_at.html", takes_context=True)
def presented_at(context, report):
    user, nav = context.get("user"), context.get("nav") or {}
    partnership = nav.get("partnership")
    if partnership is None or partnership.pk != report.partnership_id:
        partnership = report.partnership
    if user is None or not user.has_perm("governance.view_presentations", partnership):
        return {"presentations": None}
    if not is_presentable(report):  # a draft, or a cycle whose composite is not issued: nothing to say yet
        return {"presentations": None}
    plan_url = None
    if user.has_perm("governance.manage_presentations", partnership):
        kind = report_kind_for(report)
        query = urlencode({"report_kind": kind, kind: report.pk})
        plan_url = f"{reverse('presentation_plan', kwargs={'slug': partnership.slug})}?{query}"
    return {
        "presentations": presentations_of(report),
        "nav": nav,
        "today": timezone.localdate(),
        "plan_url": plan_url,
    }
