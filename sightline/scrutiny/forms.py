"""Forms for the day ledger. Each lists its fields, so a posted field it does not offer (an ISO, a partnership,
the days planned on the ISO's own form) is ignored; the services check everything again.

The confirmation box for going over budget is offered only once the warning has been shown: a form is built
with `asks_confirmation` when the service refused for that reason, or when the box came back ticked."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from sightline.assurance.models import Activity

from .years import year_label

# A date box's value must be written as yyyy-mm-dd, whatever the site's locale (which would write 17/11/2026):
# a browser shows nothing for any other form, and then posts nothing, losing a date the page filled in.
ISO_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DaysField(forms.DecimalField):
    """Days in whole or half days, cleaned to a whole number of half days."""

    def __init__(self, *, label: str, required: bool = True, **kwargs):
        super().__init__(
            label=label,
            required=required,
            min_value=0,
            max_value=200,
            max_digits=4,
            decimal_places=1,
            widget=forms.NumberInput(
                attrs={"step": "0.5", "inputmode": "decimal", "class": "govuk-input--width-4"}
            ),
            error_messages={
                "required": f"Enter the {label.lower()}",
                "invalid": "Enter a number of days, like 1 or 1.5",
                "min_value": "Enter 0 days or more",
                "max_value": "Enter no more than 200 days",
                "max_digits": "Enter a number of days, like 1 or 1.5",
                "max_decimal_places": "Enter days in whole or half days, like 1 or 1.5",
            },
            **kwargs,
        )

    def clean(self, value):
        cleaned = super().clean(value)
        if cleaned is None:
            return 0
        doubled = cleaned * 2
        if doubled != doubled.to_integral_value():
            raise forms.ValidationError("Enter days in whole or half days, like 1 or 1.5")
        return int(doubled)


def half_days_initial(half_days: int) -> Decimal:
    return (Decimal(half_days) / 2).normalize() if half_days else Decimal(0)


class ConfirmingForm(forms.Form):
    def __init__(self, *args, asks_confirmation: bool = False, warning: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.warning = warning
        if asks_confirmation or (self.data and self.data.get("confirm_over_budget")):
            self.fields["confirm_over_budget"] = forms.BooleanField(
                label="I understand, book these days over the budget", required=False
            )

    @property
    def confirmed(self) -> bool:
        return bool(self.cleaned_data.get("confirm_over_budget"))


class LedgerEntryForm(ConfirmingForm):
    activity = forms.ModelChoiceField(
        label="Assurance activity",
        required=False,
        queryset=Activity.objects.none(),
        empty_label="None: other work",
    )
    description = forms.CharField(
        label="Other work, or a note",
        required=False,
        max_length=300,
        help_text="For example, chairing a rapid review, or scrutinising the yearly report",
    )
    work_date = forms.DateField(
        label="Date",
        help_text="When the work is planned or was done. It decides which financial year the days count in.",
        widget=ISO_DATE,
        error_messages={"required": "Enter the date of the work", "invalid": "Enter the date as a real date"},
    )
    planned = DaysField(label="Days planned", help_text="In whole or half days, like 1 or 1.5")
    spent = DaysField(label="Days spent", required=False, help_text="Leave empty until the work is done")

    def __init__(self, *args, partnership, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = Activity.objects.filter(partnership=partnership).order_by("title")
        # Days on an ISO report are for that report: the entry says what it is without an activity or a note.
        self.report = report

    def clean(self):
        cleaned = super().clean()
        if (
            self.report is None
            and not cleaned.get("activity")
            and not (cleaned.get("description") or "").strip()
        ):
            self.add_error("description", "Choose the assurance activity, or describe the other work")
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "activity": data["activity"],
            "description": data["description"],
            "work_date": data["work_date"],
            "planned_half_days": data["planned"],
            "spent_half_days": data["spent"],
            "confirm_over_budget": self.confirmed,
        }


class SpentForm(ConfirmingForm):
    """The ISO's own form: only the days they spent."""

    spent = DaysField(label="Days spent", help_text="In whole or half days, like 1 or 1.5")


class BudgetForm(forms.Form):
    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"] = DaysField(
            label=f"Budget for {year_label(year)}",
            help_text="In days. The framework's default is 15 days a year.",
        )


class ProfileForm(forms.Form):
    background = forms.CharField(
        label="Background",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, former head of children's social care; senior nurse for safeguarding",
    )
    skills = forms.CharField(
        label="Skills and areas of expertise",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, neglect, exploitation, children with disabilities, inspection frameworks",
    )
