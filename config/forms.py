from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    """Every form renders GOV.UK Design System markup: labels, hints, error messages, fieldsets."""

    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"
