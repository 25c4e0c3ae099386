"""The demo partnership has bodies and presentations for every page of the register to be seen (and checked by
axe): a composite presented with questions, one made an action, and a briefing planned; loading again adds none."""

import io

import pytest
from django.core.management import call_command

from sightline.governance.models import Presentation, PresentationQuestion, ReportingBody
from sightline.governance.presentations.demo import DEMO_MINUTE, demo_presentations_load


@pytest.mark.django_db
def test_the_demo_has_presentations_and_a_second_load_adds_none(settings):
    settings.DEMO_MODE = True
    call_command("load_templates", stdout=io.StringIO())  # as `make demo` does: the demo's cycles need them
    call_command("load_demo")
    held = Presentation.objects.get(minute_reference=DEMO_MINUTE)
    assert held.status == Presentation.Status.HELD and held.cycle is not None
    assert held.questions.filter(action__isnull=False).count() == 1
    assert held.questions.filter(action__isnull=True).count() == 1
    assert Presentation.objects.filter(
        partnership=held.partnership, briefing__isnull=False, status=Presentation.Status.PLANNED
    ).exists()
    assert ReportingBody.objects.filter(
        partnership=held.partnership, name="Health and wellbeing board"
    ).exists()
    counts = [
        Presentation.objects.count(),
        PresentationQuestion.objects.count(),
        ReportingBody.objects.count(),
    ]
    demo_presentations_load(held.partnership)
    assert [
        Presentation.objects.count(),
        PresentationQuestion.objects.count(),
        ReportingBody.objects.count(),
    ] == counts
