"""Forms for the register of presentations and its bodies. Each lists its fields, so a posted field it does not
offer (a status, a partnership, a reminder date) is ignored; the services check everything again."""

from __future__ import annotations

from django import forms

from ..forms import ISO_DATE
from ..models import Presentation, ReportingBody
from .selectors import (
    REPORT_KINDS,
    WHEN,
    owners_offered,
    plans_open,
    presenters_offered,
    reports_offered,
)


def date_field(label: str, *, what: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=ISO_DATE,
        error_messages={"required": f"Enter {what}", "invalid": f"Enter {what} as a real date"},
        **kwargs,
    )


def long_text(label: str, *, required: bool = False, message: str = "", rows: int = 3, **kwargs):
    return forms.CharField(
        label=label,
        required=required,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message, "max_length": "Keep it under 5,000 characters"},
        **kwargs,
    )


class BodyForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=150,
        help_text="As the partnership calls it, for example Children and Young People Scrutiny Panel",
        error_messages={
            "required": "Enter the body's name",
            "max_length": "Keep the body's name under 150 characters",
        },
    )
    kind = forms.ChoiceField(
        label="What kind of body is it?",
        choices=ReportingBody.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what kind of body it is",
            "invalid_choice": "Choose one of the kinds of body offered",
        },
    )


class _Who(forms.Form):
    """The body, the date and who presents, shared by planning and changing a presentation."""

    body = forms.ModelChoiceField(
        label="Body",
        queryset=None,
        empty_label="Choose a body",
        error_messages={"required": "Choose the body the report is presented to"},
    )
    on = date_field("Date", what="the date of the presentation")
    presenter = forms.ModelChoiceField(
        label="Who presents (a person of the partnership)",
        required=False,
        queryset=None,
        empty_label="Someone else: enter their name below",
    )
    presenter_name = forms.CharField(
        label="Or their name and role",
        required=False,
        max_length=200,
        help_text="For someone without a role in the partnership, for example Director of Children's Services",
        error_messages={"max_length": "Keep the presenter's name under 200 characters"},
    )

    def __init__(self, *args, partnership, current_body=None, current_presenter=None, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = ReportingBody.objects.filter(partnership=partnership, active=True)
        if current_body is not None:
            bodies = ReportingBody.objects.filter(partnership=partnership).filter(
                pk__in=[*bodies.values_list("pk", flat=True), current_body.pk]
            )
        self.fields["body"].queryset = bodies.order_by("name")
        self.fields["presenter"].queryset = presenters_offered(
            partnership=partnership, also=current_presenter
        )

    def clean(self):
        # The service refuses these too; said here, each message sits by the field that needs changing.
        cleaned = super().clean()
        presenter, name = cleaned.get("presenter"), (cleaned.get("presenter_name") or "").strip()
        if "presenter" not in self.errors and "presenter_name" not in self.errors:
            if presenter is None and not name:
                self.add_error("presenter", "Choose who presents the report, or enter their name")
            elif presenter is not None and name:
                self.add_error(
                    "presenter_name", "Choose a person of the partnership or enter a name, not both"
                )
        return cleaned


class PresentationPlanForm(_Who):
    """What is presented, to whom, when and by whom. The report is chosen by its kind, then the record."""

    report_kind = forms.ChoiceField(
        label="What is presented?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what kind of report is presented",
            "invalid_choice": "Choose one of the kinds of report offered",
        },
    )
    yearly_report = forms.ModelChoiceField(
        label="Yearly report (if presenting one)",
        required=False,
        queryset=None,
        empty_label="Choose a report",
    )
    iso_report = forms.ModelChoiceField(
        label="Independent scrutiny officer's report (if presenting one)",
        required=False,
        queryset=None,
        empty_label="Choose a report",
        help_text="Issued reports only",
    )
    cycle = forms.ModelChoiceField(
        label="Self-assessment cycle (if presenting its composite)",
        required=False,
        queryset=None,
        empty_label="Choose a cycle",
        help_text="Cycles whose composite has been issued",
    )
    briefing = forms.ModelChoiceField(
        label="Learning briefing (if presenting one)",
        required=False,
        queryset=None,
        empty_label="Choose a briefing",
        help_text="Approved briefings only",
    )

    field_order = ["report_kind", *REPORT_KINDS, "body", "on", "presenter", "presenter_name"]

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, partnership=partnership, **kwargs)
        choices = []
        for kind, label in REPORT_KINDS.items():
            queryset = reports_offered(partnership=partnership, kind=kind)
            # A kind of report the partnership has none of yet is not offered at all.
            if queryset.exists():
                self.fields[kind].queryset = queryset
                choices.append((kind, label))
            else:
                del self.fields[kind]
        self.fields["report_kind"].choices = choices
        self.order_fields(self.field_order)

    @property
    def offers_reports(self) -> bool:
        return bool(self.fields["report_kind"].choices)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("report_kind")
        if kind in self.fields and not cleaned.get(kind) and kind not in self.errors:
            self.add_error(kind, f"Choose the report: {REPORT_KINDS[kind].lower()}")
        return cleaned

    def service_arguments(self) -> dict:
        kind = self.cleaned_data["report_kind"]
        return {
            "report_kind": kind,
            "report": self.cleaned_data.get(kind),
            **{key: self.cleaned_data[key] for key in ("body", "on", "presenter", "presenter_name")},
        }


