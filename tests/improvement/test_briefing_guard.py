"""The free-text guard on learning briefings, which are written to be read beyond the partnership: through the
pages, a title or section that looks identifying is saved only after the warning was shown and the author ticked
the box it offered, for exactly the text it warned about; the warning never shows the text."""

import re

import pytest
from django.urls import reverse

from sightline.audit.models import AuditEvent
from sightline.improvement.models import LearningBriefing

from .briefing_builders import SECTIONS, make_briefing


def url(name, **kwargs):
    return reverse(name, kwargs={"slug": "test", **kwargs})


def token(page: str) -> str:
    found = re.search(r'name="identifiers_token" value="([^"]+)"', page)
    return found.group(1) if found else ""


def test_an_identifying_section_is_saved_only_once_its_warning_is_confirmed(world, client_for):
    briefing = make_briefing(world)
    client = client_for(world.users["business_team"])
    edit = url("briefing_edit", briefing_id=briefing.pk)
    findings = "- Home visits rarely saw the bedroom\n- Jake Smith was seen in ED twice in May"
    data = {**SECTIONS, "title": briefing.title, "version": 1, "findings": findings}
    warned = client.post(edit, data)
    page = warned.content.decode()
    assert warned.status_code == 200
    assert "A name in “2. What we found”, paragraph 2" in page
    assert "Jake" not in page.split("<textarea")[0]
    assert LearningBriefing.objects.get(pk=briefing.pk).findings == SECTIONS["findings"]
    confirmed = client.post(edit, {**data, "identifiers_token": token(page), "identifiers_checked": "on"})
    assert confirmed.status_code == 302
    assert LearningBriefing.objects.get(pk=briefing.pk).findings == findings
    event = AuditEvent.objects.filter(verb="briefing.updated").latest("seq")
    assert event.changes["identifier_warnings_confirmed"] == ["name"]


@pytest.mark.parametrize(
    "extra", [{"identifiers_checked": "on"}, {"identifiers_checked": "on", "identifiers_token": "x:y"}]
)
def test_a_pre_ticked_first_post_is_warned_about(world, client_for, extra):
    briefing = make_briefing(world)
    data = {**SECTIONS, "title": briefing.title, "version": 1, "background": "DOB 2015-04-03, known to CSC."}
    warned = client_for(world.users["business_team"]).post(
        url("briefing_edit", briefing_id=briefing.pk), {**data, **extra}
    )
    assert warned.status_code == 200 and "A date of birth in “1. Background”" in warned.content.decode()
    assert LearningBriefing.objects.get(pk=briefing.pk).background == SECTIONS["background"]


def test_changing_the_text_after_the_warning_brings_the_warning_back(world, client_for):
    briefing = make_briefing(world)
    client = client_for(world.users["business_team"])
    edit = url("briefing_edit", briefing_id=briefing.pk)
    data = {**SECTIONS, "title": briefing.title, "version": 1, "what_to_do": "Visit 12 Acacia Road."}
    issued = token(client.post(edit, data).content.decode())
    changed = {**data, "what_to_do": "Visit 14 Acacia Road."}
    again = client.post(edit, {**changed, "identifiers_token": issued, "identifiers_checked": "on"})
    assert again.status_code == 200 and "A street address in “4. What to do”" in again.content.decode()
    assert LearningBriefing.objects.get(pk=briefing.pk).what_to_do == SECTIONS["what_to_do"]


def test_a_title_that_looks_identifying_is_warned_about_when_a_briefing_is_started(world, client_for):
    client = client_for(world.users["business_team"])
    start = url("briefing_start")
    data = {"title": "Learning from Amira's case", "source": "nothing"}
    pre_ticked = client.post(start, {**data, "identifiers_checked": "on"})
    page = pre_ticked.content.decode()
    assert pre_ticked.status_code == 200 and "A name in “Title”" in page
    assert not LearningBriefing.objects.exists()
    started = client.post(start, {**data, "identifiers_token": token(page), "identifiers_checked": "on"})
    assert started.status_code == 302 and LearningBriefing.objects.get().title == data["title"]


def test_approval_checks_the_whole_briefing_again_for_text_never_edited(world, client_for):
    briefing = make_briefing(world)
    # As a section drafted from a source arrives: never typed on the edit page, so never warned about.
    LearningBriefing.objects.filter(pk=briefing.pk).update(background="Chloe Brown (aged 9) was not brought.")
    client = client_for(world.users["business_team"])
    approve = url("briefing_approve", briefing_id=briefing.pk)
    warned = client.post(approve, {"version": 1, "identifiers_checked": "on"})
    page = warned.content.decode()
    assert warned.status_code == 200 and "The briefing is not approved yet." in page
    assert "A name in “1. Background”" in page and "Chloe" not in page
    assert LearningBriefing.objects.get(pk=briefing.pk).status == LearningBriefing.Status.DRAFT
    approved = client.post(
        approve, {"version": 1, "identifiers_token": token(page), "identifiers_checked": "on"}
    )
    assert approved.status_code == 302
    assert LearningBriefing.objects.get(pk=briefing.pk).status == LearningBriefing.Status.APPROVED
