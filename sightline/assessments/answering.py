"""Turning a standard's questions into a form and back: what an answer means for each question kind, which
questions are shown (show_if), and what is still missing before a return can be signed off."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from sightline.core.widgets import DateInput

from .models import Answer, Question

NOT_APPLICABLE = "not-applicable"
FIXED_CHOICES = {
    Question.Kind.YES_NO_PARTLY: [("yes", "Yes"), ("partly", "Partly"), ("no", "No")],
    Question.Kind.YES_NO: [("yes", "Yes"), ("no", "No")],
}


def field_for(question: Question, scale: dict) -> forms.Field | None:
    kind = question.kind
    common = {"label": question.text, "help_text": question.hint, "required": False}
    if kind == Question.Kind.RATING:
        choices = [(level["value"], f"{level['label']}: {level['meaning']}") for level in scale["levels"]]
        if scale.get("allow_not_applicable"):
            choices.append((NOT_APPLICABLE, "Not applicable"))
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if kind in FIXED_CHOICES:
        return forms.ChoiceField(choices=FIXED_CHOICES[kind], widget=forms.RadioSelect, **common)
    if kind == Question.Kind.SINGLE_CHOICE:
        return forms.ChoiceField(
            choices=[(c["value"], c["label"]) for c in question.choices], widget=forms.RadioSelect, **common
        )
    if kind == Question.Kind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=[(c["value"], c["label"]) for c in question.choices],
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if kind == Question.Kind.TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=20000, **common)
    if kind == Question.Kind.NUMBER:
        return forms.DecimalField(
            min_value=question.minimum,
            max_value=question.maximum,
            max_digits=14,
            decimal_places=2,
            error_messages={"invalid": "Enter a number, like 12 or 3.5"},
            **common,
        )
    if kind == Question.Kind.DATE:
        return forms.DateField(
            widget=DateInput(),
            error_messages={"invalid": "Enter a real date, like 2026-10-31"},
            **common,
        )
    return None  # evidence questions take files, handled by the evidence upload


class StandardForm(forms.Form):
    """One standard's questions. Field names are the question keys; each answer's version rides along hidden,
    so a save made from an out-of-date page is detected."""

    def __init__(self, *args, questions: list[Question], scale: dict, answers: dict[int, Answer], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = [q for q in questions if q.kind != Question.Kind.EVIDENCE]
        for question in self.questions:
            self.fields[question.key] = field_for(question, scale)
            self.fields[f"{question.key}__version"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False
            )
            answer = answers.get(question.pk)
            self.initial[f"{question.key}__version"] = answer.version if answer else 0
            if answer is not None:
                self.initial[question.key] = value_of(answer)

    def versions(self) -> dict[str, int]:
        return {q.key: self.cleaned_data.get(f"{q.key}__version") or 0 for q in self.questions}

    def values(self) -> dict[str, object]:
        return {q.key: self.cleaned_data.get(q.key) for q in self.questions}


def value_of(answer: Answer):
    kind = answer.question.kind
    if answer.not_applicable:
        return NOT_APPLICABLE
    if kind == Question.Kind.MULTIPLE_CHOICE:
        return answer.choices
    if kind == Question.Kind.TEXT:
        return answer.text
    if kind == Question.Kind.NUMBER:
        return answer.number
    if kind == Question.Kind.DATE:
        return answer.date
    return answer.choice


def apply_value(answer: Answer, value, scale: dict) -> None:
    """Set the answer's columns from a cleaned form value."""
    kind = answer.question.kind
    answer.text, answer.choice, answer.choices = "", "", []
    answer.number = answer.date = answer.score = None
    answer.not_applicable = value == NOT_APPLICABLE
    if answer.not_applicable:
        return
    if kind == Question.Kind.MULTIPLE_CHOICE:
        answer.choices = list(value or [])
    elif kind == Question.Kind.TEXT:
        answer.text = (value or "").strip()
    elif kind == Question.Kind.NUMBER:
        answer.number = value if isinstance(value, Decimal) else None
    elif kind == Question.Kind.DATE:
        answer.date = value
    else:
        answer.choice = value or ""
        if kind == Question.Kind.RATING and value:
            answer.score = next(level["score"] for level in scale["levels"] if level["value"] == value)


def is_blank(value) -> bool:
    return value in (None, "", [])


def is_answered(answer: Answer | None) -> bool:
    return answer is not None and (
        answer.not_applicable
        or bool(answer.text or answer.choice or answer.choices)
        or answer.number is not None
        or answer.date is not None
    )


def is_shown(question: Question, answers_by_key: dict[str, Answer]) -> bool:
    rule = question.show_if
    if not rule:
        return True
    other = answers_by_key.get(rule["question"])
    if other is None:
        return False
    given = set(other.choices) if other.choices else {other.choice}
    return bool(given & set(rule["in"]))


def missing_questions(questions: list[Question], answers: dict[int, Answer]) -> list[Question]:
    """Required, shown questions that have no answer (evidence files are never required to sign off)."""
    by_key = {q.key: answers.get(q.pk) for q in questions}
    by_key = {key: answer for key, answer in by_key.items() if answer is not None}
    return [
        q
        for q in questions
        if q.required
        and q.kind != Question.Kind.EVIDENCE
        and is_shown(q, by_key)
        and not is_answered(answers.get(q.pk))
    ]
