"""Forms for cases, panels, audit requests, case audits and the panel's preparation. Each lists its fields, so a
posted field it does not offer (a status, an organisation, a partnership) is ignored; the services check
everything again.

The box that confirms text holds no identifying details is offered only once the guard's warning has been shown,
with the token of the text it warned about (checking.py)."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from sightline.assessments.answering import StandardForm
from sightline.assessments.selectors import organisations_called
from sightline.core.working_days import add_working_days
from sightline.partnerships.models import Organisation

from . import guard
from .checking import ChecksIdentifiers
from .models import Case, PanelMember, PanelNote
from .panel import NOTE_LABEL

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
# A date box's value must be written as yyyy-mm-dd, whatever the site's locale (which would write 17/11/2026):
# a browser shows nothing for any other form, and then posts nothing, losing a date the page filled in.
ISO_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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
        # Errors name the line, never what it says: a line may hold a child's details typed in the wrong box.
        found, problems, identifying = [], [], []
        lines = self.cleaned_data.get("other_agencies", "").splitlines()
        for number, line in enumerate(lines, start=1):
            wanted = line.strip()
            if not wanted:
                continue
            matches = organisations_called(partnership=self.partnership, wanted=wanted)
            if len(matches) == 1:
                found.append(matches[0])
            elif matches:
                problems.append(f"Line {number}: more than one organisation has that name; use its number")
            elif kinds := guard.kinds(guard.scan(wanted)):
                identifying.append(number)
                what = ", ".join(guard.LABELS[kind] for kind in kinds)
                problems.append(
                    f"Line {number} looked like identifying details ({what}), not an organisation, so it has "
                    "been taken out: name schools, colleges and settings only"
                )
            else:
                problems.append(f"Line {number}: no organisation in the register has that name or number")
        if identifying:
            self._redisplay_without(lines, identifying)
        if problems:
            raise forms.ValidationError(problems)
        return found

    def _redisplay_without(self, lines: list[str], numbers: list[int]) -> None:
        """Show the form again without the lines that looked identifying, so they are not sent back to the page."""
        data = self.data.copy()
        data[self.add_prefix("other_agencies")] = "\n".join(
            line for number, line in enumerate(lines, start=1) if number not in numbers
        )
        self.data = data

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_confirmation()


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
        label=NOTE_LABEL,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Refer to cases by their reference only",
        error_messages={"required": "Enter the line of enquiry or observation"},
    )

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = activity.cases.order_by("created_at")
        self.offer_confirmation()