class PresentationEditForm(_Who):
    """The body, the date and who presents; once presented, the outcome and the minute reference too."""

    outcome = long_text("Outcome", help_text="What the body decided, noted or asked for")
    minute_reference = forms.CharField(
        label="Minute reference",
        required=False,
        max_length=100,
        error_messages={"max_length": "Keep the minute reference under 100 characters"},
    )

    def __init__(self, *args, presentation: Presentation, today, **kwargs):
        super().__init__(
            *args,
            partnership=presentation.partnership,
            current_body=presentation.body,
            current_presenter=presentation.presenter,
            **kwargs,
        )
        self.held = presentation.status == Presentation.Status.HELD
        self.today = today
        if not self.held:
            del self.fields["outcome"], self.fields["minute_reference"]
        else:
            self.fields["on"].label = "Date it was presented"

    def clean(self):
        cleaned = super().clean()
        on = cleaned.get("on")
        if self.held and on is not None and on > self.today:
            self.add_error("on", "Enter the date it was presented: it cannot be in the future")
        if self.held and not (
            cleaned.get("outcome", "").strip() or cleaned.get("minute_reference", "").strip()
        ):
            self.add_error("outcome", "Enter the outcome or the minute reference of the presentation")
        return cleaned


def presentation_initial(presentation: Presentation) -> dict:
    return {
        "body": presentation.body_id,
        "on": presentation.on,
        "presenter": presentation.presenter_id,
        "presenter_name": presentation.presenter_name,
        "outcome": presentation.outcome,
        "minute_reference": presentation.minute_reference,
    }


class PresentedForm(forms.Form):
    on = date_field(
        "Date it was presented",
        what="the date it was presented",
        help_text="The date planned, unless it was presented on another day",
    )
    outcome = long_text("Outcome", help_text="What the body decided, noted or asked for")
    minute_reference = forms.CharField(
        label="Minute reference",
        required=False,
        max_length=100,
        help_text="Where the body's minutes record it, for example Minute 14/25",
        error_messages={"max_length": "Keep the minute reference under 100 characters"},
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        cleaned = super().clean()
        on = cleaned.get("on")
        if on is not None and on > self.today:
            self.add_error("on", "Enter the date it was presented: it cannot be in the future")
        if not (cleaned.get("outcome", "").strip() or cleaned.get("minute_reference", "").strip()):
            self.add_error("outcome", "Enter the outcome or the minute reference of the presentation")
        return cleaned


class CancelForm(forms.Form):
    reason = long_text(
        "Why is it cancelled?",
        required=True,
        message="Say why the presentation is cancelled",
        help_text="For example, the meeting was postponed: plan the new date as a new presentation",
    )


class QuestionForm(forms.Form):
    text = long_text("Question raised", required=True, message="Enter the question the body raised")
    answer = long_text(
        "Answer given (optional)", help_text="What was said in reply at the meeting, if anything"
    )


class QuestionActionForm(forms.Form):
    what = long_text(
        "What will be done",
        required=True,
        message="Enter what will be done",
        help_text="Starts as the question: say what will be done to answer it",
    )
    plan = forms.ModelChoiceField(
        label="Action plan",
        queryset=None,
        empty_label="Choose an open action plan",
        error_messages={"required": "Choose the action plan the action goes into"},
    )
    owner_organisation = forms.ModelChoiceField(
        label="Owner organisation",
        queryset=None,
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation that owns the action"},
    )
    due_on = date_field("Due date", what="the date the action is due")

    def __init__(self, *args, partnership, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["plan"].queryset = plans_open(partnership=partnership)
        # A single-agency plan's actions belong to its organisation: say so before the owner is chosen.
        self.fields["plan"].label_from_instance = lambda plan: (
            f"{plan.title} (single-agency: {plan.owner_organisation.name})"
            if plan.owner_organisation
            else plan.title
        )
        self.fields["owner_organisation"].queryset = owners_offered(partnership=partnership)

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < self.today:
            raise forms.ValidationError("The due date must be today or in the future")
        return due_on


ANY = ""


class RegisterFilterForm(forms.Form):
    """The register's filters, read from the address: anything not offered is ignored."""

    body = forms.ChoiceField(label="Body", required=False)
    kind = forms.ChoiceField(
        label="Report", required=False, choices=[(ANY, "Every report"), *REPORT_KINDS.items()]
    )
    status = forms.ChoiceField(
        label="State", required=False, choices=[(ANY, "Every state"), *Presentation.Status.choices]
    )
    when = forms.ChoiceField(label="When", required=False, choices=[(ANY, "Any date"), *WHEN.items()])

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [(ANY, "Every body"), *((str(b.pk), b.name) for b in bodies)]

    def chosen(self) -> dict:
        """The filters given and valid; a filter not offered (an old address) is left out, not refused."""
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value}
