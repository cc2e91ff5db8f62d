"""`palabre demo`: build (or complete) the demo. Running it again changes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from palabre.core.demo import content
from palabre.core.demo.builder import build_demo


class Command(BaseCommand):
    help = _(
        "Create the demo organizations, people and content (missing parts only). "
        "Refuses to run unless PALABRE_DEMO=1."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--port", default="8000", help=_("Port shown in the addresses of the summary.")
        )

    def handle(self, *args, port: str, **options):
        # The demo opens accounts with published passwords and a published second factor:
        # never on a production installation.
        if not settings.DEMO:
            raise CommandError(
                _(
                    "The demo only runs with PALABRE_DEMO=1: it creates accounts with known "
                    "passwords."
                )
            )
        result = build_demo()
        for note in result.notes:
            self.stdout.write(self.style.WARNING(note))
        if options["verbosity"] < 1:
            return
        if result.created:
            self.stdout.write(_("Created: %(items)s.") % {"items": ", ".join(result.created)})
        else:
            self.stdout.write(_("The demo was already complete: nothing changed."))
        lines = [""]
        for organization in result.organizations:
            lines.append(f"  {organization.name}: http://{organization.host}:{port}/")
        lines += [
            "",
            _("  Administrator: %(email)s / %(password)s")
            % {"email": content.ADMIN_EMAIL, "password": content.PASSWORD},
            _("    second factor: run “make demo-totp” for the current code,")
            + "\n"
            + _("    or add the secret %(secret)s to an authenticator app")
            % {"secret": content.ADMIN_TOTP_SECRET},
            _("  Participants: %(emails)s / %(password)s")
            % {
                "emails": ", ".join(p["email"] for p in content.PEOPLE if not p["admin"]),
                "password": content.PASSWORD,
            },
            _("  Backoffice: http://%(host)s:%(port)s/admin/")
            % {"host": result.organizations[0].host, "port": port},
            _("  Emails, with “make demo”: one text file each in %(folder)s")
            % {"folder": settings.VAR_DIR / "mail"},
        ]
        self.stdout.write("\n".join(lines))
