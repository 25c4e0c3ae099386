"""Forms for the record of an activity: preparation, feedback, the overview and recommendations, the handover,
publication, and the particulars of call-ins and peer reviews."""

from django import forms

from sightline.casework.checking import ChecksIdentifiers

from .models import CallIn, PeerReview


def _text(
    label: str, *, required: bool = False, rows: int = 5, hint: str = "", missing: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=20000,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": missing or f"Enter the {label.lower()}"},
    )


class PreparationForm(forms.Form):
    lines_of_questioning = _text(
        "Lines of questioning",
        required=True,
        rows=10,
        hint="The questions to explore, and any reflective observations, one per line",
        missing="Write the lines of questioning",
    )


class FeedbackForm(ChecksIdentifiers, forms.Form):
    highlights = _text("Key highlights", hint="What works well, as fed back at the end")
    findings = _text("Findings")
    immediate_actions = _text("Areas for immediate consideration and action")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_confirmation()

    def clean(self):
        data = super().clean()
        if not (data.get("highlights") or "").strip() and not (data.get("findings") or "").strip():
            raise forms.ValidationError("Enter the highlights or the findings fed back")
        return data


class OverviewForm(forms.Form):
    overview = _text("Overview", required=True, rows=12, missing="Write the overview")
    recommendations = _text(
        "Recommendations",
        required=True,
        rows=6,
        hint="One recommendation per line: they are numbered in this order",
        missing="Enter at least one recommendation",
    )

    def recommendation_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["recommendations"].splitlines() if line.strip()]


class HandoverForm(forms.Form):
    plan_title = forms.CharField(
        label="Title of the action plan",
        max_length=200,
        error_messages={"required": "Enter a title for the action plan"},
    )


class PublicationForm(ChecksIdentifiers, forms.Form):
    publish = forms.BooleanField(label="Mark these highlights for publication", required=False)
    text = _text(
        "Highlights as they will be published",
        rows=8,
        hint="Written for the public: no names of children, families or staff",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_confirmation()


class CallInForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why is it called in?",
        choices=CallIn.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the agency is called in"},
    )
    reason_detail = _text("More about why (optional)", rows=3)
    venue = forms.ChoiceField(
        label="Where?",
        choices=CallIn.Venue.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the agency is called in"},
    )
    venue_detail = forms.CharField(
        label="Which subgroup or meeting (optional)", required=False, max_length=200
    )
    questions = _text("Questions for the agency", rows=8, hint="Sent to the agency's safeguarding lead")
    outcome = _text("Outcome (after the meeting)")
    follow_up = _text("Follow-up (after the meeting)", hint="What happens next, or 'None needed'")


class CallInResponseForm(forms.Form):
    response = _text("Your agency's response", required=True, rows=12, missing="Write your agency's response")


class PeerReviewForm(forms.Form):
    direction = forms.ChoiceField(
        label="Who reviews whom?",
        choices=PeerReview.Direction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether we review another area or are reviewed"},
    )
    other_partnership = forms.CharField(
        label="The other partnership",
        max_length=200,
        error_messages={"required": "Name the other partnership"},
    )
    team = _text("Review team", hint="Names and roles of the people who review")
    response = _text("Response to the findings (after the review)")
