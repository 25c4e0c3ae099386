"""Verification reads the chain up to the head as it stood when it began: events appended meanwhile are not an
error, and events removed from the end, or a head moved back, still are."""

import pytest

from sightline.audit.models import AuditEvent, ChainHead
from sightline.audit.services import record
from sightline.audit.verification import verify_chain

from .tamper import triggers_off, truncate_to


@pytest.fixture
def events(db):
    return [record(verb=f"test.event{i}", target_label=f"thing {i}") for i in range(5)]


def test_events_appended_while_verifying_are_not_an_error(events, monkeypatch):
    """A writer commits two events after verification has read the head, as the app does while it runs."""
    original, appended, writer_in = AuditEvent.compute_hash, [], []

    def compute_hash_and_let_a_writer_in(event):
        if not writer_in:
            writer_in.append(True)
            appended.extend(record(verb="test.meanwhile") for _ in range(2))
        return original(event)

    monkeypatch.setattr(AuditEvent, "compute_hash", compute_hash_and_let_a_writer_in)
    report = verify_chain()
    monkeypatch.undo()
    assert len(appended) == 2 and ChainHead.objects.get().seq == 7
    assert report.ok, report.reason
    assert report.checked == 5 and report.last_hash == events[-1].hash
    assert verify_chain().checked == 7


def test_events_removed_from_the_end_are_named_when_the_head_still_says_more(events):
    with triggers_off() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq > 3")
    report = verify_chain()
    assert report.first_bad_seq == 4
    assert report.reason == "events 4 to 5 are missing, though the chain head says 5: removed from the end"


def test_an_event_removed_from_the_middle_is_named(events):
    with triggers_off() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 2")
    report = verify_chain()
    assert (report.first_bad_seq, report.reason) == (2, "event 2 is missing")


def test_a_head_moved_back_with_the_events_left_beyond_it_is_named(events):
    with triggers_off() as cursor:
        cursor.execute("UPDATE audit_chainhead SET seq = 3, hash = %s WHERE id = 1", [events[2].hash])
    report = verify_chain()
    assert report.first_bad_seq == 4
    assert "event 5 exists beyond the chain head (3)" in report.reason


def test_a_head_whose_hash_is_not_the_last_events_is_named(events):
    with triggers_off() as cursor:
        cursor.execute("UPDATE audit_chainhead SET hash = %s WHERE id = 1", ["f" * 64])
    report = verify_chain()
    assert (report.first_bad_seq, report.reason) == (5, "the chain head's hash does not match this event")


def test_truncation_that_moves_the_head_back_passes_without_a_checkpoint(events):
    """Why checkpoints exist (test_checkpoints.py catches this): the chain alone cannot tell."""
    truncate_to(3)
    assert verify_chain().ok and verify_chain().checked == 3


def test_the_hashes_asked_for_are_reported_as_verified(events):
    report = verify_chain(keep_hashes_at={2, 5, 9})
    assert report.hashes == {2: events[1].hash, 5: events[4].hash}
