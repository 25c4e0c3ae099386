import logging
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from sightline.notifications.scheduler import due_jobs_enqueue

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Enqueue periodic jobs when they fall due. Run one or more alongside the worker."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Check once and exit.")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between checks.")

    def handle(self, *args, once=False, interval=60, **options):
        while True:
            try:
                for name in due_jobs_enqueue():
                    self.stdout.write(f"enqueued {name}")
            except DatabaseError as error:
                # A database restart must not stop the scheduler: the next check tries again.
                logger.warning("Scheduler could not reach the database: %s", error)
                close_old_connections()
                if once:
                    raise
            if once:
                return
            time.sleep(interval)
