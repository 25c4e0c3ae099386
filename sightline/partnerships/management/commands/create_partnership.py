from django.core.management.base import BaseCommand, CommandError

from sightline.accounts import services as account_services
from sightline.core.errors import TransitionError
from sightline.partnerships import services


class Command(BaseCommand):
    help = "Set up a partnership and invite its first business-team member (an operator's task)."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--slug", required=True)
        parser.add_argument("--area", required=True)
        parser.add_argument("--la-code", required=True, help="The local authority's three-digit DfE code")
        parser.add_argument(
            "--business-email", required=True, help="Who to invite as the first business-team member"
        )
        parser.add_argument("--business-name", required=True)

    def handle(self, *args, **o):
        if not (o["la_code"].isdigit() and len(o["la_code"]) == 3):
            raise CommandError("--la-code must be the three-digit local authority code, like 354")
        try:
            partnership = services.partnership_create(
                by=None, name=o["name"], slug=o["slug"], area=o["area"], la_code=o["la_code"]
            )
            invitation, token = account_services.invitation_create(
                by=None,
                partnership=partnership,
                email=o["business_email"],
                full_name=o["business_name"],
                role="business_team",
            )
        except TransitionError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Created {partnership.name}."))
        if invitation.accepted_at is not None:
            self.stdout.write(
                f"{o['business_email']} already has an account and now has the business-team role."
            )
        else:
            self.stdout.write(
                f"Invitation link for {o['business_email']}: {account_services.invitation_url(token)}"
            )
