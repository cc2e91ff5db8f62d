"""`palabre surveys_announce`: tell followers about the surveys whose opening date passed."""

from django.core.management.base import BaseCommand

from palabre.components.surveys.services import surveys_announce_openings


class Command(BaseCommand):
    help = (
        "Notify the followers of each published survey that opened since the last run "
        "(idempotent; run it every hour, like activate_steps)."
    )

    def handle(self, *args, **options):
        count = surveys_announce_openings()
        self.stdout.write(f"{count} survey(s) announced.")
