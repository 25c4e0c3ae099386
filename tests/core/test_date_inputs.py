"""Every browser date picker in the product shows a saved date: it can only show an ISO date, and a form saved
from an empty picker would lose the date."""

import importlib
import inspect
import pkgutil
from datetime import date

from django import forms

import sightline
from sightline.core.widgets import DateInput

SAVED = date(2026, 12, 10)


def _form_classes():
    for module_info in pkgutil.walk_packages(sightline.__path__, "sightline."):
        if ".migrations" in module_info.name or "forms" not in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                yield value


def test_the_shared_date_input_writes_an_iso_date():
    assert 'value="2026-12-10"' in DateInput().render("due_on", SAVED)


def test_every_date_picker_declared_on_a_form_shows_a_saved_date():
    pickers = [
        (f"{form.__module__}.{form.__name__}.{name}", field.widget)
        for form in _form_classes()
        for name, field in form.base_fields.items()
        if getattr(field.widget, "input_type", "") == "date"
    ]
    assert len(pickers) > 10
    empty = [where for where, widget in pickers if widget.format_value(SAVED) != "2026-12-10"]
    assert not empty, f"these date pickers would show a saved date as empty: {empty}"


def test_a_date_question_shows_its_saved_answer():
    from sightline.assessments.answering import field_for
    from sightline.assessments.models import Question

    field = field_for(Question(kind=Question.Kind.DATE, key="when", text="When?", required=False), scale={})
    assert field.widget.format_value(SAVED) == "2026-12-10"
