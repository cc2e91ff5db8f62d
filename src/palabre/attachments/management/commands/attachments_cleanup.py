from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from palabre.attachments.services import MIN_ORPHAN_AGE, attachment_orphans_delete


class Command(BaseCommand):
    help = (
        "Delete the files of the attachments folder that no attachment references any more "
        "(left by deleted components or failed saves) and that are older than the minimum "
        "age. Run it once a day; --dry-run lists them and deletes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the files without deleting them."
        )
        parser.add_argument(
            "--min-age-hours",
            type=int,
            default=24,
            help="Keep files written less than this many hours ago (default 24, at least 1).",
        )

    def handle(self, *args, dry_run, min_age_hours, **options):
        min_age = timedelta(hours=min_age_hours)
        if min_age < MIN_ORPHAN_AGE:
            # A younger file may be an upload whose attachment is being saved right now.
            raise CommandError("--min-age-hours must be at least 1.")
        names = attachment_orphans_delete(min_age=min_age, dry_run=dry_run)
        verb = "Would remove" if dry_run else "Removed"
        for name in names:
            self.stdout.write(f"{verb} {name}")
        if dry_run:
            self.stdout.write(f"{len(names)} orphan file(s) would be removed (dry run).")
        else:
            self.stdout.write(f"{len(names)} orphan file(s) removed.")
