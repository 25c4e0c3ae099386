"""The composite benchmark (docs/performance.md): build a large synthetic cycle in a dedicated, empty database,
then time the composite page (in process, through Django's test client) and the three composite exports, and
print the figures as a Markdown table. A benchmark, not a test: it asserts nothing about time."""

from __future__ import annotations

import cProfile
import io
import os
import platform
import pstats
import statistics
import time

import django
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sightline.assessments import benchmarking
from sightline.assessments.models import Answer, Template
from sightline.partnerships.models import Partnership

CONFIRM = "--yes-this-is-a-benchmark-database"


class Command(BaseCommand):
    help = (
        "Fill a fresh, dedicated benchmark database with a synthetic cycle of returns, then time the composite "
        "page and its exports. Refused unless the database's name contains 'bench' or "
        + CONFIRM
        + " is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Random seed for the synthetic data")
        parser.add_argument(
            "--organisations", type=int, default=1500, help="Organisations (returns) per cycle"
        )
        parser.add_argument(
            "--repeat", type=int, default=5, help="Timed runs of each measurement, after a warm-up"
        )
        parser.add_argument("--template", default="section11-joint", help="The template's key in library/")
        parser.add_argument(
            "--profile", action="store_true", help="Also print where one page request spends time"
        )
        parser.add_argument(
            "--questions",
            type=int,
            default=0,
            help="Pad a copy of the template with extra questions up to this many (default: as it is)",
        )
        parser.add_argument(
            "--measure-only", action="store_true", help="Measure the data an earlier run built; build nothing"
        )
        parser.add_argument(
            CONFIRM, action="store_true", dest="confirmed", help="The database is a throwaway one"
        )

    def handle(
        self,
        *args,
        seed,
        organisations,
        repeat,
        template,
        questions,
        profile,
        measure_only,
        confirmed,
        **options,
    ):
        self._refuse_unless_dedicated(confirmed, measure_only)
        if repeat < 1 or organisations < 1:
            raise CommandError("--repeat and --organisations must be at least 1")
        if measure_only:
            data = benchmarking.existing()
            chosen = data.cycle.template
        else:
            call_command("load_templates", stdout=io.StringIO())
            chosen = Template.objects.filter(key=template).order_by("-version").first()
            if chosen is None:
                raise CommandError(f"No template '{template}' in the library")
            if questions > chosen.questions.count():
                chosen = benchmarking.padded_template(chosen, questions)
            self.stderr.write(f"Building {organisations} returns a cycle, two cycles, seed {seed}…")
            data = benchmarking.build(template=chosen, organisations=organisations, seed=seed)
        load_before = os.getloadavg()[0]
        rows = [self._data_row(data)] if data.timings else []
        rows.append(self._page_row(data, repeat))
        rows.extend(self._export_rows(data, repeat))
        self.load = (load_before, os.getloadavg()[0])
        self._print(data, chosen, rows, repeat)
        if profile:
            self._profile_page(data)

    def _refuse_unless_dedicated(self, confirmed: bool, measure_only: bool) -> None:
        name = str(connection.settings_dict["NAME"])
        if not (confirmed or "bench" in name.lower()):
            raise CommandError(
                f"Refused: the database '{name}' does not look like a benchmark database. This command fills the "
                f"database with synthetic data: use a fresh one whose name contains 'bench', or pass {CONFIRM}."
            )
        if Partnership.objects.filter(slug="bench").exists() != measure_only:
            if measure_only:
                raise CommandError(
                    "Nothing to measure: no 'bench' partnership here. Run without --measure-only."
                )
            raise CommandError(
                "Refused: the database already holds a 'bench' partnership. Drop it and start afresh."
            )
        if Partnership.objects.exclude(slug="bench").exists():
            raise CommandError("Refused: the database holds other partnerships. Use a fresh, dedicated one.")
        if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
            raise CommandError(
                "Set ALLOWED_HOSTS=testserver: the page is requested through Django's test client."
            )

    # The measurements.

    def _data_row(self, data) -> dict:
        total = sum(data.timings.values())
        return {
            "what": "Generating the data (both cycles, once)",
            "times": [total],
            "queries": None,
            "size": None,
        }

    def _page_row(self, data, repeat: int) -> dict:
        client = Client()
        client.force_login(data.user)
        url = reverse("cycle_composite", kwargs={"slug": data.partnership.slug, "cycle_id": data.cycle.pk})
        times, queries = [], []
        for run in range(repeat + 1):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - start
            if response.status_code != 200:
                raise CommandError(f"The composite page answered {response.status_code}, not 200")
            if run:  # the first request warms caches and is not counted
                times.append(elapsed)
                queries.append(len(captured))
        size = len(response.content)
        return {
            "what": "Composite page (server time, test client)",
            "times": times,
            "queries": queries,
            "size": size,
        }

    def _export_rows(self, data, repeat: int) -> list[dict]:
        return benchmarking.time_exports(data.cycle.pk, repeat)

    # The report.

    def _print(self, data, template: Template, rows: list[dict], repeat: int) -> None:
        cycle = data.cycle
        answers = Answer.objects.filter(submission__cycle=cycle).count()
        questions = template.questions.count()
        out = self.stdout.write
        out(f"## Composite benchmark: {_server()}, database {connection.settings_dict['NAME']}\n")
        out(
            f"Python {platform.python_version()}, Django {django.get_version()}, {os.cpu_count()} CPUs; "
            f"1-minute load average {self.load[0]:.2f} before the measurements, {self.load[1]:.2f} after.\n"
        )
        out(
            f"Template: {template.title} (version {template.version}), {questions} questions in "
            f"{template.standards.count()} standards; {data.counts['organisations']} organisations; "
            f"this year's cycle: {data.counts['counted returns (this year)']} counted returns of "
            f"{data.counts['returns (this year)']}, {answers} answer rows, "
            f"{data.counts['actions (this year)']} actions arising; last year's cycle beside it.\n"
        )
        out(
            f"Each figure: {repeat} timed runs after one warm-up run; seconds of wall time in this process.\n"
        )
        out("| What | Min (s) | Median (s) | Max (s) | SQL queries | Size |")
        out("| --- | ---: | ---: | ---: | ---: | ---: |")
        for row in rows:
            times = row["times"]
            queries = row["queries"]
            spread = (
                f"{min(queries)}"
                if queries and min(queries) == max(queries)
                else (f"{min(queries)}–{max(queries)}" if queries else "–")
            )
            out(
                f"| {row['what']} | {min(times):.3f} | {statistics.median(times):.3f} | {max(times):.3f} | "
                f"{spread} | {_size(row['size'])} |"
            )
        if not data.timings:
            return
        out("\nData generation by phase:\n")
        out("| Phase | Seconds |")
        out("| --- | ---: |")
        for phase, seconds in data.timings.items():
            out(f"| {phase} | {seconds:.1f} |")
        out("\nRows made:\n")
        out("| Table | Rows |")
        out("| --- | ---: |")
        for table, n in data.counts.items():
            out(f"| {table} | {n:,} |")

    def _profile_page(self, data) -> None:
        """One more page request under cProfile, with its slowest SQL statements."""
        client = Client()
        client.force_login(data.user)
        url = reverse("cycle_composite", kwargs={"slug": data.partnership.slug, "cycle_id": data.cycle.pk})
        profiler = cProfile.Profile()
        with CaptureQueriesContext(connection) as captured:
            profiler.enable()
            client.get(url)
            profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
        self.stdout.write("\n## Profile of one composite page request\n")
        self.stdout.write(out.getvalue())
        self.stdout.write("\n## Its slowest SQL statements\n")
        slowest = sorted(captured.captured_queries, key=lambda q: float(q["time"]), reverse=True)[:6]
        for query in slowest:
            self.stdout.write(f"- {float(query['time']):.3f} s: {query['sql'][:1500]}\n")


def _size(size: int | None) -> str:
    if size is None:
        return "–"
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MiB"
    return f"{size / 1024:.0f} KiB"


def _server() -> str:
    if connection.vendor == "postgresql":
        version = connection.pg_version
        return f"PostgreSQL {version // 10000}.{version % 10000}"
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    return connection.vendor
