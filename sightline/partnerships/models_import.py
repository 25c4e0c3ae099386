import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class RegisterImport(models.Model):
    """An uploaded register file held between its preview and its confirmation. Confirming parses the stored
    bytes again, so what is applied never depends on what the browser sent back. The bytes are cleared once
    the import is applied: only the summary is kept."""

    class Format(models.TextChoices):
        GIAS = "gias", "Get Information About Schools (GIAS) establishment extract"
        CSV = "csv", "Sightline organisation CSV"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="register_imports"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    format = models.CharField(max_length=10, choices=Format.choices)
    filename = models.CharField(max_length=255, blank=True)
    content = models.BinaryField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    applied_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename or 'Register import'} ({self.get_format_display()})"
