import csv

from django.core.management.base import BaseCommand, CommandError

from sightline.audit.services import record
from sightline.partnerships.exporting import register_rows
from sightline.partnerships.models import Partnership


class Command(BaseCommand):
    help = "Write a partnership's organisation register to standard output as CSV (the download's columns)."

    def add_arguments(self, parser):
        parser.add_argument("--partnership", required=True, metavar="SLUG", help="The partnership's slug")
        parser.add_argument("--format", default="csv", choices=["csv"], help="Only csv for now")

    def handle(self, *args, **options):
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"No partnership has the short name '{options['partnership']}'")
        # Every export is logged (QUALITY.md L1), from the command line as from the browser.
        record(
            verb="register.exported",
            target=partnership,
            partnership=partnership,
            actor_label="manage.py export_organisations",
        )
        writer = csv.writer(self.stdout)
        for row in register_rows(partnership=partnership):
            writer.writerow(row)
