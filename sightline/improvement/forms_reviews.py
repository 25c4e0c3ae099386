from django import forms

from sightline.partnerships.priorities.forms import add_priorities_field

from .forms import date_field, text_field
from .models import Review
from .selectors import isos_of


class ReviewForm(forms.Form):
    reference = forms.CharField(
        label="Case reference",
        max_length=40,
        help_text="A pseudonymous reference, for example RR-2027-04. Never a child's name.",
        error_messages={"required": "Enter the case reference"},
    )
    summary = text_field(
        "Summary (optional)",
        required=False,
        help_text="What happened, in a few lines, without names",
    )
    became_aware_on = date_field(
        "Date the local authority became aware",
        help_text="The notification to the national panel is due 5 working days later",
    )
    notified_on = date_field(
        "Date the national panel was notified (optional)",
        required=False,
        help_text="The rapid review is due 15 working days after this",
    )
    rapid_review_on = date_field("Date the rapid review was completed (optional)", required=False)
    decision = forms.ChoiceField(
        label="Decision on a further review", choices=Review.Decision.choices, required=False
    )
    decided_on = date_field("Date of the decision (optional)", required=False)
    decision_note = text_field("Reasons for the decision (optional)", required=False)
    chair = forms.ModelChoiceField(
        label="Chaired by an independent scrutiny officer (optional)",
        required=False,
        queryset=None,
        empty_label="Not an independent scrutiny officer",
    )
    chair_name = forms.CharField(
        label="Or the chair's name and post (optional)",
        required=False,
        max_length=200,
    )

    def __init__(self, *args, partnership, current_priorities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = isos_of(partnership=partnership)
        add_priorities_field(self, partnership=partnership, current=current_priorities)

    def clean(self):
        cleaned = super().clean()
        aware, notified = cleaned.get("became_aware_on"), cleaned.get("notified_on")
        if aware and notified and notified < aware:
            self.add_error(
                "notified_on", "The notification cannot come before the local authority became aware"
            )
        if cleaned.get("rapid_review_on") and not notified and "notified_on" not in self.errors:
            self.add_error(
                "notified_on", "Enter the notification date: the rapid review follows the notification"
            )
        if cleaned.get("chair") and cleaned.get("chair_name", "").strip():
            self.add_error("chair_name", "Choose an independent scrutiny officer or type a name, not both")
        return cleaned


def review_initial(review: Review) -> dict:
    return {name: getattr(review, name) for name in ReviewForm.base_fields} | {"chair": review.chair_id}
