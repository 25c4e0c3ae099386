"""Sign-ins, failed sign-ins and sign-outs go into the audit trail (QUALITY.md L1)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .services import record


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    record(actor=user, verb="signin.succeeded", target=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(actor=user, verb="signin.signed_out", target=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # The attempted username is kept, never the password.
    attempted = str(
        credentials.get("email") or credentials.get("username") or credentials.get("login") or ""
    )[:200]
    record(verb="signin.failed", target_label=attempted, actor_label=attempted or "unknown")
