"""Forms for disputes and their escalation stages. Each lists its fields, so a posted field it does not offer (a
status, a partnership, an assisting ISO on the note form) is ignored; the services check everything again. The
forms with free text offer, after the guard's warning, the box confirming the text identifies no one."""

from __future__ import annotations

from django import forms

from sightline.casework.checking import ChecksIdentifiers
from sightline.partnerships.models import Organisation

from ..models import Dispute, DisputeStage
from ..selectors import isos_of
from .services import SUBJECT_LIMIT, TEXT_LIMIT

PARTY_FIELDS = ("party_1", "party_2", "party_3", "party_4")


def _text(
    label: str, *, message: str = "", required: bool = True, rows: int = 4, **kwargs
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message, "max_length": f"Keep it under {TEXT_LIMIT:,} characters"},
        **kwargs,
    )


class PartyField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        if obj.statutory_partner:
            return f"{obj.name} (statutory partner: {obj.get_statutory_partner_display().lower()})"
        return obj.name


class GuardedForm(ChecksIdentifiers, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_confirmation()


class DisputeForm(GuardedForm):
    between = forms.ChoiceField(
        label="Who is the disagreement between?",
        choices=Dispute.Between.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who the disagreement is between"},
    )
    subject = forms.CharField(
        label="Subject",
        max_length=SUBJECT_LIMIT,
        help_text="A few words that say what it is about, for example: thresholds for early help referrals",
        error_messages={
            "required": "Enter the dispute's subject",
            "max_length": f"Keep the subject under {SUBJECT_LIMIT} characters",
        },
    )
    description = _text(
        "What the disagreement is about",
        message="Enter what the disagreement is about",
        rows=6,
        help_text="What each party's position is and what has been tried. Name no child or family member.",
    )
    party_1 = PartyField(
        label="First party",
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
        error_messages={
            "required": "Choose the first party",
            "invalid_choice": "Choose an organisation listed",
        },
    )
    party_2 = PartyField(
        label="Second party",
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
        error_messages={
            "required": "Choose the second party",
            "invalid_choice": "Choose an organisation listed",
        },
    )
    party_3 = PartyField(
        label="Third party (optional)",
        required=False,
        queryset=Organisation.objects.none(),
        empty_label="None",
        error_messages={"invalid_choice": "Choose an organisation listed"},
    )
    party_4 = PartyField(
        label="Fourth party (optional)",
        required=False,
        queryset=Organisation.objects.none(),
        empty_label="None",
        error_messages={"invalid_choice": "Choose an organisation listed"},
    )
    stage = forms.ModelChoiceField(
        label="Stage of escalation it has reached",
        queryset=DisputeStage.objects.none(),
        required=False,  # none is offered before the partnership's stages are made: the service starts it at the first
        empty_label=None,
        error_messages={"invalid_choice": "Choose one of the stages listed"},
    )

    def __init__(self, *args, partnership, statutory_partners: list, **kwargs):
        super().__init__(*args, **kwargs)
        register = Organisation.objects.filter(
            affiliations__partnership=partnership, status=Organisation.Status.OPEN
        ).order_by("name")
        for name in PARTY_FIELDS:
            self.fields[name].queryset = register
        self.fields["stage"].queryset = DisputeStage.objects.filter(partnership=partnership).order_by("order")
        if statutory_partners:
            named = ", ".join(org.name for org in statutory_partners)
            self.fields["between"].help_text = (
                f"Between the safeguarding partners means between the organisations the register marks as "
                f"statutory partners: {named}."
            )
        else:
            self.fields["between"].help_text = (
                "No organisation in the register is marked as a statutory partner yet, so a dispute between the "
                "safeguarding partners cannot be recorded until the business team marks them."
            )

    def clean(self):
        cleaned = super().clean()
        chosen = [cleaned.get(name) for name in PARTY_FIELDS if cleaned.get(name)]
        if len({org.pk for org in chosen}) != len(chosen):
            self.add_error("party_2", "Choose each party once")
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "between": data["between"],
            "subject": data["subject"],
            "description": data["description"],
            "parties": [data[name] for name in PARTY_FIELDS if data.get(name)],
            "stage": data["stage"],
            "identifiers_confirmation": self.identifiers_confirmation,
        }


class EscalateForm(GuardedForm):
    stage = forms.ModelChoiceField(
        label="Stage to escalate to",
        queryset=DisputeStage.objects.none(),
        empty_label=None,
        help_text="Usually the next stage. A later one, if the stages between have already been tried.",
        error_messages={
            "required": "There is no later stage to escalate to: record the outcome, or ask the business team to "
            "add a stage",
            "invalid_choice": "Choose one of the later stages listed",
        },
    )
    note = _text(
        "Why it is escalated",
        message="Enter why the dispute is escalated",
        help_text="What was tried at this stage and why it did not resolve the disagreement",
    )

    def __init__(self, *args, later: list[DisputeStage], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = DisputeStage.objects.filter(pk__in=[s.pk for s in later]).order_by(
            "order"
        )


class NoteForm(GuardedForm):
    note = _text(
        "Note", message="Enter the note", help_text="For example, a meeting held or a position set out"
    )


class AskIsoForm(GuardedForm):
    iso = forms.ModelChoiceField(
        label="Independent scrutiny officer",
        queryset=None,
        empty_label="Choose an officer",
        error_messages={
            "required": "Choose the officer to ask",
            "invalid_choice": "Choose one of the partnership's independent scrutiny officers",
        },
    )
    note = _text(
        "What you are asking them to do (optional)",
        required=False,
        help_text="They read the dispute and its history once asked",
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["iso"].queryset = isos_of(partnership=partnership)
        self.fields["iso"].label_from_instance = lambda user: user.full_name or user.email


class ResolveForm(GuardedForm):
    outcome = _text(
        "Outcome",
        message="Enter the outcome: how the dispute was resolved",
        help_text="What was agreed or decided, and by whom",
    )
    learning = _text(
        "Learning for the learning group (optional)",
        required=False,
        help_text="What the partnership should learn from it. It goes onto the learning group's next meeting with "
        "the dispute's subject, without the parties or the history.",
    )


class StageForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        error_messages={
            "required": "Enter the stage's name",
            "max_length": "Keep the name under 100 characters",
        },
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who takes the disagreement up at this stage, and how",
        error_messages={"max_length": "Keep the description under 2,000 characters"},
    )
