"""The free-text guard against text nobody wrote for it: every free text the demo partnership and the synthetic
data generator save (each distinct value of every long text, title and organisation name of Sightline's own
models, leaving out the audit trail and the emails sent to people, which greet them by name). None of it
identifies anyone, so what the guard flags there is a false alarm. Run with -s to see the figures
(docs/security.md)."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

from sightline.casework import guard
from sightline.synthetic.generate import generate

pytestmark = pytest.mark.django_db
AIM = 0.05
EMAILS_AND_TRAIL = {
    "audit.AuditEvent",
    "notifications.OutboundEmail",
    "notifications.Notice",
    "assessments.HeldEmail",
}


def _free_text(model, field) -> bool:
    """Every long text, every title, and the names of partnerships, groups and organisations: many of those are
    named after people and places ("St Mary's", "Robin's Nest Pre-school"), the hardest cases for the guard."""
    if getattr(field, "choices", None) or model._meta.app_label == "accounts":
        return False
    if isinstance(field, models.TextField):
        return True
    named = field.name == "title" or (field.name == "name" and model._meta.app_label == "partnerships")
    return isinstance(field, models.CharField) and named


def _free_texts() -> set[str]:
    texts = set()
    for model in apps.get_models():
        if not model.__module__.startswith("sightline.") or model._meta.label in EMAILS_AND_TRAIL:
            continue
        for field in model._meta.get_fields():
            if _free_text(model, field):
                values = model.objects.exclude(**{field.name: ""}).values_list(field.name, flat=True)
                texts.update(value for value in values.distinct() if isinstance(value, str) and value.strip())
    return texts


def _flagged_rarely(what: str) -> None:
    texts = _free_texts()
    flagged = {text: guard.kinds(guard.scan(text)) for text in texts if guard.scan(text)}
    rate = len(flagged) / len(texts)
    print(f"\n{what}: {len(flagged)} of {len(texts)} distinct free texts flagged ({rate:.1%})")
    for text, kinds in sorted(flagged.items()):
        print(f"  {', '.join(kinds)}: {text[:100]!r}")
    assert len(texts) > 100
    assert rate < AIM


def test_the_demos_free_text_is_rarely_flagged(settings):
    settings.DEMO_MODE = True
    call_command("load_templates", verbosity=0)
    call_command("load_demo")
    _flagged_rarely("The demo partnership")


def test_the_synthetic_datas_free_text_is_rarely_flagged():
    generate(scale="tiny", seed=5)
    _flagged_rarely("Synthetic data (tiny scale, seed 5)")
