from django import template
from django.utils import timezone
from django.utils.html import format_html

from ..models import CaseAudit

register = template.Library()

COLOURS = {
    CaseAudit.Status.REQUESTED: "blue",
    CaseAudit.Status.IN_PROGRESS: "light-blue",
    CaseAudit.Status.SUBMITTED: "green",
}


@register.simple_tag
def audit_tag(case_audit):
    """Where an audit stands, as a tag with words (never colour alone); an unfinished audit past its deadline
    says so."""
    if case_audit is None:
        return format_html('<strong class="govuk-tag govuk-tag--grey">{}</strong>', "Not asked yet")
    if case_audit.status != CaseAudit.Status.SUBMITTED and case_audit.due_on < timezone.localdate():
        return format_html('<strong class="govuk-tag govuk-tag--red">{}</strong>', "Overdue")
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        COLOURS[case_audit.status],
        case_audit.get_status_display(),
    )
