"""Proving the audit chain: recompute every event's hash in sequence order, up to the chain head as it stood when
verification began. `record()` moves the head in the same transaction as the event it appends, so every event up
to that head was committed with it, and events that writers append while verification runs lie beyond it: they are
neither an error nor checked, and the next run checks them."""

from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Max

from .models import AuditEvent, ChainHead
from .services import GENESIS


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_bad_seq: int | None = None
    reason: str = ""
    last_hash: str = ""
    # The hashes of the events asked for by `keep_hashes_at` (a checkpoint's event), as verified.
    hashes: dict[int, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.first_bad_seq is None


def _head() -> tuple[int, str] | None:
    return ChainHead.objects.filter(pk=1).values_list("seq", "hash").first()


def verify_chain(*, batch_size: int = 2000, keep_hashes_at: Collection[int] = ()) -> ChainReport:
    # The head first, in its own short read: it fixes how far this run verifies.
    head = _head()
    if head is None:
        return ChainReport(0, 1, "the chain head is missing")
    head_seq, head_hash = head
    wanted, kept = set(keep_hashes_at), {}
    previous_hash, expected_seq, checked = GENESIS, 1, 0
    events = AuditEvent.objects.filter(seq__lte=head_seq).order_by("seq")
    for event in events.iterator(chunk_size=batch_size):
        if event.seq != expected_seq:
            return ChainReport(checked, expected_seq, f"event {expected_seq} is missing")
        if event.prev_hash != previous_hash:
            return ChainReport(checked, event.seq, "its link to the previous event does not match")
        if event.compute_hash() != event.hash:
            return ChainReport(checked, event.seq, "its content does not match its hash")
        if event.seq in wanted:
            kept[event.seq] = event.hash
        previous_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    if checked < head_seq:
        missing = (
            f"event {head_seq} is" if checked + 1 == head_seq else f"events {checked + 1} to {head_seq} are"
        )
        return ChainReport(
            checked,
            checked + 1,
            f"{missing} missing, though the chain head says {head_seq}: removed from the end",
        )
    if head_hash != previous_hash:
        return ChainReport(checked, head_seq, "the chain head's hash does not match this event")
    return _head_still_ahead(checked, head_seq) or ChainReport(checked, last_hash=previous_hash, hashes=kept)


def _head_still_ahead(checked: int, head_seq: int) -> ChainReport | None:
    """The head only moves forward, and never behind a committed event. The newest event is read before the head:
    any event committed by then was committed with a head at least as far on, so a head behind it was moved
    back (events beyond it left in place), and the same holds on SQLite and PostgreSQL without one snapshot."""
    newest = AuditEvent.objects.aggregate(newest=Max("seq"))["newest"] or 0
    head = _head()
    if head is None:
        return ChainReport(checked, head_seq, "the chain head was removed")
    now_seq = head[0]
    if now_seq < head_seq:
        return ChainReport(checked, head_seq, f"the chain head moved back from event {head_seq} to {now_seq}")
    if newest > now_seq:
        return ChainReport(
            checked,
            now_seq + 1,
            f"event {newest} exists beyond the chain head ({now_seq}): the head was moved back",
        )
    return None
