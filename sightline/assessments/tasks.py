"""Work the worker does for self-assessments: building the composite's downloads."""

import logging
import uuid

from django.core.files.base import ContentFile
from django.utils import timezone
from django_tasks import task

from .models import ExportJob

logger = logging.getLogger(__name__)


@task()
def build_export(*, job_id: str) -> str:
    """Build one export job's file. Only a queued job is claimed, so a task delivered twice builds once; a
    failure leaves the job failed with a message the person can act on (the detail goes to the log)."""
    from . import exports

    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING, progress=5
    )
    if not claimed:
        return "not queued"
    job = ExportJob.objects.select_related("cycle__template", "cycle__partnership").get(pk=job_id)

    def progress(percent: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(progress=max(5, min(percent, 99)))

    try:
        if job.cycle is None or job.kind not in exports.BUILDERS:
            raise ValueError(f"export job {job.pk} has no cycle or an unknown kind {job.kind!r}")
        filename, content = exports.build(job, progress)
        # A random stored name; the readable one is given only in the download's Content-Disposition.
        extension = filename.rsplit(".", 1)[-1]
        job.file.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(content), save=False)
        job.filename, job.status, job.progress = filename, ExportJob.Status.DONE, 100
    except Exception:
        logger.exception("Export job %s failed", job.pk)
        job.status = ExportJob.Status.FAILED
        job.error = (
            "The file could not be prepared. Request it again; if it fails a second time, "
            "tell the Sightline support team the time you tried."
        )
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "filename", "status", "progress", "error", "finished_at"])
    return job.status


EXPORTS_KEPT_DAYS = 7


@task()
def purge_old_exports() -> int:
    """Periodic: exports hold a whole cycle's answers, so their files are deleted after a week (the job record
    stays, and a new export can be made at any time)."""
    from datetime import timedelta

    from django.utils import timezone

    from .models import ExportJob

    cutoff = timezone.now() - timedelta(days=EXPORTS_KEPT_DAYS)
    purged = 0
    for job in ExportJob.objects.filter(created_at__lt=cutoff).exclude(file=""):
        job.file.delete(save=False)
        job.file = ""
        job.save(update_fields=["file"])
        purged += 1
    return purged
