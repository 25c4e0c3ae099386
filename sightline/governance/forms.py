from django import forms

from sightline.partnerships.models import Group

from .decisions import NEEDS_TEXT, decisions_for
from .models import Decision

# A date field shows its value as the browser's date picker reads it, whatever the locale.
ISO_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingForm(forms.Form):
    group = forms.ModelChoiceField(
        label="Group",
        queryset=Group.objects.none(),
        empty_label="Choose a group",
        error_messages={"required": "Choose the group that is meeting"},
    )
    held_on = forms.DateField(
        label="Date",
        widget=ISO_DATE,
        error_messages={
            "required": "Enter the date of the meeting",
            "invalid": "Enter the date as a real date",
        },
    )
    title = forms.CharField(
        label="Title (optional)",
        required=False,
        max_length=200,
        help_text="Leave empty for the group's name and the date",
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = Group.objects.filter(partnership=partnership).order_by("kind", "name")


class ItemForm(forms.Form):
    title = forms.CharField(
        label="Item", max_length=300, error_messages={"required": "Enter the item's title"}
    )
    detail = forms.CharField(
        label="Detail (optional)", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the decision",
            "invalid_choice": "Choose one of the decisions offered",
        },
    )
    text = forms.CharField(
        label="Reason or note",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed for every decision except verifying",
    )
    new_due_on = forms.DateField(
        label="New due date (to extend)",
        required=False,
        widget=ISO_DATE,
        error_messages={"invalid": "Enter the new due date as a real date"},
    )

    def __init__(self, *args, item, by, **kwargs):
        super().__init__(*args, prefix=f"i{item.pk.hex}", **kwargs)
        self.fields["kind"].choices = decisions_for(item, by=by)

    def clean(self):
        # The services refuse these too; said here, each message sits by the field that needs filling in.
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind in NEEDS_TEXT and not cleaned.get("text", "").strip():
            self.add_error("text", NEEDS_TEXT[kind])
        if (
            kind == Decision.Kind.EXTEND
            and cleaned.get("new_due_on") is None
            and "new_due_on" not in self.errors
        ):
            self.add_error("new_due_on", "Enter the new due date")
        return cleaned


class HeldForm(forms.Form):
    held_on = forms.DateField(
        label="Date the meeting was held",
        widget=ISO_DATE,
        help_text="The group may have met before the date set for it: give the day it met",
        error_messages={
            "required": "Enter the date the meeting was held",
            "invalid": "Enter the date the meeting was held as a real date",
        },
    )
    present = forms.CharField(
        label="Who was there",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Names and roles, one per line",
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_held_on(self):
        # The service refuses it too; said here, the message sits by the date.
        held_on = self.cleaned_data["held_on"]
        if held_on > self.today:
            raise forms.ValidationError("Enter the day the meeting was held: it cannot be in the future")
        return held_on
