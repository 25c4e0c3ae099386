"""Proving the audit chain: recompute every event's hash in sequence order."""

from dataclasses import dataclass

from .models import AuditEvent, ChainHead
from .services import GENESIS


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_bad_seq: int | None = None
    reason: str = ""
    last_hash: str = ""

    @property
    def ok(self) -> bool:
        return self.first_bad_seq is None


def verify_chain(*, batch_size: int = 2000) -> ChainReport:
    previous_hash, expected_seq, checked = GENESIS, 1, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        if event.seq != expected_seq:
            return ChainReport(checked, expected_seq, f"event {expected_seq} is missing")
        if event.prev_hash != previous_hash:
            return ChainReport(checked, event.seq, "its link to the previous event does not match")
        if event.compute_hash() != event.hash:
            return ChainReport(checked, event.seq, "its content does not match its hash")
        previous_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != checked or head.hash != previous_hash):
        return ChainReport(checked, checked + 1, "events after this one were removed")
    return ChainReport(checked, last_hash=previous_hash)
