from django.core.management.base import BaseCommand

from palabre.notifications.services import digests_send


class Command(BaseCommand):
    help = (
        "Email the daily or weekly digest of notifications to the people who chose it. "
        "Run it once a day with 'daily' and once a week with 'weekly'; running it again "
        "sends nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("frequency", choices=["daily", "weekly"])

    def handle(self, *args, frequency, **options):
        sent = digests_send(frequency=frequency)
        self.stdout.write(f"{sent} digest(s) sent.")
