from django.core.management.base import BaseCommand

from palabre.privacy.services import data_exports_expire


class Command(BaseCommand):
    help = (
        "Delete the personal data archives past their date (they stay listed as expired) and "
        "give up the ones whose build stopped. Run it once a day."
    )

    def handle(self, *args, **options):
        expired = data_exports_expire()
        self.stdout.write(f"{expired} archive(s) expired.")
