"""Invitations and accounts."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sightline.audit import services as audit
from sightline.core.errors import TransitionError
from sightline.notifications.services import send_email_on_commit
from sightline.partnerships import services as partnership_services
from sightline.partnerships.models import (
    Affiliation,
    Organisation,
    OrganisationMembership,
    Partnership,
    PartnershipMembership,
)

from .middleware import has_second_factor
from .models import Invitation

User = get_user_model()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("invitation_accept", kwargs={"token": token})


@transaction.atomic
def invitation_create(
    *,
    by,
    partnership: Partnership,
    email: str,
    full_name: str,
    role: str,
    organisation: Organisation | None = None,
    title: str = "",
) -> tuple[Invitation, str]:
    """Invite someone to a role. An existing account simply gains the role (it signs in as it always has, second
    factor included); a new person gets an emailed link, valid for INVITATION_VALID_DAYS, to set their password."""
    email = email.strip().lower()
    org_role = role in OrganisationMembership.Role.values
    if org_role and organisation is None:
        raise TransitionError("Choose the organisation this role is in")
    if (
        org_role
        and not Affiliation.objects.filter(partnership=partnership, organisation=organisation).exists()
    ):
        raise TransitionError("Choose an organisation from this partnership's register")
    if not org_role and role not in PartnershipMembership.Role.values:
        raise TransitionError("Choose a role from the list")
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email,
        full_name=full_name.strip(),
        partnership=partnership,
        organisation=organisation if org_role else None,
        role=role,
        title=title.strip(),
        token_hash=hash_token(token),
        invited_by=by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    audit.record(
        actor=by,
        verb="invitation.sent",
        target=invitation,
        target_label=email,
        partnership=partnership,
        changes={"role": role, "organisation": organisation.name if organisation and org_role else ""},
    )
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        _grant(invitation, existing, by=by)
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        send_email_on_commit(
            to=email,
            subject=f"You have a new role in {partnership.name}",
            template="accounts/email/role_granted.txt",
            context={"invitation": invitation, "sign_in_url": settings.SITE_URL},
        )
    else:
        send_email_on_commit(
            to=email,
            subject=f"You are invited to join {partnership.name} on Sightline",
            template="accounts/email/invitation.txt",
            context={"invitation": invitation, "url": invitation_url(token)},
        )
    return invitation, token


def invitation_by_token(token: str) -> Invitation | None:
    """The usable invitation a link names. An invitation is void once an account with a second factor exists for
    its address: a link from a mailbox must never stand in for that factor."""
    invitation = (
        Invitation.objects.select_related("partnership", "organisation")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None or not invitation.is_usable:
        return None
    account = account_for(invitation)
    if account is not None and has_second_factor(account):
        return None
    return invitation


def account_for(invitation: Invitation):
    return User.objects.filter(email__iexact=invitation.email).first()


def _grant(invitation: Invitation, user, *, by) -> None:
    if invitation.organisation_id:
        partnership_services.organisation_role_grant(
            by=by,
            partnership=invitation.partnership,
            user=user,
            organisation=invitation.organisation,
            role=invitation.role,
            title=invitation.title,
        )
    else:
        partnership_services.partnership_role_grant(
            by=by, partnership=invitation.partnership, user=user, role=invitation.role
        )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, full_name: str, password: str):
    """A new person sets their name and password; the role is granted and the link stops working, and so are the
    other invitations waiting for the same address, whose roles are granted with it. A link never sets the
    password of an account that exists: that person signs in as usual and then accepts."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise TransitionError("This invitation has expired or was already used: ask for a new one")
    if account_for(invitation) is not None:
        raise TransitionError(
            "You already have an account: sign in, then open the link in your invitation again"
        )
    candidate = User(email=invitation.email, full_name=full_name)
    password_validation.validate_password(password, candidate)
    user = User.objects.create_user(invitation.email, password, full_name=full_name.strip())
    _accept(invitation, user)
    waiting = Invitation.objects.select_for_update().filter(
        email__iexact=invitation.email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
    for other in waiting:
        _accept(other, user)
    return user


@transaction.atomic
def invitation_accept_signed_in(*, invitation: Invitation, user):
    """Someone with an account, signed in as usual, accepts an invitation sent to their address."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise TransitionError("This invitation has expired or was already used: ask for a new one")
    if invitation.email.lower() != user.email.lower():
        raise TransitionError(
            "This invitation was sent to another email address: sign out, then sign in as the person invited"
        )
    _accept(invitation, user)
    return user


def _accept(invitation: Invitation, user) -> None:
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit.record(actor=user, verb="invitation.accepted", target=user, partnership=invitation.partnership)
    _grant(invitation, user, by=user)


@transaction.atomic
def invitation_revoke(*, by, invitation: Invitation) -> None:
    if invitation.accepted_at is not None:
        raise TransitionError("This invitation was already accepted")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(
        actor=by,
        verb="invitation.revoked",
        target=invitation,
        target_label=invitation.email,
        partnership=invitation.partnership,
    )


@transaction.atomic
def account_set_active(*, by, person, active: bool, reason: str) -> None:
    """The operator turns an account off or on for every partnership at once: for a person who works for more than
    one, whom no single partnership may switch (`partnerships.services.person_set_active`)."""
    if not reason.strip():
        raise TransitionError("Give the reason")
    if person.is_active == active:
        return
    person.is_active = active
    person.save(update_fields=["is_active"])
    audit.record(
        actor=by,
        verb="person.enabled" if active else "person.disabled",
        target=person,
        actor_label="" if by is not None else "operator (manage.py set_account_active)",
        changes={"is_active": {"before": not active, "after": active}, "reason": reason.strip()},
    )
