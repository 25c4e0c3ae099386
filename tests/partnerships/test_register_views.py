"""The business team manages the register in the browser; bad input changes nothing; extra fields are ignored."""

import csv
import io

import pytest
from django.urls import reverse

from sightline.audit.models import AuditEvent
from sightline.partnerships.models import Affiliation, Organisation

from .. import factories


def url(name, world, **kwargs):
    return reverse(name, kwargs={"slug": world.partnership.slug, **kwargs})


VALID = {
    "name": "Hillside Children's Hospice",
    "type": "voluntary",
    "statutory_partner": "",
    "status": "open",
    "lead_name": "Rae Lead",
    "lead_email": "rae@example.test",
    "postcode": "ZZ1 1ZZ",
}


def test_business_team_adds_an_organisation(world, client_for):
    client = client_for(world.users["business_team"])
    response = client.post(url("organisation_create", world), VALID)
    organisation = Organisation.objects.get(name=VALID["name"])
    assert response.status_code == 302
    assert Affiliation.objects.filter(partnership=world.partnership, organisation=organisation).exists()
    event = AuditEvent.objects.get(verb="organisation.created", target_id=str(organisation.pk))
    assert event.partnership == world.partnership and event.changes["name"]["after"] == VALID["name"]


def test_bad_input_shows_the_error_summary_and_changes_nothing(world, client_for):
    client = client_for(world.users["business_team"])
    before = Organisation.objects.count(), AuditEvent.objects.count()
    response = client.post(url("organisation_create", world), {**VALID, "name": "", "urn": "12ab"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "<title>Error:" in page
    assert "Enter the organisation&#x27;s name" in page and "Enter the URN as a number" in page
    assert (Organisation.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize("field", ["ukprn", "ofsted_urn", "ods_code", "postcode"])
def test_identifiers_are_checked_by_format(world, client_for, field):
    client = client_for(world.users["business_team"])
    before = Organisation.objects.count()
    response = client.post(url("organisation_create", world), {**VALID, field: "=1+1"})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert Organisation.objects.count() == before


def test_identifiers_are_tidied(world, client_for):
    client = client_for(world.users["business_team"])
    fields = {"ukprn": " 10012345 ", "ofsted_urn": "ey123456", "ods_code": "rjl", "postcode": "dn311hu"}
    assert client.post(url("organisation_create", world), {**VALID, **fields}).status_code == 302
    saved = Organisation.objects.get(name=VALID["name"])
    assert (saved.ukprn, saved.ofsted_urn, saved.ods_code, saved.postcode) == (
        "10012345",
        "EY123456",
        "RJL",
        "DN31 1HU",
    )


def test_extra_posted_fields_change_nothing(world, client_for):
    client = client_for(world.users["business_team"])
    client.post(
        url("organisation_edit", world, organisation_id=world.agency_a.pk),
        {
            **VALID,
            "name": "Agency A renamed",
            "partnership": world.other_partnership.pk,
            "organisation": world.other_agency.pk,
            "role": "business_team",
            "id": world.other_agency.pk,
        },
    )
    world.agency_a.refresh_from_db()
    assert world.agency_a.name == "Agency A renamed"
    assert not Affiliation.objects.filter(
        partnership=world.other_partnership, organisation=world.agency_a
    ).exists()
    assert Organisation.objects.get(pk=world.other_agency.pk).name == "Other Area Trust"


def test_edit_records_before_and_after(world, client_for):
    client = client_for(world.users["business_team"])
    client.post(
        url("organisation_edit", world, organisation_id=world.agency_a.pk), {**VALID, "name": "Renamed"}
    )
    event = AuditEvent.objects.filter(verb="organisation.updated").latest("seq")
    assert event.changes["name"] == {"before": "Agency A NHS Trust", "after": "Renamed"}
    detail = client.get(url("organisation_detail", world, organisation_id=world.agency_a.pk)).content.decode()
    assert "organisation.updated" in detail  # the page shows its own history


def test_parent_must_be_a_trust(world, client_for):
    client = client_for(world.users["business_team"])
    response = client.post(url("organisation_create", world), {**VALID, "parent": world.agency_b.pk})
    assert response.status_code == 200 and not Organisation.objects.filter(name=VALID["name"]).exists()


@pytest.mark.parametrize(
    "query,expected",
    [
        ("q=Agency+A", ["Agency A NHS Trust"]),
        ("type=youth_justice", ["Agency B Youth Justice"]),
        ("lead=missing", ["Agency A NHS Trust", "Agency B Youth Justice"]),
    ],
)
def test_filter_and_search(world, client_for, query, expected):
    from sightline.partnerships.models import OrganisationMembership

    OrganisationMembership.objects.filter(organisation__in=[world.agency_a, world.agency_b]).delete()
    page = client_for(world.users["business_team"]).get(url("organisation_list", world) + "?" + query)
    names = [org.name for org in page.context["page"].object_list]
    assert names == expected


def test_htmx_filter_returns_only_the_results(world, client_for):
    response = client_for(world.users["business_team"]).get(
        url("organisation_list", world) + "?q=Agency", HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert 'id="results"' in body and "<html" not in body


def test_export_downloads_the_register(world, client_for):
    response = client_for(world.users["business_team"]).get(url("organisation_export", world))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:5] == ["name", "type", "urn", "ukprn", "status"]
    assert {row[0] for row in rows[1:]} == {"Agency A NHS Trust", "Agency B Youth Justice"}
    assert response["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(verb="register.exported").exists()


def test_export_neutralises_formulas(world, client_for):
    from sightline.partnerships import services

    services.organisation_update(
        by=None, partnership=world.partnership, organisation=world.agency_a, name="=cmd()"
    )
    response = client_for(world.users["business_team"]).get(url("organisation_export", world))
    assert "'=cmd()" in b"".join(response.streaming_content).decode()


def test_second_editor_sees_both_versions_and_nothing_is_lost(world, client_for):
    edit = url("organisation_edit", world, organisation_id=world.agency_a.pk)
    first, second = client_for(world.users["business_team"]), client_for(world.users["business_team"])
    version = first.get(edit).context["form"]["version"].value()
    assert second.get(edit).context["form"]["version"].value() == version
    first.post(edit, {**VALID, "name": "First editor's name", "version": version})
    clash = second.post(edit, {**VALID, "name": "Second editor's name", "version": version})
    page = clash.content.decode()
    assert clash.status_code == 200 and "Someone else saved changes" in page
    assert "First editor&#x27;s name" in page and "Second editor&#x27;s name" in page
    world.agency_a.refresh_from_db()
    assert world.agency_a.name == "First editor's name"
    # Saving again from the comparison page applies the second editor's choice on top of the first.
    again = second.post(
        edit, {**VALID, "name": "Agreed name", "version": clash.context["form"]["version"].value()}
    )
    assert again.status_code == 302
    world.agency_a.refresh_from_db()
    assert world.agency_a.name == "Agreed name" and world.agency_a.version == version + 2


def test_statutory_partner_role_can_be_cleared(world, client_for):
    from sightline.partnerships import services

    services.organisation_update(
        by=None, partnership=world.partnership, organisation=world.agency_a, statutory_partner="icb"
    )
    client = client_for(world.users["business_team"])
    edit = url("organisation_edit", world, organisation_id=world.agency_a.pk)
    page = client.get(edit).content.decode()
    assert "Not a statutory partner" in page
    client.post(edit, {**VALID, "statutory_partner": ""})
    world.agency_a.refresh_from_db()
    assert world.agency_a.statutory_partner == ""


def test_a_urn_already_in_this_register_is_refused_with_its_holder_named(world, client_for):
    factories.organisation(world.partnership, "Brookside Primary School", type="school", urn=912345)
    factories.organisation(world.other_partnership, "Brookside (their entry)", type="school", urn=912346)
    client = client_for(world.users["business_team"])
    before = Organisation.objects.count()
    response = client.post(url("organisation_create", world), {**VALID, "type": "school", "urn": "912345"})
    page = response.content.decode()
    assert response.status_code == 200 and "URN 912345 is already in this register" in page
    assert "Brookside Primary School" in page and Organisation.objects.count() == before
    # Another partnership's URN is no obstacle: this register gets an entry of its own.
    assert (
        client.post(
            url("organisation_create", world), {**VALID, "type": "school", "urn": "912346"}
        ).status_code
        == 302
    )
