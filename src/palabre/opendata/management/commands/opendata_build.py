"""`palabre opendata_build [--organization HOST]`: write the open data archive of every
organization (or of one) into `media/open-data/<host>/`; run it daily."""

from django.core.management.base import BaseCommand, CommandError

from palabre.opendata.archive import archives_build


class Command(BaseCommand):
    help = "Build the open data archive of every organization, or of the one at --organization."

    def add_arguments(self, parser):
        parser.add_argument("--organization", metavar="HOST", help="the organization's host")

    def handle(self, *args, organization=None, **options):
        built = archives_build(host=organization)
        if organization and not built:
            raise CommandError(f"No organization at {organization!r}.")
        for host in built:
            self.stdout.write(f"Open data of {host} built.")
