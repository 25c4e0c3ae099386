"""Issue 11: the reads an attacker made beyond the role table (docs/access.md), reproduced through the HTTP layer.
An ISO read the detail, programme, people and dates of activities they were not assigned to, and their calendar
feed listed them; board members, the learning group's chair and ISOs read organisations' self-assessment returns
and downloaded their evidence. Each test here fails if that read works again."""

from datetime import time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sightline.assessments.models import EvidenceFile, Question
from sightline.assurance import feeds, ics
from sightline.assurance.models import Activity, Participant, ProgrammeItem
from sightline.audit.models import AuditEvent
from sightline.casework.models import PanelMember
from sightline.partnerships.models import PartnershipMembership

from . import factories
from .assessments.evidence_samples import PDF
from .assessments.test_evidence import WITH_EVIDENCE
from .assessments.test_returns import open_return
from .assurance.builders import make_activity

ISO = PartnershipMembership.Role.ISO
ACTIVITY_PAGES = (
    "activity_detail",
    "activity_programme",
    "activity_participants",
    "activity_dates",
    "activity_advance",
    "activity_invitation_download",
)


def with_dates_and_programme(activity: Activity, title: str) -> Activity:
    start = timezone.now() + timedelta(days=12)
    Activity.objects.filter(pk=activity.pk).update(
        title=title, starts_at=start, ends_at=start + timedelta(hours=3), invitation_sequence=1
    )
    ProgrammeItem.objects.create(
        activity=activity, starts=time(9), ends=time(10), title="Practitioners' session"
    )
    activity.refresh_from_db()
    return activity


@pytest.fixture
def isos(world):
    """The world's ISO, assigned to one event; a second ISO on the panel of another; a third assigned to
    nothing; and an event none of them is assigned to."""
    on_panel = factories.with_partnership_role(world.partnership, ISO)
    unassigned = factories.with_partnership_role(world.partnership, ISO)
    assigned = with_dates_and_programme(make_activity(world), "Neglect: the event their ISO is assigned to")
    paneled = with_dates_and_programme(make_activity(world, iso=None), "Exploitation: a panel with an ISO")
    PanelMember.objects.create(activity=paneled, user=on_panel, role=PanelMember.Role.ISO)
    other = with_dates_and_programme(make_activity(world, iso=None), "Strategy discussions: no ISO of ours")
    Participant.objects.create(
        activity=other,
        user=world.users["agency_a_lead"],
        name="A practitioner",
        role=Participant.Role.PRACTITIONER,
    )
    return {
        "assigned": (world.users["iso"], assigned),
        "on_panel": (on_panel, paneled),
        "unassigned": (unassigned, None),
        "other": other,
    }


def activity_url(world, name, activity):
    return reverse(name, kwargs={"slug": world.partnership.slug, "activity_id": activity.pk})


@pytest.mark.parametrize("name", ACTIVITY_PAGES)
def test_an_iso_does_not_read_an_activity_they_are_not_assigned_to(world, client_for, isos, name):
    for key in ("assigned", "on_panel", "unassigned"):
        iso, _ = isos[key]
        response = client_for(iso).get(activity_url(world, name, isos["other"]))
        assert response.status_code == 404, f"{key} ISO read {name} of an activity not theirs"


@pytest.mark.parametrize("name", ACTIVITY_PAGES)
def test_an_iso_reads_the_activity_they_are_assigned_to_or_sit_on_the_panel_of(world, client_for, isos, name):
    for key in ("assigned", "on_panel"):
        iso, activity = isos[key]
        assert client_for(iso).get(activity_url(world, name, activity)).status_code == 200, key
        _, elsewhere = isos["on_panel" if key == "assigned" else "assigned"]
        assert client_for(iso).get(activity_url(world, name, elsewhere)).status_code == 404, key


def feed_titles(user) -> set:
    token = feeds.calendar_feed_issue(by=user)
    text = Client().get(reverse("calendar_feed", kwargs={"token": token})).content.decode()
    return {line.removeprefix("SUMMARY:") for line in ics.unfold(text) if line.startswith("SUMMARY:")}


def test_an_isos_calendar_feed_lists_only_their_own_activities(world, isos):
    for key in ("assigned", "on_panel"):
        iso, activity = isos[key]
        assert feed_titles(iso) == {activity.title}, key
    assert feed_titles(isos["unassigned"][0]) == set()
    # The partnership-wide roles other than the ISO still see the whole programme.
    assert {isos["other"].title, isos["assigned"][1].title} <= feed_titles(world.users["board_member"])


def test_the_lists_calendar_and_counts_show_an_iso_only_their_own_activities(world, client_for, isos):
    slug = world.partnership.slug
    iso, activity = isos["assigned"]
    client = client_for(iso)
    month = timezone.localtime(activity.starts_at).strftime("%Y-%m")
    listing = client.get(reverse("activity_list", kwargs={"slug": slug})).content.decode()
    calendar = client.get(reverse("activity_calendar", kwargs={"slug": slug}) + f"?month={month}")
    home = client.get(reverse("partnership_home", kwargs={"slug": slug})).content.decode()
    for page in (listing, calendar.content.decode(), home):
        assert isos["other"].title not in page and isos["on_panel"][1].title not in page
    assert activity.title in listing and activity.title in calendar.content.decode()
    unassigned = client_for(isos["unassigned"][0])
    empty = unassigned.get(reverse("activity_list", kwargs={"slug": slug})).content.decode()
    assert activity.title not in empty and isos["other"].title not in empty


