from django import forms

from sightline.core.widgets import DateInput


class ActionForm(forms.Form):
    what = forms.CharField(
        label="What will be done",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter what will be done"},
    )
    lead = forms.CharField(
        label="Who leads it",
        max_length=200,
        help_text="A role is enough, for example Named nurse",
        error_messages={"required": "Enter who leads it"},
    )
    due_on = forms.DateField(
        label="By when",
        widget=DateInput(),
        error_messages={
            "required": "Enter the date it will be done by",
            "invalid": "Enter a real date, like 2027-03-31",
        },
    )


class AssignForm(forms.Form):
    section = forms.ChoiceField(label="Section", error_messages={"required": "Choose a section"})
    person = forms.ChoiceField(label="Colleague", error_messages={"required": "Choose a colleague"})

    def __init__(self, *args, sections, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", "Choose a section")] + [(str(s.pk), s.title) for s in sections]
        self.fields["person"].choices = [("", "Choose a colleague")] + [
            (str(p.pk), f"{p.full_name} ({p.email})") for p in people
        ]


class SignOffForm(forms.Form):
    office = forms.ChoiceField(
        label="You are signing off as",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the office you are signing off as"},
    )
    name = forms.CharField(
        label="Your full name", max_length=200, error_messages={"required": "Enter your full name"}
    )
    role = forms.CharField(
        label="Your role",
        max_length=200,
        help_text="For example, Chair of governors",
        error_messages={"required": "Enter your role"},
    )
    confirm = forms.BooleanField(
        label="I have read this return and confirm it is an accurate account of our safeguarding arrangements",
        error_messages={"required": "Confirm that you have read the return"},
    )

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = [(office, office) for office in offices]


class ChallengeResponseForm(forms.Form):
    response = forms.CharField(
        label="Your response",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter your response to the challenge"},
    )


def challenge_form(standards, data=None):
    """One optional comment box per standard, for the business team returning a submission."""
    form = forms.Form(data)
    for standard in standards:
        form.fields[f"standard_{standard.pk}"] = forms.CharField(
            label=standard.title, required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
        )
    return form
