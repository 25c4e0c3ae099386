"""Forms for ISO reports, their recommendations, the addressees' responses, the ISO's judgements, the days spent
and the board's agenda. Each lists its fields, so a posted field it does not offer (an author, a status, a
partnership) is ignored; the services check everything again."""

from __future__ import annotations

from django import forms

from sightline.casework.checking import ChecksIdentifiers
from sightline.governance.models import Meeting
from sightline.partnerships.models import Organisation, Priority

from ..forms import ISO_DATE, ConfirmingForm, DaysField
from ..models import IsoReport, RecommendationResponse

Answer = RecommendationResponse.Answer
Judgement = RecommendationResponse.Judgement
MAX_ACTION_ROWS = 10


def _date_field(
    label: str, *, help_text: str = "", required: bool = True, what: str = "the date"
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=ISO_DATE,
        error_messages={"required": f"Enter {what}", "invalid": f"Enter {what} as a real date"},
    )


class ReportForm(ChecksIdentifiers, forms.Form):
    kind = forms.ChoiceField(
        label="What is the report on?",
        choices=IsoReport.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the report is on"},
    )
    activity = forms.ModelChoiceField(
        label="The assurance activity, if the report is on one",
        required=False,
        queryset=None,
        empty_label="Choose the activity",
        help_text="Only the activities you are assigned to, or sit on the panel of, are listed",
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter a title for the report",
            "max_length": "Keep the title to 200 characters or fewer",
        },
    )
    summary = forms.CharField(
        label="Summary",
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the partners most need to know, in a few sentences",
    )
    body = forms.CharField(
        label="What you found",
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Your findings and the evidence for them. Write no names of children, families or staff.",
    )
    priorities = forms.ModelMultipleChoiceField(
        label="The partnership's priorities it serves",
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick any that apply",
    )

    def __init__(self, *args, activities, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities
        self.fields["priorities"].queryset = Priority.objects.filter(partnership=partnership).order_by(
            "-starts_on", "title"
        )
        if not self.fields["priorities"].queryset.exists():
            del self.fields["priorities"]
        self.offer_confirmation()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == IsoReport.Kind.ACTIVITY and not cleaned.get("activity"):
            self.add_error("activity", "Choose the assurance activity the report is on")
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "activity": data.get("activity"),
            "title": data["title"],
            "summary": data.get("summary", ""),
            "body": data.get("body", ""),
            "priorities": list(data.get("priorities") or []),
            "identifiers_confirmation": self.identifiers_confirmation,
        }


def report_initial(report: IsoReport) -> dict:
    return {
        "kind": report.kind,
        "activity": report.activity_id,
        "title": report.title,
        "summary": report.summary,
        "body": report.body,
        "priorities": [priority.pk for priority in report.priorities.all()],
    }


