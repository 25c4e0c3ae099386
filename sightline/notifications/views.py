from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_POST

from sightline.core.access import signed_in

from . import selectors, services


@signed_in
@require_GET
def notice_list(request):
    page = Paginator(selectors.notices_for(user=request.user), 50).get_page(request.GET.get("page"))
    return TemplateResponse(request, "notifications/list.html", {"page": page})


@signed_in
@require_POST
def notice_read(request, notice_id):
    services.notice_mark_read(user=request.user, notice_id=notice_id)
    return redirect("notice_list")
