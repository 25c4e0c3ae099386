"""`{% csrf_token %}` as every POST form already writes it, plus the form's one-time token (core/once.py,
ADR 0011). Loaded as a template builtin after Django's own tags, so this tag takes the place of Django's."""

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import format_html

from ..once import FIELD, token_new

register = template.Library()


class CsrfAndFormTokenNode(CsrfTokenNode):
    def render(self, context):
        csrf = super().render(context)
        if not csrf:
            return csrf  # no request context, so no form this page could post
        return csrf + format_html('<input type="hidden" name="{}" value="{}">', FIELD, token_new())


@register.tag
def csrf_token(parser, token):
    return CsrfAndFormTokenNode()
