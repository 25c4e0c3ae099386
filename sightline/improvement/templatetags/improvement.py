"""Tags for actions: their RAG and their state, as GOV.UK tags whose text says what the colour means."""

from django import template
from django.utils.html import format_html

from ..models import Action
from ..rag import TAG_COLOURS, Rag

register = template.Library()

STATUS_COLOURS = {
    Action.Status.OPEN: "grey",
    Action.Status.IN_PROGRESS: "light-blue",
    Action.Status.COMPLETION_PROPOSED: "purple",
    Action.Status.VERIFIED: "green",
    Action.Status.CLOSED: "blue",
    Action.Status.DEFERRED: "orange",
    Action.Status.CANCELLED: "grey",
}


@register.simple_tag
def rag_tag(value: str):
    if value not in Rag.values:
        return ""
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', TAG_COLOURS[value], Rag(value).label
    )


@register.simple_tag
def status_tag(value: str):
    if value not in Action.Status.values:
        return ""
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        STATUS_COLOURS[value],
        Action.Status(value).label,
    )


@register.filter
def late_notification(review, today) -> bool:
    return review.notification_late(today)


@register.filter
def late_rapid_review(review, today) -> bool:
    return review.rapid_review_late(today)
