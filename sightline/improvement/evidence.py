"""Evidence files given with a progress update or a completion proposal. Each is checked by content with the
same rules as a return's evidence (`assessments.uploads`), stored under a random name, and every read is logged
(QUALITY.md F1 and L1). Who may read it is who may see the action (`selectors.action_for`)."""

from __future__ import annotations

import hashlib
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.db import transaction

from sightline.assessments import uploads
from sightline.audit import services as audit

from .models import Action, ActionEvidence

ACCEPT_ATTRIBUTE = uploads.ACCEPT_ATTRIBUTE
ACCEPTED = uploads.ACCEPTED


def upload_check(upload) -> uploads.CheckedFile | None:
    """Check a file before any transaction starts, so a refused file (UploadRefused, a TransitionError with a
    message naming the file) changes nothing."""
    return uploads.check(upload) if upload is not None else None


@contextmanager
def stored_files():
    """Collects the names of files stored inside a transaction and deletes them if it fails, so a rolled-back
    change leaves no file behind."""
    names: list = []
    try:
        yield names
    except BaseException:
        for storage, name in names:
            storage.delete(name)
        raise


def evidence_store(*, by, action: Action, checked: uploads.CheckedFile, stored: list) -> ActionEvidence:
    """Store a checked file against an action, inside the caller's transaction."""
    evidence = ActionEvidence(
        action=action,
        original_name=checked.name,
        content_type=checked.content_type,
        size=len(checked.data),
        sha256=hashlib.sha256(checked.data).hexdigest(),
        uploaded_by=by,
    )
    evidence.file.save("evidence", ContentFile(checked.data), save=False)
    stored.append((evidence.file.storage, evidence.file.name))
    evidence.save(force_insert=True)
    return evidence


@transaction.atomic
def evidence_open(*, by, evidence: ActionEvidence):
    """Open a stored file for reading and log the read. The caller has checked the person may see the action.
    FileNotFoundError if the stored file is missing."""
    handle = evidence.file.open("rb")
    try:
        audit.record(
            actor=by,
            verb="action_evidence.downloaded",
            target=evidence,
            partnership=evidence.action.plan.partnership,
            changes={"action": str(evidence.action_id), "name": evidence.original_name},
        )
    except BaseException:
        handle.close()
        raise
    return handle
