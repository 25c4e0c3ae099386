from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sightline.audit.checkpoints import checkpoints_verify, key_problem
from sightline.audit.verification import verify_chain

# The scheduler writes one a day: a newest checkpoint older than this means it has stopped.
STALE = timedelta(days=2)


class Command(BaseCommand):
    help = (
        "Prove the audit trail's hash chain; name the first event that does not verify. With --checkpoints DIR, "
        "also check every signed checkpoint in DIR against the chain."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoints",
            metavar="DIR",
            type=Path,
            help="A directory of checkpoints written by audit_checkpoint; each must hold, signed with "
            "AUDIT_CHECKPOINT_KEY, the hash the chain still has at its event.",
        )

    def handle(self, *args, checkpoints: Path | None = None, **options):
        if checkpoints is None:
            report, problems, verified = verify_chain(), [], []
        else:
            if problem := key_problem(settings.AUDIT_CHECKPOINT_KEY):
                raise CommandError(f"{problem} Without it the checkpoints' signatures cannot be checked.")
            if not checkpoints.is_dir():
                raise CommandError(f"{checkpoints} is not a directory of checkpoints.")
            found = checkpoints_verify(directory=checkpoints, key=settings.AUDIT_CHECKPOINT_KEY)
            report, problems, verified = found.chain, found.problems, found.verified
        if not report.ok:
            raise CommandError(
                "\n".join(
                    [
                        f"Audit trail does not verify at event {report.first_bad_seq}: {report.reason} "
                        f"({report.checked} events verified before it).",
                        *problems,
                    ]
                )
            )
        if problems:
            raise CommandError(
                "\n".join(
                    [
                        f"Audit trail does not match its checkpoints in {checkpoints} (the chain of "
                        f"{report.checked} events verifies by itself):",
                        *problems,
                    ]
                )
            )
        self.stdout.write(self.style.SUCCESS(f"Audit trail verified: {report.checked} events, chain intact."))
        if checkpoints is not None:
            self._checkpoints_verified(verified)
        # Keep this line somewhere outside the database: a later run must reach the same hash or extend it.
        self.stdout.write(f"Last hash: {report.last_hash}")

    def _checkpoints_verified(self, verified):
        newest = max(verified, key=lambda checkpoint: checkpoint.at)
        self.stdout.write(
            self.style.SUCCESS(
                f"Checkpoints verified: {len(verified)}, the newest taken {newest.at} at event {newest.seq}."
            )
        )
        try:
            age = datetime.now(UTC) - datetime.fromisoformat(newest.at)
        except ValueError:
            return
        if age > STALE:
            self.stdout.write(
                self.style.WARNING(
                    f"The newest checkpoint is {age.days} days old: is the scheduler running, and is "
                    "AUDIT_CHECKPOINT_DIR where it writes?"
                )
            )
