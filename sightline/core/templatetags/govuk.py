"""Template helpers that turn Django form fields into GOV.UK Design System markup."""

from django import forms, template
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.html import format_html, format_html_join

register = template.Library()

INPUT_CLASS = {
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "file": "govuk-file-upload",
    "password": "govuk-input govuk-password-input__input",
}


@register.filter
def field_kind(bound_field) -> str:
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    if isinstance(widget, forms.PasswordInput):
        return "password"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


def _described_by(bound_field) -> str:
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}-error")
    return " ".join(ids)


@register.filter
def govuk_widget(bound_field):
    kind = field_kind(bound_field)
    css = INPUT_CLASS.get(kind, "govuk-input")
    if bound_field.errors:
        css += {
            "select": " govuk-select--error",
            "textarea": " govuk-textarea--error",
            "file": " govuk-file-upload--error",
        }.get(kind, " govuk-input--error")
    extra = bound_field.field.widget.attrs.get("class", "")
    attrs = {"class": f"{css} {extra}".strip()}
    described = _described_by(bound_field)
    if described:
        attrs["aria-describedby"] = described
    return bound_field.as_widget(attrs=attrs)


@register.filter
def choice_items(bound_field):
    """(value, label, checked, id) for each choice of a radios or checkboxes field."""
    value = bound_field.value()
    selected = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)}
    items = []
    for index, (choice_value, label) in enumerate(bound_field.field.choices):
        if choice_value in ("", None) and label == BLANK_CHOICE_DASH[0][1]:
            continue  # Django's "---------" placeholder, not a real answer
        items.append(
            {
                "value": choice_value,
                "label": label,
                "checked": str(choice_value) in selected,
                "id": f"{bound_field.auto_id}" if index == 0 else f"{bound_field.auto_id}-{index}",
            }
        )
    if items:
        items[0]["id"] = bound_field.auto_id
    return items


@register.simple_tag
def error_summary_items(form):
    """The error summary's links, pointing at each field's input (or the first choice of a group)."""
    rows = []
    for name, errors in form.errors.items():
        if name == "__all__":
            rows.extend(("#form-errors", error) for error in errors)
            continue
        bound = form[name]
        rows.extend((f"#{bound.auto_id}", error) for error in errors)
    return format_html_join("\n", '<li><a href="{}">{}</a></li>', rows)


@register.simple_tag
def tag(label: str, colour: str = ""):
    css = f"govuk-tag govuk-tag--{colour}" if colour else "govuk-tag"
    return format_html('<strong class="{}">{}</strong>', css, label)
