from django.core.management.base import BaseCommand

from palabre.core.services import steps_activate_by_calendar


class Command(BaseCommand):
    help = "Activate today's step in every space whose steps follow the calendar."

    def handle(self, *args, **options):
        changed = steps_activate_by_calendar()
        self.stdout.write(f"{changed} space(s) changed active step.")
