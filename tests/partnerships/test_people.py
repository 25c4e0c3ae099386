"""Inviting people, accepting invitations, removing roles and disabling accounts."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from sightline.accounts.models import Invitation
from sightline.audit.models import AuditEvent
from sightline.partnerships.models import OrganisationMembership, PartnershipMembership


@pytest.fixture(autouse=True)
def _emails_are_sent(run_on_commit):
    pass


def url(name, world, **kwargs):
    return reverse(name, kwargs={"slug": world.partnership.slug, **kwargs})


def link_in(message) -> str:
    return re.search(r"http://\S+/invitations/\S+/", message.body).group(0)


def test_business_team_invites_a_partner_who_accepts(world, client_for):
    client = client_for(world.users["business_team"])
    response = client.post(
        url("person_invite", world),
        {"full_name": "Nia New", "email": "Nia@Example.test", "role": "partner_icb"},
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "nia@example.test" in mail.outbox[0].to
    path = link_in(mail.outbox[0]).split("127.0.0.1:8000", 1)[1]
    newcomer = Client()
    assert newcomer.get(path).status_code == 200
    bad = newcomer.post(path, {"full_name": "Nia New", "password1": "short", "password2": "short"})
    assert bad.status_code == 200 and "There is a problem" in bad.content.decode()
    done = newcomer.post(
        path,
        {
            "full_name": "Nia New",
            "password1": "a long passphrase here",
            "password2": "a long passphrase here",
        },
    )
    assert done.status_code == 302
    assert PartnershipMembership.objects.filter(user__email="nia@example.test", role="partner_icb").exists()
    assert newcomer.get(url("organisation_list", world)).status_code == 200
    # The link works once.
    assert Client().get(path).status_code == 404


def test_expired_invitation_is_refused(world, client_for):
    from django.utils import timezone

    client_for(world.users["business_team"]).post(
        url("person_invite", world), {"full_name": "Old Invite", "email": "old@example.test", "role": "iso"}
    )
    Invitation.objects.update(expires_at=timezone.now())
    path = link_in(mail.outbox[0]).split("127.0.0.1:8000", 1)[1]
    assert Client().get(path).status_code == 404


def test_agency_lead_invites_a_contributor_to_their_own_organisation_only(world, client_for):
    client = client_for(world.users["agency_a_lead"])
    ok = client.post(
        url("organisation_invite", world, organisation_id=world.agency_a.pk),
        {"full_name": "Cal Contributor", "email": "cal@example.test", "role": "contributor"},
    )
    assert ok.status_code == 302
    refused = client.post(
        url("organisation_invite", world, organisation_id=world.agency_b.pk),
        {"full_name": "Eve Il", "email": "eve@example.test", "role": "lead"},
    )
    assert refused.status_code == 404
    assert not Invitation.objects.filter(email="eve@example.test").exists()


def test_inviting_an_existing_account_grants_the_role(world, client_for):
    existing = world.users["iso"]
    client_for(world.users["business_team"]).post(
        url("organisation_invite", world, organisation_id=world.agency_b.pk),
        {
            "full_name": existing.full_name,
            "email": existing.email,
            "role": "signatory",
            "title": "Board lead",
        },
    )
    assert OrganisationMembership.objects.filter(user=existing, organisation=world.agency_b).exists()


def test_invite_form_errors(world, client_for):
    response = client_for(world.users["business_team"]).post(
        url("person_invite", world), {"full_name": "", "email": "not-an-email"}
    )
    page = response.content.decode()
    assert "Enter their full name" in page and "Enter an email address in the correct format" in page
    assert "Choose their role in the partnership" in page
    assert not Invitation.objects.exists()


def test_remove_role_and_last_business_team_member_is_kept(world, client_for):
    lead = world.users["agency_a_lead"]
    membership = OrganisationMembership.objects.get(user=lead)
    client = client_for(world.users["business_team"])
    client.post(url("membership_remove", world, person_id=lead.pk, membership_id=membership.pk))
    assert not OrganisationMembership.objects.filter(pk=membership.pk).exists()
    me = world.users["business_team"]
    own = PartnershipMembership.objects.get(user=me, role="business_team")
    client.post(url("membership_remove", world, person_id=me.pk, membership_id=own.pk))
    assert PartnershipMembership.objects.filter(pk=own.pk).exists()


def test_disable_needs_a_reason_then_ends_sign_in(world, client_for):
    target = world.users["agency_a_lead"]
    client = client_for(world.users["business_team"])
    empty = client.post(url("person_disable", world, person_id=target.pk), {"reason": ""})
    assert empty.status_code == 400 and "Enter the reason" in empty.content.decode()
    target.refresh_from_db()
    assert target.is_active
    victim_session = client_for(target)
    client.post(url("person_disable", world, person_id=target.pk), {"reason": "Left the organisation"})
    target.refresh_from_db()
    assert not target.is_active
    assert victim_session.get(reverse("home")).status_code == 302
    assert AuditEvent.objects.filter(verb="person.disabled", target_id=str(target.pk)).exists()


@pytest.mark.parametrize("field", ["partnership", "organisation", "is_superuser"])
def test_extra_fields_on_invite_change_nothing(world, client_for, field):
    client_for(world.users["agency_a_lead"]).post(
        url("organisation_invite", world, organisation_id=world.agency_a.pk),
        {"full_name": "X Y", "email": "xy@example.test", "role": "contributor", field: world.agency_b.pk},
    )
    invitation = Invitation.objects.get(email="xy@example.test")
    assert invitation.organisation == world.agency_a and invitation.partnership == world.partnership
