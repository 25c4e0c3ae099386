import logging

from django.conf import settings
from django_tasks import task

from .checkpoints import CheckpointNotWritten, checkpoint_write

logger = logging.getLogger(__name__)


@task()
def write_audit_checkpoint() -> str:
    """Daily: sign the audit chain's head and keep it outside the database (ADR 0004)."""
    try:
        written = checkpoint_write()
    except CheckpointNotWritten as problem:
        # In production a missing checkpoint is a gap in the audit trail's protection, not a detail.
        logger.log(
            logging.WARNING if settings.DEBUG else logging.ERROR, "Audit checkpoint not written: %s", problem
        )
        return f"not written: {problem}"
    for failure in written.failures:
        logger.error("Audit checkpoint: %s", failure)
    kept = [str(place) for place in (written.path, written.emailed_to) if place]
    logger.info("Audit checkpoint of event %s kept in %s", written.checkpoint.seq, ", ".join(kept))
    return f"event {written.checkpoint.seq}"
