"""`manage.py check --deploy` says when the audit trail's checkpoints would not be written (ADR 0004)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

from .checkpoints import MIN_KEY_LENGTH


@register(Tags.security, deploy=True)
def audit_checkpoints(app_configs, **kwargs):
    key = settings.AUDIT_CHECKPOINT_KEY
    if not key:
        return [
            Warning(
                "AUDIT_CHECKPOINT_KEY is not set: the audit trail's daily checkpoint is not signed, so someone who "
                "can write the database could rewrite the trail unnoticed.",
                hint="Set AUDIT_CHECKPOINT_KEY to a long random value kept outside the database "
                "(docs/operations.md, 'The audit trail').",
                id="sightline.audit.W001",
            )
        ]
    problems = []
    if len(key) < MIN_KEY_LENGTH:
        problems.append(
            Warning(
                f"AUDIT_CHECKPOINT_KEY is shorter than {MIN_KEY_LENGTH} characters: checkpoints are not written.",
                hint='Generate one with: python -c "import secrets; print(secrets.token_urlsafe(48))"',
                id="sightline.audit.W002",
            )
        )
    if not settings.AUDIT_CHECKPOINT_DIR and not settings.AUDIT_CHECKPOINT_EMAIL:
        problems.append(
            Warning(
                "Neither AUDIT_CHECKPOINT_DIR nor AUDIT_CHECKPOINT_EMAIL is set: the audit trail's daily checkpoint "
                "has nowhere to go.",
                hint="Set AUDIT_CHECKPOINT_EMAIL to the operator's address, AUDIT_CHECKPOINT_DIR to a directory "
                "the database's users cannot write, or both.",
                id="sightline.audit.W003",
            )
        )
    return problems
