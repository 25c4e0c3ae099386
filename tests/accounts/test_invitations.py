"""Invitations never stand in for a password and a second factor (issue 11, part 2): a link sets the password of
a new account only, and the second of two links for one address is no way in."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.urls import reverse

from sightline.accounts import services
from sightline.accounts.models import Invitation
from sightline.core.errors import TransitionError
from sightline.partnerships.models import OrganisationMembership, PartnershipMembership

User = get_user_model()
PASSWORD = "a long enough new password 42"
EMAIL = "new.person@example.org"


def invite(partnership, by, *, role=PartnershipMembership.Role.BOARD_MEMBER, organisation=None):
    return services.invitation_create(
        by=by,
        partnership=partnership,
        email=EMAIL,
        full_name="New Person",
        role=role,
        organisation=organisation,
    )


def accept_link(client, token, password=PASSWORD):
    return client.post(
        reverse("invitation_accept", kwargs={"token": token}),
        {"full_name": "New Person", "password1": password, "password2": password},
    )


def add_totp(user):
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})


@pytest.fixture
def two_links(world, run_on_commit):
    _, first = invite(world.partnership, world.users["business_team"])
    _, second = invite(
        world.other_partnership,
        world.users["other_business_team"],
        role=OrganisationMembership.Role.LEAD,
        organisation=world.other_agency,
    )
    return first, second


def test_the_second_link_signs_nobody_in_and_sets_no_password(world, client, two_links):
    first, second = two_links
    assert accept_link(client, first).status_code == 302
    user = User.objects.get(email=EMAIL)
    add_totp(user)
    # Both roles came with the first link: the second invitation is used, not waiting.
    assert PartnershipMembership.objects.filter(user=user, partnership=world.partnership).exists()
    assert OrganisationMembership.objects.filter(user=user, organisation=world.other_agency).exists()
    assert not Invitation.objects.filter(email=EMAIL, accepted_at__isnull=True).exists()

    client.logout()
    attacker = type(client)()
    response = accept_link(attacker, second, password="an attacker's chosen password 99")
    assert response.status_code == 404
    assert "_auth_user_id" not in attacker.session
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_an_unused_link_is_void_once_the_account_has_a_second_factor(world, client, run_on_commit):
    invitation, token = invite(world.partnership, world.users["business_team"])
    user = User.objects.create_user(EMAIL, PASSWORD, full_name="New Person")
    add_totp(user)
    response = client.get(reverse("invitation_accept", kwargs={"token": token}))
    assert response.status_code == 404
    assert accept_link(client, token, password="another password entirely 77").status_code == 404
    user.refresh_from_db()
    assert user.check_password(PASSWORD) and "_auth_user_id" not in client.session
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_existing_account_signs_in_as_usual_then_accepts(world, client, run_on_commit):
    invitation, token = invite(world.partnership, world.users["business_team"])
    user = User.objects.create_user(EMAIL, PASSWORD, full_name="New Person")
    url = reverse("invitation_accept", kwargs={"token": token})

    page = client.get(url)
    assert page.status_code == 200 and "Sign in" in page.content.decode()
    assert accept_link(client, token, password="another password entirely 77").status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD) and "_auth_user_id" not in client.session
    assert not PartnershipMembership.objects.filter(user=user).exists()

    someone_else = world.users["agency_a_lead"]
    client.force_login(someone_else)
    client.post(url)
    assert not PartnershipMembership.objects.filter(
        user__in=[user, someone_else], role="board_member"
    ).exists()

    client.force_login(user)
    assert client.post(url).status_code == 302
    assert PartnershipMembership.objects.filter(user=user, partnership=world.partnership).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_inviting_an_address_with_an_account_grants_the_role_without_a_link(world, run_on_commit):
    user = User.objects.create_user(EMAIL, None, full_name="Has No Password")
    invitation, _ = invite(world.partnership, world.users["business_team"])
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert PartnershipMembership.objects.filter(user=user, partnership=world.partnership).exists()
    assert not user.has_usable_password()


def test_a_partnership_invites_only_to_organisations_in_its_own_register(world, run_on_commit):
    with pytest.raises(TransitionError):
        invite(
            world.other_partnership,
            world.users["other_business_team"],
            role=OrganisationMembership.Role.LEAD,
            organisation=world.agency_a,
        )
    assert not Invitation.objects.filter(email=EMAIL).exists()


def test_the_operator_turns_an_account_back_on_everywhere(world):
    from io import StringIO

    from django.core.management import call_command

    from sightline.audit.models import AuditEvent

    person = world.users["agency_a_lead"]
    person.is_active = False
    person.save(update_fields=["is_active"])
    out = StringIO()
    call_command(
        "set_account_active", person.email, "--enable", "--reason", "Cleared by both areas", stdout=out
    )
    person.refresh_from_db()
    assert person.is_active and "is on" in out.getvalue()
    assert AuditEvent.objects.get(verb="person.enabled", target_id=str(person.pk)).changes["reason"] == (
        "Cleared by both areas"
    )
