"""Each person's calendar feed: a secret address holding a random token, of which only a SHA-256 hash is kept. The
owner makes it (seeing the address once), makes a new one (which ends the old), or revokes it."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from sightline.audit import services as audit

from .models import CalendarFeed

TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_issue(*, by) -> str:
    """A new secret address for this person's feed, in place of any earlier one. Returns the token: it is not
    kept, so this is the only time it can be shown."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(
        user=by, defaults={"token_hash": token_hash(token)}
    )
    if not created:
        feed.token_hash, feed.created_at, feed.revoked_at, feed.last_used_at = (
            token_hash(token),
            timezone.now(),
            None,
            None,
        )
        feed.save()
    audit.record(actor=by, verb="calendar_feed.issued", target=feed, changes={"replaced": not created})
    return token


@transaction.atomic
def calendar_feed_revoke(*, by) -> bool:
    feed = CalendarFeed.objects.select_for_update().filter(user=by, revoked_at__isnull=True).first()
    if feed is None:
        return False
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    audit.record(actor=by, verb="calendar_feed.revoked", target=feed)
    return True


def calendar_feed_owner(*, token: str):
    """The person whose live feed this token opens, or None (unknown, revoked, or the person disabled)."""
    if not token or len(token) > 100:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is None:
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed.user
