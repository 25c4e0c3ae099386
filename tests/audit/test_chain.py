"""QUALITY.md L1: the audit table refuses UPDATE and DELETE, and the hash chain names an edited event."""

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from sightline.audit.models import AuditEvent
from sightline.audit.services import record
from sightline.audit.verification import verify_chain

# SQLite's RAISE(ABORT) and PostgreSQL's integrity_constraint_violation both surface as IntegrityError.
REFUSED = IntegrityError

TRIGGERS = {
    "sqlite": (
        ["DROP TRIGGER audit_event_no_update"],
        [
            "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent "
            "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;"
        ],
    ),
    "postgresql": (
        ["ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_change"],
        ["ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_change"],
    ),
}


@pytest.fixture
def events(db):
    return [record(verb=f"test.event{i}", target_label=f"thing {i}", changes={"n": i}) for i in range(5)]


def test_chain_of_fresh_events_verifies(events):
    report = verify_chain()
    assert report.ok and report.checked == 5
    call_command("verify_audit_log")


def test_update_is_refused_by_the_database(events):
    with pytest.raises(REFUSED), transaction.atomic():
        AuditEvent.objects.filter(pk=events[2].pk).update(verb="tampered")
    assert AuditEvent.objects.get(pk=events[2].pk).verb == "test.event2"


def test_delete_is_refused_by_the_database(events):
    with pytest.raises(REFUSED), transaction.atomic():
        AuditEvent.objects.filter(pk=events[1].pk).delete()
    assert AuditEvent.objects.count() == 5


def test_edit_behind_the_triggers_back_is_named(events):
    disable, enable = TRIGGERS[connection.vendor]
    with connection.cursor() as cursor:
        for statement in disable:
            cursor.execute(statement)
        cursor.execute("UPDATE audit_auditevent SET target_label = 'rewritten' WHERE seq = 3")
        for statement in enable:
            cursor.execute(statement)
    report = verify_chain()
    assert report.first_bad_seq == 3
    with pytest.raises(CommandError, match="event 3"):
        call_command("verify_audit_log")


def test_each_event_links_to_the_previous(events):
    ordered = list(AuditEvent.objects.order_by("seq"))
    assert all(later.prev_hash == earlier.hash for earlier, later in zip(ordered, ordered[1:], strict=False))


def test_change_and_its_audit_event_roll_back_together(db):
    from sightline.partnerships import services

    with pytest.raises(RuntimeError), transaction.atomic():
        services.partnership_create(by=None, name="Rolled back", slug="rb", area="x", la_code="111")
        raise RuntimeError
    assert not AuditEvent.objects.filter(verb="partnership.created").exists()
    assert verify_chain().ok
