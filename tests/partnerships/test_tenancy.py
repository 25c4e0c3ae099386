"""A partnership changes only what is its own (issue 11, part 1; ADR 0010). The claim-a-school attack, through
the HTTP layer: another partnership's business team imports a file naming this partnership's school by its URN,
with themself as its safeguarding lead, then invites themself as the school's lead. Nothing of this partnership's
changes, and nothing of it opens to them."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sightline.assessments import cycles
from sightline.assessments.models import Submission
from sightline.assessments.services import template_load
from sightline.audit.models import AuditEvent
from sightline.partnerships import services
from sightline.partnerships.models import Organisation, OrganisationMembership

from .. import factories
from ..assessments.test_library import GOOD

URN = 912345


@pytest.fixture
def school(world, run_on_commit):
    """A school of the test partnership, with its safeguarding lead and a return in an open cycle."""
    school = services.organisation_create(
        by=None,
        partnership=world.partnership,
        name="Brookside Primary School",
        type="school",
        urn=URN,
        lead_name="Dana Lead",
        lead_email="dana.lead@brookside.example.org",
    )
    factories.with_organisation_role(school, user=world.users["agency_a_lead"])
    schools_template = GOOD.replace("audience: [nhs_trust, police]", "audience: [school]")
    template = template_load(by=None, content=schools_template, filename="tiny.yaml").template
    cycle = cycles.cycle_create(
        by=world.users["business_team"],
        partnership=world.partnership,
        template=template,
        title="Schools audit",
        opens_on=date(2026, 9, 1),
        closes_on=date(2026, 11, 30),
        audience_types=["school"],
    )
    cycles.cycle_open(by=world.users["business_team"], cycle=cycle)
    return school


def claim(client, slug: str, attacker) -> Organisation:
    """The attack as partnership `slug`'s business team makes it; returns the row it ends up holding."""
    csv = f"urn,name,type,lead_name,lead_email\n{URN},Taken Over School,school,Eve,{attacker.email}\n"
    upload = SimpleUploadedFile("one.csv", csv.encode(), content_type="text/csv")
    response = client.post(
        reverse("organisation_import", kwargs={"slug": slug}), {"format": "csv", "file": upload}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.post(response["Location"]).status_code == 302
    held = Organisation.objects.get(urn=URN, affiliations__partnership__slug=slug)
    invited = client.post(
        reverse("organisation_invite", kwargs={"slug": slug, "organisation_id": held.pk}),
        {"full_name": "Eve", "email": attacker.email, "role": "lead"},
    )
    assert invited.status_code == 302
    return held


def test_another_partnership_cannot_take_over_a_school(world, school, client_for):
    attacker = world.users["other_business_team"]
    client = client_for(attacker)
    held = claim(client, "other", attacker)

    # The other partnership holds an entry of its own, linked by identity only.
    assert held.pk != school.pk and held.identity == school.identity
    assert OrganisationMembership.objects.filter(organisation=held, user=attacker, role="lead").exists()
    # This partnership's entry, its lead and its staff are untouched.
    school.refresh_from_db()
    assert (school.name, school.lead_name, school.lead_email, school.version) == (
        "Brookside Primary School",
        "Dana Lead",
        "dana.lead@brookside.example.org",
        1,
    )
    assert not OrganisationMembership.objects.filter(organisation=school, user=attacker).exists()
    # Nothing of this partnership opens to the attacker.
    answered = Submission.objects.get(organisation=school)
    for url in [
        reverse("partnership_home", kwargs={"slug": "test"}),
        reverse("organisation_detail", kwargs={"slug": "test", "organisation_id": school.pk}),
        reverse("return_overview", kwargs={"slug": "test", "submission_id": answered.pk}),
        reverse("return_overview", kwargs={"slug": "other", "submission_id": answered.pk}),
        reverse("organisation_detail", kwargs={"slug": "other", "organisation_id": school.pk}),
    ]:
        assert client.get(url).status_code == 404, url
    # Nor do the school's staff: the attacker's register entry lists only the attacker.
    page = client.get(reverse("organisation_detail", kwargs={"slug": "other", "organisation_id": held.pk}))
    assert world.users["agency_a_lead"].email not in page.content.decode()
    # This partnership's trail says another partnership now holds the school too.
    told = AuditEvent.objects.get(verb="register.imported_elsewhere", partnership=world.partnership)
    assert told.target_id == str(school.pk)
    history = client_for(world.users["business_team"]).get(
        reverse("organisation_detail", kwargs={"slug": "test", "organisation_id": school.pk})
    )
    assert world.other_partnership.name in history.content.decode()


def test_a_partnership_cannot_invite_to_or_edit_another_partnerships_entry(world, school, client_for):
    client = client_for(world.users["other_business_team"])
    invite = reverse("organisation_invite", kwargs={"slug": "other", "organisation_id": school.pk})
    assert (
        client.post(invite, {"full_name": "Eve", "email": "eve@example.org", "role": "lead"}).status_code
        == 404
    )
    edit = reverse("organisation_edit", kwargs={"slug": "other", "organisation_id": school.pk})
    assert client.post(edit, {"name": "Taken", "type": "school"}).status_code == 404
    school.refresh_from_db()
    assert school.name == "Brookside Primary School"
    assert not OrganisationMembership.objects.filter(
        organisation=school, user__email="eve@example.org"
    ).exists()


def test_an_edit_to_a_shared_organisation_is_told_to_each_holder(world, school):
    theirs = services.organisation_create(
        by=world.users["other_business_team"],
        partnership=world.other_partnership,
        name="Brookside",
        type="school",
        urn=URN,
    )
    services.organisation_update(
        by=world.users["other_business_team"],
        partnership=world.other_partnership,
        organisation=theirs,
        name="Brookside Primary",
        lead_email="someone@example.org",
    )
    school.refresh_from_db()
    assert school.name == "Brookside Primary School"
    told = AuditEvent.objects.filter(partnership=world.partnership, target_id=str(school.pk))
    assert set(told.values_list("verb", flat=True)) >= {
        "organisation.held_elsewhere",
        "organisation.changed_elsewhere",
    }
    changed = told.get(verb="organisation.changed_elsewhere")
    assert changed.changes == {"partnership": world.other_partnership.name, "fields": ["lead_email", "name"]}


def test_disabling_someone_who_works_for_another_partnership_is_refused(world, client_for):
    shared_person = world.users["agency_a_lead"]
    factories.with_partnership_role(world.other_partnership, "board_member", user=shared_person)
    response = client_for(world.users["other_business_team"]).post(
        reverse("person_disable", kwargs={"slug": "other", "person_id": shared_person.pk}),
        {"reason": "Not one of ours"},
    )
    assert response.status_code in (200, 302)
    shared_person.refresh_from_db()
    assert shared_person.is_active


def test_enabling_someone_another_partnership_disabled_is_refused(world, client_for):
    shared_person = world.users["agency_a_lead"]
    factories.with_partnership_role(world.other_partnership, "board_member", user=shared_person)
    shared_person.is_active = False
    shared_person.save(update_fields=["is_active"])
    client_for(world.users["other_business_team"]).post(
        reverse("person_enable", kwargs={"slug": "other", "person_id": shared_person.pk})
    )
    shared_person.refresh_from_db()
    assert not shared_person.is_active
