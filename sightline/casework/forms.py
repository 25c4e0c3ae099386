"""Forms for cases, panels, audit requests, case audits and the panel's preparation. Each lists its fields, so a
posted field it does not offer (a status, an organisation, a partnership) is ignored; the services check
everything again.

The box that confirms text holds no identifying details is offered only once the guard's warning has been shown:
a form is built with `asks_confirmation` after the service refused for that reason, or when the box came back
ticked."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from sightline.assessments.answering import StandardForm
from sightline.assessments.selectors import organisations_called
from sightline.core.working_days import add_working_days
from sightline.partnerships.models import Organisation

from .models import Case, PanelMember, PanelNote

# Organisation types listed as boxes to tick; schools, colleges and early years settings, which are many, are
# named by name or number instead.
LISTED_TYPES = [
    t
    for t in Organisation.Type.values
    if t
    not in {
        Organisation.Type.SCHOOL,
        Organisation.Type.ACADEMY_TRUST,
        Organisation.Type.COLLEGE,
        Organisation.Type.ALTERNATIVE_PROVISION,
        Organisation.Type.EARLY_YEARS_GROUP,
        Organisation.Type.CHILDMINDER,
    }
]
CONFIRM_LABEL = "I have checked: this contains no identifying details"
# A date box's value must be written as yyyy-mm-dd, whatever the site's locale (which would write 17/11/2026):
# a browser shows nothing for any other form, and then posts nothing, losing a date the page filled in.
ISO_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ChecksIdentifiers:
    def offer_confirmation(self, asks_confirmation: bool) -> None:
        if asks_confirmation or (self.data and self.data.get("identifiers_checked")):
            self.fields["identifiers_checked"] = forms.BooleanField(label=CONFIRM_LABEL, required=False)

    @property
    def identifiers_checked(self) -> bool:
        return bool(self.cleaned_data.get("identifiers_checked"))


class CaseForm(forms.Form):
    age_band = forms.ChoiceField(
        label="The child's age band",
        choices=Case.AgeBand.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the child's age band"},
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies involved",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each agency ticked is asked to audit its own work on the case",
    )
    other_agencies = forms.CharField(
        label="Schools, colleges or early years settings involved (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line: the name as it is in the register, or its URN or Ofsted URN",
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["agencies"].queryset = Organisation.objects.filter(
            affiliations__partnership=partnership, type__in=LISTED_TYPES
        ).order_by("name")

    def clean_other_agencies(self):
        found, problems = [], []
        for number, line in enumerate(self.cleaned_data.get("other_agencies", "").splitlines(), start=1):
            wanted = line.strip()
            if not wanted:
                continue
            matches = organisations_called(partnership=self.partnership, wanted=wanted)
            if len(matches) == 1:
                found.append(matches[0])
            elif matches:
                problems.append(
                    f"Line {number}: more than one organisation is called {wanted}; use its number"
                )
            else:
                problems.append(
                    f"Line {number}: no organisation in the register is called or numbered {wanted}"
                )
        if problems:
            raise forms.ValidationError(problems)
        return found

    def clean(self):
        cleaned = super().clean()
        if (
            not self.has_error("other_agencies")
            and not cleaned.get("agencies")
            and not cleaned.get("other_agencies")
        ):
            self.add_error("agencies", "Choose at least one agency involved in the case")
        return cleaned

    def service_arguments(self) -> dict:
        agencies = {
            org.pk: org for org in [*self.cleaned_data["agencies"], *self.cleaned_data["other_agencies"]]
        }
        return {"age_band": self.cleaned_data["age_band"], "agencies": list(agencies.values())}


class PanelMemberForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="The person must already have a Sightline account with a role in this partnership",
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter a real email address",
        },
    )
    role = forms.ChoiceField(
        label="Role on the panel",
        choices=PanelMember.Role.choices,
        widget=forms.RadioSelect,
        initial=PanelMember.Role.MEMBER,
        error_messages={"required": "Choose the person's role on the panel"},
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        self.person = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if self.person is None:
            raise forms.ValidationError("No one with that email address has a Sightline account")
        return email


class RequestForm(forms.Form):
    due_on = forms.DateField(
        label="Deadline for the audits",
        help_text="Ten working days from today is suggested",
        widget=ISO_DATE,
        error_messages={"required": "Enter the deadline", "invalid": "Enter the deadline as a real date"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("due_on", add_working_days(timezone.localdate(), 10))

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        today = timezone.localdate()
        if due_on <= today:
            raise forms.ValidationError("The deadline must be after today")
        if due_on > today + timedelta(days=366):
            raise forms.ValidationError("The deadline must be within a year")
        return due_on


class AuditStandardForm(ChecksIdentifiers, StandardForm):
    """One standard of a case audit: the self-assessment's standard form, with the confirmation box."""

    def __init__(self, *args, asks_confirmation: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_confirmation(asks_confirmation)


class PanelNoteForm(ChecksIdentifiers, forms.Form):
    kind = forms.ChoiceField(
        label="What is it?",
        choices=PanelNote.Kind.choices,
        widget=forms.RadioSelect,
        initial=PanelNote.Kind.ENQUIRY,
        error_messages={"required": "Choose a line of enquiry or a reflective observation"},
    )
    case = forms.ModelChoiceField(
        label="About which case (optional)",
        required=False,
        queryset=Case.objects.none(),
        empty_label="All the cases",
    )
    text = forms.CharField(
        label="Your line of enquiry or observation",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Refer to cases by their reference only",
        error_messages={"required": "Enter the line of enquiry or observation"},
    )

    def __init__(self, *args, activity, asks_confirmation: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = activity.cases.order_by("created_at")
        self.offer_confirmation(asks_confirmation)
