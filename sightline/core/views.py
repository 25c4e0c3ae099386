import time

from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_POST

from sightline.accounts.middleware import SESSION_SEEN, session_deadlines
from sightline.core.access import public, signed_in

from . import home as home_page
from .redirects import site_path_or


@public
@require_GET
def landing(request):
    if request.user.is_authenticated:
        return redirect("home")
    return TemplateResponse(request, "core/landing.html")


@signed_in
@require_GET
def home(request):
    return TemplateResponse(request, "core/home.html", home_page.home_context(user=request.user))


@public
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@public
@require_GET
def accessibility(request):
    return TemplateResponse(request, "core/accessibility.html")


@public
@require_GET
def privacy(request):
    return TemplateResponse(request, "core/privacy.html")


@signed_in
@require_POST
def session_extend(request):
    request.session[SESSION_SEEN] = time.time()
    if request.headers.get("X-Requested-With") == "fetch":
        idle_deadline, _ = session_deadlines(request)
        return JsonResponse({"idle_deadline": idle_deadline})
    return redirect(site_path_or(request.POST.get("next"), "home"))
