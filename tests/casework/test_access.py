"""Who reads a case audit (QUALITY.md Z2, L1): the activity's panel (its ISO included) reads the returned audits of
its own activity only, and only until the activity closes; an agency's lead reads only their own agency's audits;
an ISO not on the panel reads none; the business team reads one only from a seat on the panel; the public
nothing. Every read is in the audit trail."""

import pytest
from django.urls import reverse

from sightline.audit.models import AuditEvent
from sightline.casework.models import PanelMember
from sightline.casework.selectors import readable_audits

from .. import factories
from .builders import event_with_audits, make_activity, make_case, request_audits, seat, submitted


@pytest.fixture
def event(world):
    """Agency A's audit submitted and agency B's in draft, on an event whose panel is the LA partner (chair) and
    a second ISO; the world's own ISO is not on it."""
    activity, case, audit_a, audit_b = event_with_audits(world, panel_roles=())
    seat(world, activity, "partner_la", PanelMember.Role.CHAIR)
    panel_iso = factories.with_partnership_role(world.partnership, "iso")
    world.users["panel_iso"] = panel_iso
    seat(world, activity, "panel_iso", PanelMember.Role.ISO)
    return activity, audit_a, audit_b


def url(case_audit):
    return reverse("case_audit_detail", kwargs={"slug": "test", "audit_id": case_audit.pk})


READERS_OF_SUBMITTED = {"partner_la", "panel_iso", "agency_a_lead"}
EVERYONE = [
    "business_team",
    "other_business_team",
    "partner_la",
    "panel_iso",
    "iso",
    "board_member",
    "learning_chair",
    "agency_a_lead",
    "agency_b_lead",
    "agency_a_contributor",
    "nobody",
    "operator",
]


@pytest.mark.parametrize("role", EVERYONE)
def test_a_submitted_audit_is_read_by_the_panel_and_its_own_agency_only(world, client_for, event, role):
    _, audit_a, _ = event
    response = client_for(world.users[role]).get(url(audit_a))
    assert response.status_code == (200 if role in READERS_OF_SUBMITTED else 404)
    if role in READERS_OF_SUBMITTED:
        assert b"The health visitor saw the child at home" in response.content


@pytest.mark.parametrize("role", EVERYONE)
def test_a_draft_audit_is_read_only_by_its_own_agency(world, client_for, event, role):
    _, _, audit_b = event
    assert client_for(world.users[role]).get(url(audit_b)).status_code == (
        200 if role == "agency_b_lead" else 404
    )


def test_the_public_meets_the_sign_in_page(world, client, event):
    _, audit_a, _ = event
    response = client.get(url(audit_a))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("final", ["closed", "withdrawn"])
def test_panel_access_ends_when_the_activity_finishes_and_the_agency_keeps_its_own(
    world, client_for, event, final
):
    activity, audit_a, _ = event
    activity.status = final
    activity.save(update_fields=["status"])
    for role in ("partner_la", "panel_iso"):
        assert client_for(world.users[role]).get(url(audit_a)).status_code == 404
        page = reverse("activity_casework", kwargs={"slug": "test", "activity_id": activity.pk})
        assert client_for(world.users[role]).get(page).status_code == 404
    assert client_for(world.users["agency_a_lead"]).get(url(audit_a)).status_code == 200


def test_a_panel_member_reads_the_audits_of_their_own_activity_only(world, client_for, event):
    other = make_activity(world, title="Another event")
    case = make_case(world, other)
    request_audits(world, other)
    other_audit = submitted(case.audits.get(organisation=world.agency_a), world.users["agency_a_lead"])
    assert client_for(world.users["partner_la"]).get(url(other_audit)).status_code == 404
    assert client_for(world.users["agency_a_lead"]).get(url(other_audit)).status_code == 200
    visible = readable_audits(user=world.users["partner_la"], partnership=world.partnership)
    assert list(visible) == [event[1]]


def test_the_business_team_reads_an_audit_only_from_a_seat_on_the_panel(world, client_for, event):
    activity, audit_a, _ = event
    client = client_for(world.users["business_team"])
    page = reverse("activity_casework", kwargs={"slug": "test", "activity_id": activity.pk})
    listing = client.get(page).content.decode()
    assert (
        "Agency A NHS Trust" in listing and url(audit_a) not in listing
    )  # where it stands, not what it says
    assert client.get(url(audit_a)).status_code == 404
    seat(world, activity, "business_team")
    assert client.get(url(audit_a)).status_code == 200
    assert url(audit_a) in client.get(page).content.decode()


def test_every_read_is_recorded_without_its_content(world, client_for, event):
    _, audit_a, _ = event
    client_for(world.users["partner_la"]).get(url(audit_a))
    client_for(world.users["agency_a_lead"]).get(url(audit_a))
    reads = AuditEvent.objects.filter(verb="case_audit.read", target_id=str(audit_a.pk)).order_by("seq")
    assert [e.actor for e in reads] == [world.users["partner_la"], world.users["agency_a_lead"]]
    assert all(e.changes == {"via": "page"} for e in reads)


@pytest.mark.parametrize(
    "name,form,magic", [("panel_pack_download", "docx", b"PK"), ("panel_pack_pdf", "pdf", b"%PDF-")]
)
def test_the_panel_pack_is_for_the_panel_only_and_every_download_is_recorded(
    world, client_for, event, name, form, magic
):
    activity, audit_a, audit_b = event
    pack = reverse(name, kwargs={"slug": "test", "activity_id": activity.pk})
    for role in ("business_team", "iso", "agency_a_lead", "agency_b_lead", "board_member"):
        assert client_for(world.users[role]).get(pack).status_code == 404
    response = client_for(world.users["panel_iso"]).get(pack)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Disposition"].endswith(f'.{form}"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.startswith(magic)
    download = AuditEvent.objects.get(verb="panel_pack.downloaded")
    assert download.actor == world.users["panel_iso"] and download.changes["audits"] == [str(audit_a.pk)]
    assert download.changes["format"] == form
    assert AuditEvent.objects.filter(verb="case_audit.read", changes__via="panel pack").count() == 1
    activity.status = "closed"
    activity.save(update_fields=["status"])
    assert client_for(world.users["panel_iso"]).get(pack).status_code == 404
