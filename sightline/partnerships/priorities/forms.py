"""Forms for the partnership's priorities, and the "Priorities it serves" field the forms of plans, activities,
reviews and briefings add. Each form lists its fields; the services check everything again."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from ..models import Organisation
from ..models_priorities import Priority
from .services import LEAD_PARTNERS, TITLE_LIMIT, priorities_offered


def _date_field(label: str, what: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        # A date input shows only an ISO date: the locale's "22/05/2026" would leave it empty.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": f"Enter {what}", "invalid": f"Enter {what} as a real date"},
        **kwargs,
    )


class PriorityForm(forms.Form):
    title = forms.CharField(
        label="Priority",
        max_length=TITLE_LIMIT,
        help_text="In a few words, for example Neglect, or Child exploitation",
        error_messages={
            "required": "Enter the priority, for example Neglect",
            "max_length": f"Keep the priority's name under {TITLE_LIMIT} characters",
        },
    )
    description = forms.CharField(
        label="What the partners want to change (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Keep the description under 5,000 characters"},
    )
    lead_partner = forms.ChoiceField(
        label="Which partner leads on it?",
        widget=forms.RadioSelect,
        choices=[
            (value, label) for value, label in Organisation.StatutoryPartner.choices if value in LEAD_PARTNERS
        ],
        error_messages={"required": "Choose the partner that leads on the priority"},
    )
    measures = forms.CharField(
        label="How the partners will know it has improved (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The measures the partners chose, one a line",
        error_messages={"max_length": "Keep the measures under 5,000 characters"},
    )
    starts_on = _date_field(
        "Runs from", "the date the priority runs from", help_text="For example, 2026-04-01"
    )
    ends_on = _date_field(
        "Runs until", "the date the priority runs until", help_text="For example, 2027-03-31"
    )

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on <= starts_on:
            self.add_error("ends_on", "The date the priority runs until must be after the date it runs from")
        return cleaned


def priority_initial(priority: Priority) -> dict:
    return {name: getattr(priority, name) for name in PriorityForm.base_fields}


class PriorityEndForm(forms.Form):
    ends_on = _date_field(
        "Last day it is in force",
        "the last day the priority is in force",
        help_text="From the next day it is no longer offered when tagging records",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("ends_on", timezone.localdate())


class PriorityRemoveForm(forms.Form):
    """Removing is one button: the form has no fields and carries a refusal to the error summary."""


class PriorityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, priority: Priority) -> str:
        return f"{priority.title} ({priority.starts_on:%B %Y} to {priority.ends_on:%B %Y})"


def add_priorities_field(form: forms.Form, *, partnership, current=()) -> None:
    """Add the "Priorities it serves" checkboxes to `form`: the partnership's priorities in force today and any
    the record already serves. A partnership with none to offer gets no field, and the record's tags are left
    alone."""
    current = list(current)
    offered = list(priorities_offered(partnership=partnership, current=current))
    if not offered:
        return
    form.fields["priorities"] = PriorityChoiceField(
        label="Priorities it serves (optional)",
        queryset=Priority.objects.filter(pk__in=[p.pk for p in offered]).order_by("title", "-starts_on"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The partnership's priorities this work contributes to: progress on each is counted from the "
        "records that serve it",
        error_messages={"invalid_choice": "Choose from the priorities listed"},
    )
    form.initial.setdefault("priorities", [p.pk for p in current])