def test_an_isos_ledger_of_a_colleague_is_not_theirs_to_read(world, client_for, isos):
    colleague, _ = isos["on_panel"]
    url = reverse("iso_ledger", kwargs={"slug": world.partnership.slug, "iso_id": colleague.pk})
    assert client_for(world.users["iso"]).get(url).status_code == 404
    assert client_for(colleague).get(url).status_code == 200
    assert client_for(world.users["board_member"]).get(url).status_code == 200


# Returns and their evidence: agency A's return, with a file of evidence uploaded by its lead.
NOT_RETURN_READERS = ("board_member", "learning_chair", "iso")


@pytest.fixture
def evidence(world, client_for, run_on_commit):
    submission = open_return(world, WITH_EVIDENCE)
    question = Question.objects.get(template=submission.cycle.template, kind=Question.Kind.EVIDENCE)
    client_for(world.users["agency_a_lead"]).post(
        return_url(world, "return_evidence_add", submission),
        {
            "question": question.pk,
            "file": SimpleUploadedFile("policy.pdf", PDF, content_type="application/pdf"),
        },
    )
    return EvidenceFile.objects.get(submission=submission)


def return_url(world, name, submission, **extra):
    return reverse(name, kwargs={"slug": world.partnership.slug, "submission_id": submission.pk, **extra})


@pytest.mark.parametrize("role", NOT_RETURN_READERS)
def test_the_board_the_learning_chair_and_an_iso_do_not_read_an_organisations_return(
    world, client_for, evidence, role
):
    submission = evidence.submission
    client = client_for(world.users[role])
    standard = submission.cycle.template.standards.first()
    for url in (
        return_url(world, "return_overview", submission),
        return_url(world, "return_standard", submission, standard_id=standard.pk),
        reverse(
            "progress_update",
            kwargs={
                "slug": world.partnership.slug,
                "cycle_id": submission.cycle_id,
                "submission_id": submission.pk,
            },
        ),
    ):
        assert client.get(url).status_code == 404, url
        assert client.get(url, headers={"HX-Request": "true"}).status_code == 404, url


@pytest.mark.parametrize("role", NOT_RETURN_READERS)
def test_the_board_the_learning_chair_and_an_iso_do_not_download_its_evidence(
    world, client_for, evidence, role
):
    download = return_url(world, "return_evidence_download", evidence.submission, evidence_id=evidence.pk)
    assert client_for(world.users[role]).get(download).status_code == 404
    assert not AuditEvent.objects.filter(verb="evidence.downloaded").exists()


@pytest.mark.parametrize("role", ["business_team", "partner_la", "agency_a_lead"])
def test_the_partners_the_business_team_and_the_organisation_do(world, client_for, evidence, role):
    client = client_for(world.users[role])
    assert client.get(return_url(world, "return_overview", evidence.submission)).status_code == 200
    download = return_url(world, "return_evidence_download", evidence.submission, evidence_id=evidence.pk)
    assert client.get(download).status_code == 200


@pytest.mark.parametrize("role", NOT_RETURN_READERS)
def test_no_page_links_them_to_a_return(world, client_for, evidence, role):
    """The tracking list, the register entry and the progress report name no route to one organisation's return;
    the partnership-level results stay theirs."""
    submission = evidence.submission
    slug = world.partnership.slug
    client = client_for(world.users[role])
    cycle_kwargs = {"slug": slug, "cycle_id": submission.cycle_id}
    pages = {
        "cycle_detail": reverse("cycle_detail", kwargs=cycle_kwargs),
        "organisation_detail": reverse(
            "organisation_detail", kwargs={"slug": slug, "organisation_id": world.agency_a.pk}
        ),
        "cycle_composite": reverse("cycle_composite", kwargs=cycle_kwargs),
        "partnership_home": reverse("partnership_home", kwargs={"slug": slug}),
        "home": reverse("home"),
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert str(submission.pk) not in response.content.decode(), f"{name} links {role} to the return"
    partner = client_for(world.users["partner_la"]).get(pages["cycle_detail"]).content.decode()
    assert return_url(world, "return_overview", submission) in partner


@pytest.mark.parametrize("role", NOT_RETURN_READERS)
def test_the_composite_gives_them_the_board_report_not_every_answer(world, client_for, evidence, role):
    cycle_kwargs = {"slug": world.partnership.slug, "cycle_id": evidence.submission.cycle_id}
    client = client_for(world.users[role])
    for kind in ("composite_xlsx", "composite_csv"):
        response = client.post(reverse("composite_export", kwargs=cycle_kwargs), {"kind": kind})
        assert response.status_code == 200 and "Choose the board report" in response.content.decode(), kind
    assert (
        client.post(reverse("composite_export", kwargs=cycle_kwargs), {"kind": "composite_docx"}).status_code
        == 302
    )
