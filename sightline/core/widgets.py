"""Widgets every app's forms share."""

from django import forms


class DateInput(forms.DateInput):
    """A browser date picker. It shows only an ISO date (2026-12-10): the British "10/12/2026" the locale would
    write leaves it empty, and a form saved from it would lose the date."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
