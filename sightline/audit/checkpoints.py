"""Signed checkpoints of the audit chain's head, kept where the database's writers cannot reach (ADR 0004).

A checkpoint says: at <at>, event <seq> of the chain had hash <hash>. It is signed with HMAC-SHA256 under
`AUDIT_CHECKPOINT_KEY`, which lives in the environment and never in the database. `verify_audit_log --checkpoints
DIR` then checks that the chain still reaches every checkpoint's event with exactly that hash: a chain cut short and
its head moved back no longer reaches it, and a chain edited and its hashes recomputed no longer has that hash."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .services import GENESIS
from .verification import ChainReport, verify_chain

KIND = "sightline-audit-checkpoint"
VERSION = 1
ALGORITHM = "HMAC-SHA256"
MIN_KEY_LENGTH = 32
DOCS = "docs/operations.md, 'The audit trail'"


class CheckpointNotWritten(Exception):
    """Nothing was signed or nothing was kept; the message says what the operator should do."""


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: str  # when the head was read, ISO 8601 in UTC

    def _message(self) -> bytes:
        signed = {"kind": KIND, "version": VERSION, "seq": self.seq, "hash": self.hash, "at": self.at}
        return json.dumps(signed, sort_keys=True, separators=(",", ":")).encode()

    def signature(self, key: str) -> str:
        return hmac.new(key.encode(), self._message(), hashlib.sha256).hexdigest()

    def document(self, key: str) -> str:
        return (
            json.dumps(
                {
                    "kind": KIND,
                    "version": VERSION,
                    "seq": self.seq,
                    "hash": self.hash,
                    "at": self.at,
                    "algorithm": ALGORITHM,
                    "key_id": key_id(key),
                    "signature": self.signature(key),
                },
                indent=2,
            )
            + "\n"
        )

    @property
    def filename(self) -> str:
        return f"audit-checkpoint-{self.seq:012d}-{self.at.replace('-', '').replace(':', '')}.json"


def key_id(key: str) -> str:
    """Names the key without revealing it, so that a checkpoint signed with another key is told apart from an
    edited one."""
    return hmac.new(key.encode(), b"sightline audit checkpoint key id", hashlib.sha256).hexdigest()[:16]


def key_problem(key: str) -> str:
    if not key:
        return (
            "AUDIT_CHECKPOINT_KEY is not set: no audit checkpoint is signed, so someone who can write the "
            "database could rewrite the audit trail unnoticed. Set it to a long random value kept outside the "
            f"database ({DOCS})."
        )
    if len(key) < MIN_KEY_LENGTH:
        return f"AUDIT_CHECKPOINT_KEY is shorter than {MIN_KEY_LENGTH} characters: use a long random value ({DOCS})."
    return ""


# Writing


@dataclass(frozen=True)
class Written:
    checkpoint: Checkpoint
    path: Path | None = None
    emailed_to: str = ""
    failures: list[str] = field(default_factory=list)


def checkpoint_write(*, now: datetime | None = None) -> Written:
    """Verify the chain, sign its head, and write the checkpoint to the directory and the operator's address that
    the settings name. Raises CheckpointNotWritten, saying why, when nothing could be kept."""
    key, directory, email = (
        settings.AUDIT_CHECKPOINT_KEY,
        settings.AUDIT_CHECKPOINT_DIR,
        settings.AUDIT_CHECKPOINT_EMAIL,
    )
    if problem := key_problem(key):
        raise CheckpointNotWritten(problem)
    if not directory and not email:
        raise CheckpointNotWritten(
            "Neither AUDIT_CHECKPOINT_DIR nor AUDIT_CHECKPOINT_EMAIL is set: a checkpoint would have nowhere to go "
            f"({DOCS})."
        )
    report = verify_chain()
    if not report.ok:
        # A checkpoint must not vouch for a damaged chain; the operator hears of it at once instead.
        if email:
            _email_alarm(email, report)
        raise CheckpointNotWritten(
            f"The audit trail does not verify at event {report.first_bad_seq}: {report.reason}. No checkpoint was "
            "written; run `manage.py verify_audit_log` and investigate."
        )
    taken = (now or timezone.now()).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    checkpoint = Checkpoint(seq=report.checked, hash=report.last_hash, at=taken)
    path, failures = None, []
    if directory:
        try:
            path = _write_file(Path(directory), checkpoint, key)
        except OSError as error:
            failures.append(f"The checkpoint was not written to AUDIT_CHECKPOINT_DIR ({directory}): {error}.")
    if email:
        _email_checkpoint(email, checkpoint, key)
    if path is None and not email:
        raise CheckpointNotWritten(" ".join(failures))
    return Written(checkpoint, path, email, failures)


def _write_file(directory: Path, checkpoint: Checkpoint, key: str) -> Path:
    # Never created here: a missing directory is more likely an unmounted volume than a wish for a new one.
    if not directory.is_dir():
        raise NotADirectoryError(f"{directory} is not a directory")
    target = directory / checkpoint.filename
    # Written aside and renamed, so the directory never holds half a checkpoint.
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".checkpoint-", suffix=".part")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(checkpoint.document(key))
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)  # noqa: S103 - a checkpoint holds no secret, and its readers are other accounts
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def _email_checkpoint(to: str, checkpoint: Checkpoint, key: str) -> None:
    from sightline.notifications.services import Attachment, send_email_on_commit

    document = checkpoint.document(key)
    with transaction.atomic():
        send_email_on_commit(
            to=to,
            subject=f"Sightline audit checkpoint: event {checkpoint.seq}",
            template="audit/email/checkpoint.txt",
            context={"checkpoint": checkpoint, "document": document, "key_id": key_id(key)},
            attachments=[Attachment(checkpoint.filename, "text/plain", document)],
        )


def _email_alarm(to: str, report: ChainReport) -> None:
    from sightline.notifications.services import send_email_on_commit

    with transaction.atomic():
        send_email_on_commit(
            to=to,
            subject=f"Sightline audit trail does not verify at event {report.first_bad_seq}",
            template="audit/email/alarm.txt",
            context={"report": report},
        )


# Verifying


@dataclass(frozen=True)
class CheckpointsReport:
    chain: ChainReport
    verified: list[Checkpoint]
    problems: list[str]

    @property
    def ok(self) -> bool:
        return self.chain.ok and not self.problems


def checkpoint_read(path: Path, key: str) -> tuple[Checkpoint | None, str]:
    """The checkpoint in `path` if its signature holds under `key`, else None and what is wrong with it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        return None, f"cannot be read as a checkpoint ({type(error).__name__})"
    if not isinstance(data, dict) or data.get("kind") != KIND or data.get("version") != VERSION:
        return None, "is not a Sightline audit checkpoint"
    seq, chain_hash, at = data.get("seq"), data.get("hash"), data.get("at")
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 0:
        return None, "has no event number"
    if not isinstance(chain_hash, str) or not isinstance(at, str):
        return None, "has no hash or time"
    checkpoint = Checkpoint(seq=seq, hash=chain_hash, at=at)
    if data.get("algorithm") != ALGORITHM:
        return None, f"is not signed with {ALGORITHM}"
    signature = data.get("signature")
    if isinstance(signature, str) and hmac.compare_digest(signature, checkpoint.signature(key)):
        return checkpoint, ""
    if data.get("key_id") != key_id(key):
        return None, "was signed with another key than AUDIT_CHECKPOINT_KEY, or has been edited"
    return None, "does not match its signature: it has been edited"


