"""Forms for starting and running an activity. Each names its fields; the views hand only `cleaned_data` to the
services, so a field a form does not offer changes nothing (QUALITY.md Z3). Scheduling and the record have their
forms in `forms_schedule` and `forms_record`."""

from django import forms
from django.contrib.auth import get_user_model

from sightline.partnerships.models import Organisation
from sightline.partnerships.priorities.forms import add_priorities_field

from .lifecycle import PROPOSED_BY_PARTNERS, state_choices
from .models import Activity, CallIn, PeerReview
from .models_endorsements import EndorsementParty
from .selectors import isos_of

Kind = Activity.Kind
# The register's agencies, for naming who an event is about or who was involved in a case. Schools and early
# years settings are many and are reached through their local authority.
AGENCY_TYPES = [
    Organisation.Type.LOCAL_AUTHORITY,
    Organisation.Type.ICB,
    Organisation.Type.POLICE,
    Organisation.Type.NHS_TRUST,
    Organisation.Type.OTHER_HEALTH,
    Organisation.Type.PROBATION,
    Organisation.Type.YOUTH_JUSTICE,
    Organisation.Type.VOLUNTARY,
    Organisation.Type.OTHER,
]
THEME_LABELS = {
    Kind.THEMATIC: ("Theme", "The safeguarding issue to look at across the partnership"),
    Kind.PRACTICE_LEARNING: ("Theme", "The theme the cases will be chosen for"),
    Kind.CASE_SPECIFIC: (
        "What the event should look at, and why",
        "The learning you hope for. Do not name the child or give their date of birth or address.",
    ),
    Kind.PARTNERSHIP_AUDIT: ("What the audit looks at", ""),
}


def agencies_of(partnership):
    return Organisation.objects.filter(
        affiliations__partnership=partnership, status=Organisation.Status.OPEN, type__in=AGENCY_TYPES
    ).order_by("name")


class KindForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of activity is it?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of activity"},
    )

    def __init__(self, *args, partner_only: bool, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = PROPOSED_BY_PARTNERS if partner_only else Kind.values
        self.fields["kind"].choices = [(kind, Kind(kind).label) for kind in kinds]


class ActivityForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter a title"})

    def __init__(self, *args, kind: str, partnership, manages: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind in THEME_LABELS:
            label, hint = THEME_LABELS[kind]
            self.fields["theme"] = forms.CharField(
                label=label,
                help_text=hint,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={"required": f"Enter the {label.lower()}"},
            )
        if kind in (Kind.AGENCY, Kind.CALL_IN):
            self.fields["organisation"] = forms.ModelChoiceField(
                label="Agency",
                queryset=agencies_of(partnership),
                empty_label="Choose the agency",
                error_messages={"required": "Choose the agency"},
            )
        if kind == Kind.CALL_IN:
            self.fields["reason"] = forms.ChoiceField(
                label="Why is it called in?",
                choices=CallIn.Reason.choices,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose why the agency is called in"},
            )
            self.fields["reason_detail"] = forms.CharField(
                label="More about why (optional)",
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields["venue"] = forms.ChoiceField(
                label="Where?",
                choices=CallIn.Venue.choices,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose where the agency is called in"},
            )
            self.fields["venue_detail"] = forms.CharField(
                label="Which subgroup or meeting (optional)", required=False, max_length=200
            )
        if kind == Kind.PEER_REVIEW:
            self.fields["direction"] = forms.ChoiceField(
                label="Who reviews whom?",
                choices=PeerReview.Direction.choices,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose whether we review another area or are reviewed"},
            )
            self.fields["other_partnership"] = forms.CharField(
                label="The other partnership",
                max_length=200,
                help_text="Its name: it need not use Sightline",
                error_messages={"required": "Name the other partnership"},
            )
        self.fields["description"] = forms.CharField(
            label="Background (optional)",
            required=False,
            max_length=10000,
            widget=forms.Textarea(attrs={"rows": 4}),
        )
        add_priorities_field(self, partnership=partnership)
        if manages:
            self.fields["iso"] = forms.ModelChoiceField(
                label="Independent scrutiny officer (optional)",
                queryset=isos_of(partnership=partnership),
                required=False,
                empty_label="Not assigned yet",
            )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {
            "kind": self.kind,
            "title": data["title"],
            "theme": data.get("theme", ""),
            "description": data.get("description", ""),
            "organisation": data.get("organisation"),
            "iso": data.get("iso"),
            "priorities": list(data.get("priorities") or ()),
        }
        if self.kind == Kind.CALL_IN:
            arguments["call_in"] = {
                name: data[name] for name in ("reason", "reason_detail", "venue", "venue_detail")
            }
        if self.kind == Kind.PEER_REVIEW:
            arguments["peer_review"] = {name: data[name] for name in ("direction", "other_partnership")}
        return arguments


class DetailsForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter a title"})
    description = forms.CharField(
        label="Background (optional)",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    iso = forms.ModelChoiceField(
        label="Independent scrutiny officer",
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="Not assigned yet",
    )
    location = forms.CharField(label="Where it takes place (optional)", required=False, max_length=200)
    involved_agencies = forms.ModelMultipleChoiceField(
        label="Agencies involved (optional)",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="For a line-of-sight event, the agencies involved in the case: their safeguarding leads are "
        "invited and asked for a case audit",
    )

    def __init__(self, *args, partnership, current_priorities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["iso"].queryset = isos_of(partnership=partnership)
        self.fields["involved_agencies"].queryset = agencies_of(partnership)
        add_priorities_field(self, partnership=partnership, current=current_priorities)


class SubjectForm(forms.Form):
    text = forms.CharField(
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Write it out"},
    )

    def __init__(self, *args, label: str, hint: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label
        self.fields["text"].help_text = hint
        self.fields["text"].error_messages["required"] = f"Write the {label.lower()}"


class AdvanceForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, note_hint: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if note_hint:
            self.fields["note"].label = "Note"
            self.fields["note"].help_text = note_hint


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            (EndorsementParty.Decision.ENDORSED, "I endorse it"),
            (EndorsementParty.Decision.DECLINED, "I decline it"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you endorse it or decline it"},
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed if you decline: say why, so it can be revised",
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") == EndorsementParty.Decision.DECLINED
            and not (data.get("comment") or "").strip()
        ):
            self.add_error("comment", "Give your reason for declining, so it can be revised")
        return data


class FilterForm(forms.Form):
    kind = forms.ChoiceField(label="Type", required=False)
    status = forms.ChoiceField(label="State", required=False)
    year = forms.TypedChoiceField(label="Year", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "All types"), *Kind.choices]
        self.fields["status"].choices = [("", "Any state"), *state_choices()]
        self.fields["year"].choices = [("", "Any year"), *[(str(y), str(y)) for y in years]]
