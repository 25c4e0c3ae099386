"""Forms for action plans and actions. Each lists its fields, so a posted field it does not offer (a status, a
partnership, a due date on the details form) is ignored; the services check everything again."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from sightline.assessments.models import Cycle
from sightline.partnerships.models import Group, Organisation
from sightline.partnerships.priorities.forms import add_priorities_field

from .evidence import ACCEPT_ATTRIBUTE, ACCEPTED
from .models import Action, ActionPlan, Review
from .plans import DESCRIBED_KINDS, MONITORING_KINDS, REPORTING_KINDS
from .selectors import OUR_FILTERS


def date_field(label: str, required: bool = True, **kwargs) -> forms.DateField:
    what = label[0].lower() + label[1:]
    return forms.DateField(
        label=label,
        required=required,
        # A date input shows only an ISO date: the locale's "22/05/2026" would leave it empty.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": f"Enter the {what}", "invalid": f"Enter the {what} as a real date"},
        **kwargs,
    )


def text_field(
    label: str, *, required: bool = True, message: str = "", rows: int = 3, **kwargs
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message, "max_length": "Keep it under 5,000 characters"},
        **kwargs,
    )


def _organisations(partnership):
    return Organisation.objects.filter(affiliations__partnership=partnership).order_by("name")


class PlanForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, Neglect line of sight event: action plan",
        error_messages={"required": "Enter a title for the action plan"},
    )
    source_kind = forms.ChoiceField(
        label="Where does the plan come from?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the plan comes from"},
    )
    source_cycle = forms.ModelChoiceField(
        label="Self-assessment cycle (for a composite)",
        required=False,
        queryset=None,
        empty_label="Not from a composite",
    )
    source_review = forms.ModelChoiceField(
        label="Case in the reviews register (for a review)",
        required=False,
        queryset=None,
        empty_label="Not from the register",
    )
    source_description = text_field(
        "Describe the source",
        required=False,
        help_text="The review, report or event and its date. Required unless the source is a composite, "
        "a return or a case in the register.",
    )
    owner_organisation = forms.ModelChoiceField(
        label="Single-agency plan for (optional)",
        required=False,
        queryset=None,
        empty_label="No: a multi-agency plan",
        help_text="A single-agency plan is seen only by that organisation and the partnership-wide roles",
    )
    monitoring = forms.ChoiceField(
        label="Who monitors the plan until it is complete?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who monitors the plan"},
    )
    reports_to = forms.ModelMultipleChoiceField(
        label="Which boards does it report to?",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one board the plan reports to"},
    )
    import_actions = forms.BooleanField(
        label="Bring in the actions the organisations recorded in the source",
        required=False,
        help_text="For a composite or a return only. Each becomes an action owned by its organisation, "
        "keeping the date it gave.",
    )

    AGENCY = "agency"

    def __init__(self, *args, partnership, source_submission=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.source_submission = source_submission
        kinds = ActionPlan.SourceKind.choices
        if source_submission is None:
            kinds = [(value, label) for value, label in kinds if value != ActionPlan.SourceKind.SUBMISSION]
        self.fields["source_kind"].choices = kinds
        self.fields["source_cycle"].queryset = Cycle.objects.filter(partnership=partnership).order_by(
            "-opens_on"
        )
        self.fields["source_review"].queryset = Review.objects.filter(partnership=partnership)
        self.fields["owner_organisation"].queryset = _organisations(partnership)
        self.groups = {group.kind: group for group in Group.objects.filter(partnership=partnership)}
        self.fields["monitoring"].choices = [
            (kind, self.groups[kind].name) for kind in MONITORING_KINDS if kind in self.groups
        ] + [(self.AGENCY, "The organisation itself (single-agency plans only)")]
        self.fields["reports_to"].queryset = Group.objects.filter(
            partnership=partnership, kind__in=REPORTING_KINDS
        ).order_by("kind")
        # The framework's default: the learning group monitors, and the plan reports to the partnership board.
        self.initial.setdefault("monitoring", Group.Kind.LEARNING)
        if Group.Kind.BOARD in self.groups:
            self.initial.setdefault("reports_to", [self.groups[Group.Kind.BOARD].pk])
        add_priorities_field(self, partnership=partnership)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("source_kind")
        if kind == ActionPlan.SourceKind.COMPOSITE and not cleaned.get("source_cycle"):
            self.add_error(
                "source_cycle", "Choose the self-assessment cycle whose composite the plan comes from"
            )
        if kind == ActionPlan.SourceKind.REVIEW and not cleaned.get("source_review"):
            self.add_error("source_review", "Choose the case in the reviews register")
        if kind in DESCRIBED_KINDS and not cleaned.get("source_description", "").strip():
            self.add_error("source_description", "Describe the review, report or event the plan comes from")
        if cleaned.get("import_actions") and kind not in (
            ActionPlan.SourceKind.COMPOSITE,
            ActionPlan.SourceKind.SUBMISSION,
        ):
            self.add_error("import_actions", "Actions can be brought in only from a composite or a return")
        if cleaned.get("monitoring") == self.AGENCY and not cleaned.get("owner_organisation"):
            self.add_error("monitoring", "Only a single-agency plan can be monitored by its own organisation")
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        kind = data["source_kind"]
        monitoring = data["monitoring"]
        return {
            "title": data["title"],
            "source_kind": kind,
            "source_cycle": data.get("source_cycle") if kind == ActionPlan.SourceKind.COMPOSITE else None,
            "source_submission": self.source_submission if kind == ActionPlan.SourceKind.SUBMISSION else None,
            "source_review": data.get("source_review") if kind == ActionPlan.SourceKind.REVIEW else None,
            "source_description": data.get("source_description", ""),
            "owner_organisation": data.get("owner_organisation"),
            "monitoring_group": None if monitoring == self.AGENCY else self.groups.get(monitoring),
            "reports_to": list(data["reports_to"]),
            "import_actions": bool(data.get("import_actions")),
            "priorities": list(data.get("priorities") or ()),
        }


class PlanPrioritiesForm(forms.Form):
    """Which of the partnership's priorities a plan serves. `shown` carries the priorities the page showed as
    chosen, so a change someone made meanwhile is noticed rather than undone."""

    shown = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, plan: ActionPlan, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("shown", ",".join(sorted(str(p.pk) for p in current)))
        add_priorities_field(self, partnership=plan.partnership, current=current)

    def clean_shown(self) -> list[str]:
        return [value for value in self.cleaned_data.get("shown", "").split(",") if value]

    def service_arguments(self) -> dict:
        offered = "priorities" in self.fields
        return {
            "priorities": list(self.cleaned_data.get("priorities") or ()) if offered else None,
            "expected": [uuid.UUID(value) for value in self.cleaned_data["shown"] if _is_uuid(value)],
        }


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


class ActionDetailsForm(forms.Form):
    """What the action is and who owns it: the fields the business team may change later."""

    what = text_field("What will be done", message="Enter what will be done")
    intended_impact = text_field(
        "The difference it should make", required=False, help_text="For children, families or practice"
    )
    impact_measure = text_field(
        "How the impact will be known", required=False, help_text="The evidence that will show it worked"
    )
    owner_organisation = forms.ModelChoiceField(
        label="Owner organisation",
        queryset=None,
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation that owns the action"},
    )
    owner_email = forms.EmailField(
        label="Owner's email address (optional)",
        required=False,
        help_text="Someone with an account at the owner organisation. Leave empty and its safeguarding leads "
        "are reminded instead.",
        error_messages={"invalid": "Enter an email address in the right format, like name@example.org"},
    )
    lead_name = forms.CharField(
        label="Who leads it (optional)",
        required=False,
        max_length=200,
        help_text="A name or post, if they have no account",
    )
    priority = forms.ChoiceField(
        label="Priority",
        choices=Action.Priority.choices,
        widget=forms.RadioSelect,
        initial=Action.Priority.MEDIUM,
        error_messages={"required": "Choose a priority"},
    )

    def __init__(self, *args, plan: ActionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = _organisations(plan.partnership)
        if plan.owner_organisation_id:
            organisations = organisations.filter(pk=plan.owner_organisation_id)
        self.fields["owner_organisation"].queryset = organisations

    def clean_owner_email(self):
        email = self.cleaned_data.get("owner_email", "").strip()
        if not email:
            return None
        person = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if person is None:
            raise forms.ValidationError(
                "Nobody with that email address has an account: leave it empty, or invite them first"
            )
        return person

    def service_arguments(self) -> dict:
        data = {**self.cleaned_data}
        data["owner_person"] = data.pop("owner_email", None)
        return data


class ActionForm(ActionDetailsForm):
    due_on = date_field("Due date", help_text="For example, 2027-03-31")

    field_order = [
        "what",
        "intended_impact",
        "impact_measure",
        "owner_organisation",
        "owner_email",
        "lead_name",
    ]

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError("The due date must be today or in the future")
        return due_on


class UpdateForm(forms.Form):
    """A progress update, or a completion proposal, with an optional evidence file."""

    commentary = text_field(
        "What has been done", message="Enter what has been done since the last update", rows=5
    )
    file = forms.FileField(
        label="Evidence file (optional)",
        required=False,
        help_text=f"You can upload {ACCEPTED}.",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )


class ProposeForm(UpdateForm):
    commentary = text_field(
        "Evidence of impact",
        message="Describe the evidence that the action has made the difference intended",
        rows=6,
        help_text="What changed for children, families or practice, and how you know",
    )


class NoteForm(forms.Form):
    note = text_field("Note for the record (optional)", required=False)


class ReasonForm(forms.Form):
    reason = text_field("Reason", message="Enter the reason")

    def __init__(self, *args, label: str, message: str, help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.label, field.help_text = label, help_text
        field.error_messages = {**field.error_messages, "required": message}


class ExtendForm(forms.Form):
    due_on = date_field("New due date")
    reason = text_field("Reason for the change", message="Enter the reason for changing the due date")

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError("The new due date must be today or in the future")
        return due_on


class PlanCloseForm(forms.Form):
    closing_note = text_field(
        "What was learned",
        message="Enter what was learned: it goes into the board's summary",
        rows=6,
        help_text="The notable learning from this plan, for the board's summary",
    )


class ResolveForm(forms.Form):
    resolution = text_field(
        "What became of it",
        message="Enter what became of the escalation",
        help_text="For example, the board agreed a new date, or asked the partner to report in person",
    )


class OurActionsFilterForm(forms.Form):
    status = forms.ChoiceField(label="Show", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(key, label) for key, (label, _) in OUR_FILTERS.items()]


class PeriodForm(forms.Form):
    start = date_field("From")
    end = date_field("To")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", "The end of the period must be on or after its start")
        return cleaned
