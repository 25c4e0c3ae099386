"""Evidence files on a return's evidence questions: added and removed by whoever may edit the standard while the
return is open, checked by content first (`uploads`), and every read logged (QUALITY.md F1 and L1). Who may
see a return's evidence is who may see the return (`selectors.submission_for`); the views check that."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from sightline.audit import services as audit
from sightline.core.errors import TransitionError

from . import submissions, uploads
from .models import EvidenceFile, Question, Submission

DEFAULT_MAX_FILES = 20


def max_files() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_FILES_PER_QUESTION", DEFAULT_MAX_FILES))


def _require_can_add(by, submission: Submission, question: Question) -> None:
    submissions._require_editable(by, submission, question.standard.section_id)
    if question.template_id != submission.cycle.template_id or question.kind != Question.Kind.EVIDENCE:
        raise TransitionError("Choose one of this return's evidence questions")


def evidence_add(*, by, submission: Submission, question: Question, upload) -> EvidenceFile:
    """Check the file, then store it under a random name with its checksum, in one transaction with its audit
    event. A refused file raises TransitionError (uploads.UploadRefused) and nothing is stored."""
    _require_can_add(by, submission, question)  # before reading the file: say 'no' to the wrong person first
    checked = uploads.check(upload)
    stored = None
    try:
        with transaction.atomic():
            submission = (
                Submission.objects.select_for_update(of=("self",))
                .select_related("cycle", "cycle__partnership")
                .get(pk=submission.pk)
            )
            _require_can_add(by, submission, question)
            kept = EvidenceFile.objects.filter(
                submission=submission, question=question, removed_at__isnull=True
            )
            if kept.count() >= max_files():
                raise TransitionError(
                    f"This question already has {max_files()} files: remove one before adding another"
                )
            evidence = evidence_store(by=by, submission=submission, checked=checked, question=question)
            stored = evidence.file
            if submission.status == Submission.Status.NOT_STARTED:
                submission.status = Submission.Status.IN_PROGRESS
                submission.save(update_fields=["status"])
    except BaseException:
        if stored:
            stored.storage.delete(stored.name)
        raise
    return evidence


def evidence_store(*, by, submission: Submission, checked, question=None, action=None) -> EvidenceFile:
    """Store a file that `uploads.check` passed, under a random name with its checksum, and record it, inside
    the caller's transaction. The caller deletes the stored file if its transaction then fails."""
    evidence = EvidenceFile(
        submission=submission,
        question=question,
        action=action,
        original_name=checked.name,
        content_type=checked.content_type,
        size=len(checked.data),
        sha256=hashlib.sha256(checked.data).hexdigest(),
        uploaded_by=by,
    )
    evidence.file.save("evidence", ContentFile(checked.data), save=False)
    try:
        evidence.save(force_insert=True)
        audit.record(
            actor=by,
            verb="evidence.uploaded",
            target=evidence,
            partnership=submission.cycle.partnership,
            changes={
                "return": str(submission.pk),
                **({"question": question.key} if question else {"action": str(action.pk)}),
                "name": evidence.original_name,
                "size": evidence.size,
                "type": evidence.content_type,
                "sha256": evidence.sha256,
            },
        )
    except BaseException:
        evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


@transaction.atomic
def evidence_remove(*, by, evidence: EvidenceFile) -> EvidenceFile:
    """Take a file off the return: the row stays for the audit trail, the stored file goes once this commits."""
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("cycle", "cycle__partnership")
        .get(pk=evidence.submission_id)
    )
    evidence = (
        EvidenceFile.objects.select_for_update(of=("self",))
        .select_related("question__standard")
        .get(pk=evidence.pk)
    )
    if evidence.removed_at is not None:
        raise TransitionError("This file has already been removed")
    if evidence.question_id is None:
        raise TransitionError("Evidence of progress on an action stays with the action's record")
    submissions._require_editable(by, submission, evidence.question.standard.section_id)
    evidence.removed_at = timezone.now()
    evidence.save(update_fields=["removed_at"])
    audit.record(
        actor=by,
        verb="evidence.removed",
        target=evidence,
        partnership=submission.cycle.partnership,
        changes={
            "return": str(submission.pk),
            "question": evidence.question.key,
            "name": evidence.original_name,
        },
    )
    name, storage = evidence.file.name, evidence.file.storage
    transaction.on_commit(lambda: storage.delete(name))
    return evidence


@transaction.atomic
def evidence_open(*, by, evidence: EvidenceFile):
    """Open a stored file for reading and log the read (who, which file, when; the address is added by the
    audit service). The caller has checked that the person may see the return. FileNotFoundError if the
    stored file is missing."""
    handle = evidence.file.open("rb")
    try:
        audit.record(
            actor=by,
            verb="evidence.downloaded",
            target=evidence,
            partnership=evidence.submission.cycle.partnership,
            changes={"return": str(evidence.submission_id), "name": evidence.original_name},
        )
    except BaseException:
        handle.close()
        raise
    return handle
