import time

from django.core.management.base import BaseCommand

from sightline.notifications.scheduler import due_jobs_enqueue


class Command(BaseCommand):
    help = "Enqueue periodic jobs when they fall due. Run one or more alongside the worker."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Check once and exit.")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between checks.")

    def handle(self, *args, once=False, interval=60, **options):
        while True:
            for name in due_jobs_enqueue():
                self.stdout.write(f"enqueued {name}")
            if once:
                return
            time.sleep(interval)
