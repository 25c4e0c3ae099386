import hashlib
import json

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One append-only line of the audit trail. The table refuses UPDATE and DELETE (see migration 0002),
    and each event's hash covers the previous event's hash, so an edit made behind the trigger's back
    breaks the chain at that event."""

    seq = models.PositiveBigIntegerField(unique=True, editable=False)
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(max_length=320, blank=True)
    verb = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=64, blank=True, db_index=True)
    target_label = models.CharField(max_length=300, blank=True)
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    changes = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["partnership", "-seq"]),
            # The trail's filter lists the partnership's verbs by walking this index (selectors.verbs_in).
            models.Index(fields=["partnership", "verb"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.seq} {self.verb} {self.target_label}"

    def content(self) -> dict:
        return {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "actor": str(self.actor_id) if self.actor_id else None,
            "actor_label": self.actor_label,
            "verb": self.verb,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "target_label": self.target_label,
            "partnership": self.partnership_id,
            "changes": self.changes,
            "ip": self.ip,
        }

    def compute_hash(self) -> str:
        payload = json.dumps(self.content(), sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256((self.prev_hash + payload).encode()).hexdigest()


class ChainHead(models.Model):
    """The last link of the chain. Locking this one row orders concurrent writers, so two transactions
    never claim the same sequence number or previous hash."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"chain head at {self.seq}"
