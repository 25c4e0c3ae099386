"""The database refuses every way of changing or removing audit events, and of moving the chain head back, that
needs no owner's rights. Each test runs on the suite's database (CI runs it on SQLite and on PostgreSQL); the SQL
that only one of them speaks is skipped on the other."""

import pytest
from django.db import IntegrityError, connection, transaction

from sightline.audit.models import AuditEvent, ChainHead
from sightline.audit.services import record
from sightline.audit.verification import verify_chain

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own syntax")
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own syntax")

COLUMNS = (
    "id, seq, at, actor_id, actor_label, verb, target_type, target_id, target_label, partnership_id, changes, ip, "
    "prev_hash, hash"
)
# The copy of event 3 an attacker would write over it: the same numbers and hashes, another verb.
COPY_OF_3 = (
    "SELECT id, seq, at, actor_id, actor_label, 'tampered', target_type, target_id, target_label, partnership_id, "
    "changes, ip, prev_hash, hash FROM audit_auditevent WHERE seq = 3"
)


@pytest.fixture
def events(db):
    return [record(verb=f"test.event{i}", target_label=f"thing {i}") for i in range(5)]


def refused(sql: str, params=()) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except IntegrityError:
        return True
    return False


def unchanged(events) -> bool:
    stored = list(AuditEvent.objects.order_by("seq").values_list("seq", "verb", "hash"))
    head = ChainHead.objects.get()
    return (
        stored == [(e.seq, e.verb, e.hash) for e in events]
        and (head.seq, head.hash) == (events[-1].seq, events[-1].hash)
        and verify_chain().ok
    )


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET verb = 'tampered' WHERE seq = 3",
        "DELETE FROM audit_auditevent WHERE seq = 3",
        "DELETE FROM audit_auditevent WHERE seq > 3",
    ],
)
def test_update_and_delete_of_events_are_refused(events, sql):
    assert refused(sql)
    assert unchanged(events)


@sqlite_only
@pytest.mark.parametrize(
    "sql",
    [
        f"INSERT OR REPLACE INTO audit_auditevent ({COLUMNS}) {COPY_OF_3}",
        f"REPLACE INTO audit_auditevent ({COLUMNS}) {COPY_OF_3}",
        # The same number under a new id: REPLACE would delete event 3 to make room for it.
        f"INSERT OR REPLACE INTO audit_auditevent ({COLUMNS}) "
        f"{COPY_OF_3.replace('SELECT id,', 'SELECT 999,')}",
        f"INSERT INTO audit_auditevent ({COLUMNS}) {COPY_OF_3} "
        "ON CONFLICT (seq) DO UPDATE SET verb = excluded.verb",
        "UPDATE OR REPLACE audit_auditevent SET seq = 2 WHERE seq = 3",
    ],
)
def test_sqlite_replace_and_upsert_of_an_event_are_refused(events, sql):
    assert refused(sql)
    assert unchanged(events)


@postgres_only
@pytest.mark.parametrize(
    "sql",
    [
        "TRUNCATE audit_auditevent",
        f"INSERT INTO audit_auditevent ({COLUMNS}) {COPY_OF_3} "
        "ON CONFLICT (seq) DO UPDATE SET verb = excluded.verb",
        f"INSERT INTO audit_auditevent ({COLUMNS}) {COPY_OF_3} "
        "ON CONFLICT (id) DO UPDATE SET verb = excluded.verb",
    ],
)
def test_postgres_truncate_and_upsert_of_an_event_are_refused(events, sql):
    assert refused(sql)
    assert unchanged(events)


def test_a_new_event_with_a_fresh_number_is_still_appended(events):
    """Append-only, not read-only: the triggers let the next event in."""
    event = record(verb="test.after")
    assert event.seq == 6 and verify_chain().checked == 6


@pytest.mark.parametrize(
    "sql, params",
    [
        ("UPDATE audit_chainhead SET seq = 3, hash = (SELECT hash FROM audit_auditevent WHERE seq = 3)", ()),
        ("UPDATE audit_chainhead SET seq = 0, hash = %s", ["0" * 64]),
        ("UPDATE audit_chainhead SET hash = %s", ["f" * 64]),
        ("UPDATE audit_chainhead SET seq = 9, hash = %s", ["f" * 64]),
        ("UPDATE audit_chainhead SET id = 2", ()),
        ("DELETE FROM audit_chainhead", ()),
        ("INSERT INTO audit_chainhead (id, seq, hash) VALUES (2, 0, %s)", ["0" * 64]),
    ],
    ids=["back", "to-genesis", "other-hash", "beyond-events", "renumbered", "deleted", "second-head"],
)
def test_the_chain_head_cannot_be_moved_back_rewritten_removed_or_doubled(events, sql, params):
    assert refused(sql, params)
    assert unchanged(events)


def test_the_orm_cannot_move_the_head_back_either(events):
    with pytest.raises(IntegrityError), transaction.atomic():
        ChainHead.objects.filter(pk=1).update(seq=3, hash=events[2].hash)
    assert unchanged(events)


@sqlite_only
@pytest.mark.parametrize(
    "sql",
    [
        "INSERT OR REPLACE INTO audit_chainhead (id, seq, hash) "
        "SELECT 1, seq, hash FROM audit_auditevent WHERE seq = 3",
        "REPLACE INTO audit_chainhead (id, seq, hash) SELECT 1, seq, hash FROM audit_auditevent WHERE seq = 3",
    ],
)
def test_sqlite_replace_of_the_chain_head_is_refused(events, sql):
    assert refused(sql)
    assert unchanged(events)


@postgres_only
@pytest.mark.parametrize(
    "sql",
    [
        "TRUNCATE audit_chainhead",
        "INSERT INTO audit_chainhead (id, seq, hash) SELECT 1, seq, hash FROM audit_auditevent WHERE seq = 3 "
        "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
    ],
)
def test_postgres_truncate_and_upsert_of_the_chain_head_are_refused(events, sql):
    assert refused(sql)
    assert unchanged(events)
