"""A form that creates something is sent once (ADR 0011).

Every POST form carries a one-time token (`{% csrf_token %}` renders it, templatetags/form_tokens.py). A view that
creates records is declared with `@creates`; a post to it claims its token in the database before the view runs.
The token is the primary key of its row, so of two posts of the same form, even in two processes at once, only
one claims it. The other waits for the first to finish, then answers "already sent" and goes where the first
went, changing nothing. A post that changed nothing (the form had errors, the step was refused) gives its token
back, so the corrected form can be sent. What changed is read from the audit trail: every service that changes
something records an event there in its transaction.
"""

from __future__ import annotations

import contextvars
import functools
import re
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.shortcuts import redirect
from django.utils import timezone

from .models import FormToken
from .redirects import is_site_path, referer_path

FIELD = "form_token"
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{32}")
ALREADY_SENT = "That form was already sent, so nothing was added again."
STILL_SENDING = (
    "That form is still being sent. Wait a moment, then check whether it arrived before sending it again."
)
# How long a second post waits for the first to finish, and after how long a claim whose post never finished
# (its process died) may be taken over.
WAIT_SECONDS = 15
POLL_SECONDS = 0.1
ABANDONED_AFTER = timedelta(minutes=5)

# The audit events recorded by the post being handled in this thread, if a creating view is running.
_recorded: contextvars.ContextVar[list | None] = contextvars.ContextVar("form_token_recorded", default=None)


def token_new() -> str:
    return secrets.token_urlsafe(24)


def creates(view):
    """Declares that a successful post to `view` adds a record (a row, a file, an email), so a repeat must not."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        token = request.POST.get(FIELD, "") if request.method == "POST" else ""
        if not TOKEN_PATTERN.fullmatch(token):
            # GET, or a post from outside the site's own pages (which all carry a token): nothing to protect.
            return view(request, *args, **kwargs)
        sent = _claim(token)
        if sent is not None:
            return _already_sent(request, sent)
        recorded: list = []
        reset = _recorded.set(recorded)
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            _release(token)
            raise
        finally:
            _recorded.reset(reset)
        if _changed(recorded):
            _use(token, response)
        else:
            _release(token)
        return response

    wrapped.creates = True
    return wrapped


def declares_creates(view) -> bool:
    view = getattr(view, "view_class", None) or view
    return getattr(view, "creates", False)


def _claim(token: str) -> FormToken | None:
    """None when this post now holds the token; otherwise the row of the post that sent it first."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            with transaction.atomic():
                FormToken.objects.create(token=token)
            return None
        except IntegrityError:
            pass
        sent = FormToken.objects.filter(token=token).first()
        if sent is None:
            continue  # the first post gave it back in the meantime: claim it again
        if sent.used_at is not None:
            return sent
        if sent.claimed_at < timezone.now() - ABANDONED_AFTER:
            taken = FormToken.objects.filter(token=token, used_at=None, claimed_at=sent.claimed_at).update(
                claimed_at=timezone.now()
            )
            if taken:
                return None
            continue
        if time.monotonic() >= deadline:
            return sent
        time.sleep(POLL_SECONDS)


def _changed(recorded: list) -> bool:
    from sightline.audit.models import AuditEvent

    # An event recorded inside a transaction that then rolled back is not a change.
    return bool(recorded) and AuditEvent.objects.filter(pk__in=recorded).exists()


def _use(token: str, response) -> None:
    location = response.get("Location", "") if 300 <= response.status_code < 400 else ""
    FormToken.objects.filter(token=token).update(
        used_at=timezone.now(), location=location if is_site_path(location) and len(location) <= 500 else ""
    )


def _release(token: str) -> None:
    FormToken.objects.filter(token=token, used_at=None).delete()


def _already_sent(request, sent: FormToken):
    if sent.used_at is None:
        messages.warning(request, STILL_SENDING)
        return redirect(referer_path(request) or "home")
    messages.info(request, ALREADY_SENT)
    return redirect(sent.location or referer_path(request) or "home")


def audit_event_recorded(sender, instance, created, **kwargs) -> None:
    recorded = _recorded.get()
    # A refusal recorded on the way to a 404 changed nothing the form asked for.
    if recorded is not None and created and instance.verb != "access.refused":
        recorded.append(instance.pk)


def connect() -> None:
    from sightline.audit.models import AuditEvent

    post_save.connect(audit_event_recorded, sender=AuditEvent, dispatch_uid="form-token-audit-event")


def form_tokens_purge(*, now=None) -> int:
    """Forget tokens older than the longest session: a page that old cannot be posted (the person was signed out,
    and signing in again changes the CSRF token its forms carry)."""
    cutoff = (
        (now or timezone.now()) - timedelta(seconds=settings.SESSION_ABSOLUTE_TIMEOUT) - timedelta(days=1)
    )
    deleted, _ = FormToken.objects.filter(claimed_at__lt=cutoff).delete()
    return deleted
