from django.http import Http404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from sightline.core.access import permission
from sightline.partnerships.models import Organisation

from .. import selectors


@permission("assessments.view_library")
@require_GET
def template_list(request):
    return TemplateResponse(
        request, "assessments/library/list.html", {"templates": selectors.templates_in_library()}
    )


@permission("assessments.view_library")
@require_GET
def template_detail(request, template_id):
    template = selectors.template_with_contents(template_id=template_id)
    if template is None:
        raise Http404
    by_section: dict = {}
    for standard in template.standards.all():
        by_section.setdefault(standard.section_id, []).append(standard)
    sections = [(section, by_section.get(section.pk, [])) for section in template.sections.all()]
    audience = [
        Organisation.Type(value).label for value in template.audience if value in Organisation.Type.values
    ]
    return TemplateResponse(
        request,
        "assessments/library/detail.html",
        {"template": template, "sections": sections, "audience": audience},
    )
