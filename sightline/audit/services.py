"""Writing the audit trail. Every service that changes something calls `record` inside its own transaction,
so the change and its audit line commit or roll back together."""

import contextvars
from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from .models import AuditEvent, ChainHead

# The requesting address, set by RequestContextMiddleware so that services need not be handed the request.
current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("current_ip", default=None)

GENESIS = "0" * 64


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The fields that changed, as {field: {"before": …, "after": …}}."""
    return {
        key: {"before": _jsonable(before.get(key)), "after": _jsonable(after.get(key))}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}


def record(
    *,
    actor=None,
    verb: str,
    target: models.Model | None = None,
    target_label: str = "",
    partnership=None,
    changes: dict | None = None,
    ip: str | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's transaction."""
    with transaction.atomic():
        head = ChainHead.objects.select_for_update().get(pk=1)
        if actor is not None and getattr(actor, "is_authenticated", False):
            actor_obj, label = actor, actor_label or actor.email
        else:
            actor_obj, label = None, actor_label or "system"
        event = AuditEvent(
            seq=head.seq + 1,
            at=timezone.now(),
            actor=actor_obj,
            actor_label=label,
            verb=verb,
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            target_label=(target_label or str(target))[:300] if target is not None else target_label[:300],
            partnership=partnership,
            changes={k: _jsonable(v) for k, v in (changes or {}).items()},
            ip=ip if ip is not None else current_ip.get(),
            prev_hash=head.hash,
        )
        event.hash = event.compute_hash()
        event.save(force_insert=True)
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
        return event
