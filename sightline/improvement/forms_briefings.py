"""Forms for learning briefings. Each lists its fields, so a posted field it does not offer (a status, a
partnership, the flag for the public site) is ignored; the services check everything again."""

from __future__ import annotations

from django import forms

from sightline.casework.checking import ChecksIdentifiers
from sightline.partnerships.priorities.forms import add_priorities_field

from .briefing_sources import activities_to_draft_from, cycles_to_draft_from, reviews_to_draft_from
from .forms import text_field
from .models import LearningBriefing

SECTION_LIMIT = 6000


def section_field(label: str, help_text: str, rows: int = 6) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=SECTION_LIMIT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "max_length": f"Keep the section under {SECTION_LIMIT:,} characters: the whole briefing is read in "
            "seven minutes"
        },
    )


def title_field() -> forms.CharField:
    return forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, Neglect of younger children: what the line of sight event found",
        error_messages={
            "required": "Enter a title for the briefing",
            "max_length": "Keep the title under 200 characters",
        },
    )


LIST_HINT = " Start a line with a dash (-) to make a list."


class BriefingForm(ChecksIdentifiers, forms.Form):
    """The title and the six sections. Sections may be left empty in a draft; approval needs all six. After the
    guard's warning it offers the box confirming the text identifies no one."""

    title = title_field()
    background = section_field("1. Background", "What was looked at, when and why, in a few lines")
    findings = section_field(
        "2. What we found", "What worked well and what needs to change, without naming any child." + LIST_HINT
    )
    why_it_matters = section_field(
        "3. Why it matters",
        "The difference it makes to children and families, and the risk if nothing changes",
    )
    what_to_do = section_field(
        "4. What to do", "What practitioners and managers should do from now on." + LIST_HINT
    )
    questions = section_field(
        "5. Questions for reflection",
        "Questions to ask yourself, or to talk through in supervision or a team meeting." + LIST_HINT,
        rows=4,
    )
    further_reading = section_field(
        "6. Further reading", "Procedures, guidance and training, one to a line." + LIST_HINT, rows=4
    )

    def __init__(self, *args, partnership, current_priorities=(), **kwargs):
        super().__init__(*args, **kwargs)
        add_priorities_field(self, partnership=partnership, current=current_priorities)
        self.offer_confirmation()

    def texts(self) -> dict[str, str]:
        """The title and the sections as written, without the confirmation."""
        return {name: self.cleaned_data[name] for name in self.base_fields}


def briefing_initial(briefing: LearningBriefing) -> dict:
    return {name: getattr(briefing, name) for name in BriefingForm.base_fields}


class BriefingStartForm(ChecksIdentifiers, forms.Form):
    """What the briefing is drafted from. Its sections start with what that record holds."""

    ACTIVITY, REVIEW, CYCLE, NOTHING = "activity", "review", "cycle", "nothing"

    title = title_field()
    source = forms.ChoiceField(
        label="What is the briefing drafted from?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what the briefing is drafted from, or that you will write it yourself"
        },
    )
    activity = forms.ModelChoiceField(
        label="Assurance activity (if drafted from one)",
        required=False,
        queryset=None,
        empty_label="Choose an activity",
        help_text="Activities with findings, highlights or an overview on record",
    )
    review = forms.ModelChoiceField(
        label="Case in the reviews register (if drafted from one)",
        required=False,
        queryset=None,
        empty_label="Choose a case",
    )
    cycle = forms.ModelChoiceField(
        label="Self-assessment cycle (if drafted from its composite)",
        required=False,
        queryset=None,
        empty_label="Choose a cycle",
    )

    def __init__(self, *args, user, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        querysets = {
            self.ACTIVITY: activities_to_draft_from(user=user, partnership=partnership),
            self.REVIEW: reviews_to_draft_from(partnership=partnership),
            self.CYCLE: cycles_to_draft_from(partnership=partnership),
        }
        labels = {
            self.ACTIVITY: "An assurance activity: its findings, highlights, immediate actions and overview",
            self.REVIEW: "A case in the reviews register: its decision and the actions of its plans",
            self.CYCLE: "A self-assessment cycle: the weakest standards in its composite",
        }
        choices = []
        for name, queryset in querysets.items():
            # A kind of source the partnership has none of yet is not offered at all.
            if queryset.exists():
                self.fields[name].queryset = queryset
                choices.append((name, labels[name]))
            else:
                del self.fields[name]
        self.fields["source"].choices = [*choices, (self.NOTHING, "Nothing: I will write it myself")]
        add_priorities_field(self, partnership=partnership)
        self.offer_confirmation()

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get("source")
        messages = {
            self.ACTIVITY: "Choose the assurance activity the briefing is drafted from",
            self.REVIEW: "Choose the case in the reviews register the briefing is drafted from",
            self.CYCLE: "Choose the self-assessment cycle the briefing is drafted from",
        }
        if source in messages and not cleaned.get(source):
            self.add_error(source, messages[source])
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        source = data["source"]
        return {
            "title": data["title"],
            "source_activity": data.get(self.ACTIVITY) if source == self.ACTIVITY else None,
            "source_review": data.get(self.REVIEW) if source == self.REVIEW else None,
            "source_cycle": data.get(self.CYCLE) if source == self.CYCLE else None,
            "identifiers_confirmation": self.identifiers_confirmation,
            "priorities": list(data.get("priorities") or ()),
        }


class WithdrawForm(forms.Form):
    reason = text_field(
        "Why is it withdrawn?",
        message="Enter why the briefing is withdrawn for changes",
        help_text="What needs to change. The team sees this on the draft.",
    )


class BriefingApproveForm(ChecksIdentifiers, forms.Form):
    """Approving is one button: the form has no fields and carries a refusal to the error summary, and, after the
    guard's warning, the box confirming the briefing identifies no one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_confirmation()
