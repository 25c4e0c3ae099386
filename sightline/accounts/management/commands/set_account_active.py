from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sightline.accounts.services import account_set_active
from sightline.core.errors import TransitionError


class Command(BaseCommand):
    help = (
        "Turn a person's account off or on across every partnership (the operator's; a partnership's business team "
        "can switch only people who work for it alone)."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        state = parser.add_mutually_exclusive_group(required=True)
        state.add_argument("--enable", action="store_true")
        state.add_argument("--disable", action="store_true")
        parser.add_argument("--reason", required=True, help="Recorded in the audit trail")

    def handle(self, *args, **options):
        person = get_user_model().objects.filter(email__iexact=options["email"].strip()).first()
        if person is None:
            raise CommandError(f"No account has the address {options['email']}")
        try:
            account_set_active(by=None, person=person, active=options["enable"], reason=options["reason"])
        except TransitionError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{person.email} is {'on' if person.is_active else 'off'}.")
