from django import forms

from sightline.core.widgets import DateInput


class TrailFilterForm(forms.Form):
    verb = forms.ChoiceField(label="Kind of change", required=False)
    actor = forms.CharField(label="Made by (email)", required=False, max_length=200)
    target = forms.CharField(label="About (name)", required=False, max_length=200)
    since = forms.DateField(
        label="From (date)",
        required=False,
        help_text="For example, 2026-09-01",
        widget=DateInput(),
        error_messages={"invalid": "Enter the start date as a real date, like 2026-09-01"},
    )
    until = forms.DateField(
        label="To (date)",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Enter the end date as a real date, like 2026-09-30"},
    )

    def __init__(self, *args, verbs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verb"].choices = [("", "Any")] + [
            (verb, verb.replace("_", " ").capitalize()) for verb in verbs
        ]
