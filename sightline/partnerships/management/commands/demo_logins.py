from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sightline.casework.demo import COUNCIL_LEAD
from sightline.partnerships.demo.data import ACCOUNTS, DEMO_PASSWORD, EMAIL_DOMAIN


class Command(BaseCommand):
    help = "Print the demo sign-ins."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Demo mode is off: there are no demo sign-ins.")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Sightline demo on {settings.SITE_URL}"))
        self.stdout.write(f"Every demo account's password: {DEMO_PASSWORD}")
        for local, name, _, role, _org, title in ACCOUNTS:
            where = f" ({title})" if title else ""
            self.stdout.write(f"  {local + '@' + EMAIL_DOMAIN:42} {name:16} {role}{where}")
        local, name, title = COUNCIL_LEAD  # made by the case-audit demo, to write the council's audits
        self.stdout.write(f"  {local + '@' + EMAIL_DOMAIN:42} {name:16} Safeguarding lead ({title})")
        self.stdout.write("")
