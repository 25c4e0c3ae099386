"""Fill a fresh, dedicated database with synthetic data at a named scale (sightline/synthetic, docs/performance.md):
for benchmarks, and for seeing Sightline at volume. Prints the time taken, what it made, and how to sign in."""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from sightline.partnerships.models import Partnership
from sightline.synthetic.generate import generate
from sightline.synthetic.register import PASSWORD, ROLE_LOCAL, TOTP_SECRET
from sightline.synthetic.scales import PUBLIC_SCALES, SCALES

CONFIRM = "--yes-this-is-a-synthetic-database"


class Command(BaseCommand):
    help = (
        "Fill a fresh, empty database with synthetic data: one partnership of about 250 organisations "
        "(partnership), one of 1,500 with three years of cycles (county), or 150 partnerships (national). "
        "Refused unless the database's name contains 'bench' or 'synthetic' (or " + CONFIRM + " is given) "
        "and it holds no partnership or account yet."
    )

    def add_arguments(self, parser):
        # `tiny` is for the tests; it is accepted but not offered.
        parser.add_argument(
            "--scale", required=True, choices=sorted(SCALES), metavar="{" + ",".join(PUBLIC_SCALES) + "}"
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed: the same seed gives the same data"
        )
        parser.add_argument(
            CONFIRM, action="store_true", dest="confirmed", help="The database is a throwaway one"
        )

    def handle(self, *args, scale, seed, confirmed, **options):
        self._refuse_unless_dedicated(confirmed)
        started = time.perf_counter()
        self.stderr.write(f"Generating the {scale} scale, seed {seed}…")
        outcome = generate(scale=scale, seed=seed, say=self.stderr.write)
        elapsed = time.perf_counter() - started
        out = self.stdout.write
        out(f"## Synthetic data: {scale} scale, seed {seed}, database {connection.settings_dict['NAME']}\n")
        out(f"Generated in {elapsed:.1f} s ({elapsed / 60:.1f} minutes).\n")
        out("| Phase | Seconds |")
        out("| --- | ---: |")
        for phase, seconds in outcome.timings.items():
            out(f"| {phase} | {seconds:.1f} |")
        out("\n| Made | Rows |")
        out("| --- | ---: |")
        for what, n in outcome.made.items():
            out(f"| {what} | {n:,} |")
        out("\n| Table | Rows |")
        out("| --- | ---: |")
        for table, n in outcome.counts.items():
            out(f"| {table} | {n:,} |")
        out(f"\nFingerprint (same seed, same data): {outcome.fingerprint}\n")
        self._sign_ins(outcome)

    def _refuse_unless_dedicated(self, confirmed: bool) -> None:
        name = str(connection.settings_dict["NAME"])
        if not (confirmed or "bench" in name.lower() or "synthetic" in name.lower()):
            raise CommandError(
                f"Refused: the database '{name}' does not look like a throwaway one. This command fills the database "
                f"with synthetic data: use a fresh one whose name contains 'bench' or 'synthetic', or pass {CONFIRM}."
            )
        if Partnership.objects.exists() or get_user_model().objects.exists():
            raise CommandError(
                "Refused: the database already holds partnerships or accounts. Use a fresh, empty one "
                "(migrate it first), so synthetic data never mixes with real data."
            )

    def _sign_ins(self, outcome) -> None:
        out = self.stdout.write
        first = outcome.registers[0]
        out("## Signing in\n")
        out(f"Every synthetic account's password: {PASSWORD}")
        out(
            f"Accounts that need a second factor (business team, partners, ISOs) share the TOTP secret {TOTP_SECRET}: "
            "add it to an authenticator app, or compute the code from it.\n"
        )
        out(f"{first.partnership.name} (/p/{first.partnership.slug}/):")
        for role, people in first.staff.items():
            emails = ", ".join(person.email for person in people[:3]) + (" …" if len(people) > 3 else "")
            out(f"  {role:16} {emails}")
        sectors = {}
        for organisation in first.organisations:
            lead = first.leads.get(organisation.pk)
            if lead is not None:
                sectors.setdefault(organisation.sector, f"{lead.email} ({organisation.name})")
        for sector, lead in sorted(sectors.items()):
            out(f"  {'lead, ' + sector.lower():16} {lead}")
        if len(outcome.registers) > 1:
            out(
                f"\nThe other {len(outcome.registers) - 1} partnerships' accounts follow the same pattern: "
                f"{ROLE_LOCAL['business_team']}-01@<slug>.synthetic.test and so on."
            )
