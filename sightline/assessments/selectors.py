from django.db.models import Count, Prefetch, QuerySet

from .models import Question, Standard, Template


def templates_in_library() -> QuerySet[Template]:
    return Template.objects.annotate(standard_count=Count("standards", distinct=True)).order_by(
        "kind", "key", "-version"
    )


def template_with_contents(*, template_id) -> Template | None:
    standards = Standard.objects.prefetch_related(
        Prefetch("questions", queryset=Question.objects.order_by("order"))
    )
    return (
        Template.objects.prefetch_related(
            "sections", Prefetch("standards", queryset=standards.order_by("order"))
        )
        .filter(pk=template_id)
        .first()
    )
