from django.core.management.base import BaseCommand, CommandError

from sightline.audit.checkpoints import CheckpointNotWritten, checkpoint_write


class Command(BaseCommand):
    help = (
        "Verify the audit chain, sign its head with AUDIT_CHECKPOINT_KEY and write the checkpoint to "
        "AUDIT_CHECKPOINT_DIR and AUDIT_CHECKPOINT_EMAIL. The scheduler does this daily."
    )

    def handle(self, *args, **options):
        try:
            written = checkpoint_write()
        except CheckpointNotWritten as problem:
            raise CommandError(str(problem)) from None
        checkpoint = written.checkpoint
        self.stdout.write(
            self.style.SUCCESS(f"Audit checkpoint signed: event {checkpoint.seq}, hash {checkpoint.hash}.")
        )
        if written.path is not None:
            self.stdout.write(f"Written to {written.path}.")
        if written.emailed_to:
            self.stdout.write(f"Emailed to {written.emailed_to} (sent by the worker).")
        if written.failures:
            raise CommandError(" ".join(written.failures))
