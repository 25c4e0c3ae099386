from django import forms
from django.contrib.auth import get_user_model

from sightline.casework.checking import ChecksIdentifiers
from sightline.partnerships.models import PartnershipMembership

from .figures import FIGURES
from .periods import LABEL, Period, period_from_label

ISO_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"required": "Enter the date", "invalid": "Enter the date as a real date"}


class StartForm(forms.Form):
    period = forms.CharField(
        label="Reporting period",
        max_length=7,
        help_text="The years it spans, such as 2025-26 for 1 April 2025 to 31 March 2026",
        error_messages={"required": "Enter the reporting period, such as 2025-26"},
    )
    title = forms.CharField(
        label="Title (optional)", required=False, max_length=200, help_text="Leave empty for the usual title"
    )

    def clean_period(self) -> Period:
        value = self.cleaned_data["period"].strip()
        if not LABEL.match(value):
            raise forms.ValidationError("Enter the period as the years it spans, such as 2025-26")
        try:
            return period_from_label(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


class SectionForm(ChecksIdentifiers, forms.Form):
    narrative = forms.CharField(
        label="What the section says",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Write around the figures: what they show, what changed for children and families, and why",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_confirmation()


class SendForScrutinyForm(forms.Form):
    iso = forms.ModelChoiceField(
        label="Independent scrutiny officer",
        queryset=get_user_model().objects.none(),
        empty_label="Choose an officer",
        error_messages={"required": "Choose the officer who will scrutinise the report"},
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["iso"].queryset = (
            get_user_model()
            .objects.filter(
                partnership_roles__partnership=partnership,
                partnership_roles__role=PartnershipMembership.Role.ISO,
                is_active=True,
            )
            .distinct()
            .order_by("full_name", "email")
        )
        self.fields["iso"].label_from_instance = lambda user: user.get_full_name() or user.email


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Your comment",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write your comment"},
    )


class StatementForm(forms.Form):
    statement = forms.CharField(
        label="Scrutiny statement",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Your independent view of the arrangements and of this report: it is published with the report",
    )
    complete = forms.BooleanField(
        label="My scrutiny is finished: the report can go for sign-off", required=False
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        widget=forms.RadioSelect,
        choices=[("endorsed", "Sign it off"), ("declined", "Return it with my reasons")],
        error_messages={"required": "Choose whether you sign it off or return it"},
    )
    comment = forms.CharField(
        label="Comment or reasons",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when you return it, so it can be revised",
    )


class PublishForm(forms.Form):
    published_on = forms.DateField(label="Date it was published", widget=ISO_DATE, error_messages=DATE_ERRORS)


class DispatchForm(forms.Form):
    sent_to_panel_on = forms.DateField(
        label="Sent to the Child Safeguarding Practice Review Panel on",
        required=False,
        widget=ISO_DATE,
        error_messages=DATE_ERRORS,
    )
    sent_to_department_on = forms.DateField(
        label="Sent to the Department for Education on",
        required=False,
        widget=ISO_DATE,
        error_messages=DATE_ERRORS,
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("sent_to_panel_on") and not data.get("sent_to_department_on"):
            raise forms.ValidationError("Give at least one date")
        return data


class SectionKindForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Give the section a title"}
    )
    guidance = forms.CharField(
        label="What the section should show (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    figures = forms.MultipleChoiceField(
        label="Figures it shows (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(key, figure.label) for key, figure in FIGURES.items()],
        error_messages={"invalid_choice": "Choose figures from the list"},
    )
