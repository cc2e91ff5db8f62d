"""`palabre demo_totp`: the demo admin's current second-factor code, for trying the demo."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from palabre.core.demo import content
from palabre.core.demo.totp import seconds_left, totp_code


class Command(BaseCommand):
    help = _("Print the demo administrator's current 6-digit code (demo installations only).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--recovery", action="store_true", help=_("Also print the unused recovery codes.")
        )

    def handle(self, *args, recovery: bool, **options):
        if not settings.DEMO:
            raise CommandError(_("This command only runs on a demo installation (PALABRE_DEMO=1)."))
        from allauth.mfa.models import Authenticator
        from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
        from allauth.mfa.utils import decrypt

        authenticators = {
            a.type: a
            for a in Authenticator.objects.filter(
                user__email=content.ADMIN_EMAIL,
                type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES],
            )
        }
        totp = authenticators.get(Authenticator.Type.TOTP)
        if totp is None:
            raise CommandError(
                _("The demo administrator has no second factor: run “palabre demo” first.")
            )
        # Read the secret stored for the account rather than the published constant, so the
        # code stays right even if the admin set up another authenticator since.
        secret = decrypt(totp.data["secret"])
        # The code alone on the first line, so that scripts can read it.
        self.stdout.write(totp_code(secret))
        if options["verbosity"] >= 1:
            seconds = seconds_left()
            self.stdout.write(
                ngettext(
                    "(valid for %(seconds)d more second)",
                    "(valid for %(seconds)d more seconds)",
                    seconds,
                )
                % {"seconds": seconds}
            )
        if recovery:
            codes = authenticators.get(Authenticator.Type.RECOVERY_CODES)
            unused = RecoveryCodes(codes).get_unused_codes() if codes else []
            self.stdout.write(_("Unused recovery codes:"))
            self.stdout.write("\n".join(unused) if unused else _("(none)"))
