from django import forms

from sightline.core.widgets import DateInput
from sightline.partnerships.models import Organisation

from .models import Template
from .selectors import organisations_called


class CycleForm(forms.Form):
    template = forms.ModelChoiceField(
        label="Template",
        queryset=Template.objects.none(),
        empty_label="Choose a template",
        error_messages={"required": "Choose the template the organisations will answer"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, Section 11 self-assessment 2026 to 2027",
        error_messages={"required": "Enter a title for the cycle"},
    )
    audience_types = forms.MultipleChoiceField(
        label="Who takes part",
        choices=Organisation.Type.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Every open organisation of these types in the register gets a return to complete",
    )
    audience_organisations = forms.CharField(
        label="Also include these organisations (optional)",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line: the name as it is in the register, or its URN, UKPRN, Ofsted URN or ODS code",
    )
    reports_to_board = forms.BooleanField(label="Reports to the children's partnership board", required=False)
    reports_to_sab = forms.BooleanField(label="Reports to the safeguarding adults board", required=False)
    opens_on = forms.DateField(
        label="Opening date",
        help_text="For example, 2026-09-07",
        widget=DateInput(),
        error_messages={
            "required": "Enter the opening date",
            "invalid": "Enter the opening date as a real date",
        },
    )
    closes_on = forms.DateField(
        label="Closing date",
        widget=DateInput(),
        error_messages={
            "required": "Enter the closing date",
            "invalid": "Enter the closing date as a real date",
        },
    )
    progress_due_on = forms.DateField(
        label="Six-month progress round (optional)",
        required=False,
        help_text="Leave empty for six months after the closing date",
        widget=DateInput(),
        error_messages={"invalid": "Enter the progress round date as a real date"},
    )
    reminder_days = forms.CharField(
        label="Reminders, in working days before closing",
        initial="10, 5, 1",
        required=False,
        max_length=60,
        help_text="Numbers separated by commas. Everyone is told at launch.",
    )
    remind_weekly_when_overdue = forms.BooleanField(
        label="Remind weekly while a return is overdue", required=False, initial=True
    )
    sign_off_by = forms.CharField(
        label="Who must sign off a return",
        required=False,
        max_length=300,
        help_text="Offices separated by commas, for example: Headteacher, Chair of governors",
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["template"].queryset = Template.objects.exclude(kind=Template.Kind.CASE_AUDIT).order_by(
            "kind", "key", "-version"
        )

    def clean_reminder_days(self):
        raw = self.cleaned_data.get("reminder_days", "")
        try:
            return [int(part) for part in raw.replace(" ", "").split(",") if part]
        except ValueError:
            raise forms.ValidationError(
                "Enter reminder days as whole numbers separated by commas, like 10, 5, 1"
            ) from None

    def clean_sign_off_by(self):
        return [part.strip() for part in self.cleaned_data.get("sign_off_by", "").split(",") if part.strip()]

    def clean_audience_organisations(self):
        lines = self.cleaned_data.get("audience_organisations", "").splitlines()
        found, problems = [], []
        for number, line in enumerate(lines, start=1):
            wanted = line.strip()
            if not wanted:
                continue
            matches = organisations_called(partnership=self.partnership, wanted=wanted)
            if len(matches) == 1:
                found.append(matches[0])
            elif matches:
                problems.append(f"Line {number}: more than one organisation has that name; use its code")
            else:
                # The line is not repeated: what was typed may not be an organisation at all.
                problems.append(f"Line {number}: no organisation in the register has that name or number")
        if problems:
            raise forms.ValidationError(problems)
        return found

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("audience_types")
            and not cleaned.get("audience_organisations")
            and not (self.has_error("audience_organisations"))
        ):
            self.add_error(
                "audience_types", "Choose at least one type of organisation, or name the organisations"
            )
        return cleaned


class TrackingFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="State",
        required=False,
        choices=[("", "Any"), ("overdue", "Overdue")],
    )
    type = forms.MultipleChoiceField(
        label="Type", required=False, choices=Organisation.Type.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        from .models import Submission

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "Any"), *Submission.Status.choices, ("overdue", "Overdue")]


class ExtensionForm(forms.Form):
    due_on = forms.DateField(
        label="New deadline",
        widget=DateInput(),
        error_messages={
            "required": "Enter the new deadline",
            "invalid": "Enter the new deadline as a real date",
        },
    )
    reason = forms.CharField(
        label="Reason",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the reason for the extension"},
    )
