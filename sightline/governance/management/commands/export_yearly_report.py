"""Write a partnership's yearly report for a period as HTML, Word or PDF: the latest edition, the same document the
report's page offers, for operators and automation (`manage.py export_yearly_report --partnership SLUG
--period 2025-26 --format pdf --out report.pdf`)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sightline.governance.models import YearlyReport
from sightline.governance.yearly import documents
from sightline.governance.yearly.periods import period_from_label
from sightline.partnerships.models import Partnership


class Command(BaseCommand):
    help = "Write a partnership's yearly report for a period (its latest edition) as HTML, Word or PDF."

    def add_arguments(self, parser):
        parser.add_argument("--partnership", required=True, help="The partnership's slug")
        parser.add_argument("--period", required=True, help="The reporting period, such as 2025-26")
        parser.add_argument("--format", required=True, choices=sorted(documents.FORMATS))
        parser.add_argument("--out", required=True, help="The file to write")

    def handle(self, *args, partnership, period, out, **options):
        fmt = options["format"]
        found = Partnership.objects.filter(slug=partnership).first()
        if found is None:
            raise CommandError(f"No partnership has the slug {partnership!r}")
        try:
            label = period_from_label(period).label
        except ValueError as error:
            raise CommandError(str(error)) from error
        report = (
            YearlyReport.objects.filter(partnership=found, label=label)
            .select_related("partnership", "iso", "previous")
            .order_by("-edition")
            .first()
        )
        if report is None:
            raise CommandError(f"{found.name} has no yearly report for {label}")
        content, _ = documents.render(report, fmt)
        Path(out).write_bytes(content)
        state = "signed off" if report.frozen is not None else "a draft"
        self.stdout.write(
            f"Wrote {out}: {report.title}, edition {report.edition} ({state}), {len(content):,} bytes"
        )
