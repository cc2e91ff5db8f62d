"""`palabre meetings_remind`: email tomorrow's meetings to the people holding a seat."""

from django.core.management.base import BaseCommand

from palabre.components.meetings.registrations import registrations_remind


class Command(BaseCommand):
    help = (
        "Email the people holding a seat at a meeting that starts within 24 hours, each "
        "once (idempotent; run it every hour, like activate_steps)."
    )

    def handle(self, *args, **options):
        count = registrations_remind()
        self.stdout.write(f"{count} registrant(s) reminded.")
