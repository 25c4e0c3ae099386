from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from .models_import import RegisterImport

STAGED_IMPORT_KEPT = timedelta(days=1)


@task()
def purge_abandoned_register_imports() -> int:
    """Periodic: uploaded register files never confirmed are deleted after a day (they may hold lead emails)."""
    cutoff = timezone.now() - STAGED_IMPORT_KEPT
    deleted, _ = RegisterImport.objects.filter(applied_at__isnull=True, created_at__lt=cutoff).delete()
    return deleted
