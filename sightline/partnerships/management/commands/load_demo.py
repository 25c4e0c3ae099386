from django.core.management.base import BaseCommand, CommandError

from sightline.core.errors import TransitionError
from sightline.partnerships.demo.loader import demo_load


class Command(BaseCommand):
    help = "Load the fictional demo partnership and its accounts (demo mode only; safe to run again)."

    def handle(self, *args, **options):
        try:
            partnership = demo_load()
        except TransitionError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Demo partnership ready: {partnership.name}"))