def checkpoints_verify(*, directory: Path, key: str) -> CheckpointsReport:
    """Verify the chain, then each checkpoint in `directory` against it."""
    # The files are read before the chain's head, so every checkpoint found names a head no later than the one
    # verified, even if the daily job writes one meanwhile.
    files = sorted(path for path in directory.glob("*.json") if path.is_file())
    problems, good = [], []
    for path in files:
        checkpoint, problem = checkpoint_read(path, key)
        if problem:
            problems.append(f"{path.name} {problem}.")
        else:
            good.append((path.name, checkpoint))
    if not files:
        problems.append(f"There are no checkpoints (*.json) in {directory}.")
    chain = verify_chain(keep_hashes_at={checkpoint.seq for _, checkpoint in good})
    if not chain.ok:
        return CheckpointsReport(chain, [], problems)
    verified = []
    for name, checkpoint in sorted(good, key=lambda pair: pair[1].seq):
        found = chain.hashes.get(checkpoint.seq, GENESIS if checkpoint.seq == 0 else None)
        if checkpoint.seq > chain.checked:
            problems.append(
                f"{name} (taken {checkpoint.at}) names event {checkpoint.seq}, but the chain now ends at event "
                f"{chain.checked}: events were removed from its end and the chain head moved back."
            )
        elif found != checkpoint.hash:
            problems.append(
                f"{name} (taken {checkpoint.at}) says event {checkpoint.seq} had hash {checkpoint.hash}; the chain "
                f"now has {found} there: events up to {checkpoint.seq} were changed and the hashes recomputed."
            )
        else:
            verified.append(checkpoint)
    return CheckpointsReport(chain, verified, problems)
