"""What someone with the database owner's rights can do behind the triggers' back, for the tests to catch."""

from contextlib import contextmanager

from django.db import connection

from sightline.audit.models import AuditEvent

AUDIT_TABLES = ("audit_auditevent", "audit_chainhead")


@contextmanager
def triggers_off():
    """Switch off the audit tables' triggers, as their owner can, and back on afterwards."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
            try:
                yield cursor
            finally:
                cursor.execute("SET session_replication_role = origin")
            return
        placeholders = ", ".join(["%s"] * len(AUDIT_TABLES))
        cursor.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({placeholders})",  # noqa: S608
            AUDIT_TABLES,
        )
        triggers = cursor.fetchall()
        for name, _ in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            yield cursor
        finally:
            for _, sql in triggers:
                cursor.execute(sql)


def truncate_to(seq: int) -> None:
    """Delete every event after `seq` and move the head back to it: the chain that is left verifies."""
    last = AuditEvent.objects.get(seq=seq)
    with triggers_off() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq > %s", [seq])
        cursor.execute("UPDATE audit_chainhead SET seq = %s, hash = %s WHERE id = 1", [seq, last.hash])


def rewrite_from(seq: int, *, target_label: str) -> None:
    """Relabel event `seq` and recompute its hash, every later hash and the head: the chain that is left
    verifies."""
    with triggers_off() as cursor:
        previous = AuditEvent.objects.get(seq=seq - 1).hash if seq > 1 else "0" * 64
        for event in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
            if event.seq == seq:
                event.target_label = target_label
            event.prev_hash = previous
            event.hash = event.compute_hash()
            previous = event.hash
            cursor.execute(
                "UPDATE audit_auditevent SET target_label = %s, prev_hash = %s, hash = %s WHERE seq = %s",
                [event.target_label, event.prev_hash, event.hash, event.seq],
            )
        cursor.execute("UPDATE audit_chainhead SET hash = %s WHERE id = 1", [previous])
