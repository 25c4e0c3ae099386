"""Write docs/access.md, the role table, from the access policy (sightline/policy/table.py)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from sightline.policy.table import evaluate, render

DOCUMENT = Path(settings.BASE_DIR) / "docs" / "access.md"


class Command(BaseCommand):
    help = (
        "Print the role table (who reads and writes each kind of record) as the access policy answers it, or "
        "write it to docs/access.md with --write. It is worked out in a throwaway test database, never this one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="Write docs/access.md instead of printing")
        parser.add_argument("--check", action="store_true", help="Fail if docs/access.md is out of date")

    def handle(self, *args, write, check, **options):
        # The synthetic people and records are made in a database of their own, so no real one is written to.
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            text = render(evaluate())
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        if check:
            if not DOCUMENT.exists() or DOCUMENT.read_text(encoding="utf-8") != text:
                raise CommandError(
                    f"{DOCUMENT} is out of date: run `make access` (manage.py access_table --write)"
                )
            self.stdout.write("docs/access.md is up to date.")
        elif write:
            DOCUMENT.write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {DOCUMENT}")
        else:
            self.stdout.write(text)