class AddresseeField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, organisation: Organisation) -> str:
        if organisation.statutory_partner:
            return f"{organisation.name} (statutory partner: {organisation.get_statutory_partner_display().lower()})"
        return organisation.name


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label="Recommendation",
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What you recommend, and to what end",
        error_messages={"required": "Enter the recommendation"},
    )
    respond_by = _date_field(
        "Response due",
        help_text="The date the addressees must respond by. It must be after today.",
        what="the date the response is due",
    )
    addressees = AddresseeField(
        label="Addressed to",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="One or more organisations of the register: the three statutory partners are listed first",
        error_messages={"required": "Choose at least one organisation the recommendation is addressed to"},
    )

    def __init__(self, *args, organisations, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        field = self.fields["addressees"]
        field.queryset = organisations
        # One query for the choices, in the order offered (statutory partners first).
        field.choices = [(org.pk, field.label_from_instance(org)) for org in organisations]

    def clean_respond_by(self):
        respond_by = self.cleaned_data["respond_by"]
        if respond_by <= self.today:
            raise forms.ValidationError("The response date must be after today")
        return respond_by


class ResponseForm(forms.Form):
    """The answer, the reasons, and as many rows for actions as asked for (`rows`): a row left empty is ignored,
    and "Add another action" sends the form back with one more row, without JavaScript."""

    answer = forms.ChoiceField(
        label="Does your organisation accept the recommendation?",
        choices=[
            (Answer.ACCEPTED, "Accepted"),
            (Answer.PARTLY, "Partly accepted"),
            (Answer.NOT_ACCEPTED, "Not accepted"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether the recommendation is accepted, partly accepted or not accepted"
        },
    )
    reasons = forms.CharField(
        label="Reasons",
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Needed if it is partly accepted or not accepted",
    )

    def __init__(self, *args, rows: int = 1, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = max(1, min(rows, MAX_ACTION_ROWS))
        for n in range(1, self.rows + 1):
            self.fields[f"action_{n}_what"] = forms.CharField(
                label="What will be done",
                required=False,
                max_length=20_000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"action_{n}_due_on"] = _date_field(
                "Done by", required=False, what=f"the date action {n} will be done by"
            )
            self.fields[f"action_{n}_impact"] = forms.CharField(
                label="The difference it should make",
                required=False,
                max_length=20_000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="For children and families, or for practice",
            )

    def clean(self):
        cleaned = super().clean()
        answer = cleaned.get("answer")
        if answer in (Answer.PARTLY, Answer.NOT_ACCEPTED) and not (cleaned.get("reasons") or "").strip():
            self.add_error(
                "reasons",
                "Give the reasons the recommendation is "
                + ("only partly accepted" if answer == Answer.PARTLY else "not accepted"),
            )
        return cleaned

    def action_rows(self) -> list[dict]:
        """Each row's three fields, for the page."""
        return [
            {
                "number": n,
                "what": self[f"action_{n}_what"],
                "due_on": self[f"action_{n}_due_on"],
                "impact": self[f"action_{n}_impact"],
            }
            for n in range(1, self.rows + 1)
        ]

    def new_actions(self) -> list:
        from .responses import NewAction

        data = self.cleaned_data
        return [
            NewAction(
                what=data.get(f"action_{n}_what", ""),
                due_on=data.get(f"action_{n}_due_on"),
                intended_impact=data.get(f"action_{n}_impact", ""),
            )
            for n in range(1, self.rows + 1)
        ]


def rows_asked(data) -> int:
    """How many action rows the posted form had, and one more if "Add another action" was pressed."""
    try:
        rows = int((data or {}).get("rows", 1))
    except (TypeError, ValueError):
        rows = 1
    if data and "add_action" in data:
        rows += 1
    return max(1, min(rows, MAX_ACTION_ROWS))


class JudgementForm(forms.Form):
    judgement = forms.ChoiceField(
        label="Is the response sufficient?",
        choices=[
            (Judgement.SUFFICIENT, "Sufficient"),
            (Judgement.INSUFFICIENT, "Not sufficient: the organisation must respond again"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the response is sufficient or not sufficient"},
    )
    note = forms.CharField(
        label="Your note",
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed if it is not sufficient: say what is missing, so the organisation knows what to add",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("judgement") == Judgement.INSUFFICIENT and not (cleaned.get("note") or "").strip():
            self.add_error(
                "note", "Say why the response is not sufficient, so the organisation knows what to add"
            )
        return cleaned


class ReportDaysForm(ConfirmingForm):
    work_date = _date_field(
        "Date of the work",
        help_text="It decides which financial year the days count in",
        what="the date of the work",
    )
    spent = DaysField(label="Days spent", help_text="In whole or half days, like 1 or 1.5")

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_work_date(self):
        work_date = self.cleaned_data["work_date"]
        if work_date > self.today:
            raise forms.ValidationError("Enter the date of the work: days spent cannot be in the future")
        return work_date

    def clean_spent(self):
        spent = self.cleaned_data["spent"]
        if not spent:
            raise forms.ValidationError("Enter the days spent, like 1 or 1.5")
        return spent


class MeetingLabel(forms.ModelChoiceField):
    def label_from_instance(self, meeting: Meeting) -> str:
        return f"{meeting.title} ({meeting.held_on:%-d %B %Y})"


class AgendaForm(forms.Form):
    meeting = MeetingLabel(
        label="Which board meeting?",
        queryset=Meeting.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Choose the board meeting",
            "invalid_choice": "Choose one of the meetings listed",
        },
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
