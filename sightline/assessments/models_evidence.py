"""Evidence files attached to a return's evidence questions. The stored name is random (no part of it comes from
the person uploading), under the private file store outside the web root; files are served only through a view
that checks access and logs the read (ARCHITECTURE.md §4 rule 7, QUALITY.md F1 and L1)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


def evidence_path(instance, filename: str) -> str:
    """evidence/<yyyy>/<mm>/<random hex>: the uploaded name is ignored (it is kept, cleaned, for display only)."""
    now = timezone.now()
    return f"evidence/{now:%Y}/{now:%m}/{uuid.uuid4().hex}"


class EvidenceFile(models.Model):
    """One file of evidence for one evidence question of a return, or for progress on one of its actions.
    Removing it keeps the row (for the audit trail) and deletes the stored file."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    submission = models.ForeignKey(
        "assessments.Submission", on_delete=models.CASCADE, related_name="evidence_files"
    )
    question = models.ForeignKey(
        "assessments.Question", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.ForeignKey(
        "assessments.ActionArising",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence_files",
        help_text="Evidence of progress on an action, given in the progress round",
    )
    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField(
        max_length=200, help_text="The uploaded file's name, cleaned, for display"
    )
    content_type = models.CharField(max_length=120, help_text="The type found from the content")
    size = models.PositiveBigIntegerField(help_text="Bytes stored")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["uploaded_at"]
        indexes = [models.Index(fields=["submission", "question"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(question__isnull=False, action__isnull=True)
                | models.Q(question__isnull=True, action__isnull=False),
                name="evidence_for_question_or_action",
            )
        ]

    def __str__(self) -> str:
        return self.original_name
