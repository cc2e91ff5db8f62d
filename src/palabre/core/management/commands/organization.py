"""`palabre organization create|list`: open a tenant from the command line."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from palabre.core.models import Organization, User
from palabre.core.services import organization_create
from palabre.core.translations import language_codes


class Command(BaseCommand):
    help = "Create or list organizations (one per host name)."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        create = subcommands.add_parser("create", help="Create an organization.")
        create.add_argument("--host", required=True, help="Host name, e.g. participation.city.fr")
        create.add_argument("--name", required=True, help="Name shown on the site.")
        create.add_argument("--prefix", help="Reference prefix (2 to 12 capitals or digits).")
        create.add_argument(
            "--default-locale", default="fr", choices=language_codes(), help="Default language."
        )
        create.add_argument(
            "--admin-email", help="Email of an existing account to make its administrator."
        )
        subcommands.add_parser("list", help="List the organizations.")

    def handle(self, *args, subcommand: str, **options):
        if subcommand == "create":
            self._create(options)
        else:
            self._list()

    def _create(self, options) -> None:
        admin = None
        if options["admin_email"]:
            admin = User.objects.filter(email__iexact=options["admin_email"].strip()).first()
            if admin is None:
                raise CommandError(
                    f"Nobody has an account with {options['admin_email']}: "
                    "create the account first (palabre createsuperuser, or sign up)."
                )
        try:
            organization = organization_create(
                host=options["host"],
                name=options["name"],
                reference_prefix=options["prefix"],
                default_locale=options["default_locale"],
                admin=admin,
            )
        except ValidationError as error:
            raise CommandError(_messages(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Created “{organization.name}” at {organization.host} "
                f"(reference prefix {organization.reference_prefix})."
            )
        )

    def _list(self) -> None:
        organizations = Organization.objects.order_by("host")
        if not organizations:
            self.stdout.write("No organization yet. Create one with: palabre organization create")
            return
        for organization in organizations:
            self.stdout.write(
                f"{organization.host}\t{organization.name}\t{organization.reference_prefix}\t"
                f"{', '.join(organization.locales)}"
            )


# Errors name the option the person typed, not the model field behind it.
OPTION_NAMES = {
    "host": "--host",
    "name": "--name",
    "reference_prefix": "--prefix",
    "default_locale": "--default-locale",
}


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{OPTION_NAMES.get(field, field)}: {' '.join(messages)}"
            for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)
