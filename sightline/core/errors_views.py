from django.template.response import TemplateResponse
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def not_found(request, exception=None):
    return TemplateResponse(request, "errors/404.html", status=404).render()


@requires_csrf_token
def forbidden(request, exception=None):
    return TemplateResponse(request, "errors/403.html", status=403).render()


@requires_csrf_token
def server_error(request):
    # No context processors that touch the database: the database may be why we are here.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("errors/500.html").render())
