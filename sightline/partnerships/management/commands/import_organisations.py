from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sightline.core.errors import TransitionError
from sightline.partnerships.importing import PARSERS, plan_import
from sightline.partnerships.importing.service import problems_message, register_import_apply
from sightline.partnerships.models import Partnership


class Command(BaseCommand):
    help = (
        "Import a partnership's organisation register from a GIAS establishment extract or a Sightline CSV "
        "(docs/register-import.md). All or nothing: a file with any problem changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--partnership", required=True, metavar="SLUG", help="The partnership's slug")
        parser.add_argument(
            "--format",
            required=True,
            choices=sorted(PARSERS),
            help="gias: the DfE Get Information About Schools extract; csv: Sightline's organisation CSV",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report only")
        parser.add_argument("file", help="The file to import")

    def handle(self, *args, **options):
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"No partnership has the short name '{options['partnership']}'")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file at {path}")
        limit = settings.REGISTER_IMPORT_MAX_BYTES
        size = path.stat().st_size
        if size > limit:
            # Refused before reading, so an enormous file is never held in memory.
            raise CommandError(
                f"Nothing was imported: {path.name} is {size:,} bytes but the limit is {limit:,} "
                "(REGISTER_IMPORT_MAX_BYTES)"
            )
        plan = plan_import(partnership=partnership, format=options["format"], content=path.read_bytes())
        if not plan.ok:
            raise CommandError(problems_message(plan))
        counts = plan.counts()
        if options["dry_run"]:
            self.stdout.write(f"Checked {path.name}; nothing changed. It would make: {_describe(counts)}")
            return
        try:
            summary = register_import_apply(by=None, partnership=partnership, plan=plan, filename=path.name)
        except TransitionError as error:
            raise CommandError(str(error)) from error
        message = f"Imported {path.name} into {partnership.name}: {_describe(summary)}"
        self.stdout.write(self.style.SUCCESS(message))


def _describe(counts: dict) -> str:
    return (
        f"{counts['created']} created, {counts['updated']} updated, {counts['closed']} closed, "
        f"{counts['unchanged']} unchanged, {counts['skipped']} skipped (other local authorities), "
        f"{counts['trusts']} academy trusts added"
    )
