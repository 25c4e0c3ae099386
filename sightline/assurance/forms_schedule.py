"""Forms for scheduling: dates put forward and answered, the dates fixed, the programme, the people taking part,
attendance, and a person's own unavailable days. Dates and times are entered in Europe/London."""

from datetime import datetime

from django import forms
from django.utils import timezone

from sightline.partnerships.models import Organisation

from .models import Participant

# A date box's value must be written as yyyy-mm-dd, whatever the site's locale (which would write 17/11/2026):
# a browser shows nothing for any other form, and then posts nothing, losing a date the page filled in.
ISO_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def aware(day, moment) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


def _date(label: str, what: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text="For example, 2026-11-17",
        widget=ISO_DATE,
        error_messages={"required": f"Enter {what}", "invalid": f"Enter {what} as a real date"},
    )


def _time(label: str, what: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text="For example, 09:30",
        error_messages={"required": f"Enter {what}", "invalid": f"Enter {what} as a time, like 09:30"},
    )


class WhenForm(forms.Form):
    day = _date("Date", "the date")
    starts = _time("Starts at", "the start time")
    ends = _time("Ends at", "the end time")

    def clean(self):
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            self.add_error("ends", "The end time must be after the start time")
        return data

    def times(self) -> tuple[datetime, datetime]:
        data = self.cleaned_data
        return aware(data["day"], data["starts"]), aware(data["day"], data["ends"])


class FixDatesForm(forms.Form):
    candidate = forms.ChoiceField(label="Choose a date put forward", required=False, widget=forms.RadioSelect)
    day = forms.DateField(
        label="Or enter the date",
        required=False,
        widget=ISO_DATE,
        error_messages={"invalid": "Enter the date as a real date"},
    )
    starts = forms.TimeField(
        label="Starts at",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"invalid": "Enter the start time as a time, like 09:30"},
    )
    ends = forms.TimeField(
        label="Ends at",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"invalid": "Enter the end time as a time, like 16:00"},
    )
    location = forms.CharField(label="Where (optional)", required=False, max_length=200)
    confirm = forms.BooleanField(
        label="Fix these dates even though some of the key people cannot come", required=False
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(c.pk): c for c in candidates}
        self.fields["candidate"].choices = [
            (
                str(c.pk),
                f"{timezone.localtime(c.starts_at):%A %-d %B %Y, %H:%M} to {timezone.localtime(c.ends_at):%H:%M}",
            )
            for c in candidates
        ]
        if not candidates:
            del self.fields["candidate"]
            self.fields["day"].label = "Date"

    def clean(self):
        data = super().clean()
        chosen = self.candidates.get(data.get("candidate") or "")
        if chosen is not None:
            data["starts_at"], data["ends_at"] = chosen.starts_at, chosen.ends_at
            return data
        if not (data.get("day") and data.get("starts") and data.get("ends")):
            raise forms.ValidationError(
                "Choose a date put forward, or enter the date and the start and end times"
            )
        if data["ends"] <= data["starts"]:
            self.add_error("ends", "The end time must be after the start time")
            return data
        data["starts_at"], data["ends_at"] = (
            aware(data["day"], data["starts"]),
            aware(data["day"], data["ends"]),
        )
        return data


class AnswerForm(forms.Form):
    """One yes-or-no question per date put forward."""

    def __init__(self, *args, candidates, answered: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        for candidate in self.candidates:
            name = f"c_{candidate.pk.hex}"
            self.fields[name] = forms.ChoiceField(
                label=f"{timezone.localtime(candidate.starts_at):%A %-d %B %Y, %H:%M} to "
                f"{timezone.localtime(candidate.ends_at):%H:%M}",
                choices=[("yes", "This suits me"), ("no", "This does not suit me")],
                widget=forms.RadioSelect,
                required=False,
            )
            if candidate.pk in answered:
                self.fields[name].initial = "yes" if answered[candidate.pk] else "no"

    def answers(self) -> dict:
        return {
            candidate.pk: self.cleaned_data[f"c_{candidate.pk.hex}"] == "yes"
            for candidate in self.candidates
            if self.cleaned_data.get(f"c_{candidate.pk.hex}")
        }


class ProgrammeItemForm(forms.Form):
    starts = _time("Starts at", "when it starts")
    ends = _time("Ends at", "when it ends")
    title = forms.CharField(
        label="What happens", max_length=200, error_messages={"required": "Say what happens"}
    )
    who = forms.CharField(label="Who leads it (optional)", required=False, max_length=200)

    def clean(self):
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            self.add_error("ends", "The item must end after it starts")
        return data


class ParticipantForm(forms.Form):
    user = forms.ModelChoiceField(
        label="Someone with an account", queryset=None, required=False, empty_label="Choose a person"
    )
    name = forms.CharField(
        label="Or the name of someone without an account",
        required=False,
        max_length=200,
        help_text="They are listed for the attendance record but not emailed",
    )
    organisation = forms.ModelChoiceField(
        label="Their organisation (optional)", queryset=None, required=False, empty_label="Not named"
    )
    role = forms.ChoiceField(
        label="The part they take",
        choices=Participant.Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the part they take"},
    )

    def __init__(self, *args, people, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people
        self.fields["organisation"].queryset = organisations

    def clean(self):
        data = super().clean()
        if not data.get("user") and not (data.get("name") or "").strip():
            self.add_error("user", "Choose a person, or enter the name of someone without an account")
        return data


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(label="Who came", required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(str(p.pk), p.name) for p in participants]
        self.fields["present"].initial = [str(p.pk) for p in participants if p.attended]


class UnavailabilityForm(forms.Form):
    starts_on = _date("First day", "the first day")
    ends_on = _date("Last day", "the last day")

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The last day must be on or after the first day")
        return data


def organisations_for_participants(partnership):
    return (
        Organisation.objects.filter(affiliations__partnership=partnership, status=Organisation.Status.OPEN)
        .exclude(
            type__in=[
                Organisation.Type.SCHOOL,
                Organisation.Type.CHILDMINDER,
                Organisation.Type.EARLY_YEARS_GROUP,
            ]
        )
        .order_by("name")
    )
