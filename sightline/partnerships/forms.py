from django import forms

from . import identifiers
from .models import Organisation, OrganisationMembership, PartnershipMembership


class OrganisationForm(forms.ModelForm):
    """The register entry. `partnership` and memberships are not fields: posting them changes nothing."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Organisation
        fields = [
            "name",
            "type",
            "statutory_partner",
            "section11_duty",
            "status",
            "urn",
            "ukprn",
            "ofsted_urn",
            "ods_code",
            "postcode",
            "phase",
            "parent",
            "lead_name",
            "lead_email",
        ]
        labels = {"statutory_partner": "Statutory safeguarding partner role"}
        error_messages = {
            "name": {"required": "Enter the organisation's name"},
            "type": {"required": "Choose the type of organisation"},
            "urn": {"invalid": "Enter the URN as a number, like 100001"},
            "lead_email": {"invalid": "Enter an email address in the correct format, like name@example.org"},
        }

    def __init__(self, *args, trusts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["version"].initial = self.instance.version
        self.fields["parent"].queryset = trusts if trusts is not None else Organisation.objects.none()
        self.fields["parent"].label = "Academy trust"
        self.fields["parent"].empty_label = "Not part of a trust"
        self.fields["type"].choices = [("", "Choose a type"), *Organisation.Type.choices]
        self.fields["statutory_partner"].widget = forms.RadioSelect(
            choices=Organisation.StatutoryPartner.choices
        )
        self.fields["status"].widget = forms.RadioSelect(choices=Organisation.Status.choices)
        self.fields["ukprn"].widget.attrs.update({"inputmode": "numeric", "class": "govuk-input--width-10"})
        self.fields["urn"].widget = forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input--width-10"}
        )
        self.fields["postcode"].widget.attrs.update(
            {"autocomplete": "postal-code", "class": "govuk-input--width-10"}
        )
        self.fields["lead_email"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def _identifier(self, name: str, check) -> str:
        try:
            return check(self.cleaned_data.get(name) or "")
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def clean_ukprn(self):
        return self._identifier("ukprn", identifiers.ukprn)

    def clean_ofsted_urn(self):
        return self._identifier("ofsted_urn", identifiers.ofsted_urn)

    def clean_ods_code(self):
        return self._identifier("ods_code", identifiers.ods_code)

    def clean_postcode(self):
        return self._identifier("postcode", identifiers.postcode)


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label="Search by name, URN, UKPRN or postcode", required=False, max_length=100)
    type = forms.MultipleChoiceField(
        label="Type", required=False, choices=Organisation.Type.choices, widget=forms.CheckboxSelectMultiple
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any"), *Organisation.Status.choices]
    )
    lead = forms.ChoiceField(
        label="Safeguarding lead account",
        required=False,
        choices=[("", "Any"), ("missing", "No lead account yet"), ("present", "Has a lead account")],
    )


ORGANISATION_ROLE_CHOICES = [(value, label) for value, label in OrganisationMembership.Role.choices]


class InvitePartnershipRoleForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter their full name"}
    )
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=PartnershipMembership.Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose their role in the partnership"},
    )


class InviteOrganisationRoleForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter their full name"}
    )
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=ORGANISATION_ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose their role in the organisation"},
    )
    title = forms.CharField(
        label="Job title or office (optional)",
        required=False,
        max_length=120,
        help_text="For example, Designated safeguarding lead or Chair of governors",
    )


class DisablePersonForm(forms.Form):
    reason = forms.CharField(
        label="Why are you disabling this account?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for disabling this account"},
    )
